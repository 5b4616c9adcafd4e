import { describe, expect, it } from 'vitest';
import type { Observation } from '@medplum/fhirtypes';
import { LOINC, SYSTEM } from '../../core/fhir/codes';
import { observationsToVitalSignsSets } from '../../core/fhir/fromObservation';
import { vitalSignsSetToObservations } from '../../core/fhir/toObservation';
import { mergeObservations, minimalObservation } from './pull';

// Varde's own parts (every kind, with performer, irregular pulse, oxygen flow, SpO2 scale 2),
// as the platform returns them: with id, meta, texts and displays.
const varde: Observation[] = vitalSignsSetToObservations({
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
const foreign: Observation[] = [
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

describe('vitals cache: stripped Observations', () => {
  it('give the same sets as the full Observations', () => {
    const full = [...varde, ...foreign];
    const sets = observationsToVitalSignsSets(full);
    expect(sets).toHaveLength(2);
    expect(observationsToVitalSignsSets(full.map(minimalObservation))).toEqual(sets);
  });

  it('keep no free text and are much smaller', () => {
    const full = [...varde, ...foreign];
    const stripped = full.map(minimalObservation);
    const text = JSON.stringify(stripped);
    expect(text).not.toContain('fritekst');
    expect(text).not.toContain('<div>');
    expect(text).not.toContain('Respiratory rate');
    expect(text).not.toContain('"display":"Temp"');
    expect(text.length).toBeLessThan(JSON.stringify(full).length * 0.7);
    // The performer's name is what the views show: it is kept on the part that carries it.
    expect(observationsToVitalSignsSets(stripped)[1].performer).toEqual({
      reference: 'Practitioner/hpr-9144889',
      display: 'Kari Nordmann',
    });
  });

  it('an incremental page with one corrected part of a set replaces only that part', () => {
    const cached = mergeObservations([], varde);
    const pulse = varde.find((o) => o.identifier?.[0].value === 'set-1/pulse')!;
    const corrected = { ...pulse, valueQuantity: { ...pulse.valueQuantity, value: 90 } };
    const merged = mergeObservations(cached, [corrected]);
    expect(merged).toHaveLength(cached.length);
    const [set] = observationsToVitalSignsSets(merged);
    expect(set.vitals).toMatchObject({ pulse: 90, respirationRate: 22, temperature: 38.4 });
    const withdrawn = mergeObservations(merged, [{ ...corrected, status: 'entered-in-error' }]);
    expect(observationsToVitalSignsSets(withdrawn)[0].vitals.pulse).toBeUndefined();
  });
});
