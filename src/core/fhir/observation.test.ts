import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Observation, Reference } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import { fullOnOxygen } from '../../../test/fixtures/core/vitalSignsSets';
import { scoreNews2 } from '../news2/score';
import type { Consciousness } from '../news2/index';
import type { VitalSignsSet } from '../vitals/types';
import { LOINC, SNOMED_NEWS2, SYSTEM } from './codes';
import { news2ScoreObservation, vitalSignsSetToObservations } from './toObservation';
import { observationsToVitalSignsSets } from './fromObservation';

const fullOnAir: VitalSignsSet = {
  id: 'a3c0f0de-3f4e-4a8b-8d9a-2b9c1b7e6d21',
  patientId: 'pas-kari',
  effectiveDateTime: '2026-11-23T08:00:00+01:00',
  vitals: {
    respirationRate: 14,
    spo2: 97,
    onOxygen: false,
    systolicBP: 132,
    pulse: 64,
    consciousness: 'A',
    temperature: 36.7,
  },
  pulseIrregular: false,
  diastolicBP: 81,
};

const oxygenNoFlow: VitalSignsSet = {
  id: 'b1',
  patientId: 'pas-per',
  effectiveDateTime: '2026-11-22T10:30:00Z',
  vitals: { spo2: 93, spo2Scale: 1, onOxygen: true },
};

const singlePulse: VitalSignsSet = {
  id: 'c1',
  patientId: 'pas-per',
  effectiveDateTime: '2026-11-22T11:00:00Z',
  vitals: { pulse: 88 },
};

const diastolicOnly: VitalSignsSet = {
  id: 'd1',
  patientId: 'pas-per',
  effectiveDateTime: '2026-11-22T12:00:00Z',
  vitals: {},
  diastolicBP: 70,
};

const fixtures = [fullOnOxygen, fullOnAir, oxygenNoFlow, singlePulse, diastolicOnly];

function byCode(obs: Observation[], loinc: string): Observation {
  const found = obs.find((o) => o.code.coding?.some((c) => c.system === SYSTEM.loinc && c.code === loinc));
  if (!found) throw new Error(`no Observation with LOINC ${loinc}`);
  return found;
}

describe('vitalSignsSetToObservations', () => {
  const obs = vitalSignsSetToObservations(fullOnOxygen);

  it('makes one Observation per parameter, identified as part of the set', () => {
    expect(obs.map((o) => o.identifier?.[0]?.value)).toEqual([
      `${fullOnOxygen.id}/respirationRate`,
      `${fullOnOxygen.id}/spo2`,
      `${fullOnOxygen.id}/onOxygen`,
      `${fullOnOxygen.id}/bloodPressure`,
      `${fullOnOxygen.id}/pulse`,
      `${fullOnOxygen.id}/consciousness`,
      `${fullOnOxygen.id}/temperature`,
    ]);
    for (const o of obs) {
      expect(o.identifier?.[0]?.system).toBe('https://varde.no/fhir/sid/vital-signs-set');
      expect(o.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
      expect(o.subject).toEqual({ reference: 'Patient/pas-ola' });
      expect(o.effectiveDateTime).toBe(fullOnOxygen.effectiveDateTime);
      expect(o.performer).toEqual([fullOnOxygen.performer]);
      expect(o.meta?.source).toBe('varde');
      expect(o.status).toBe('final');
    }
  });

  it('uses the LOINC codes and UCUM units of the R4 vital-signs profile', () => {
    expect(byCode(obs, LOINC.respirationRate).valueQuantity).toMatchObject({
      value: 22,
      system: SYSTEM.ucum,
      code: '/min',
    });
    expect(byCode(obs, LOINC.spo2).valueQuantity).toMatchObject({ value: 95, code: '%' });
    expect(byCode(obs, LOINC.heartRate).valueQuantity).toMatchObject({ value: 112, code: '/min' });
    expect(byCode(obs, LOINC.bodyTemperature).valueQuantity).toMatchObject({ value: 38.4, code: 'Cel' });
    expect(byCode(obs, LOINC.inhaledOxygenFlow).valueQuantity).toMatchObject({ value: 2, code: 'L/min' });
    const bp = byCode(obs, LOINC.bloodPressurePanel);
    expect(bp.valueQuantity).toBeUndefined();
    expect(
      bp.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code]),
    ).toEqual([
      [LOINC.systolicBP, 104, 'mm[Hg]'],
      [LOINC.diastolicBP, 68, 'mm[Hg]'],
    ]);
  });

  it('records the SpO2 scale, ACVPU and pulse rhythm', () => {
    expect(byCode(obs, LOINC.spo2).extension).toEqual([
      { url: 'https://varde.no/fhir/StructureDefinition/news2-spo2-scale', valueInteger: 2 },
    ]);
    const acvpu = byCode(obs, LOINC.levelOfResponsiveness);
    expect(acvpu.code.coding?.map((c) => c.code)).toContain(SNOMED_NEWS2.acvpu);
    expect(acvpu.valueCodeableConcept?.coding?.map((c) => c.code)).toEqual(['130987000', 'C']);
    const rhythm = byCode(obs, LOINC.heartRate).component?.[0];
    expect(rhythm?.code.coding?.[0]?.code).toBe(LOINC.heartRhythm);
    expect(rhythm?.valueCodeableConcept?.coding?.[0]?.code).toBe('61086009');
  });

  it('codes room air and oxygen without a flow', () => {
    const air = byCode(vitalSignsSetToObservations(fullOnAir), LOINC.inhaledOxygenFlow);
    expect(air.valueCodeableConcept?.coding?.[0]?.code).toBe('722742002');
    const o2 = byCode(vitalSignsSetToObservations(oxygenNoFlow), LOINC.inhaledOxygenFlow);
    expect(o2.valueCodeableConcept?.coding?.[0]?.code).toBe('57485005');
    expect(o2.valueQuantity).toBeUndefined();
  });

  it('a single measurement gives a single Observation and no NEWS2', () => {
    const single = vitalSignsSetToObservations(singlePulse);
    expect(single).toHaveLength(1);
    expect(single.some((o) => o.code.coding?.some((c) => c.code === SNOMED_NEWS2.total))).toBe(false);
    expect(news2ScoreObservation(singlePulse, scoreNews2(singlePulse.vitals), [])).toBeNull();
  });

  it('marks a BP component that was not measured as absent', () => {
    const bp = vitalSignsSetToObservations(diastolicOnly)[0]!;
    expect(bp.component?.[0]?.dataAbsentReason?.coding?.[0]?.code).toBe('not-performed');
    expect(bp.component?.[1]?.valueQuantity?.value).toBe(70);
  });

  it('produces valid base R4 resources', async () => {
    for (const set of fixtures) {
      for (const o of vitalSignsSetToObservations(set)) await expect(validateR4(o)).resolves.toBeDefined();
    }
  });
});

describe('news2ScoreObservation', () => {
  const parts = vitalSignsSetToObservations(fullOnOxygen);
  const refs: Reference[] = parts.map((_, i) => ({ reference: `Observation/p${i}` }));
  const score = scoreNews2(fullOnOxygen.vitals);
  const obs = news2ScoreObservation(fullOnOxygen, score, refs)!;

  it('holds the total, each sub-score and the risk band', () => {
    expect(score.total).toBe(13);
    expect(obs.valueInteger).toBe(13);
    expect(obs.code.coding?.[0]).toMatchObject({ system: SYSTEM.snomed, code: SNOMED_NEWS2.total });
    expect(obs.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expect(obs.identifier).toEqual([
      { system: 'https://varde.no/fhir/sid/vital-signs-set', value: `${fullOnOxygen.id}/news2` },
    ]);
    expect(obs.derivedFrom).toEqual(refs);
    expect(obs.interpretation?.[0]?.coding?.[0]?.code).toBe('high');
    const sub = Object.fromEntries(obs.component!.map((c) => [c.code.coding![0]!.code, c.valueInteger]));
    expect(sub).toEqual({
      [SNOMED_NEWS2.respirationRate]: 2,
      [SNOMED_NEWS2.spo2Scale2]: 2,
      [SNOMED_NEWS2.airOrOxygen]: 2,
      [SNOMED_NEWS2.systolicBP]: 1,
      [SNOMED_NEWS2.pulse]: 2,
      [SNOMED_NEWS2.consciousness]: 3,
      [SNOMED_NEWS2.temperature]: 1,
    });
  });

  it('uses the Scale 1 sub-score code on Scale 1', () => {
    const s1 = news2ScoreObservation(fullOnAir, scoreNews2(fullOnAir.vitals), [])!;
    const codes = s1.component!.map((c) => c.code.coding![0]!.code);
    expect(codes).toContain(SNOMED_NEWS2.spo2Scale1);
    expect(codes).not.toContain(SNOMED_NEWS2.spo2Scale2);
    expect(s1.valueInteger).toBe(0);
  });

  it('refuses a score that is not the score of the set', () => {
    const wrong = { ...score, total: score.total - 1 };
    expect(() => news2ScoreObservation(fullOnOxygen, wrong, refs)).toThrow(/does not match/);
  });

  it('is valid base R4', async () => {
    await expect(validateR4(obs)).resolves.toBeDefined();
  });
});

describe('observationsToVitalSignsSets', () => {
  it('round-trips every fixture', () => {
    const all = fixtures.flatMap(vitalSignsSetToObservations);
    const back = observationsToVitalSignsSets(all);
    const sorted = [...fixtures].sort(
      (a, b) => Date.parse(a.effectiveDateTime) - Date.parse(b.effectiveDateTime),
    );
    expect(back).toEqual(sorted);
  });

  it('ignores NEWS2 score Observations and entered-in-error parts', () => {
    const parts = vitalSignsSetToObservations(fullOnAir);
    const news2 = news2ScoreObservation(fullOnAir, scoreNews2(fullOnAir.vitals), [])!;
    const errored: Observation = { ...parts[0]!, status: 'entered-in-error' };
    const back = observationsToVitalSignsSets([news2, errored, ...parts.slice(1)]);
    expect(back).toHaveLength(1);
    expect(back[0]!.vitals.respirationRate).toBeUndefined();
    expect(back[0]!.vitals.spo2).toBe(97);
  });

  it('takes receivedAt from the latest meta.lastUpdated', () => {
    const parts = vitalSignsSetToObservations(singlePulse).map((o) => ({
      ...o,
      meta: { lastUpdated: '2026-11-22T11:05:00.000Z' },
    }));
    expect(observationsToVitalSignsSets(parts)[0]!.receivedAt).toBe('2026-11-22T11:05:00.000Z');
  });

  it("groups other systems' Observations by subject, time and source", () => {
    const foreign = (
      code: string,
      value: Partial<Observation>,
      at = '2026-11-20T09:00:00+01:00',
    ): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: SYSTEM.loinc, code }] },
      subject: { reference: 'https://epj.example/fhir/Patient/pas-ola' },
      effectiveDateTime: at,
      meta: { source: 'Gerica' },
      ...value,
    });
    const sets = observationsToVitalSignsSets([
      foreign('59408-5', { valueQuantity: { value: 91, unit: '%' } }),
      foreign('8867-4', { valueQuantity: { value: 101 } }),
      foreign('8480-6', { valueQuantity: { value: 118 } }),
      foreign('8462-4', { valueQuantity: { value: 75 } }),
      foreign('8310-5', { valueQuantity: { value: 100.4, code: '[degF]' } }),
      foreign('3150-0', { valueQuantity: { value: 28, code: '%' } }),
      foreign('9279-1', { valueQuantity: { value: 18 } }, '2026-11-20T15:00:00+01:00'),
      foreign('29463-7', { valueQuantity: { value: 80, code: 'kg' } }),
      foreign('8867-4', {}),
    ]);
    expect(sets).toEqual([
      {
        id: 'auto:Patient/pas-ola|2026-11-20T09:00:00+01:00|Gerica',
        patientId: 'pas-ola',
        effectiveDateTime: '2026-11-20T09:00:00+01:00',
        sourceSystem: 'Gerica',
        vitals: { spo2: 91, pulse: 101, systolicBP: 118, temperature: 38, onOxygen: true },
        diastolicBP: 75,
      },
      {
        id: 'auto:Patient/pas-ola|2026-11-20T15:00:00+01:00|Gerica',
        patientId: 'pas-ola',
        effectiveDateTime: '2026-11-20T15:00:00+01:00',
        sourceSystem: 'Gerica',
        vitals: { respirationRate: 18 },
      },
    ]);
  });

  it('round-trips any valid set (property)', () => {
    const arbSet: fc.Arbitrary<VitalSignsSet> = fc
      .record(
        {
          respirationRate: fc.integer({ min: 4, max: 60 }),
          spo2: fc.integer({ min: 60, max: 100 }),
          spo2Scale: fc.constantFrom(1 as const, 2 as const),
          onOxygen: fc.boolean(),
          systolicBP: fc.integer({ min: 50, max: 260 }),
          pulse: fc.integer({ min: 25, max: 220 }),
          consciousness: fc.constantFrom<Consciousness>('A', 'C', 'V', 'P', 'U'),
          temperature: fc.integer({ min: 330, max: 420 }).map((t) => t / 10),
        },
        { requiredKeys: [] },
      )
      .chain((vitals) =>
        fc.record(
          {
            id: fc.uuid(),
            patientId: fc.constantFrom('pas-1', 'pas-2'),
            effectiveDateTime: fc
              .integer({ min: 1_700_000_000, max: 1_800_000_000 })
              .map((s) => new Date(s * 1000).toISOString()),
            vitals: fc.constant(vitals),
            pulseIrregular: fc.boolean(),
            diastolicBP: fc.integer({ min: 30, max: 140 }),
            oxygenFlowLpm:
              vitals.onOxygen === true ? fc.integer({ min: 1, max: 15 }) : fc.constant(undefined),
            sourceSystem: fc.constantFrom('varde', 'CosDoc'),
            performer: fc.constant({ reference: 'Practitioner/p1' }),
          },
          { requiredKeys: ['id', 'patientId', 'effectiveDateTime', 'vitals'] },
        ),
      )
      .map((set) => {
        if (set.oxygenFlowLpm === undefined) delete set.oxygenFlowLpm;
        // The scale belongs to the SpO2 value; without one there is nothing to carry it.
        if (set.vitals.spo2 === undefined) delete set.vitals.spo2Scale;
        return set;
      });
    fc.assert(
      fc.property(arbSet, (set) => {
        const back = observationsToVitalSignsSets(vitalSignsSetToObservations(set));
        // A set with no value at all has no Observations and so cannot come back.
        if (back.length === 0) {
          expect(vitalSignsSetToObservations(set)).toEqual([]);
          return;
        }
        expect(back).toEqual([set]);
      }),
    );
  });
});
