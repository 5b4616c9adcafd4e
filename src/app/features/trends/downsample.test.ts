import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsample, insertGaps, type TimePoint } from './downsample';

const hour = 3_600_000;

function yearOfFourHourly(): TimePoint[] {
  return Array.from({ length: 2190 }, (_, i) => ({
    t: i * 4 * hour,
    v: 3 + Math.round(Math.sin(i / 7) * 2),
  }));
}

describe('downsample', () => {
  it('reduces a year of 4-hourly data to about the budget', () => {
    const out = downsample(yearOfFourHourly(), 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.length).toBeGreaterThan(100);
  });

  it('keeps a single extreme reading', () => {
    const data = yearOfFourHourly();
    data[1234] = { t: data[1234].t, v: 19 };
    data[77] = { t: data[77].t, v: -5 };
    const out = downsample(data, 300);
    expect(out).toContain(data[1234]);
    expect(out).toContain(data[77]);
  });

  it('keeps gaps as gaps', () => {
    const data = yearOfFourHourly();
    const withGap = insertGaps(
      data.filter((p) => p.t < 1000 * hour || p.t > 1500 * hour),
      24 * hour,
      (t) => ({ t, v: null }),
    );
    const out = downsample(withGap, 300);
    expect(out.filter((p) => p.v === null)).toHaveLength(1);
    const gapIndex = out.findIndex((p) => p.v === null);
    expect(out[gapIndex - 1].t).toBeLessThan(1000 * hour);
    expect(out[gapIndex + 1].t).toBeGreaterThan(1500 * hour);
  });

  it('inserts no gap where readings are close', () => {
    expect(insertGaps(yearOfFourHourly(), 24 * hour, (t) => ({ t, v: null })).some((p) => p.v === null)).toBe(
      false,
    );
  });

  it('always keeps the global min and max, in time order, as a subset of the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 300 }), { nil: null, freq: 20 }), {
          minLength: 1,
          maxLength: 3000,
        }),
        fc.integer({ min: 10, max: 400 }),
        (values, budget) => {
          const points = values.map((v, i) => ({ t: i * hour, v }));
          const out = downsample(points, budget);
          const real = points.filter((p) => p.v !== null).map((p) => p.v as number);
          const kept = out.filter((p) => p.v !== null).map((p) => p.v as number);
          if (real.length) {
            expect(Math.max(...kept)).toBe(Math.max(...real));
            expect(Math.min(...kept)).toBe(Math.min(...real));
          }
          expect(out.filter((p) => p.v === null).length).toBe(points.filter((p) => p.v === null).length);
          for (let i = 1; i < out.length; i++) expect(out[i].t).toBeGreaterThan(out[i - 1].t);
          for (const p of out) expect(points).toContain(p);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('downsample with a rank (NEWS2 sub-score)', () => {
  type Ranked = TimePoint & { score: number };
  const byScore = (p: Ranked) => p.score;

  it('keeps a bucket reading that scores although another value in its bucket is more extreme', () => {
    // One bucket of SpO2 on Scale 2: air 97 % and 88 % score 0, oxygen 96 % scores 2. Min and
    // max alone would draw 88 and 97 and hide the only reading that scores.
    const points: Ranked[] = [];
    for (let i = 0; i < 600; i++) points.push({ t: i * hour, v: i % 2 ? 97 : 88, score: 0 });
    const o2 = { t: 300.5 * hour, v: 96, score: 2 };
    points.splice(301, 0, o2);
    expect(downsample(points, 100)).not.toContain(o2);
    const out = downsample(points, 100, byScore);
    expect(out).toContain(o2);
    for (let i = 1; i < out.length; i++) expect(out[i].t).toBeGreaterThan(out[i - 1].t);
  });

  it('always keeps the highest-scoring reading and the extremes, as a subset in time order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 3000,
        }),
        fc.integer({ min: 10, max: 1600 }),
        (values, budget) => {
          const points: Ranked[] = values.map(([v, score], i) => ({ t: i * hour, v, score }));
          const out = downsample(points, budget, byScore);
          const top = Math.max(...points.map((p) => p.score));
          expect(Math.max(...out.map((p) => p.score))).toBe(top);
          expect(Math.max(...out.map((p) => p.v as number))).toBe(Math.max(...values.map(([v]) => v)));
          expect(Math.min(...out.map((p) => p.v as number))).toBe(Math.min(...values.map(([v]) => v)));
          for (let i = 1; i < out.length; i++) expect(out[i].t).toBeGreaterThan(out[i - 1].t);
          for (const p of out) expect(points).toContain(p);
          // About the budget: min, max and at most one ranked reading a bucket.
          expect(out.length).toBeLessThanOrEqual(
            Math.max(points.length <= budget ? points.length : 0, budget * 1.5 + 3),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
