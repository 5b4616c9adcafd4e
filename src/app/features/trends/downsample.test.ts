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
