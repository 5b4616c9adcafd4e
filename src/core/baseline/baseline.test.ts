import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreNews2 } from '../news2/score';
import { news2Response } from '../news2/response';
import type { Consciousness, VitalSigns } from '../news2/index';
import type { VitalSignsSet } from '../vitals/types';
import { deriveBaseline, describeBaseline, personalBaseline, quantile } from './baseline';
import type { Baseline, ClinicianBaseline } from './baseline';
import { deviationFromBaseline } from './deviation';
import { PLAN_PARAMETERS, evaluatePersonalPlan, personalPlanStatus } from '../plan/personalPlan';
import { monitoringState } from '../plan/monitoringState';
import { triageRow } from '../worklist/triage';

const now = '2026-11-25T10:00:00Z';
const day = 86_400_000;

function setAt(
  daysAgo: number,
  vitals: VitalSigns,
  patientId = 'pas-kols',
  extra: Partial<VitalSignsSet> = {},
): VitalSignsSet {
  return {
    id: `s-${patientId}-${daysAgo}`,
    patientId,
    effectiveDateTime: new Date(Date.parse(now) - daysAgo * day).toISOString(),
    vitals,
    ...extra,
  };
}

// A KOLS patient on Scale 1 who usually scores 3: SpO2 92 (2), RR 21 (2)... varied a little.
const usualKols = (i: number): VitalSigns => ({
  respirationRate: 20 + (i % 3), // 20, 21, 22
  spo2: 91 + (i % 3), // 91, 92, 93
  onOxygen: false,
  systolicBP: 130 + i,
  pulse: 80 + 2 * i,
  consciousness: 'A',
  temperature: 36.8 + (i % 2) / 10,
});

const history = Array.from({ length: 10 }, (_, i) =>
  setAt(5 + i * 7, usualKols(i), 'pas-kols', { diastolicBP: 70 + i }),
);

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.1)).toBe(2);
  });
});

describe('deriveBaseline', () => {
  it('takes median and P10–P90 of complete sets in the window', () => {
    const b = deriveBaseline('pas-kols', history, { now });
    expect(b.kind).toBe('derived');
    if (b.kind !== 'derived') return;
    expect(b.setCount).toBe(10);
    expect(b.from).toBe('2026-08-27T10:00:00.000Z');
    expect(b.to).toBe('2026-11-25T10:00:00.000Z');
    expect(b.values.pulse).toEqual({ usual: 89, low: 81.8, high: 96.2 });
    expect(b.values.diastolicBP?.usual).toBe(74.5);
    const totals = history.map((s) => scoreNews2(s.vitals).total).sort((a, c) => a - c);
    expect(b.values.news2Total?.usual).toBe(quantile(totals, 0.5));
  });

  it('ignores incomplete sets, sets outside the window, future sets and other patients', () => {
    const noise = [
      setAt(1, { pulse: 150 }), // incomplete
      setAt(100, usualKols(0)), // before the window
      setAt(-1, usualKols(0)), // in the future
      setAt(2, usualKols(0), 'pas-annen'),
    ];
    const b = deriveBaseline('pas-kols', [...history, ...noise], { now });
    expect(b).toMatchObject({ kind: 'derived', setCount: 10 });
  });

  it('says "not enough data" with the count below the minimum', () => {
    const b = deriveBaseline('pas-kols', history.slice(0, 4), { now });
    expect(b).toEqual({
      kind: 'not-enough-data',
      patientId: 'pas-kols',
      from: '2026-08-27T10:00:00.000Z',
      to: '2026-11-25T10:00:00.000Z',
      setCount: 4,
      dayCount: 4,
      required: 5,
    });
    expect(describeBaseline(b)).toBe(
      'For lite data til å beregne vanlige verdier: 4 fullstendige målinger på 4 dager, minst 5 dager trengs (27.08.2026–25.11.2026)',
    );
  });

  it('honours window and minimum options', () => {
    expect(deriveBaseline('pas-kols', history, { now, windowDays: 30 })).toMatchObject({
      kind: 'not-enough-data',
      setCount: 4,
    });
    expect(deriveBaseline('pas-kols', history, { now, windowDays: 30, minDays: 3 })).toMatchObject({
      kind: 'derived',
      setCount: 4,
      dayCount: 4,
    });
  });

  it('describes how it was derived', () => {
    expect(describeBaseline(deriveBaseline('pas-kols', history, { now }))).toBe(
      'Beregnet fra 10 fullstendige målinger på 10 dager 27.08.2026–25.11.2026 (median per dag, vanlig område 10.–90. persentil)',
    );
  });
});

const clinician: ClinicianBaseline = {
  kind: 'clinician',
  patientId: 'pas-kols',
  setBy: { reference: 'Practitioner/lege-1', display: 'Dr. Hansen' },
  setAt: '2026-10-01T09:00:00+02:00',
  reason: 'Kjent KOLS, vanlig SpO₂ 88–92 %',
  values: { spo2: { usual: 90, low: 88, high: 92 }, news2Total: { usual: 3 } },
};

describe('personalBaseline', () => {
  it("prefers the clinician's baseline and says who set it", () => {
    const b = personalBaseline('pas-kols', history, clinician, { now });
    expect(b).toBe(clinician);
    expect(describeBaseline(b)).toBe('Satt av Dr. Hansen 01.10.2026: Kjent KOLS, vanlig SpO₂ 88–92 %');
  });
  it('falls back to the derived baseline without one', () => {
    expect(personalBaseline('pas-kols', history, undefined, { now }).kind).toBe('derived');
    expect(personalBaseline('pas-annen', history, clinician, { now }).kind).toBe('not-enough-data');
  });
});

describe('deviationFromBaseline', () => {
  const today: VitalSignsSet = setAt(0, {
    respirationRate: 22,
    spo2: 92,
    onOxygen: false,
    systolicBP: 128,
    pulse: 96,
    consciousness: 'A',
    temperature: 37.9,
  });

  it('reads "NEWS2 5 — vanlig 3 (+2)"', () => {
    const d = deviationFromBaseline(today, clinician);
    expect(d.score.total).toBe(5);
    expect(d.deviations.news2Total?.text).toBe('NEWS2 5 — vanlig 3 (+2)');
    expect(d.deviations.news2Total?.position).toBe('no-range');
    expect(d.deviations.spo2).toMatchObject({
      value: 92,
      usual: 90,
      difference: 2,
      position: 'within',
      text: 'SpO₂ 92 — vanlig 90 (+2)',
    });
    expect(d.deviations.pulse).toBeUndefined();
  });

  it('marks values outside the usual range, with decimal comma and minus sign', () => {
    const b = deriveBaseline('pas-kols', history, { now });
    const d = deviationFromBaseline(setAt(0, { ...usualKols(0), pulse: 70, temperature: 38.3 }), b);
    expect(d.deviations.pulse).toMatchObject({ position: 'below', text: 'Puls 70 — vanlig 89 (−19)' });
    expect(d.deviations.temperature).toMatchObject({
      position: 'above',
      text: 'Temperatur 38,3 — vanlig 36,9 (+1,5)',
    });
  });

  it('never compares a partial sum with the usual NEWS2', () => {
    const d = deviationFromBaseline(setAt(0, { pulse: 120, temperature: 39.5 }), clinician);
    expect(d.score.complete).toBe(false);
    expect(d.deviations.news2Total).toBeUndefined();
  });

  it('adds nothing when there is not enough data', () => {
    const d = deviationFromBaseline(today, deriveBaseline('pas-kols', [], { now }));
    expect(d.deviations).toEqual({});
    expect(d.score).toEqual(scoreNews2(today.vitals));
  });

  // The safety rule, as a property: whatever the baseline, the score, risk and response are
  // exactly the standard ones, and the score object is the caller's, unchanged.
  const arbVitals = fc.record(
    {
      respirationRate: fc.integer({ min: 4, max: 50 }),
      spo2: fc.integer({ min: 70, max: 100 }),
      spo2Scale: fc.constantFrom(1 as const, 2 as const),
      onOxygen: fc.boolean(),
      systolicBP: fc.integer({ min: 60, max: 240 }),
      pulse: fc.integer({ min: 30, max: 180 }),
      consciousness: fc.constantFrom<Consciousness>('A', 'C', 'V', 'P', 'U'),
      temperature: fc.integer({ min: 330, max: 420 }).map((t) => t / 10),
    },
    { requiredKeys: [] },
  );
  const usual = fc.record(
    {
      usual: fc.double({ min: -50, max: 300, noNaN: true }),
      low: fc.double({ min: -50, max: 300, noNaN: true }),
      high: fc.double({ min: -50, max: 300, noNaN: true }),
    },
    { requiredKeys: ['usual'] },
  );
  const arbBaseline: fc.Arbitrary<Baseline> = fc.oneof(
    fc.record({
      kind: fc.constant('clinician' as const),
      patientId: fc.constant('pas-kols'),
      setBy: fc.constant({ reference: 'Practitioner/x' }),
      setAt: fc.constant(now),
      reason: fc.string(),
      values: fc.record(
        {
          respirationRate: usual,
          spo2: usual,
          systolicBP: usual,
          pulse: usual,
          temperature: usual,
          news2Total: usual,
        },
        { requiredKeys: [] },
      ),
    }),
    fc.array(arbVitals, { maxLength: 12 }).map((vs) =>
      deriveBaseline(
        'pas-kols',
        vs.map((v, i) => setAt(i + 1, v)),
        { now, minDays: 1 },
      ),
    ),
  );
  it('never changes the standard score, risk or response (property)', () => {
    fc.assert(
      fc.property(arbVitals, arbBaseline, (vitals, baseline) => {
        const score = scoreNews2(vitals);
        const before = JSON.stringify(score);
        const frozen = Object.freeze({
          ...score,
          parts: Object.freeze({ ...score.parts }),
          missing: Object.freeze([...score.missing]),
        }) as typeof score;
        const d = deviationFromBaseline(setAt(0, vitals), baseline, frozen);
        expect(d.score).toBe(frozen);
        expect(JSON.stringify(score)).toBe(before);
        expect(d.score).toEqual(scoreNews2(vitals));
        expect(news2Response(d.score)).toEqual(news2Response(scoreNews2(vitals)));
        expect('risk' in d).toBe(false);
        for (const dev of Object.values(d.deviations))
          expect(Object.keys(dev).sort()).toEqual([
            'difference',
            'parameter',
            'position',
            'text',
            'usual',
            'value',
          ]);
      }),
    );
  });

  // The same rule for plans (issue #12 point 5, issue #11 point 2): whatever personal plan
  // and monitoring plan a patient has, in force or expired, the standard score, risk band
  // and response are exactly the standard ones; plans only add reasons to act.
  it('plans never change the standard score, risk or response, nor remove a reason to act (property)', () => {
    const arbAlert = fc.record({
      parameter: fc.constantFrom(...PLAN_PARAMETERS),
      comparator: fc.constantFrom('>=' as const, '<=' as const),
      value: fc.integer({ min: 0, max: 300 }),
      zone: fc.constantFrom('yellow' as const, 'red' as const),
      action: fc.constant('Ring fastlege'),
    });
    const arbPersonal = fc.option(
      fc.record({
        id: fc.constant('pp'),
        patientId: fc.constant('pas-kols'),
        setBy: fc.constant({ reference: 'Practitioner/lege', role: 'doctor' as const }),
        setAt: fc.constant('2026-10-01T10:00:00+02:00'),
        reason: fc.constant('KOLS'),
        // Before or after now: expired plans are part of the property.
        validUntil: fc.constantFrom('2026-11-01T00:00:00+01:00', '2027-02-01T00:00:00+01:00'),
        usualValues: fc.record({ news2Total: usual, pulse: usual, spo2: usual }, { requiredKeys: [] }),
        spo2Target: fc.record({
          low: fc.integer({ min: 70, max: 95 }),
          high: fc.integer({ min: 80, max: 100 }),
        }),
        alerts: fc.array(arbAlert, { maxLength: 6 }),
      }),
      { nil: undefined },
    );
    const arbMonitoring = fc.array(
      fc.record({
        id: fc.constant('mp'),
        patientId: fc.constant('pas-kols'),
        interval: fc.record({
          value: fc.integer({ min: 1, max: 12 }),
          unit: fc.constantFrom('d' as const, 'wk' as const, 'mo' as const),
        }),
        setBy: fc.constant({ reference: 'Practitioner/spl', role: 'nurse' as const }),
        setAt: fc.constant('2026-01-01T10:00:00+01:00'),
      }),
      { maxLength: 2 },
    );
    const rank = { low: 0, 'low-medium': 1, medium: 2, high: 3 };
    fc.assert(
      fc.property(
        arbVitals,
        arbBaseline,
        arbPersonal,
        arbMonitoring,
        (vitals, baseline, personal, monitoring) => {
          const set = setAt(0, vitals);
          const standard = scoreNews2(vitals);
          const frozen = Object.freeze({
            ...standard,
            parts: Object.freeze({ ...standard.parts }),
            missing: Object.freeze([...standard.missing]),
          }) as typeof standard;
          const evaluation = evaluatePersonalPlan(personal, set, { now, score: frozen });
          for (const key of ['risk', 'level', 'total', 'parts', 'score'])
            expect(key in evaluation).toBe(false);
          expect(frozen).toEqual(standard);

          const row = triageRow({
            patientId: 'pas-kols',
            sets: [set],
            baseline,
            ...(personal ? { personalPlan: personal } : {}),
            monitoringPlans: monitoring,
            now,
          });
          if (standard.complete) {
            expect(row.band).toBe(standard.risk);
            expect(row.latestComplete?.score).toEqual(standard);
            expect(news2Response(row.latestComplete!.score)).toEqual(news2Response(standard));
          } else {
            // A partial sum's band is a lower bound: never below what it already shows.
            expect(row.band === 'unknown' ? 0 : rank[row.band]).toBeGreaterThanOrEqual(rank[standard.risk]);
          }
          if (standard.risk !== 'low') {
            expect(row.requiresAction).toBe(true);
            expect(row.actionReasons).toContainEqual({ kind: 'risk', risk: standard.risk });
            // The RCP interval applies whatever the routine plan says.
            const m = monitoringState({
              patientId: 'pas-kols',
              sets: [set],
              plans: monitoring,
              baseline,
              now,
            });
            expect(m.basis.kind).toBe('escalated');
            const due =
              m.kind === 'overdue'
                ? m.since
                : m.kind === 'due-today'
                  ? m.dueAt
                  : m.kind === 'ok'
                    ? m.nextDueAt
                    : '';
            expect(Date.parse(due)).toBeLessThanOrEqual(
              Date.parse(set.effectiveDateTime) + news2Response(standard).monitoringIntervalHours * 3_600_000,
            );
          }
          if (personal && personalPlanStatus(personal, now) !== 'active')
            expect(evaluation.kind).toBe('not-in-force');
        },
      ),
    );
  });
});
