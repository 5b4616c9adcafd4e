// The device's own writes that wait in the outbox, as the screens show them beside the
// server's data: their sync state, and where an item of another server belongs. Pure: the
// items arrive already opened (../patientView.ts opens them).
import type { EscalationRecord } from '../../core/escalation/escalation';
import type { VitalSignsSet } from '../../core/vitals/types';
import type {
  DeviceEscalationRecord,
  DeviceVitalSignsSet,
  LocalSyncState,
  LocalWrite,
  PlanWrite,
} from '../api';
import type { OutboxItem } from '../db';
import type { CommentWrite, CorrectionWrite } from '../kinds/index';

export const SYNC_STATE: Record<OutboxItem['state'], LocalSyncState> = {
  pending: 'pending',
  sending: 'sending',
  parked: 'needs-attention',
  conflict: 'needs-attention',
};

/** Why an item of another server is not sent from this login (Norwegian). */
export function belongsElsewhereText(server: string | undefined): string {
  return server
    ? `Lagret for ${server}. Sendes bare dit: logg inn mot den serveren for å sende.`
    : 'Det er ukjent hvilken server målingen hører til, så den sendes ikke. Kontakt support før den slettes.';
}

/**
 * An item's state as the screens show it: its sync state, and its problem (the server's
 * reason, or where it belongs when it is bound to another server than ownServer).
 */
function itemState(item: OutboxItem, ownServer?: string): Pick<LocalWrite, 'syncState' | 'problem'> {
  const elsewhere = ownServer !== undefined && item.server !== ownServer;
  const problem = item.problem ?? (elsewhere ? belongsElsewhereText(item.server) : undefined);
  return { syncState: SYNC_STATE[item.state], ...(problem ? { problem } : {}) };
}

export function localWrite(item: OutboxItem, ownServer?: string): LocalWrite {
  return { id: item.id, ...itemState(item, ownServer) };
}

/** The device's plan and Scale 2 writes that the server has not confirmed. */
export function planWrites(items: readonly OutboxItem[], ownServer?: string): PlanWrite[] {
  const out: PlanWrite[] = [];
  for (const item of items) {
    if (item.kind !== 'monitoringPlan' && item.kind !== 'personalPlan' && item.kind !== 'scale2Decision')
      continue;
    out.push({
      id: item.id,
      kind: item.kind,
      ...itemState(item, ownServer),
      ...(item.state === 'conflict' ? { conflict: true } : {}),
    });
  }
  return out;
}

export interface LocalSet {
  item: OutboxItem;
  set: VitalSignsSet;
}

/**
 * The device's own writes, as DeviceVitalSignsSets. A write bound to another server than
 * ownServer stays pending and says where it belongs.
 */
export function localSets(local: LocalSet[], ownServer?: string): DeviceVitalSignsSet[] {
  return local.map(({ item, set }) => ({
    ...set,
    ...itemState(item, ownServer),
    ...(item.state === 'conflict' ? { conflict: true } : {}),
  }));
}

/** Corrections and comments of this device that wait in the outbox, opened. */
export interface LocalChanges {
  corrections: { item: OutboxItem; write: CorrectionWrite }[];
  comments: { item: OutboxItem; write: CommentWrite }[];
}

export const NO_LOCAL_CHANGES: LocalChanges = { corrections: [], comments: [] };

export interface LocalEscalation {
  item: OutboxItem;
  record: EscalationRecord;
}

/** The device's own escalation records that wait in the outbox. */
export function localEscalations(local: LocalEscalation[], ownServer?: string): DeviceEscalationRecord[] {
  return local.map(({ item, record }) => ({ ...record, ...itemState(item, ownServer) }));
}
