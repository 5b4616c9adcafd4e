// The sync engine: drains the outbox through the transport, one drainer at a time.
//
// 1. Take the drain lock (drainLock.ts); if another tab holds it, do nothing.
// 2. For the oldest sendable item, whatever its kind: open it, let its kind (../kinds/)
//    build the transaction Bundle, mark it 'sending', send (as one transaction, or part by
//    part where the server takes no transactions: ./sendWrite.ts), and apply the kind's decision
//    (./writeSender.ts):
//    confirmed -> store the server's Observations (and, through onServerResources, its
//                 other resources) in the cache, then delete the item
//                 (in that order: a crash in between re-sends, and conditional create
//                 answers 200, so nothing doubles);
//    conflict  -> keep the item as 'conflict' with the reason, cache the server's values;
//    parked    -> keep the item as 'parked' with the server's text;
//    retry     -> keep the item, back off (Retry-After wins), stop this drain;
//    login-required -> keep the item, remember it, stop.
//    Writes of a kind that depends on no other (kinds/ `batchable`: vital-signs sets) go
//    several in one transaction (./batchSender.ts): up to BATCH_WRITES of them that are next to each other in
//    the queue. The platform answers per entry, and each write gets its own kind's decision
//    from its own entries. If the server refuses the transaction as a whole (a 4xx: one
//    write it will not take), each write of it is sent again on its own, so the refused one
//    is parked alone with the server's reason and the others are confirmed (conditional
//    create: those the server already has come back 200, nothing doubles). After a failure
//    the drain sends one write at a time until one is confirmed. To a server without
//    transactions a batch goes part by part (./sendWrite.ts) like a single write: the first
//    part refused stops the rest, and the batch is then sent again write by write.
// 3. Then upload the local audit log of offline reads in one Bundle (./auditUpload.ts).
// The engine touches no table itself: it works through the outbox and engine-state stores
// (../outbox.ts, ./engineState.ts), so the same loop can run over any store that keeps them.
import { uploadAudit, type AuditUploadDeps } from './auditUpload';
import { createBatchSender } from './batchSender';
import { BUSY, type DrainLock } from './drainLock';
import type { EngineState } from './engineState';
import { createWriteSender, type WriteSenderDeps } from './writeSender';

export type { EngineState };
export { BATCH_ENTRIES, BATCH_WRITES } from './batchSender';

export type DrainReport =
  | { kind: 'done'; sent: number; parked: number }
  | { kind: 'stopped'; sent: number; parked: number; why: 'retry' | 'login-required' }
  | { kind: 'busy' }
  | { kind: 'locked' }
  | { kind: 'waiting'; until: string }
  /** Something local went wrong (the device locked mid-drain, storage failed); nothing was lost. */
  | { kind: 'failed'; message: string };

export interface SyncEngineDeps extends WriteSenderDeps, AuditUploadDeps {
  /** One drainer per store across tabs (./drainLock.ts). */
  lock: DrainLock;
}

export interface SyncEngine {
  /** force: ignore our own backoff (user pressed "send now", or the network came back). */
  drain(opts?: { force?: boolean }): Promise<DrainReport>;
  state(): Promise<EngineState>;
  isDraining(): boolean;
  onDrainingChange(listener: (draining: boolean) => void): () => void;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { outbox, vault, now } = deps;
  const listeners = new Set<(d: boolean) => void>();
  let current: Promise<DrainReport> | null = null;
  let queued: Promise<DrainReport> | null = null;
  let queuedForce = false;

  const readState = deps.state.read;
  const sender = createWriteSender(deps);
  const { headBatch, sendBatch } = createBatchSender(deps, sender);

  async function drainLocked(force: boolean): Promise<DrainReport> {
    const s = await readState();
    const t = now();
    if (s.notBefore && Date.parse(s.notBefore) > t.getTime()) return { kind: 'waiting', until: s.notBefore };
    if (!force && s.nextTryAt && Date.parse(s.nextTryAt) > t.getTime())
      return { kind: 'waiting', until: s.nextTryAt };
    let sent = 0;
    let parked = 0;
    // After a failure, one write at a time until one is confirmed.
    let alone = s.failures > 0;
    for (;;) {
      const item = await outbox.next();
      if (!item) break;
      const batch = alone ? [] : await headBatch(item);
      const results = batch.length > 1 ? await sendBatch(batch) : [await sender.sendOne(item)];
      for (const r of results) {
        if (r === 'sent') {
          sent++;
          alone = false;
        } else if (r === 'parked') parked++;
        else return { kind: 'stopped', sent, parked, why: r };
      }
    }
    if (!(await uploadAudit(deps))) return { kind: 'stopped', sent, parked, why: 'retry' };
    return { kind: 'done', sent, parked };
  }

  const setDraining = (d: boolean) => listeners.forEach((l) => l(d));

  const engine: SyncEngine = {
    drain(opts = {}) {
      if (!vault.isUnlocked()) return Promise.resolve({ kind: 'locked' });
      const force = opts.force ?? false;
      // One drain per engine at a time. A trigger during a drain (the network came back
      // while the last request was failing) queues one more pass, so it is not lost.
      if (current) {
        queuedForce ||= force;
        queued ??= current.then(() => {
          queued = null;
          const f = queuedForce;
          queuedForce = false;
          return engine.drain({ force: f });
        });
        return queued;
      }
      const run = (async (): Promise<DrainReport> => {
        setDraining(true);
        try {
          const r = await deps.lock.run(() => drainLocked(force));
          return r === BUSY ? { kind: 'busy' } : r;
        } catch (e) {
          return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
        } finally {
          current = null;
          setDraining(false);
        }
      })();
      current = run;
      return run;
    },
    state: readState,
    isDraining: () => current !== null,
    onDrainingChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return engine;
}
