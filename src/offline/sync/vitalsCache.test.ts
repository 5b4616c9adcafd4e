import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { EXTENSION, LOINC, SYSTEM } from '../../core/fhir/codes';
import { observationsToVitalSignsSets } from '../../core/fhir/fromObservation';
import {
  commentSetObservations,
  correctSetObservations,
  observationsToSetsWithHistory,
} from '../../core/fhir/correction';
import { vitalSignsSetToObservations } from '../../core/fhir/toObservation';
import { foreign, varde } from '../testing/observations';
import { mergeObservations } from './pullVitals';
import { decodeVitals, encodeVitals, isCompactVitals, VITALS_CACHE_FORMAT } from './vitalsCache';

/** What sealing does to a value: JSON out and back (undefined fields vanish). */
const sealed = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// Odd but valid parts: no coding, a performer without a display, an SpO2 scale without a
// value, an identifier without a value, a component without a value.
const odd: Observation[] = [
  {
    resourceType: 'Observation',
    id: 'odd-1',
    status: 'preliminary',
    code: { text: 'uten koding' },
    performer: [{ reference: 'Practitioner/p1' }],
    extension: [{ url: EXTENSION.spo2Scale }],
    effectiveDateTime: '2026-11-20T10:00:00Z',
  },
  {
    resourceType: 'Observation',
    status: 'final',
    identifier: [{ system: SYSTEM.vitalSignsSet }],
    code: { coding: [{ code: 'x' }] },
    component: [{ code: { coding: [{ system: SYSTEM.loinc, code: LOINC.systolicBP }] } }],
    meta: { source: 'Gerica' },
  },
];

describe('vitals cache: compact form', () => {
  it('is lossless for what it keeps: decoding and encoding again changes nothing', () => {
    const round = decodeVitals(sealed(encodeVitals([...varde, ...foreign, ...odd])));
    const again = decodeVitals(sealed(encodeVitals(round)));
    expect(sealed(again)).toStrictEqual(sealed(round));
    expect(observationsToVitalSignsSets(round)).toEqual(observationsToVitalSignsSets([...varde, ...foreign]));
  });

  it('keeps what core reads of other systems: panel members, ACVPU text, yes/no, oximeter components', () => {
    const at = '2026-11-21T07:00:00Z';
    const base = {
      resourceType: 'Observation' as const,
      status: 'final' as const,
      subject: { reference: 'Patient/pas-ola' },
    };
    const loinc = (code: string) => ({ coding: [{ system: SYSTEM.loinc, code, display: 'x' }] });
    const parts: Observation[] = [
      {
        ...base,
        id: 'm1',
        code: loinc(LOINC.respirationRate),
        effectiveDateTime: at,
        valueQuantity: { value: 19 },
      },
      {
        ...base,
        id: 'm2',
        code: loinc(LOINC.levelOfResponsiveness),
        effectiveDateTime: '2026-11-21T07:30:00Z',
        valueString: 'Reagerer på tiltale',
      },
      {
        ...base,
        id: 'm3',
        code: loinc(LOINC.spo2PulseOximetry),
        effectiveDateTime: at,
        valueQuantity: { value: 92, code: '%' },
        component: [{ code: loinc(LOINC.inhaledOxygenFlow), valueQuantity: { value: 2, code: 'L/min' } }],
      },
      {
        ...base,
        id: 'p1',
        code: loinc(LOINC.vitalSignsPanel),
        effectiveDateTime: at,
        hasMember: ['m1', 'm2', 'm3'].map((id) => ({ reference: `Observation/${id}` })),
      },
      {
        ...base,
        id: 'other',
        code: { coding: [{ system: SYSTEM.snomed, code: '371825009' }] },
        effectiveDateTime: '2026-11-22T07:00:00Z',
        valueBoolean: false,
        note: [{ text: 'fritekst' }],
      },
      {
        ...base,
        id: 'acvpu-coded',
        code: loinc(LOINC.levelOfResponsiveness),
        effectiveDateTime: '2026-11-23T07:00:00Z',
        valueCodeableConcept: { coding: [{ system: SYSTEM.loinc, code: 'x' }], text: 'Alert' },
      },
    ];
    const round = decodeVitals(sealed(encodeVitals(parts)));
    const sets = observationsToVitalSignsSets(parts);
    expect(sets.map((x) => x.vitals)).toEqual([
      { respirationRate: 19, consciousness: 'V', spo2: 92, onOxygen: true },
      { onOxygen: false },
      { consciousness: 'A' },
    ]);
    expect(observationsToVitalSignsSets(round)).toEqual(sets);
    expect(JSON.stringify(round)).not.toContain('fritekst');
  });

  it('is a fraction of the stripped Observations for 90 days of one patient', () => {
    const days = Array.from({ length: 90 }, (_, d) =>
      vitalSignsSetToObservations({
        id: `00000000-0000-4000-8000-${String(d).padStart(12, '0')}`,
        patientId: 'pas-ola',
        effectiveDateTime: new Date(Date.UTC(2026, 7, 1 + d, 8)).toISOString(),
        vitals: {
          respirationRate: 16,
          spo2: 96,
          spo2Scale: 1,
          onOxygen: false,
          systolicBP: 130,
          pulse: 70 + (d % 9),
          consciousness: 'A',
          temperature: 37,
        },
        diastolicBP: 80,
        performer: { reference: 'Practitioner/hpr-1', display: 'Kari Nordmann' },
        sourceSystem: 'varde',
      }).map((o) => ({ ...o, meta: { lastUpdated: new Date(Date.UTC(2026, 7, 1 + d, 9)).toISOString() } })),
    ).flat();
    const stripped = decodeVitals(sealed(encodeVitals(days)));
    const compact = JSON.stringify(encodeVitals(stripped)).length;
    expect(compact).toBeLessThan(JSON.stringify(stripped).length * 0.3);
    expect(observationsToVitalSignsSets(decodeVitals(sealed(encodeVitals(stripped))))).toEqual(
      observationsToVitalSignsSets(days),
    );
  });

  it('a corrected and then withdrawn part, merged and stored, changes the set exactly as a full pull', () => {
    const pulse = varde.find((o) => o.identifier?.[0].value === 'set-1/pulse')!;
    const corrected = { ...pulse, valueQuantity: { ...pulse.valueQuantity, value: 90 } };
    const withdrawn = { ...corrected, status: 'entered-in-error' as const };
    const stored = (obs: Observation[]) => decodeVitals(sealed(encodeVitals(obs)));
    const fullPull = (latest: Observation) => [...varde.filter((o) => o !== pulse), latest];

    const afterCorrection = stored(mergeObservations(stored(mergeObservations([], varde)), [corrected]));
    expect(observationsToVitalSignsSets(afterCorrection)).toEqual(
      observationsToVitalSignsSets(fullPull(corrected)),
    );
    expect(observationsToVitalSignsSets(afterCorrection)[0].vitals.pulse).toBe(90);

    const afterWithdrawal = stored(mergeObservations(afterCorrection, [withdrawn]));
    expect(afterWithdrawal).toHaveLength(varde.length);
    expect(observationsToVitalSignsSets(afterWithdrawal)).toEqual(
      observationsToVitalSignsSets(fullPull(withdrawn)),
    );
    expect(observationsToVitalSignsSets(afterWithdrawal)[0].vitals.pulse).toBeUndefined();
  });

  it('keeps what the history and the set order read (format 3): issued, notes, the correction', () => {
    const nurse = { reference: 'Practitioner/hpr-1', display: 'Kari Nordmann' };
    const issued = varde.map((o) => ({ ...o, issued: '2026-11-20T08:00:07+01:00' }));
    const commented = commentSetObservations(issued, {
      setId: 'set-1',
      patientId: varde[0].subject!.reference!.split('/')[1],
      text: 'Målt etter trappen',
      author: nurse,
      writtenAt: '2026-11-20T08:05:00+01:00',
    });
    const corrected = correctSetObservations(commented, {
      setId: 'set-1',
      patientId: varde[0].subject!.reference!.split('/')[1],
      reason: 'Feil pasient',
      correctedBy: { reference: 'Practitioner/hpr-2', display: 'Ola Lege' },
      correctedAt: '2026-11-20T09:00:00+01:00',
    });
    expect(corrected.length).toBeGreaterThan(0);
    const round = decodeVitals(sealed(encodeVitals(corrected)));
    const sets = observationsToSetsWithHistory(round);
    expect(sets).toEqual(observationsToSetsWithHistory(corrected));
    const [s] = sets.filter((x) => x.id === 'set-1');
    expect(s.enteredInError?.reason).toBe('Feil pasient');
    expect(s.enteredInError?.correctedBy).toEqual({ reference: 'Practitioner/hpr-2', display: 'Ola Lege' });
    expect(s.comments?.map((c) => c.text)).toEqual(['Målt etter trappen']);
    expect(s.recordedAt).toBe('2026-11-20T08:00:07+01:00');
    // Still only what it reads: a note's other fields and other extensions are dropped.
    const noisy = corrected.map((o) => ({
      ...o,
      extension: [...(o.extension ?? []), { url: 'https://example.org/other', valueString: 'fritekst' }],
    }));
    expect(JSON.stringify(decodeVitals(sealed(encodeVitals(noisy))))).not.toContain('fritekst');
  });

  it('tells its own format from an older cache', () => {
    expect(isCompactVitals(sealed(encodeVitals(varde)))).toBe(true);
    expect(isCompactVitals({ observations: varde })).toBe(false);
    expect(isCompactVitals({ format: VITALS_CACHE_FORMAT + 1, strings: [], parts: [] })).toBe(false);
    expect(isCompactVitals(null)).toBe(false);
  });
});
