// The local log of offline reads: patient data shown from the device because the server
// could not be reached. A store module: the only code that touches the `auditLog` table.
// The engine uploads a batch as AuditEvents with the next drain and deletes it only when the
// server took it (./sync/engine.ts). Each read is bound to the server whose data was read
// and uploaded to that server only.
import type { VardeDb } from './db';
import type { WriteBinding } from './storeScope';
import type { OfflineRead } from './sync/push';
import type { Vault } from './vault';

export interface AuditLog {
  /** Logs a read of these sections of a patient, made without the server, now. */
  add(read: { patientId: string; what: string[]; who?: string; at: string }): Promise<void>;
  /** The oldest reads (at most `limit`), opened, with a function that deletes exactly them. */
  batch(
    limit?: number,
  ): Promise<{ reads: OfflineRead[]; remove: (ids?: readonly string[]) => Promise<void> } | null>;
  count(): Promise<number>;
}

export function createAuditLog(db: VardeDb, vault: Vault, binding: WriteBinding): AuditLog {
  const { server } = binding;
  return {
    async add({ patientId, what, who, at }) {
      const data = await vault.seal({ what, who });
      await db.auditLog.add({ id: crypto.randomUUID(), patientId, server, at, data });
    },
    async batch(limit = 100) {
      const recs = await db.auditLog
        .orderBy('seq')
        .filter((r) => r.server === server)
        .limit(limit)
        .toArray();
      if (recs.length === 0) return null;
      const reads: OfflineRead[] = [];
      for (const r of recs) {
        const body = await vault.open<{ what: string[]; who?: string }>(r.data);
        reads.push({ id: r.id, patientId: r.patientId, at: r.at, what: body.what, who: body.who });
      }
      return {
        reads,
        remove: (ids) =>
          db.auditLog.bulkDelete(recs.filter((r) => !ids || ids.includes(r.id)).map((r) => r.seq!)),
      };
    },
    count: () => db.auditLog.count(),
  };
}
