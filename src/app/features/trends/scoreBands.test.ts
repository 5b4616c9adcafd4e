import { describe, expect, it } from 'vitest';
import { thresholds } from './scoreBands';

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
