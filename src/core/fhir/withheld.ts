// Items withheld at the patient's request (pasientrettighetsloven § 5-3; DOMAIN.md §6, issue
// #12 point 7). An item the patient restricted carries the security label
// `SYSTEM.sharing|restricted-by-patient` in `meta.security`; the platform neither returns nor
// lets a client cache it. So that a reader does not take the rest for the whole picture, a
// search that left such items out says so in its Bundle, the way the coverage outcome does
// (./coverage.ts): an entry with search.mode "outcome" holding an OperationOutcome whose one
// information issue has code `suppressed` (FHIR R4 issue-type: "some information was not or
// might not have been returned due to business rules, consent or privacy rules") and
// details.coding the same `restricted-by-patient` code. It is present exactly when the
// search (its matches or its includes) left out at least one restricted item; it says
// nothing about what or how many.
// See: https://hl7.org/fhir/R4/codesystem-issue-type.html#issue-type-suppressed
import type { Bundle, BundleEntry, Coding, Meta, OperationOutcome } from '@medplum/fhirtypes';
import { SYSTEM } from './codes';

export const RESTRICTED_BY_PATIENT = 'restricted-by-patient';

/** The text the marker carries, and the one the screens show (Norwegian). */
export const WITHHELD_TEXT = 'Noe informasjon vises ikke etter pasientens ønske';

/** The security label of an item the patient restricted (a new object each call). */
export function restrictedByPatientLabel(): Coding {
  return {
    system: SYSTEM.sharing,
    code: RESTRICTED_BY_PATIENT,
    display: 'Pasienten har motsatt seg deling (pasientrettighetsloven § 5-3)',
  };
}

/** True when a resource's meta carries the patient's sharing restriction. */
export function isRestrictedByPatient(meta: Pick<Meta, 'security'> | undefined): boolean {
  return (meta?.security ?? []).some((c) => c.system === SYSTEM.sharing && c.code === RESTRICTED_BY_PATIENT);
}

/** The Bundle entry a search adds when it withheld restricted items (the inverse of bundleWithheld). */
export function withheldOutcomeEntry(): BundleEntry {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'information',
        code: 'suppressed',
        details: {
          coding: [{ system: SYSTEM.sharing, code: RESTRICTED_BY_PATIENT }],
          text: `${WITHHELD_TEXT} (pasientrettighetsloven § 5-3).`,
        },
      },
    ],
  };
  return { resource: outcome, search: { mode: 'outcome' } };
}

/** True when a search Bundle says that items were withheld at the patient's request. */
export function bundleWithheld(bundle: Pick<Bundle, 'entry'>): boolean {
  return (bundle.entry ?? []).some(
    (e) =>
      e.search?.mode === 'outcome' &&
      e.resource?.resourceType === 'OperationOutcome' &&
      (e.resource.issue ?? []).some((i) =>
        (i.details?.coding ?? []).some(
          (c) => c.system === SYSTEM.sharing && c.code === RESTRICTED_BY_PATIENT,
        ),
      ),
  );
}
