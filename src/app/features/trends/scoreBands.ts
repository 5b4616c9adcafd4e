// Where a parameter's NEWS2 sub-score changes, found by asking core's scoreNews2 across the
// parameter's range, so the chart's threshold lines can never disagree with the scoring.
import { scoreNews2, type VitalSigns } from '../../../core/news2/index';
import type { TrendParameter, TrendPoint } from './series';

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

/**
 * The edges of a parameter's sub-scores. For SpO2 they depend on the scale and, on Scale 2,
 * on air or oxygen (undefined scores as oxygen, as core does): 93, 95 and 97 % are edges on
 * oxygen only.
 */
export function thresholds(parameter: TrendParameter, scale: 1 | 2, onOxygen?: boolean): Threshold[] {
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
    const vitals: VitalSigns = {
      [parameter]: value,
      ...(parameter === 'spo2' ? { spo2Scale: scale, onOxygen } : {}),
    };
    const score = scoreNews2(vitals).parts[parameter];
    if (score !== undefined && score !== previous && previous !== undefined) out.push({ value, score });
    previous = score;
  }
  return out;
}

/** A threshold drawn over the part of the chart's time where it applies. */
export interface ThresholdLine extends Threshold {
  from: number;
  to: number;
  /** Applies over the whole chart: drawn as a full line. */
  whole: boolean;
  /** An edge that exists on oxygen only (Scale 2: 93, 95, 97 %). */
  onOxygenOnly: boolean;
}

const regimeOf = (p: TrendPoint) => `${p.scale ?? 1}|${p.scale === 2 ? (p.onOxygen ?? 'unknown') : ''}`;

/**
 * Threshold lines for the readings of one chart (issue #12 point 9: drawn only where they
 * apply). Other parameters have one set of edges for the whole chart. SpO2's edges follow
 * each reading's scale and air or oxygen: a regime holds from its first reading until the
 * next reading of another regime (the first from the chart's start, the last to its end).
 */
export function thresholdLines(
  parameter: TrendParameter,
  points: readonly TrendPoint[],
  from: number,
  to: number,
  fallbackScale: 1 | 2,
): ThresholdLine[] {
  const real = points.filter((p) => p.v !== null);
  if (parameter !== 'spo2' || real.length === 0) {
    const scale = parameter === 'spo2' ? fallbackScale : 1;
    return thresholds(parameter, scale).map((t) => ({ ...t, from, to, whole: true, onOxygenOnly: false }));
  }
  const airEdges = new Set(thresholds('spo2', 2, false).map((t) => t.value));
  const oxygenOnly = (v: number) =>
    !airEdges.has(v) && thresholds('spo2', 2, true).some((t) => t.value === v);
  // Runs of readings in the same regime.
  const runs: Array<{ start: number; first: TrendPoint }> = [];
  for (const p of real) {
    const last = runs.at(-1);
    if (!last || regimeOf(last.first) !== regimeOf(p)) runs.push({ start: p.t, first: p });
  }
  const byValue = new Map<number, Array<{ score: number; from: number; to: number }>>();
  runs.forEach((run, i) => {
    const start = i === 0 ? from : run.start;
    const end = runs[i + 1]?.start ?? to;
    const scale = run.first.scale ?? 1;
    for (const t of thresholds('spo2', scale, scale === 2 ? run.first.onOxygen : undefined)) {
      const spans = byValue.get(t.value) ?? [];
      const prev = spans.at(-1);
      // Contiguous spans of the same edge become one line.
      if (prev && prev.to === start) prev.to = end;
      else spans.push({ score: t.score, from: start, to: end });
      byValue.set(t.value, spans);
    }
  });
  const lines: ThresholdLine[] = [];
  for (const [value, spans] of [...byValue].sort((a, b) => a[0] - b[0]))
    for (const s of spans)
      lines.push({
        value,
        score: s.score,
        from: s.from,
        to: s.to,
        whole: s.from === from && s.to === to,
        onOxygenOnly: oxygenOnly(value),
      });
  return lines;
}
