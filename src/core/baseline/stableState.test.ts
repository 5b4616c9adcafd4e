// Issue #12 point 4: the usual values describe the stable state; a current deterioration
// cannot widen them. A table of series, each compared with the stable series alone.
import { describe, expect, it } from 'vitest';
import type { VitalSigns } from '../news2/index';
import { scoreNews2 } from '../news2/score';
import type { VitalSignsSet } from '../vitals/types';
import { baselineWindowText, deriveBaseline, describeBaseline, personalBaseline, quantile } from './baseline';
import type { ClinicianBaseline, DerivedBaseline } from './baseline';

const now = '2026-11-25T20:00:00+01:00';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A set `daysAgo` days (plus `hour` hours into that day, from 08:00 Oslo) before now. */
function at(id: string, daysAgo: number, vitals: VitalSigns, hour = 0): VitalSignsSet {
  const t = Date.parse('2026-11-25T08:00:00+01:00') - daysAgo * DAY + hour * HOUR;
  return { id, patientId: 'pas', effectiveDateTime: new Date(t).toISOString(), vitals, diastolicBP: 75 };
}

// Stable home-care patient: NEWS2 0 most days, 1 on every 7th day (SpO2 95); small,
// distinct variation in every parameter.
const stableVitals = (i: number): VitalSigns => ({
  respirationRate: 14 + (i % 4),
  spo2: i % 7 === 0 ? 95 : 96 + (i % 3),
  onOxygen: false,
  systolicBP: 124 + ((i * 7) % 13),
  pulse: 68 + ((i * 5) % 11),
  consciousness: 'A',
  temperature: 36.6 + (i % 5) / 10,
});

// Sepsis-like deterioration: NEWS2 5–9.
const illVitals = (j: number): VitalSigns => ({
  respirationRate: 23 + (j % 3),
  spo2: 94 - (j % 2),
  onOxygen: false,
  systolicBP: 102 - (j % 5),
  pulse: 108 + (j % 6),
  consciousness: 'A',
  temperature: 38.4 + (j % 4) / 10,
});

/** One set a day on days 88..4 before now: the stable state. */
const stable = Array.from({ length: 85 }, (_, i) => at(`s${i}`, 88 - i, stableVitals(i)));
/** Six sets a day (4-hourly) on the last three days, today included. */
const deterioration = Array.from({ length: 3 }, (_, d) =>
  Array.from({ length: 6 }, (__, h) => at(`ill${d}-${h}`, 2 - d, illVitals(d * 6 + h), h * 2)),
).flat();
/** Weekly sets on days 84, 77, ..., 7 before now: the sparse routine. */
const weekly = Array.from({ length: 12 }, (_, i) => at(`w${i}`, 84 - i * 7, stableVitals(i)));

function derived(sets: VitalSignsSet[]): DerivedBaseline {
  const b = deriveBaseline('pas', sets, { now });
  if (b.kind !== 'derived') throw new Error(`expected derived, got ${b.kind}`);
  return b;
}

describe('stable-state baselines (table)', () => {
  const reference = derived(stable);

  it('a stable series: every day used, nothing left out', () => {
    expect(reference.dayCount).toBe(85);
    expect(reference.setCount).toBe(85);
    expect(reference.excluded).toBeUndefined();
    expect(reference.values.news2Total).toEqual({ usual: 0, low: 0, high: 1 });
    expect(reference.to).toBe(new Date(Date.parse(now)).toISOString());
  });

  it('the same with a 3-day deterioration at the end: the usual range is unchanged', () => {
    expect(deterioration.map((s) => scoreNews2(s.vitals).total).every((t) => t >= 5)).toBe(true);
    const b = derived([...stable, ...deterioration]);
    expect(b.values).toEqual(reference.values);
    expect(b.setCount).toBe(85);
    expect(b.excluded).toEqual({
      from: '2026-11-22T23:00:00.000Z', // 23.11 00:00 Oslo
      to: '2026-11-25T19:00:00.000Z',
      dayCount: 3,
      setCount: 18,
    });
    expect(b.to).toBe(b.excluded?.from);
    expect(describeBaseline(b)).toBe(
      'Beregnet fra 85 fullstendige målinger på 85 dager 27.08.2026–23.11.2026 (median per dag, vanlig område 10.–90. persentil). ' +
        'Utelatt som pågående forverring: 18 målinger fra 23.11.2026 med NEWS2 over vanlig område',
    );
  });

  it('without the rule the deterioration would have widened the range (the test can fail)', () => {
    // Every set counted, nothing left out: what the old derivation did.
    const all = [...stable, ...deterioration].map((s) => s.vitals.pulse!).sort((a, b) => a - b);
    expect(quantile(all, 0.9)).toBeGreaterThan(reference.values.pulse!.high!);
  });

  it('sparse weekly sets plus dense illness sets now: the illness is left out', () => {
    const onlyWeekly = derived(weekly);
    const b = derived([...weekly, ...deterioration]);
    expect(b.values).toEqual(onlyWeekly.values);
    expect(b.excluded?.setCount).toBe(18);
  });

  it('sparse weekly sets plus a past, dense illness: each day weighs one set', () => {
    // 18 illness sets on 3 days over two weeks ago, recovered since: by set they would be 60 %
    // of the data and the median would be the illness; by day they are 3 of 15 days.
    const past = deterioration.map((s) => ({
      ...s,
      effectiveDateTime: new Date(Date.parse(s.effectiveDateTime) - 16 * DAY).toISOString(),
    }));
    const b = derived([...weekly, ...past]);
    expect(b.excluded).toBeUndefined(); // the latest day is back at the usual level
    expect(b.dayCount).toBe(15);
    expect(b.setCount).toBe(30);
    expect(b.values.news2Total?.usual).toBe(0);
    expect(b.values.pulse?.usual).toBeLessThan(80);
    const bySet = [...weekly, ...past].map((s) => s.vitals.pulse!).sort((x, y) => x - y);
    expect(quantile(bySet, 0.5)).toBeGreaterThan(100);
  });

  it('needs five days, however many sets', () => {
    const b = deriveBaseline('pas', deterioration, { now });
    expect(b).toMatchObject({ kind: 'not-enough-data', setCount: 18, dayCount: 3, required: 5 });
  });

  const plan: ClinicianBaseline = {
    kind: 'clinician',
    patientId: 'pas',
    setBy: { reference: 'Practitioner/lege-1', display: 'Kari Hansen', role: 'doctor' },
    setAt: '2026-11-01T10:00:00+01:00',
    reason: 'Kjent KOLS',
    values: { news2Total: { usual: 4, low: 3, high: 5 } },
    validUntil: '2027-02-01T00:00:00+01:00',
    planId: 'plan-1',
  };

  it("a clinician's plan overrides the derived baseline as a whole", () => {
    const b = personalBaseline('pas', [...stable, ...deterioration], plan, { now });
    expect(b).toBe(plan);
    expect(b.kind === 'clinician' && b.values.pulse).toBeUndefined(); // no mixing with derived values
    expect(describeBaseline(b)).toBe(
      'Satt av lege Kari Hansen 01.11.2026 (gjelder til 01.02.2027): Kjent KOLS',
    );
  });

  it('an expired plan is ignored: the derived baseline is used', () => {
    const expired = { ...plan, validUntil: '2026-11-25T19:59:59+01:00' };
    const b = personalBaseline('pas', [...stable, ...deterioration], expired, { now });
    expect(b.kind).toBe('derived');
    expect(b.kind === 'derived' && b.values).toEqual(reference.values);
  });

  it('leaves sets marked entered-in-error out', () => {
    const wrong = at('wrong', 10, illVitals(0), 5);
    const marked = {
      ...wrong,
      enteredInError: {
        setId: 'wrong',
        patientId: 'pas',
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/a' },
        correctedAt: now,
      },
    };
    expect(derived([...stable, marked]).values).toEqual(reference.values);
    expect(derived([...stable, wrong]).values).not.toEqual(reference.values);
  });

  describe('the short line the screens show (window used, what was left out)', () => {
    it('a stable series: the measured span and the days', () => {
      expect(reference.firstDay).toBe('2026-08-29');
      expect(reference.lastDay).toBe('2026-11-21');
      expect(baselineWindowText(reference)).toBe(
        'Vanlige verdier fra 29.08–21.11.2026 (85 dager med målinger)',
      );
    });

    it('with the deterioration: the same span, and the days left out with when they start', () => {
      const b = derived([...stable, ...deterioration]);
      expect(baselineWindowText(b)).toBe(
        'Vanlige verdier fra 29.08–21.11.2026 (85 dager med målinger); ' +
          'siste 3 dager utelatt (fra 23.11.2026): pågående forverring',
      );
    });

    it('says the values come from the visible sets only when items were withheld', () => {
      expect(baselineWindowText(reference, { withheld: true })).toBe(
        'Vanlige verdier fra 29.08–21.11.2026 (85 dager med målinger); beregnet bare fra målingene som vises',
      );
      expect(baselineWindowText(reference, { withheld: false })).toBe(baselineWindowText(reference));
    });

    it('keeps the first year when the span crosses a new year', () => {
      const newYear = '2027-01-10T12:00:00+01:00';
      const sets = Array.from({ length: 20 }, (_, i) => ({
        ...at(`y${i}`, 0, stableVitals(i)),
        effectiveDateTime: new Date(Date.parse(newYear) - (20 - i) * DAY).toISOString(),
      }));
      const b = deriveBaseline('pas', sets, { now: newYear });
      expect(baselineWindowText(b)).toBe('Vanlige verdier fra 21.12.2026–09.01.2027 (20 dager med målinger)');
    });

    it("a clinician's baseline and too little data", () => {
      expect(baselineWindowText(plan)).toBe(
        'Vanlige verdier satt av lege Kari Hansen 01.11.2026 (gjelder til 01.02.2027): Kjent KOLS',
      );
      expect(baselineWindowText(deriveBaseline('pas', deterioration, { now }), { withheld: true })).toBe(
        'Vanlige verdier: for lite data (3 dager med målinger, minst 5 trengs); beregnet bare fra målingene som vises',
      );
    });
  });
});
