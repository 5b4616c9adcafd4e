import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateVitalSignsSet, validateVitals } from './validate';
import type { VitalSignsSet } from './types';

const now = '2026-11-25T10:00:00+01:00';
const set: VitalSignsSet = {
  id: '6f1d2c1e-0b7a-4c55-9a51-1f0c8e0d2a11',
  patientId: 'pas-ola',
  effectiveDateTime: '2026-11-25T09:45:00+01:00',
  vitals: {
    respirationRate: 18,
    spo2: 95,
    onOxygen: false,
    systolicBP: 128,
    pulse: 84,
    consciousness: 'A',
    temperature: 37.2,
  },
  diastolicBP: 76,
  pulseIrregular: false,
  performer: { reference: 'Practitioner/hpr-1', display: 'Kari' },
  sourceSystem: 'varde',
};

describe('validateVitals', () => {
  it('accepts a normal set without warnings', () => {
    expect(validateVitals(set.vitals)).toEqual({ ok: true, value: set.vitals, warnings: [] });
  });

  it('accepts a single value and treats null as not measured', () => {
    expect(validateVitals({ pulse: 72, temperature: null })).toEqual({
      ok: true,
      value: { pulse: 72 },
      warnings: [],
    });
  });

  it.each([
    [{ spo2: 101 }, 'spo2', 'Oksygenmetning kan ikke være over 100 %'],
    [{ spo2: -1 }, 'spo2', 'Oksygenmetning kan ikke være under 0 %'],
    [{ respirationRate: 81 }, 'respirationRate', 'Respirasjonsfrekvens kan ikke være over 80 /min'],
    [{ pulse: 301 }, 'pulse', 'Puls kan ikke være over 300 /min'],
    [{ systolicBP: 310 }, 'systolicBP', 'Systolisk blodtrykk kan ikke være over 300 mmHg'],
    [{ temperature: 24.9 }, 'temperature', 'Temperatur kan ikke være under 25 °C'],
    [{ temperature: 45.1 }, 'temperature', 'Temperatur kan ikke være over 45 °C'],
    [{ pulse: '72' }, 'pulse', 'Puls må være et tall'],
    [{ pulse: Number.NaN }, 'pulse', 'Puls må være et tall'],
    [{ temperature: Number.POSITIVE_INFINITY }, 'temperature', 'Temperatur må være et tall'],
    [{ pulse: 72.5 }, 'pulse', 'Puls må være et helt tall'],
    [{ spo2Scale: 3 }, 'spo2Scale', 'SpO₂-skala må være 1 eller 2'],
    [{ onOxygen: 'ja' }, 'onOxygen', 'Luft eller oksygen må være ja eller nei'],
    [{ consciousness: 'X' }, 'consciousness', 'Bevissthet må være A, C, V, P eller U'],
    [{ puls: 72 }, 'input', 'Ukjent felt: puls'],
    ['72', 'input', 'Målingen må være et objekt med verdier'],
  ] as [unknown, string, string][])('refuses %o with a reason for %s', (input, field, message) => {
    expect(validateVitals(input)).toEqual({ ok: false, errors: [{ field, message }] });
  });

  it('reports every bad field, one reason each', () => {
    const r = validateVitals({ pulse: 'fast', spo2: 150.5, temperature: 20 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(['pulse', 'spo2', 'temperature']);
  });

  it.each([
    [
      { pulse: 29 },
      'pulse',
      'Puls 29 /min er svært lav. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { pulse: 201 },
      'pulse',
      'Puls 201 /min er svært høy. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { spo2: 69 },
      'spo2',
      'Oksygenmetning 69 % er svært lav. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { temperature: 31.5 },
      'temperature',
      'Temperatur 31,5 °C er svært lav. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { temperature: 42.3 },
      'temperature',
      'Temperatur 42,3 °C er svært høy. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { respirationRate: 46 },
      'respirationRate',
      'Respirasjonsfrekvens 46 /min er svært høy. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { systolicBP: 59 },
      'systolicBP',
      'Systolisk blodtrykk 59 mmHg er svært lavt. Kontroller målingen og bekreft at verdien er riktig.',
    ],
    [
      { systolicBP: 251 },
      'systolicBP',
      'Systolisk blodtrykk 251 mmHg er svært høyt. Kontroller målingen og bekreft at verdien er riktig.',
    ],
  ] as [Record<string, number>, string, string][])(
    'accepts extreme %o with a warning to confirm',
    (input, field, message) => {
      expect(validateVitals(input)).toEqual({ ok: true, value: input, warnings: [{ field, message }] });
    },
  );

  it.each([
    [{ pulse: 30 }],
    [{ pulse: 200 }],
    [{ spo2: 70 }],
    [{ temperature: 32 }],
    [{ temperature: 42 }],
    [{ respirationRate: 45 }],
    [{ systolicBP: 60 }],
    [{ systolicBP: 250 }],
  ])('does not warn at the edge %o', (input) => {
    expect(validateVitals(input)).toMatchObject({ ok: true, warnings: [] });
  });

  it('never accepts a value outside the hard limits (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (x) => {
        const r = validateVitals({ pulse: x });
        if (r.ok) {
          expect(Number.isInteger(x) && x >= 0 && x <= 300).toBe(true);
          expect(r.value.pulse).toBe(x);
        }
      }),
    );
  });
});

describe('validateVitalSignsSet', () => {
  it('accepts a good set as is', () => {
    expect(validateVitalSignsSet(set, { now })).toEqual({ ok: true, value: set, warnings: [] });
  });

  it('refuses diastolic at or above systolic', () => {
    const r = validateVitalSignsSet({ ...set, diastolicBP: 128 }, { now });
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'diastolicBP', message: 'Diastolisk blodtrykk må være lavere enn systolisk' }],
    });
  });

  it('refuses an oxygen flow when not on oxygen, and accepts it on oxygen', () => {
    expect(validateVitalSignsSet({ ...set, oxygenFlowLpm: 2 }, { now }).ok).toBe(false);
    const onO2 = { ...set, vitals: { ...set.vitals, onOxygen: true }, oxygenFlowLpm: 2 };
    expect(validateVitalSignsSet(onO2, { now })).toMatchObject({ ok: true, warnings: [] });
    expect(validateVitalSignsSet({ ...onO2, oxygenFlowLpm: 20 }, { now })).toMatchObject({
      ok: true,
      warnings: [{ field: 'oxygenFlowLpm' }],
    });
  });

  it('refuses a time in the future beyond the clock skew, and accepts within it', () => {
    expect(
      validateVitalSignsSet({ ...set, effectiveDateTime: '2026-11-25T10:04:00+01:00' }, { now }).ok,
    ).toBe(true);
    expect(
      validateVitalSignsSet({ ...set, effectiveDateTime: '2026-11-25T10:06:00+01:00' }, { now }),
    ).toEqual({
      ok: false,
      errors: [{ field: 'effectiveDateTime', message: 'Målingstidspunktet ligger fram i tid' }],
    });
    expect(
      validateVitalSignsSet(
        { ...set, effectiveDateTime: '2026-11-25T10:06:00+01:00' },
        { now, maxClockSkewMinutes: 10 },
      ).ok,
    ).toBe(true);
  });

  it('asks to confirm a measurement more than a day old', () => {
    const r = validateVitalSignsSet({ ...set, effectiveDateTime: '2026-11-23T09:00:00+01:00' }, { now });
    expect(r).toMatchObject({ ok: true, warnings: [{ field: 'effectiveDateTime' }] });
  });

  it('refuses missing or malformed identity and time', () => {
    const r = validateVitalSignsSet(
      { ...set, id: '', patientId: 'Patient/pas ola', effectiveDateTime: '25.11.2026 09:45' },
      { now },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toEqual(['id', 'patientId', 'effectiveDateTime']);
      expect(r.errors[2]!.message).toBe('Tidspunktet må ha dato, klokkeslett og tidssone');
    }
  });

  it('refuses a set with nothing measured', () => {
    expect(validateVitalSignsSet({ ...set, vitals: {}, diastolicBP: undefined }, { now })).toEqual({
      ok: false,
      errors: [{ field: 'input', message: 'Målingen inneholder ingen verdier' }],
    });
  });

  it('reports errors in the set and in its vitals together', () => {
    const r = validateVitalSignsSet(
      { ...set, diastolicBP: 'lav', vitals: { ...set.vitals, spo2: 101 } },
      { now },
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'diastolicBP', message: 'Diastolisk blodtrykk må være et tall' },
        { field: 'spo2', message: 'Oksygenmetning kan ikke være over 100 %' },
      ],
    });
  });

  it('refuses a malformed performer reference', () => {
    expect(validateVitalSignsSet({ ...set, performer: { reference: 'Kari' } }, { now })).toEqual({
      ok: false,
      errors: [{ field: 'performer', message: 'Utført av må være en gyldig referanse' }],
    });
  });
});

describe('blood pressure floor', () => {
  it('refuses a systolic below 20 and a diastolic below 10 mmHg', () => {
    expect(validateVitals({ systolicBP: 19 })).toEqual({
      ok: false,
      errors: [{ field: 'systolicBP', message: 'Systolisk blodtrykk kan ikke være under 20 mmHg' }],
    });
    const r = validateVitalSignsSet({ ...set, diastolicBP: 9 }, { now });
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'diastolicBP', message: 'Diastolisk blodtrykk kan ikke være under 10 mmHg' }],
    });
  });
});
