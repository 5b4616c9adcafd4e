// Where a parameter's NEWS2 sub-score changes, found by asking core's scoreNews2 across the
// parameter's range, so the chart's threshold lines can never disagree with the scoring.
import { scoreNews2, type VitalSigns } from '../../../core/news2/index';
import type { TrendParameter } from './series';

export interface Threshold {
  /** The first value with the new sub-score. */
  value: number;
  score: number;
}

const probe: Record<Exclude<TrendParameter, 'total'>, { from: number; to: number; step: number }> = {
  respirationRate: { from: 0, to: 60, step: 1 },
  spo2: { from: 70, to: 100, step: 1 },
  systolicBP: { from: 50, to: 260, step: 1 },
  pulse: { from: 20, to: 200, step: 1 },
  temperature: { from: 32, to: 42, step: 0.1 },
};

export function thresholds(parameter: TrendParameter, scale: 1 | 2): Threshold[] {
  if (parameter === 'total')
    return [
      { value: 5, score: 5 },
      { value: 7, score: 7 },
    ];
  const { from, to, step } = probe[parameter];
  const out: Threshold[] = [];
  let previous: number | undefined;
  for (let i = 0; from + i * step <= to + 1e-9; i++) {
    const value = Math.round((from + i * step) * 10) / 10;
    // On Scale 2 the upper SpO2 bands apply on oxygen; those are the ones to watch.
    const vitals: VitalSigns = {
      [parameter]: value,
      ...(parameter === 'spo2' ? { spo2Scale: scale, onOxygen: true } : {}),
    };
    const score = scoreNews2(vitals).parts[parameter];
    if (score !== undefined && score !== previous && previous !== undefined) out.push({ value, score });
    previous = score;
  }
  return out;
}
