// The escalation records a patient's screens show: the server's and the device's own. Pure.
import type { EscalationRecord } from '../../core/escalation/escalation';
import type { DeviceEscalationRecord, Section } from '../api';
import type { SectionRecord } from '../db';
import { withLocal, type ComposeContext } from './compose';

/**
 * Server records plus the device's own, oldest recorded first. A record still in the outbox
 * replaces the server's copy of the same id; like sets, the device's own are shown even
 * before the first fetch.
 */
export function escalationsSection(
  rec: SectionRecord | undefined,
  data: EscalationRecord[] | undefined,
  local: DeviceEscalationRecord[],
  ctx: ComposeContext,
): Section<DeviceEscalationRecord[]> {
  const merge = (server: EscalationRecord[]): DeviceEscalationRecord[] => {
    const waiting = new Set(local.map((l) => l.id));
    return [
      ...server.filter((s) => !waiting.has(s.id)).map((s) => ({ ...s, syncState: 'confirmed' as const })),
      ...local,
    ].sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
  };
  return withLocal(rec, data, [], local.length > 0, merge, ctx, 'Registreringer');
}
