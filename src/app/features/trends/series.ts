// Trend series from the patient's sets: what each chart and its table show.
import { scoreNews2, type News2Parameter, type News2Score, type VitalSigns } from '../../../core/news2/index';
import { labelsOf, VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import { isUsable } from '../../../core/vitals/order';
import type { DeviceVitalSignsSet } from '../../../offline/api';
import { formatNumber } from '../../format/norwegian';
import { downsample, insertGaps, type TimePoint } from './downsample';

export type TrendParameter = 'total' | 'respirationRate' | 'spo2' | 'systolicBP' | 'pulse' | 'temperature';
export type TrendRange = '24h' | '7d' | '30d' | '1y';

export const trendParameters: TrendParameter[] = [
  'total',
  'respirationRate',
  'spo2',
  'systolicBP',
  'pulse',
  'temperature',
];

const measured = trendParameters.filter((p): p is Exclude<TrendParameter, 'total'> => p !== 'total');

export const trendLabel: Record<TrendParameter, string> = { total: 'NEWS2 total', ...labelsOf(measured) };

export const trendUnit: Record<TrendParameter, string> = {
  total: 'poeng',
  ...(Object.fromEntries(measured.map((p) => [p, VITAL_PARAMETERS[p].unit])) as Record<
    Exclude<TrendParameter, 'total'>,
    string
  >),
};

export const rangeLabel: Record<TrendRange, string> = {
  '24h': '24 t',
  '7d': '7 d',
  '30d': '30 d',
  '1y': '1 år',
};

const hour = 3_600_000;
const rangeMs: Record<TrendRange, number> = {
  '24h': 24 * hour,
  '7d': 7 * 24 * hour,
  '30d': 30 * 24 * hour,
  '1y': 365 * 24 * hour,
};
/** A pause longer than this breaks the line: readings are not joined across it. */
const gapMs: Record<TrendRange, number> = {
  '24h': 8 * hour,
  '7d': 24 * hour,
  '30d': 3 * 24 * hour,
  '1y': 14 * 24 * hour,
};

export interface TrendPoint extends TimePoint {
  /** The parameter's NEWS2 sub-score, or the total's own value. */
  score?: number;
  setId?: string;
  source?: string;
  performer?: string;
  /** SpO2 readings only: air or oxygen (undefined: not recorded), the flow and the scale used. */
  onOxygen?: boolean;
  flowLpm?: number;
  scale?: 1 | 2;
}

/** Something that happened at a time, drawn on the NEWS2 chart as a marker (e.g. an escalation record). */
export interface TrendEvent {
  t: number;
  /** One or two letters on the chart ("E"); the text below says what it is. */
  mark: string;
  /** Norwegian, complete without the chart: "Lege kontaktet: …". */
  text: string;
}

export function rangeStart(range: TrendRange, now: Date): number {
  return now.getTime() - rangeMs[range];
}

// Six charts and their tables read the same sets: each set's vitals are scored once, by
// the same scoreNews2 as everywhere else. Keyed by the vitals object, which the store never
// changes in place, and forgotten with it.
const scores = new WeakMap<VitalSigns, News2Score>();
function scoreOf(vitals: VitalSigns): News2Score {
  let score = scores.get(vitals);
  if (!score) {
    score = scoreNews2(vitals);
    scores.set(vitals, score);
  }
  return score;
}

// Likewise each set's time, parsed once for the six charts and every range (the store
// replaces a set, never changes it in place).
const times = new WeakMap<DeviceVitalSignsSet, number>();
function timeOf(set: DeviceVitalSignsSet): number {
  let t = times.get(set);
  if (t === undefined) {
    t = Date.parse(set.effectiveDateTime);
    times.set(set, t);
  }
  return t;
}

/** All readings of one parameter in the range, oldest first (the table shows these). */
export function readings(
  sets: readonly DeviceVitalSignsSet[],
  parameter: TrendParameter,
  range: TrendRange,
  now: Date,
): TrendPoint[] {
  const from = rangeStart(range, now);
  const out: TrendPoint[] = [];
  let ordered = true;
  for (const set of sets) {
    // A set marked "registrert feil" is drawn nowhere (the history keeps it).
    if (!isUsable(set)) continue;
    const t = timeOf(set);
    if (!(t >= from && t <= now.getTime())) continue;
    if (out.length && t < out[out.length - 1].t) ordered = false;
    const score = scoreOf(set.vitals);
    const base = { t, setId: set.id, source: set.sourceSystem, performer: set.performer?.display };
    if (parameter === 'total') {
      // A total exists only for a full set: partial sums are never drawn as NEWS2.
      if (score.complete) out.push({ ...base, v: score.total, score: score.total });
    } else {
      const v = set.vitals[parameter];
      if (v === undefined) continue;
      const point: TrendPoint = { ...base, v, score: score.parts[parameter as News2Parameter] };
      if (parameter === 'spo2') {
        point.scale = set.vitals.spo2Scale ?? 1;
        if (set.vitals.onOxygen !== undefined) point.onOxygen = set.vitals.onOxygen;
        if (set.vitals.onOxygen && set.oxygenFlowLpm !== undefined) point.flowLpm = set.oxygenFlowLpm;
      }
      out.push(point);
    }
  }
  // Sets usually come oldest first already: no sort needed then.
  return ordered ? out : out.sort((a, b) => a.t - b.t);
}

/**
 * What the chart draws: gaps marked, then at most ~`maxPoints` points keeping each time
 * bucket's lowest and highest reading and its highest-scoring one (a reading with a NEWS2
 * sub-score ≥ 1 is never merged into a bucket's other values unseen).
 */
export function chartSeries(points: readonly TrendPoint[], range: TrendRange, maxPoints = 300): TrendPoint[] {
  return downsample(
    insertGaps(points, gapMs[range], (t) => ({ t, v: null })),
    maxPoints,
    (p) => p.score ?? 0,
  );
}

/**
 * Points for a chart `plotWidth` pixels wide: one time bucket per pixel column, so the line
 * keeps every column's lowest, highest and highest-scoring reading and nothing narrower
 * than a pixel is drawn twice.
 */
export function pixelBudget(plotWidth: number): number {
  return Math.max(100, Math.round(plotWidth) * 2);
}

/** "Luft", "Oksygen 2 L/min", "Oksygen" or "ukjent", for an SpO2 reading. */
export function airOrOxygenText(p: Pick<TrendPoint, 'onOxygen' | 'flowLpm'>): string {
  if (p.onOxygen === undefined) return 'ukjent';
  if (!p.onOxygen) return 'Luft';
  return p.flowLpm === undefined ? 'Oksygen' : `Oksygen ${formatNumber(p.flowLpm)} L/min`;
}
