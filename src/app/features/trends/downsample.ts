// Downsampling for trend charts. A year of 4-hourly sets is ~2,200 points per line, and
// Recharts draws that in ~400 ms (TOOLING.md); ~300 points draw in ~25 ms. Plain averaging
// or LTTB can drop a single extreme reading, which is exactly the one a clinician must see,
// so each time bucket keeps its minimum and its maximum (in time order), and, where the
// caller ranks readings (a NEWS2 sub-score), also the bucket's highest-ranked reading: a
// reading that scores is never merged away because another value in its bucket is more
// extreme (SpO2 on oxygen scores on Scale 2 at values air readings beside it exceed).
// Gaps stay gaps: a null point is never merged away, and a long pause between readings
// becomes a null.

export interface TimePoint {
  /** Epoch milliseconds. */
  t: number;
  /** null marks a gap: the line breaks here. */
  v: number | null;
}

/** Inserts a null point wherever two readings lie more than `maxGapMs` apart. */
export function insertGaps<P extends TimePoint>(
  points: readonly P[],
  maxGapMs: number,
  gap: (t: number) => P,
): P[] {
  const out: P[] = [];
  for (let i = 0; i < points.length; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    if (prev && prev.v !== null && cur.v !== null && cur.t - prev.t > maxGapMs)
      out.push(gap((prev.t + cur.t) / 2));
    out.push(cur);
  }
  return out;
}

/** How much a reading must be kept: > 0 keeps the bucket's highest (e.g. its NEWS2 sub-score). */
export type Rank<P> = (p: P) => number;

function minMaxSegment<P extends TimePoint>(segment: readonly P[], buckets: number, rank?: Rank<P>): P[] {
  if (segment.length <= buckets * 2) return [...segment];
  const first = segment[0].t;
  const span = segment[segment.length - 1].t - first || 1;
  const out: P[] = [];
  let bucketIndex = -1;
  let lo: P | undefined;
  let hi: P | undefined;
  let top: P | undefined;
  let topRank = 0;
  const flush = () => {
    if (!lo || !hi) return;
    const kept = new Set([lo, hi]);
    if (top) kept.add(top);
    // In time order, each reading once.
    out.push(...[...kept].sort((a, b) => a.t - b.t));
  };
  for (const p of segment) {
    const b = Math.min(buckets - 1, Math.floor(((p.t - first) / span) * buckets));
    const r = rank ? rank(p) : 0;
    if (b !== bucketIndex) {
      flush();
      bucketIndex = b;
      lo = hi = p;
      top = r > 0 ? p : undefined;
      topRank = r;
      continue;
    }
    if ((p.v as number) < (lo as P).v!) lo = p;
    if ((p.v as number) > (hi as P).v!) hi = p;
    if (r > 0 && r > topRank) {
      top = p;
      topRank = r;
    }
  }
  flush();
  return out;
}

/**
 * At most about `maxPoints` points (min and max per time bucket), keeping every segment's
 * extremes and every gap; with `rank`, also each bucket's highest-ranked reading (rank > 0),
 * so up to half as many again. Input sorted by time; output is a subset of the input
 * objects, so tooltips keep each reading's own time, sub-score and source.
 */
export function downsample<P extends TimePoint>(
  points: readonly P[],
  maxPoints: number,
  rank?: Rank<P>,
): P[] {
  if (points.length <= maxPoints) return [...points];
  const segments: P[][] = [];
  const gaps: P[] = [];
  let current: P[] = [];
  for (const p of points) {
    if (p.v === null) {
      segments.push(current);
      gaps.push(p);
      current = [];
    } else current.push(p);
  }
  segments.push(current);
  const real = points.length - gaps.length;
  const budget = Math.max(2, maxPoints - gaps.length);
  const out: P[] = [];
  segments.forEach((segment, i) => {
    if (segment.length) {
      const share = Math.max(1, Math.floor(((segment.length / real) * budget) / 2));
      out.push(...minMaxSegment(segment, share, rank));
    }
    if (i < gaps.length) out.push(gaps[i]);
  });
  return out;
}
