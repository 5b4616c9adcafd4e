import { describe, expect, it } from 'vitest';
import type { VitalSigns } from '../news2/index';
import { scoreNews2 } from '../news2/score';
import { personalBaseline } from '../baseline/baseline';
import type { VitalSignsSet } from '../vitals/types';
import {
  clinicianBaselineFromPlan,
  currentPersonalPlan,
  describePersonalPlan,
  evaluatePersonalPlan,
  personalPlanStatus,
  validatePersonalPlan,
} from './personalPlan';
import { kolsPlan } from '../../../test/fixtures/core/plans';

const now = '2026-11-25T12:00:00+01:00';

const usual: VitalSigns = {
  respirationRate: 22, // 2
  spo2: 90,
  spo2Scale: 2,
  onOxygen: true, // 2
  systolicBP: 130,
  pulse: 95, // 1
  consciousness: 'A',
  temperature: 37,
};
const set = (vitals: VitalSigns): VitalSignsSet => ({
  id: 'x',
  patientId: 'pas-kols',
  effectiveDateTime: '2026-11-25T11:00:00+01:00',
  vitals,
});

describe('validatePersonalPlan', () => {
  const errorsOf = (change: object) => {
    const r = validatePersonalPlan({ ...kolsPlan, ...change }, { now });
    return r.ok ? [] : r.errors.map((e) => ({ field: e.field, message: e.message }));
  };

  it('accepts a complete plan', () => {
    expect(validatePersonalPlan(kolsPlan, { now })).toEqual({ ok: true, value: kolsPlan });
  });

  it.each([
    ['no who', { setBy: undefined }, 'setBy', 'Det mangler hvem som satte planen'],
    ['no why', { reason: '' }, 'reason', 'Skriv hvorfor planen settes'],
    ['no review date', { validUntil: undefined }, 'validUntil', 'Planen må ha en dato for revurdering'],
    [
      'a review date before the plan',
      { validUntil: '2026-10-01T00:00:00+02:00' },
      'validUntil',
      'Revurderingsdatoen må ligge etter datoen planen ble satt',
    ],
    [
      'a review date over 12 months away',
      { validUntil: '2027-11-02T12:00:00+01:00' },
      'validUntil',
      'Planen må revurderes innen 12 måneder',
    ],
    [
      'a threshold outside the physiological limits',
      { alerts: [{ parameter: 'pulse', comparator: '>=', value: 400, zone: 'red', action: 'Ring 113' }] },
      'alerts',
      'Varslingsgrense 1: Puls må ligge mellom 0 og 300 /min',
    ],
    [
      'a NEWS2 threshold above 20',
      { alerts: [{ parameter: 'news2Total', comparator: '>=', value: 21, zone: 'red', action: 'Ring 113' }] },
      'alerts',
      'Varslingsgrense 1: NEWS2 må ligge mellom 0 og 20',
    ],
    [
      'a threshold without an action',
      { alerts: [{ parameter: 'pulse', comparator: '>=', value: 120, zone: 'red', action: ' ' }] },
      'alerts',
      'Skriv hva som skal gjøres',
    ],
    [
      'a target range that is not a range',
      { spo2Target: { low: 92, high: 88, scale: 2 } },
      'spo2Target',
      'Målområdet for SpO₂ må være et område: nedre grense lavere enn øvre',
    ],
    [
      'a target outside 0–100 %',
      { spo2Target: { low: 88, high: 102 } },
      'spo2Target',
      'Målområdet: SpO₂ må ligge mellom 0 og 100 %',
    ],
    [
      'a usual value outside its own range',
      { usualValues: { pulse: { usual: 120, low: 80, high: 100 } } },
      'usualValues',
      'Vanlig verdi for puls må ligge innenfor det vanlige området',
    ],
    [
      'an empty plan',
      { usualValues: undefined, spo2Target: undefined, alerts: [] },
      'input',
      'Planen må ha vanlige verdier, et målområde for SpO₂ eller en varslingsgrense',
    ],
  ] as const)('refuses %s', (_, change, field, message) => {
    expect(errorsOf(change)).toContainEqual({ field, message });
  });

  it('points at the alert that is wrong', () => {
    const r = validatePersonalPlan(
      { ...kolsPlan, alerts: [kolsPlan.alerts[0], { ...kolsPlan.alerts[0], value: -1 }] },
      { now },
    );
    expect(r.ok === false && r.errors[0]?.path).toEqual(['alerts', 1, 'value']);
  });
});

describe('status and expiry', () => {
  it('is active until the review date, then expired, and an expired plan is not used', () => {
    expect(personalPlanStatus(kolsPlan, now)).toBe('active');
    const later = '2027-02-01T00:00:00+01:00';
    expect(personalPlanStatus(kolsPlan, later)).toBe('expired');
    expect(describePersonalPlan(kolsPlan, later)).toBe(
      'Personlig plan (lege Kari Hansen, 01.11.2026) utløpt 01.02.2027: brukes ikke. Standard NEWS2 gjelder.',
    );
    const e = evaluatePersonalPlan(kolsPlan, set({ ...usual, respirationRate: 30 }), { now: later });
    expect(e).toEqual({ kind: 'not-in-force', plan: kolsPlan, status: 'expired' });
    // Its usual values are not used either: the derived baseline is.
    const b = personalBaseline('pas-kols', [], clinicianBaselineFromPlan(kolsPlan), { now: later });
    expect(b.kind).toBe('not-enough-data');
    expect(personalBaseline('pas-kols', [], clinicianBaselineFromPlan(kolsPlan), { now }).kind).toBe(
      'clinician',
    );
  });

  it('a withdrawn plan reads withdrawn', () => {
    const ended = { ...kolsPlan, endedAt: '2026-11-20T10:00:00+01:00' };
    expect(personalPlanStatus(ended, now)).toBe('ended');
    expect(describePersonalPlan(ended, now)).toMatch(/avsluttet 20\.11\.2026: brukes ikke/);
    expect(currentPersonalPlan([ended], { now, patientId: 'pas-kols' })).toBeUndefined();
  });

  it('the current plan is the newest active one, else the newest expired one', () => {
    const old = {
      ...kolsPlan,
      id: 'old',
      setAt: '2026-01-01T10:00:00+01:00',
      validUntil: '2026-06-01T00:00:00+02:00',
    };
    expect(currentPersonalPlan([old, kolsPlan], { now, patientId: 'pas-kols' })?.id).toBe(kolsPlan.id);
    expect(currentPersonalPlan([old], { now, patientId: 'pas-kols' })?.id).toBe('old');
    expect(currentPersonalPlan([old], { now, patientId: 'other' })).toBeUndefined();
  });
});

describe('evaluatePersonalPlan', () => {
  it('a usual KOLS set crosses nothing and is within target', () => {
    expect(scoreNews2(usual).total).toBe(5);
    const e = evaluatePersonalPlan(kolsPlan, set(usual), { now });
    expect(e).toMatchObject({ kind: 'evaluated', crossed: [], spo2Target: 'within' });
  });

  it('NEWS2 9 crosses both NEWS2 thresholds, red first', () => {
    const v = { ...usual, respirationRate: 25, pulse: 131, temperature: 38.5 }; // 3+2+3+1 = 9
    expect(scoreNews2(v).total).toBe(9);
    const e = evaluatePersonalPlan(kolsPlan, set(v), { now });
    expect(e.kind === 'evaluated' && e.crossed.map((c) => c.text)).toEqual([
      'NEWS2 ≥ 9: Ring 113',
      'NEWS2 ≥ 7: Ring fastlege',
    ]);
  });

  it('a parameter threshold and the target', () => {
    const e = evaluatePersonalPlan(kolsPlan, set({ ...usual, spo2: 84 }), { now }); // NEWS2 7
    expect(e).toMatchObject({ kind: 'evaluated', spo2Target: 'below' });
    expect(e.kind === 'evaluated' && e.crossed.map((c) => c.text)).toEqual([
      'SpO₂ ≤ 85 %: Ring legevakt',
      'NEWS2 ≥ 7: Ring fastlege',
    ]);
  });

  it('a partial sum already at a "≥" threshold crosses it, marked partial', () => {
    const e = evaluatePersonalPlan(kolsPlan, set({ respirationRate: 26, pulse: 135, temperature: 39.5 }), {
      now,
    });
    expect(e.kind === 'evaluated' && e.crossed.map((c) => [c.alert.value, c.partial])).toEqual([[7, true]]);
  });

  it('another patient gets no plan', () => {
    expect(evaluatePersonalPlan(kolsPlan, { ...set(usual), patientId: 'other' }, { now })).toEqual({
      kind: 'no-plan',
    });
  });

  it('describes the plan beside the standard response', () => {
    expect(describePersonalPlan(kolsPlan, now)).toBe(
      'Personlig plan (lege Kari Hansen, 01.11.2026, gjelder til 01.02.2027): NEWS2 ≥ 7: Ring fastlege. NEWS2 ≥ 9: Ring 113. ' +
        'SpO₂ ≤ 85 %: Ring legevakt. Målområde SpO₂ 88–92 % (skala 2). Vanlig NEWS2 5 (4–6). Vanlig SpO₂ 90 (88–92) %.',
    );
  });
});
