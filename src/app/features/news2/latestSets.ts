// Which sets the NEWS2 panel shows: the latest full set (the one with a total) and any
// single measurements taken after it, which never get a total of their own. "Latest" is
// core's order (measured time, then entry order, never a random id), among the sets that
// count: one marked "registrert feil" never is "NEWS2 nå".
import { scoreNews2, type News2Score } from '../../../core/news2/index';
import { usableSets } from '../../../core/vitals/order';
import type { DeviceVitalSignsSet } from '../../../offline/api';

export interface ScoredSet {
  set: DeviceVitalSignsSet;
  score: News2Score;
}

export interface LatestSets {
  /** Newest complete set, if any. */
  full?: ScoredSet;
  /** Incomplete sets newer than `full` (or all, when there is no full set), newest first. */
  newerPartial: ScoredSet[];
}

const yearMs = 365 * 24 * 3_600_000;

export function latestSets(sets: DeviceVitalSignsSet[]): LatestSets {
  const sorted = usableSets(sets)
    .reverse()
    .map((set) => ({ set, score: scoreNews2(set.vitals) }));
  const fullIndex = sorted.findIndex((s) => s.score.complete);
  if (fullIndex < 0) return { newerPartial: sorted };
  return { full: sorted[fullIndex], newerPartial: sorted.slice(0, fullIndex) };
}

/** "NEWS2 should be taken at least yearly": a full set older than 12 months is flagged. */
export function isOlderThanAYear(iso: string, now: Date): boolean {
  return now.getTime() - Date.parse(iso) > yearMs;
}
