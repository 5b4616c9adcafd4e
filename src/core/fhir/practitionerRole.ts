// Which clinical role a user's PractitionerRole resources state, so the RCP response can be
// worded for the reader (issue #12 point 2: a doctor reads assessment and treatment, a nurse
// whom to contact). The platform holds the role as `PractitionerRole.code`; an app knows the
// user from the token's `fhirUser` and reads `PractitionerRole?practitioner={that}`. Codes
// read: the reference platform's own role codes (SYSTEM.practitionerRole) and the national
// HPR authorisation category, Volven 9060 (LE lege, SP sykepleier), which a Norwegian
// directory would use. Anything else, an inactive role, or roles that disagree give
// undefined: the caller then words the response as for a nurse (news2Response's default),
// and the risk band and urgency are the same either way.
import type { PractitionerRole } from '@medplum/fhirtypes';
import type { ClinicalRole } from '../actor';
import { SYSTEM } from './codes';

/** The reference platform's role codes (PractitionerRole.code in SYSTEM.practitionerRole). */
const PLATFORM_ROLES: Readonly<Record<string, ClinicalRole>> = {
  'legevakt-doctor': 'doctor',
  'home-care-nurse': 'nurse',
  'kad-nurse': 'nurse',
};

/** Volven 9060 "Kategori helsepersonell": the two categories the wording distinguishes. */
const HPR_CATEGORIES: Readonly<Record<string, ClinicalRole>> = {
  LE: 'doctor',
  SP: 'nurse',
};

function roleOf(resource: PractitionerRole): ClinicalRole | undefined {
  const found = new Set<ClinicalRole>();
  for (const coding of (resource.code ?? []).flatMap((c) => c.coding ?? [])) {
    if (typeof coding.code !== 'string') continue;
    const role =
      coding.system === SYSTEM.practitionerRole
        ? PLATFORM_ROLES[coding.code]
        : coding.system === SYSTEM.volven9060
          ? HPR_CATEGORIES[coding.code]
          : undefined;
    if (role) found.add(role);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * The clinical role of a practitioner from their PractitionerRole resources (other resource
 * types in the list are ignored, as are roles of other practitioners when `practitioner` is
 * given). undefined when no active role says, or when they disagree.
 */
export function clinicalRoleFromPractitionerRoles(
  resources: readonly { resourceType?: string }[],
  opts: { practitioner?: string } = {},
): ClinicalRole | undefined {
  const roles = new Set<ClinicalRole>();
  for (const r of resources) {
    if (r.resourceType !== 'PractitionerRole') continue;
    const pr = r as PractitionerRole;
    if (pr.active === false) continue;
    if (opts.practitioner !== undefined && pr.practitioner?.reference !== opts.practitioner) continue;
    const role = roleOf(pr);
    if (role) roles.add(role);
  }
  return roles.size === 1 ? [...roles][0] : undefined;
}
