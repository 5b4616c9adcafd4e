// What every benchmark returns, and the statistics they share. A figure is a median over
// several runs; a budget only labels it PASS or MISS (the bench never fails on a budget).
//
// Absolute times move 2-5x with the machine's load, so most figures come with a floor: the
// same work done the plainest way, measured in the same run on the same machine (a static
// response of the same bytes, a raw IndexedDB write, a plain SVG polyline, one indexed
// query). The budget that counts is then the ratio to that floor; an absolute budget is
// kept only where the issue names one for a quiet machine.
import { loadavg } from 'node:os';

export interface Figure {
  /** Benchmark number and part, e.g. "6.pglite.p95". */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** An absolute budget (meant for a quiet machine). Lower is better unless higherIsBetter. */
  budget?: number;
  higherIsBetter?: boolean;
  /** The floor measured in the same run, in the figure's unit: the same work done the plainest way. */
  floor?: number;
  /** What the floor is, in words. */
  floorLabel?: string;
  /** The budget on value / floor (≤ unless higherIsBetter). */
  ratioBudget?: number;
  /**
   * value / floor of each run, where a run measured both back to back: the ratio is then
   * the median of these (robust to the load changing between runs), not median / median.
   */
  ratioRuns?: number[];
  /** The single runs the median was taken from. */
  runs?: number[];
  note?: string;
}

export interface BenchSection {
  id: string;
  title: string;
  figures: Figure[];
  /** What size or setting was actually used, in words (honest about scaled-down runs). */
  notes: string[];
  skipped?: string;
  /** Facts that are not timings (e.g. Lighthouse's installability findings), kept in the JSON. */
  facts?: Record<string, string | number | boolean | null>;
  /** The machine's load average (1, 5, 15 min) when the section started and ended. */
  load?: { start: number[]; end: number[] };
}

/** The machine's 1, 5 and 15 minute load averages, rounded. */
export function loadAverage(): number[] {
  return loadavg().map((v) => round(v, 2));
}

export interface BenchContext {
  quick: boolean;
  runs: number;
  /** Parsed --key=value flags. */
  flags: Record<string, string>;
  log(message: string): void;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/** The median of the per-run ratios if there are any, else value / floor; undefined without a floor. */
export function ratio(f: Figure): number | undefined {
  if (f.ratioRuns?.length) return median(f.ratioRuns);
  if (f.floor === undefined || !Number.isFinite(f.floor) || f.floor === 0) return undefined;
  return f.value / f.floor;
}

const meets = (value: number, budget: number, higher?: boolean) =>
  higher ? value >= budget : value <= budget;

/** PASS/MISS on the ratio budget (the one that counts), else on the absolute budget. */
export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  const r = ratio(f);
  if (f.ratioBudget !== undefined && r !== undefined)
    return meets(r, f.ratioBudget, f.higherIsBetter) ? 'PASS' : 'MISS';
  return absoluteVerdict(f);
}

/** PASS/MISS on the absolute budget alone. */
export function absoluteVerdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (f.budget === undefined || !Number.isFinite(f.value)) return '';
  return meets(f.value, f.budget, f.higherIsBetter) ? 'PASS' : 'MISS';
}

export function round(value: number, digits = 1): number {
  const m = 10 ** digits;
  return Math.round(value * m) / m;
}

/** Runs fn n times and returns the durations in milliseconds. */
export async function timeRuns(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export function formatTable(sections: BenchSection[]): string {
  const rows: string[][] = [['#', 'figure', 'value', 'floor', 'ratio', 'budget', '']];
  const blank = ['', '', '', '', ''];
  for (const s of sections) {
    const load = s.load
      ? ` [load average ${s.load.start.join('/')} at start, ${s.load.end.join('/')} at end]`
      : '';
    rows.push([s.id, `== ${s.title}${s.skipped ? ` (skipped: ${s.skipped})` : ''}${load}`, ...blank]);
    for (const f of s.figures) {
      const cmp = f.higherIsBetter ? '>=' : '<=';
      const r = ratio(f);
      const budgets = [
        f.ratioBudget !== undefined ? `${cmp} ${f.ratioBudget}× floor` : '',
        f.budget !== undefined
          ? `${cmp} ${f.budget} ${f.unit}${f.ratioBudget !== undefined ? ` (quiet machine: ${absoluteVerdict(f)})` : ''}`
          : '',
      ].filter(Boolean);
      rows.push([
        f.id,
        f.label,
        `${round(f.value, 2)} ${f.unit}`,
        f.floor !== undefined ? `${round(f.floor, 2)} ${f.unit}` : '',
        r !== undefined ? `${round(r, 2)}×` : '',
        budgets.join('; '),
        verdict(f),
      ]);
      if (f.floorLabel && f.floor !== undefined) rows.push(['', `  floor: ${f.floorLabel}`, ...blank]);
    }
    for (const n of s.notes) rows.push(['', `  note: ${n}`, ...blank]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c].length > 70 ? 0 : r[c].length))));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '))
    .join('\n');
}
