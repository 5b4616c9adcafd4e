import { describe, expect, it } from 'vitest';
import { thresholdLines, thresholds } from './scoreBands';
import type { TrendPoint } from './series';

describe('chart thresholds come from the scoring', () => {
  it('finds the RCP respiration rate edges', () => {
    expect(thresholds('respirationRate', 1).map((t) => t.value)).toEqual([9, 12, 21, 25]);
  });
  it('finds the temperature edges to one decimal', () => {
    expect(thresholds('temperature', 1).map((t) => t.value)).toEqual([35.1, 36.1, 38.1, 39.1]);
  });
  it('marks the total at 5 and 7', () => {
    expect(thresholds('total', 1)).toEqual([
      { value: 5, score: 5 },
      { value: 7, score: 7 },
    ]);
  });
});

describe('SpO2 thresholds are drawn only where they apply', () => {
  const from = 0;
  const to = 100;
  const point = (t: number, scale: 1 | 2, onOxygen?: boolean): TrendPoint => ({ t, v: 90, scale, onOxygen });
  const drawn = (points: TrendPoint[]) =>
    thresholdLines('spo2', points, from, to, 1).map((l) => [l.value, l.from, l.to, l.onOxygenOnly]);

  it('Scale 1: 92, 94 and 96 across the whole chart, on air or oxygen', () => {
    expect(drawn([point(10, 1, false), point(50, 1, true)])).toEqual([
      [92, 0, 100, false],
      [94, 0, 100, false],
      [96, 0, 100, false],
    ]);
  });

  it('Scale 2 on air only: 84, 86 and 88, no 93 line', () => {
    expect(drawn([point(10, 2, false), point(60, 2, false)]).map(([v]) => v)).toEqual([84, 86, 88]);
  });

  it('Scale 2: the oxygen-only edges over the oxygen spell, the air edges throughout', () => {
    expect(drawn([point(10, 2, false), point(40, 2, true), point(55, 2, true), point(70, 2, false)])).toEqual(
      [
        [84, 0, 100, false],
        [86, 0, 100, false],
        [88, 0, 100, false],
        [93, 40, 70, true],
        [95, 40, 70, true],
        [97, 40, 70, true],
      ],
    );
  });

  it('Scale 2 with air or oxygen not recorded scores and draws as on oxygen', () => {
    expect(drawn([point(10, 2)]).filter(([, , , o]) => o)).toEqual([
      [93, 0, 100, true],
      [95, 0, 100, true],
      [97, 0, 100, true],
    ]);
  });

  it('other parameters: one set of edges for the whole chart', () => {
    const lines = thresholdLines('pulse', [{ t: 5, v: 80 }], from, to, 2);
    expect(lines.every((l) => l.whole && l.from === from && l.to === to)).toBe(true);
    expect(lines.map((l) => l.value)).toEqual([41, 51, 91, 111, 131]);
  });
});
