// Observation fixtures shared by the vitals cache tests (pull.ts, vitalsCache.ts).
import type { Observation } from '@medplum/fhirtypes';
import { LOINC, SYSTEM } from '../../core/fhir/codes';
import { vitalSignsSetToObservations } from '../../core/fhir/toObservation';
import { fullOnOxygen } from '../../../test/fixtures/core/vitalSignsSets';

// Varde's own parts (every kind, with performer, irregular pulse, oxygen flow, SpO2 scale 2),
// as the platform returns them: with id, meta, texts and displays.
export const varde: Observation[] = vitalSignsSetToObservations({ ...fullOnOxygen, id: 'set-1' }).map(
  (o, i) => ({
    ...o,
    id: `srv-${i}`,
    meta: { lastUpdated: `2026-11-24T20:16:0${i}Z`, source: 'varde', versionId: '1' },
    note: [{ text: 'fritekst som ikke skal lagres' }],
  }),
);

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
