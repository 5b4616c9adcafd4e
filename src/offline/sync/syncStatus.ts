// Honest sync status: one pure function from the outbox counts and the engine's memory to
// the SyncStatus the UI shows. Rule one: never "synced" while anything waits.
//
// Precedence, most urgent first: the nurse must act (log in, look at a parked write),
// then writes that wait for another server when none of this login's do, then the reasons
// nothing moves (offline, backing off), then work in progress.
import type { SyncStatus, WaitingElsewhere } from '../api';

export interface SyncStatusInput {
  /** Items waiting to be sent (pending or sending). */
  pending: number;
  /** Items the server refused or that conflict: they wait for the nurse. */
  parked: number;
  /** Of `pending` and `parked`, the vital-signs sets (absent: not known). */
  pendingSets?: number;
  parkedSets?: number;
  online: boolean;
  lastSuccessAt?: string;
  lastError?: string;
  nextTryAt?: string;
  loginRequired: boolean;
  draining: boolean;
  /** Writes on this device for other servers or users (never sent from this login). */
  elsewhere?: WaitingElsewhere[];
}

export function deriveSyncStatus(s: SyncStatusInput): SyncStatus {
  const waiting = s.pending;
  const w = s.pendingSets === undefined ? { waiting } : { waiting, waitingSets: s.pendingSets };
  if (s.loginRequired && waiting > 0) return { kind: 'login-required', ...w };
  if (s.parked > 0) {
    const sets = s.parkedSets === undefined ? {} : { countSets: s.parkedSets };
    return { kind: 'needs-attention', count: s.parked, ...sets, ...w };
  }
  const elsewhere = (s.elsewhere ?? []).filter((e) => e.count > 0);
  if (waiting === 0 && elsewhere.length > 0) {
    // This login's own action first: without a login nothing moves here either.
    return s.loginRequired ? { kind: 'login-required', ...w } : { kind: 'waiting-elsewhere', elsewhere };
  }
  if (!s.online) return { kind: 'offline', ...w };
  if (s.draining) return { kind: 'syncing', ...w };
  if (waiting > 0 && s.lastError && s.nextTryAt) {
    return { kind: 'retrying', ...w, reason: s.lastError, nextTryAt: s.nextTryAt };
  }
  if (waiting > 0) return { kind: 'syncing', ...w };
  if (s.loginRequired) return { kind: 'login-required', ...w };
  return { kind: 'synced', at: s.lastSuccessAt };
}
