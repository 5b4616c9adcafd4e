import { describe, expect, it } from 'vitest';
import { parameterAxis, roundTicks } from './axis';

describe('round ticks', () => {
  it.each([
    { lo: 80, hi: 231, ticks: [50, 100, 150, 200, 250] },
    { lo: 44, hi: 138, ticks: [40, 60, 80, 100, 120, 140] },
    { lo: 12, hi: 28, ticks: [10, 15, 20, 25, 30] },
    { lo: 36.1, hi: 39.1, ticks: [36, 37, 38, 39, 40] },
    { lo: 88, hi: 97, ticks: [88, 90, 92, 94, 96, 98] },
  ])('$lo–$hi → $ticks', ({ lo, hi, ticks }) => {
    expect(roundTicks(lo, hi).ticks).toEqual(ticks);
  });

  it('never steps finer than allowed', () => {
    expect(roundTicks(71, 72, { minStep: 1 }).ticks).toEqual([71, 72]);
  });

  it('steps only by what the chart can print: whole numbers never step 2.5', () => {
    // Respiration 12–21 printed without decimals once read 10, 13, 15, 18, 20, 23.
    expect(roundTicks(10, 22, { minStep: 1 }).ticks).toEqual([10, 15, 20, 25]);
    expect(roundTicks(36.1, 37.1, { minStep: 0.1 }).ticks).toEqual([36, 36.5, 37, 37.5]);
  });
});

describe('a parameter axis', () => {
  it('keeps a far edge out: systolic 94–140 does not stretch to 220', () => {
    const axis = parameterAxis({
      values: [94, 120, 140],
      edges: [91, 101, 111, 220],
      minSpan: 40,
      decimals: 0,
    });
    expect(axis.edges).toEqual([91, 101, 111]);
    expect(axis.ticks).toEqual([90, 100, 110, 120, 130, 140]);
  });

  it('shows the nearest edge beyond the readings when it is close', () => {
    const axis = parameterAxis({
      values: [65, 121],
      edges: [41, 51, 91, 111, 131],
      minSpan: 30,
      decimals: 0,
    });
    expect(axis.edges).toEqual([51, 91, 111, 131]);
    expect(axis.domain).toEqual([40, 140]);
  });

  it('never goes above what the parameter can be (SpO2 100 %)', () => {
    const axis = parameterAxis({
      values: [95, 99],
      edges: [92, 94, 96],
      minSpan: 6,
      decimals: 0,
      limits: { max: 100 },
    });
    expect(axis.domain[1]).toBe(100);
    expect(Math.max(...axis.ticks)).toBe(100);
  });

  it('includes the usual range', () => {
    const axis = parameterAxis({
      values: [36.8],
      usual: { low: 36.2, high: 37.6 },
      edges: [35.1, 36.1, 38.1, 39.1],
      minSpan: 2,
      decimals: 1,
    });
    expect(axis.domain[0]).toBeLessThanOrEqual(36.1);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(38.1);
    expect(axis.ticks.every((t) => Number.isInteger(t * 2))).toBe(true);
  });

  it('has nothing to show without readings', () => {
    expect(parameterAxis({ values: [], edges: [92, 94], minSpan: 6, decimals: 0 }).ticks).toEqual([]);
  });
});
