// "NEWS2 should be taken at least yearly, and always on change" (DOMAIN.md section 4): the
// latest complete set and its age, flagged when older than twelve months.
// "Latest" is by measured time, then entry order (./order.ts), never by id; a set marked
// entered-in-error is never the latest.
import type { News2Score } from '../news2/index';
import { scoreNews2 } from '../news2/score';
import { parseInstant } from '../time/oslo';
import { usableSets } from './order';
import type { VitalSignsSet } from './types';

export interface LatestCompleteSet<T extends VitalSignsSet = VitalSignsSet> {
  set: T;
  score: News2Score;
  /** Whole days since it was measured (0 on the same day). */
  ageDays: number;
  /** Measured more than twelve calendar months before `now`. */
  olderThanTwelveMonths: boolean;
}

/** The most recent complete, usable set of `sets` measured at or before `now`, or undefined. */
export function latestCompleteSet<T extends VitalSignsSet>(
  sets: readonly T[],
  opts: { now: string },
): LatestCompleteSet<T> | undefined {
  const now = parseInstant(opts.now, 'now');
  const ordered = usableSets(sets, { now });
  for (let i = ordered.length - 1; i >= 0; i--) {
    const set = ordered[i]!;
    const score = scoreNews2(set.vitals);
    if (!score.complete) continue;
    const at = Date.parse(set.effectiveDateTime);
    const yearLater = new Date(at);
    yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
    return {
      set,
      score,
      ageDays: Math.floor((now - at) / 86_400_000),
      olderThanTwelveMonths: now > yearLater.getTime(),
    };
  }
  return undefined;
}
