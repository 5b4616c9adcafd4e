// What every benchmark returns, and the statistics they share. A figure is a median over
// several runs; a budget only labels it PASS or MISS (the bench never fails on a budget).

export interface Figure {
  /** Benchmark number and part, e.g. "6.pglite.p95". */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** Lower is better unless higherIsBetter. */
  budget?: number;
  higherIsBetter?: boolean;
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

export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (f.budget === undefined || !Number.isFinite(f.value)) return '';
  return (f.higherIsBetter ? f.value >= f.budget : f.value <= f.budget) ? 'PASS' : 'MISS';
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
  const rows: string[][] = [['#', 'figure', 'value', 'budget', '']];
  for (const s of sections) {
    rows.push([s.id, `== ${s.title}${s.skipped ? ` (skipped: ${s.skipped})` : ''}`, '', '', '']);
    for (const f of s.figures) {
      const budget = f.budget === undefined ? '' : `${f.higherIsBetter ? '>=' : '<='} ${f.budget} ${f.unit}`;
      rows.push([f.id, f.label, `${round(f.value, 2)} ${f.unit}`, budget, verdict(f)]);
    }
    for (const n of s.notes) rows.push(['', `  note: ${n}`, '', '', '']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c].length > 70 ? 0 : r[c].length))));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '))
    .join('\n');
}
