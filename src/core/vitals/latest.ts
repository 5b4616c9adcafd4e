// "NEWS2 should be taken at least yearly, and always on change" (DOMAIN.md section 4): the
// latest complete set and its age, flagged when older than twelve months.
import type { News2Score } from '../news2/types';
import { scoreNews2 } from '../news2/score';
import type { VitalSignsSet } from './types';

export interface LatestCompleteSet {
  set: VitalSignsSet;
  score: News2Score;
  /** Whole days since it was measured (0 on the same day). */
  ageDays: number;
  /** Measured more than twelve calendar months before `now`. */
  olderThanTwelveMonths: boolean;
}

/** The most recent complete set of `sets` measured at or before `now`, or undefined. */
export function latestCompleteSet(
  sets: readonly VitalSignsSet[],
  opts: { now: string },
): LatestCompleteSet | undefined {
  const now = Date.parse(opts.now);
  if (Number.isNaN(now))
    throw new RangeError(`now is not an ISO 8601 date-time: ${JSON.stringify(opts.now)}`);
  let best: { set: VitalSignsSet; at: number; score: News2Score } | undefined;
  for (const set of sets) {
    const at = Date.parse(set.effectiveDateTime);
    if (Number.isNaN(at) || at > now || (best !== undefined && at <= best.at)) continue;
    const score = scoreNews2(set.vitals);
    if (score.complete) best = { set, at, score };
  }
  if (best === undefined) return undefined;
  const yearLater = new Date(best.at);
  yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
  return {
    set: best.set,
    score: best.score,
    ageDays: Math.floor((now - best.at) / 86_400_000),
    olderThanTwelveMonths: now > yearLater.getTime(),
  };
}
