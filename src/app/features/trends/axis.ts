// The value axis of a trend chart: round ticks (10, 20, 30 – never 231 / 138 / 44), a
// domain that shows the readings and the score edges near them, and NEWS2 always 0–20
// (issue #12 point 9).

export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

/** NEWS2 total: the whole scale, so 5 and 7 always sit at the same height. */
export const NEWS2_AXIS: ValueAxis = { domain: [0, 20], ticks: [0, 5, 10, 15, 20] };

const STEPS = [1, 2, 2.5, 5];

/**
 * Round ticks covering [lo, hi]: the smallest step of 1, 2, 2.5 or 5 × 10^k that needs at
 * most `maxIntervals` intervals, is at least `minStep` and a whole multiple of it, the domain
 * widened to whole steps.
 */
export function roundTicks(
  lo: number,
  hi: number,
  opts: { maxIntervals?: number; minStep?: number } = {},
): ValueAxis {
  const maxIntervals = opts.maxIntervals ?? 5;
  const minStep = opts.minStep ?? 0;
  if (!(hi > lo)) {
    const pad = Math.max(minStep, 1);
    return roundTicks(lo - pad, hi + pad, opts);
  }
  let magnitude = 10 ** Math.floor(Math.log10((hi - lo) / maxIntervals));
  for (;;) {
    for (const m of STEPS) {
      const step = m * magnitude;
      if (step < minStep) continue;
      // A tick must be printable with the chart's decimals: with whole numbers, 2.5 would
      // print 10, 13, 15, 18 (minStep is the smallest printable step, 1 or 0.1).
      if (minStep > 0 && Math.abs(step / minStep - Math.round(step / minStep)) > 1e-9) continue;
      const a = Math.floor(lo / step + 1e-9) * step;
      const b = Math.ceil(hi / step - 1e-9) * step;
      if (Math.round((b - a) / step) <= maxIntervals) {
        const ticks: number[] = [];
        for (let v = a; v <= b + step / 2; v += step) ticks.push(Math.round(v * 1000) / 1000);
        return { domain: [ticks[0] as number, ticks[ticks.length - 1] as number], ticks };
      }
    }
    magnitude *= 10;
  }
}

/**
 * The value axis of one parameter's chart. Shown: every reading, the usual range, every
 * score edge inside them, and the nearest edge beyond each side when it lies close (within
 * half the span shown, at least `minSpan`), so the next band is in view without squeezing
 * the readings into a sliver. `limits` clip the axis to what the parameter can be (SpO2 ≤ 100).
 */
export function parameterAxis(opts: {
  values: readonly number[];
  usual?: { low?: number; high?: number };
  edges: readonly number[];
  minSpan: number;
  decimals: number;
  limits?: { min?: number; max?: number };
}): ValueAxis & { edges: number[] } {
  const lo = Math.min(...opts.values, opts.usual?.low ?? Infinity);
  const hi = Math.max(...opts.values, opts.usual?.high ?? -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [], edges: [] };
  const reach = Math.max(opts.minSpan, hi - lo) / 2;
  const sorted = [...opts.edges].sort((a, b) => a - b);
  const below = sorted.filter((e) => e < lo).at(-1);
  const above = sorted.find((e) => e > hi);
  const edges = sorted.filter(
    (e) => (e >= lo && e <= hi) || (e === below && lo - e <= reach) || (e === above && e - hi <= reach),
  );
  let a = Math.min(lo, ...edges);
  let b = Math.max(hi, ...edges);
  // A flat series still gets an axis of at least minSpan around it.
  if (b - a < opts.minSpan) {
    const mid = (a + b) / 2;
    a = mid - opts.minSpan / 2;
    b = mid + opts.minSpan / 2;
  }
  const axis = roundTicks(a, b, { minStep: opts.decimals > 0 ? 0.1 : 1 });
  const min = opts.limits?.min;
  const max = opts.limits?.max;
  const ticks = axis.ticks.filter((t) => (min === undefined || t >= min) && (max === undefined || t <= max));
  return {
    domain: [
      min === undefined ? axis.domain[0] : Math.max(min, axis.domain[0]),
      max === undefined ? axis.domain[1] : Math.min(max, axis.domain[1]),
    ],
    ticks,
    edges,
  };
}
