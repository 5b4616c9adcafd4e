// The order of vital-signs sets (issue #11 point 7): by measured time to the millisecond,
// then by entry order, never by a random id. "NEWS2 nå", every list and every trend use it.
//
// Entry order is the set's `recordedAt` (when it was saved on the device), else its
// `receivedAt` (when the platform stored it): the later entry is the later set. Sets with
// equal measured and entry times compare equal, and Array.prototype.sort is stable, so
// they keep the caller's order (the order they were stored in). A measured time that does
// not parse sorts first, so it can never become the latest set.
import type { VitalSignsSet } from './types';

type Ordered = Pick<VitalSignsSet, 'effectiveDateTime' | 'recordedAt' | 'receivedAt'>;

function measuredMs(set: Ordered): number {
  const ms = Date.parse(set.effectiveDateTime);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** When the set was entered: recordedAt, else receivedAt, else undefined. */
export function entryMs(set: Ordered): number | undefined {
  for (const iso of [set.recordedAt, set.receivedAt]) {
    if (iso === undefined) continue;
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

/**
 * Comparator, oldest first: measured time, then entry time (a set without one before a set
 * with one: an entry stamped later is the newer one), else 0 (keep the input order).
 */
export function compareSetsChronologically(a: Ordered, b: Ordered): number {
  const byMeasured = measuredMs(a) - measuredMs(b);
  if (byMeasured !== 0 && !Number.isNaN(byMeasured)) return byMeasured < 0 ? -1 : 1;
  const ea = entryMs(a);
  const eb = entryMs(b);
  if (ea === undefined || eb === undefined) return ea === eb ? 0 : ea === undefined ? -1 : 1;
  return ea === eb ? 0 : ea < eb ? -1 : 1;
}

/** A sorted copy, oldest first (see compareSetsChronologically). */
export function sortSetsChronologically<T extends Ordered>(sets: readonly T[]): T[] {
  return [...sets].sort(compareSetsChronologically);
}

/** False for a set marked "registrert feil": it counts nowhere but the history. */
export function isUsable(set: Pick<VitalSignsSet, 'enteredInError'>): boolean {
  return set.enteredInError === undefined;
}

/**
 * The sets that count clinically, oldest first: not entered-in-error, of `patientId` when
 * given, measured at or before `now` when given. Every clinical rule of core reads sets
 * through this.
 */
export function usableSets<T extends VitalSignsSet>(
  sets: readonly T[],
  opts: { now?: number; patientId?: string } = {},
): T[] {
  return sortSetsChronologically(
    sets.filter((s) => {
      if (!isUsable(s)) return false;
      if (opts.patientId !== undefined && s.patientId !== opts.patientId) return false;
      if (opts.now === undefined) return true;
      const t = Date.parse(s.effectiveDateTime);
      return !Number.isNaN(t) && t <= opts.now;
    }),
  );
}
