// Observation fixtures shared by the vitals cache tests (pull.ts, vitalsCache.ts).
import type { Observation } from '@medplum/fhirtypes';
import { LOINC, SYSTEM } from '../../core/fhir/codes';
import { vitalSignsSetToObservations } from '../../core/fhir/toObservation';

// Varde's own parts (every kind, with performer, irregular pulse, oxygen flow, SpO2 scale 2),
// as the platform returns them: with id, meta, texts and displays.
export const varde: Observation[] = vitalSignsSetToObservations({
  id: 'set-1',
  patientId: 'pas-ola',
  effectiveDateTime: '2026-11-24T21:15:00+01:00',
  vitals: {
    respirationRate: 22,
    spo2: 95,
    spo2Scale: 2,
    onOxygen: true,
    systolicBP: 104,
    pulse: 112,
    consciousness: 'C',
    temperature: 38.4,
  },
  pulseIrregular: true,
  diastolicBP: 68,
  oxygenFlowLpm: 2,
  performer: { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann' },
  sourceSystem: 'varde',
}).map((o, i) => ({
  ...o,
  id: `srv-${i}`,
  meta: { lastUpdated: `2026-11-24T20:16:0${i}Z`, source: 'varde', versionId: '1' },
  note: [{ text: 'fritekst som ikke skal lagres' }],
}));

// A foreign system's parts: no set identifier, Fahrenheit, a separate systolic and an
// oxygen concentration, grouped by subject + time + source.
export const foreign: Observation[] = [
  {
    resourceType: 'Observation',
    id: 'gerica-temp',
    status: 'final',
    code: { coding: [{ system: SYSTEM.loinc, code: LOINC.bodyTemperature, display: 'Temp' }], text: 'Temp' },
    subject: { reference: 'Patient/pas-ola', display: 'Ola' },
    effectivePeriod: { start: '2026-11-23T08:00:00Z', end: '2026-11-23T08:05:00Z' },
    valueQuantity: { value: 101.3, unit: '°F', system: 'http://unitsofmeasure.org', code: '[degF]' },
    meta: { lastUpdated: '2026-11-23T09:00:00Z', source: 'Gerica' },
    text: { status: 'generated', div: '<div>Temp</div>' },
  },
  {
    resourceType: 'Observation',
    id: 'gerica-sys',
    status: 'final',
    code: { coding: [{ system: SYSTEM.loinc, code: LOINC.systolicBP }] },
    subject: { reference: 'Patient/pas-ola' },
    effectivePeriod: { start: '2026-11-23T08:00:00Z' },
    valueQuantity: { value: 141, unit: 'mmHg' },
    meta: { lastUpdated: '2026-11-23T09:00:01Z', source: 'Gerica' },
  },
  {
    resourceType: 'Observation',
    id: 'gerica-o2',
    status: 'entered-in-error',
    code: { coding: [{ system: SYSTEM.loinc, code: LOINC.inhaledOxygenConcentration }] },
    subject: { reference: 'Patient/pas-ola' },
    effectiveInstant: '2026-11-23T08:00:00Z',
    valueQuantity: { value: 28, unit: '%' },
    meta: { lastUpdated: '2026-11-23T09:00:02Z', source: 'Gerica' },
  },
];
