// FHIR R4 Observations back into vital-signs sets: the inverse of ./toObservation.ts, and
// tolerant of other systems' vital signs (DOMAIN.md section 5 codes).
//
// Grouping: parts carrying Varde's set identifier (`{setId}/{part}`) are grouped by setId.
// Other Observations are grouped by subject + effective time + meta.source, the closest a
// foreign record comes to "measured together"; such a set gets the id
// `auto:{subject}|{effective}|{source}`.
// Skipped: NEWS2 score Observations (a score is recomputed from the values, never read
// as a value), entered-in-error/cancelled Observations, codes we do not know, and
// values without a number. Fahrenheit temperatures are converted to Celsius.
// receivedAt is the latest meta.lastUpdated of the parts (stamped by the platform).
import type { CodeableConcept, Observation, Quantity } from '@medplum/fhirtypes';
import type { Consciousness } from '../news2/types';
import type { VitalSignsSet } from '../vitals/types';
import { ACVPU, EXTENSION, LOINC, SNOMED_FINDING, SNOMED_NEWS2, SYSTEM, codeIn, hasCoding } from './codes';

type Kind =
  | 'respirationRate'
  | 'spo2'
  | 'oxygenFlow'
  | 'oxygenConcentration'
  | 'bloodPressure'
  | 'systolicBP'
  | 'diastolicBP'
  | 'pulse'
  | 'consciousness'
  | 'temperature';

const KIND_BY_LOINC: Readonly<Record<string, Kind>> = {
  [LOINC.respirationRate]: 'respirationRate',
  [LOINC.spo2]: 'spo2',
  [LOINC.spo2PulseOximetry]: 'spo2',
  [LOINC.inhaledOxygenFlow]: 'oxygenFlow',
  [LOINC.inhaledOxygenConcentration]: 'oxygenConcentration',
  [LOINC.bloodPressurePanel]: 'bloodPressure',
  [LOINC.systolicBP]: 'systolicBP',
  [LOINC.diastolicBP]: 'diastolicBP',
  [LOINC.heartRate]: 'pulse',
  [LOINC.levelOfResponsiveness]: 'consciousness',
  [LOINC.bodyTemperature]: 'temperature',
};

/** Room air is 21 % oxygen: a higher inhaled concentration means supplemental oxygen. */
const ROOM_AIR_O2_PERCENT = 21;

function kindOf(code: CodeableConcept): Kind | undefined {
  for (const c of code.coding ?? []) {
    if (c.system === SYSTEM.loinc && c.code !== undefined && KIND_BY_LOINC[c.code])
      return KIND_BY_LOINC[c.code];
  }
  if (hasCoding(code, SYSTEM.snomed, SNOMED_NEWS2.acvpu)) return 'consciousness';
  return undefined;
}

function isNews2Score(obs: Observation): boolean {
  return hasCoding(obs.code, SYSTEM.snomed, SNOMED_NEWS2.total);
}

function numberOf(q: Quantity | undefined): number | undefined {
  return typeof q?.value === 'number' && Number.isFinite(q.value) ? q.value : undefined;
}

function celsius(q: Quantity | undefined): number | undefined {
  const value = numberOf(q);
  if (value === undefined) return undefined;
  if (q?.code === '[degF]' || q?.unit === '°F' || q?.unit === 'degF') {
    return Math.round((((value - 32) * 5) / 9) * 10) / 10;
  }
  return value;
}

function consciousnessOf(concept: CodeableConcept | undefined): Consciousness | undefined {
  const letter = codeIn(concept, SYSTEM.acvpu);
  if (letter !== undefined && letter in ACVPU) return letter as Consciousness;
  for (const [level, a] of Object.entries(ACVPU)) {
    if (hasCoding(concept, SYSTEM.snomed, a.snomed)) return level as Consciousness;
  }
  return undefined;
}

function componentValue(obs: Observation, loinc: string): number | undefined {
  const component = obs.component?.find((c) => hasCoding(c.code, SYSTEM.loinc, loinc));
  return numberOf(component?.valueQuantity);
}

function patientIdOf(obs: Observation): string | undefined {
  const ref = obs.subject?.reference;
  if (ref === undefined) return undefined;
  const match = /(?:^|\/)Patient\/([^/]+)$/.exec(ref);
  return match?.[1];
}

function effectiveOf(obs: Observation): string | undefined {
  return obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.effectivePeriod?.start;
}

function setIdOf(obs: Observation): string | undefined {
  for (const id of obs.identifier ?? []) {
    if (id.system !== SYSTEM.vitalSignsSet || id.value === undefined) continue;
    const slash = id.value.lastIndexOf('/');
    if (slash > 0) return id.value.slice(0, slash);
  }
  return undefined;
}

/** Applies one Observation to the set it belongs to. */
function apply(set: VitalSignsSet, obs: Observation, kind: Kind): void {
  const v = set.vitals;
  switch (kind) {
    case 'respirationRate': {
      const value = numberOf(obs.valueQuantity);
      if (value !== undefined) v.respirationRate = value;
      return;
    }
    case 'spo2': {
      const value = numberOf(obs.valueQuantity);
      if (value === undefined) return;
      v.spo2 = value;
      const scale = obs.extension?.find((e) => e.url === EXTENSION.spo2Scale)?.valueInteger;
      if (scale === 1 || scale === 2) v.spo2Scale = scale;
      return;
    }
    case 'oxygenFlow': {
      const flow = numberOf(obs.valueQuantity);
      if (flow !== undefined) {
        v.onOxygen = flow > 0;
        if (flow > 0) set.oxygenFlowLpm = flow;
      } else if (hasCoding(obs.valueCodeableConcept, SYSTEM.snomed, SNOMED_FINDING.breathingRoomAir)) {
        v.onOxygen = false;
      } else if (hasCoding(obs.valueCodeableConcept, SYSTEM.snomed, SNOMED_FINDING.oxygenTherapy)) {
        v.onOxygen = true;
      }
      return;
    }
    case 'oxygenConcentration': {
      const percent = numberOf(obs.valueQuantity);
      // A flow reading, when present, is the more specific one: keep it.
      if (percent !== undefined && v.onOxygen === undefined) v.onOxygen = percent > ROOM_AIR_O2_PERCENT;
      return;
    }
    case 'bloodPressure': {
      const systolic = componentValue(obs, LOINC.systolicBP);
      const diastolic = componentValue(obs, LOINC.diastolicBP);
      if (systolic !== undefined) v.systolicBP = systolic;
      if (diastolic !== undefined) set.diastolicBP = diastolic;
      return;
    }
    case 'systolicBP': {
      const value = numberOf(obs.valueQuantity);
      if (value !== undefined) v.systolicBP = value;
      return;
    }
    case 'diastolicBP': {
      const value = numberOf(obs.valueQuantity);
      if (value !== undefined) set.diastolicBP = value;
      return;
    }
    case 'pulse': {
      const value = numberOf(obs.valueQuantity);
      if (value !== undefined) v.pulse = value;
      const rhythm = obs.component?.find((c) => hasCoding(c.code, SYSTEM.loinc, LOINC.heartRhythm));
      if (hasCoding(rhythm?.valueCodeableConcept, SYSTEM.snomed, SNOMED_FINDING.pulseIrregular)) {
        set.pulseIrregular = true;
      } else if (hasCoding(rhythm?.valueCodeableConcept, SYSTEM.snomed, SNOMED_FINDING.pulseRegular)) {
        set.pulseIrregular = false;
      }
      return;
    }
    case 'consciousness': {
      const level = consciousnessOf(obs.valueCodeableConcept);
      if (level !== undefined) v.consciousness = level;
      return;
    }
    case 'temperature': {
      const value = celsius(obs.valueQuantity);
      if (value !== undefined) v.temperature = value;
      return;
    }
  }
}

const SKIPPED_STATUSES: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled']);

/**
 * Groups Observations into vital-signs sets, sorted by effective time (then id).
 * Observations without a Patient subject or an effective time cannot be placed and are skipped.
 */
export function observationsToVitalSignsSets(observations: readonly Observation[]): VitalSignsSet[] {
  const sets = new Map<string, VitalSignsSet>();
  for (const obs of observations) {
    if (SKIPPED_STATUSES.has(obs.status) || isNews2Score(obs)) continue;
    const kind = kindOf(obs.code);
    const patientId = patientIdOf(obs);
    const effective = effectiveOf(obs);
    if (kind === undefined || patientId === undefined || effective === undefined) continue;

    const source = obs.meta?.source;
    const key = setIdOf(obs) ?? `auto:Patient/${patientId}|${effective}|${source ?? ''}`;
    let set = sets.get(key);
    if (set === undefined) {
      set = { id: key, patientId, effectiveDateTime: effective, vitals: {} };
      if (source !== undefined) set.sourceSystem = source;
      const performer = obs.performer?.[0];
      if (performer?.reference !== undefined) {
        set.performer = { reference: performer.reference };
        if (performer.display !== undefined) set.performer.display = performer.display;
      }
      sets.set(key, set);
    }
    const lastUpdated = obs.meta?.lastUpdated;
    if (
      lastUpdated !== undefined &&
      (set.receivedAt === undefined || Date.parse(lastUpdated) > Date.parse(set.receivedAt))
    ) {
      set.receivedAt = lastUpdated;
    }
    apply(set, obs, kind);
  }
  return [...sets.values()].sort(
    (a, b) => Date.parse(a.effectiveDateTime) - Date.parse(b.effectiveDateTime) || a.id.localeCompare(b.id),
  );
}
