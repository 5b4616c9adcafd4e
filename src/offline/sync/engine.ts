// The sync engine: drains the outbox through the transport, one drainer at a time.
//
// 1. Take the drain lock (drainLock.ts); if another tab holds it, do nothing.
// 2. For the oldest sendable item, whatever its kind: open it, let its kind (../kinds/)
//    build the transaction Bundle, mark it 'sending', send (as one transaction, or part by
//    part where the server takes no transactions: ./sendWrite.ts), and apply the kind's decision:
//    confirmed -> store the server's Observations (and, through onServerResources, its
//                 other resources) in the cache, then delete the item
//                 (in that order: a crash in between re-sends, and conditional create
//                 answers 200, so nothing doubles);
//    conflict  -> keep the item as 'conflict' with the reason, cache the server's values;
//    parked    -> keep the item as 'parked' with the server's text;
//    retry     -> keep the item, back off (Retry-After wins), stop this drain;
//    login-required -> keep the item, remember it, stop.
//    Writes of a kind that depends on no other (kinds/ `batchable`: vital-signs sets) go
//    several in one transaction: up to BATCH_WRITES of them that are next to each other in
//    the queue. The platform answers per entry, and each write gets its own kind's decision
//    from its own entries. If the server refuses the transaction as a whole (a 4xx: one
//    write it will not take), each write of it is sent again on its own, so the refused one
//    is parked alone with the server's reason and the others are confirmed (conditional
//    create: those the server already has come back 200, nothing doubles). After a failure
//    the drain sends one write at a time until one is confirmed. To a server without
//    transactions a batch goes part by part (./sendWrite.ts) like a single write: the first
//    part refused stops the rest, and the batch is then sent again write by write.
// 3. Then upload the local audit log of offline reads in one Bundle.
// The engine touches no table itself: it works through the outbox and engine-state stores
// (../outbox.ts, ./engineState.ts), so the same loop can run over any store that keeps them.
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import type { OutboxItem } from '../db';
import type { KindTable } from '../kinds/index';
import type { OutboxKind } from '../kinds/kind';
import type { OutboxQueue } from '../outbox';
import { LockedError, type Vault } from '../vault';
import { BUSY, type DrainLock } from './drainLock';
import type { EngineState, EngineStateStore } from './engineState';
import type { CapabilitiesSource } from './capabilities';
import { backoffMs, buildAuditBundle, type OfflineRead, type PushDecision } from './push';
import { sendWrite } from './sendWrite';
import type { FhirResult, FhirTransport } from './transport';

export type { EngineState };

// A failed attempt without coverage costs nothing on the server, and the nurse who gets
// coverage back wants the queue sent at once: retry at least this often while unreachable.
const UNREACHABLE_MAX_BACKOFF_MS = 15_000;

/**
 * At most this many writes, and entries, in one transaction: a body of ~300 KB at most
 * (a set is ~7 parts of ~800 bytes), under the platform's 500 entries (MAX_BUNDLE_ENTRIES),
 * and 200 sets go in 4 requests instead of 200 (test/bench benchmark 5: 20 a transaction
 * still took 2.5× the floor, 50 took 1.35×).
 */
export const BATCH_WRITES = 50;
export const BATCH_ENTRIES = 400;

type SendResult = 'sent' | 'parked' | 'retry' | 'login-required';

/** The engine state after the server answered a write (confirmed, conflict or parked). */
const ANSWERED: Partial<EngineState> = {
  lastError: undefined,
  nextTryAt: undefined,
  failures: 0,
  loginRequired: false,
  unreachable: false,
};
/** ... and after it confirmed one. */
const confirmedState = (t: Date): Partial<EngineState> => ({
  ...ANSWERED,
  lastSuccessAt: t.toISOString(),
  notBefore: undefined,
});

/** A write opened and turned into its Bundle, ready to share a transaction. */
interface Prepared {
  item: OutboxItem;
  kind: OutboxKind<unknown>;
  bundle: Bundle;
}

export type DrainReport =
  | { kind: 'done'; sent: number; parked: number }
  | { kind: 'stopped'; sent: number; parked: number; why: 'retry' | 'login-required' }
  | { kind: 'busy' }
  | { kind: 'locked' }
  | { kind: 'waiting'; until: string }
  /** Something local went wrong (the device locked mid-drain, storage failed); nothing was lost. */
  | { kind: 'failed'; message: string };

export interface SyncEngineDeps {
  outbox: OutboxQueue;
  /** Engine memory in the store (./engineState.ts). */
  state: EngineStateStore;
  vault: Vault;
  transport: FhirTransport;
  /**
   * Whether the server takes transaction Bundles (./capabilities.ts). Absent: it does (Varde's
   * platform). Without transactions each part is a conditional create of its own (./sendWrite.ts).
   */
  capabilities?: CapabilitiesSource;
  /** How each kind of write is sent and confirmed (../kinds/index.ts outboxKinds()). */
  kinds: KindTable;
  lock: DrainLock;
  now: () => Date;
  random?: () => number;
  /**
   * Called with the server's copies of the Observations of a confirmed (or conflicting)
   * write of any kind, before the item is removed (they go to the vitals cache).
   */
  onServerObservations?: (patientId: string, observations: Observation[]) => Promise<void>;
  /**
   * Called with the server's copies of every other resource of a confirmed (or conflicting)
   * write (plans, Scale 2 Flags, an escalation record's Communication), before the item is
   * removed, so the patient's cached sections hold them until the next pull and nothing
   * vanishes from the screen.
   */
  onServerResources?: (patientId: string, resources: Resource[]) => Promise<void>;
  /** Reads the local audit log to upload; returns records and a function to delete them. */
  /**
   * Reads the local audit log to upload: records, and a function that deletes them (only
   * those whose ids are given, when given).
   */
  auditBatch?: () => Promise<{
    reads: OfflineRead[];
    remove: (ids?: readonly string[]) => Promise<void>;
  } | null>;
}

export interface SyncEngine {
  /** force: ignore our own backoff (user pressed "send now", or the network came back). */
  drain(opts?: { force?: boolean }): Promise<DrainReport>;
  state(): Promise<EngineState>;
  isDraining(): boolean;
  onDrainingChange(listener: (draining: boolean) => void): () => void;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { outbox, vault, transport, now } = deps;
  const random = deps.random ?? Math.random;
  const listeners = new Set<(d: boolean) => void>();
  let current: Promise<DrainReport> | null = null;
  let queued: Promise<DrainReport> | null = null;
  let queuedForce = false;

  const patch = deps.state.patch;
  const readState = deps.state.read;

  const park = async (item: OutboxItem, problem: string) => {
    await outbox.update(item.seq!, { state: 'parked', problem });
    return 'parked' as const;
  };
  const cacheServerCopy = async (item: OutboxItem, resources: Resource[]) => {
    const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
    if (observations.length) await deps.onServerObservations?.(item.patientId, observations);
    const others = resources.filter((r) => r.resourceType !== 'Observation');
    if (others.length) await deps.onServerResources?.(item.patientId, others);
  };

  async function sendOne(item: OutboxItem): Promise<SendResult> {
    // Every failure before the request parks the item alone: it stays, shown to the nurse,
    // and the ones behind it go on.
    const kind = deps.kinds[item.kind];
    if (!kind)
      return park(item, 'Denne versjonen av Varde kan ikke sende denne typen endring. Oppdater appen.');
    let payload: unknown;
    try {
      payload = await vault.open<unknown>(item.data);
    } catch (e) {
      if (e instanceof LockedError) throw e;
      return park(item, `${kind.texts.the} kan ikke leses på denne enheten.`);
    }
    let bundle: Bundle;
    try {
      bundle = kind.bundle(payload);
    } catch (e) {
      // A write we cannot even express in FHIR will not improve by retrying.
      return park(item, (e as Error).message);
    }
    await outbox.update(item.seq!, { state: 'sending', attempts: item.attempts + 1 });
    const result = await sendWrite(transport, deps.capabilities, bundle);
    const decision = kind.decide(bundle, result);
    return applyDecision(item, decision);
  }

  /** Applies the kind's decision to one item: the cache, the outbox, the engine state. */
  async function applyDecision(item: OutboxItem, decision: PushDecision): Promise<SendResult> {
    const t = now();
    switch (decision.kind) {
      case 'confirmed':
        await cacheServerCopy(item, decision.resources);
        await outbox.remove(item.seq!);
        await patch(confirmedState(t));
        return 'sent';
      case 'conflict':
        await cacheServerCopy(item, decision.resources);
        await outbox.update(item.seq!, { state: 'conflict', problem: decision.problem });
        await patch(ANSWERED);
        return 'parked';
      case 'parked':
        await outbox.update(item.seq!, { state: 'parked', problem: decision.problem });
        await patch(ANSWERED);
        return 'parked';
      case 'retry': {
        const s = await readState();
        const unreachable = decision.unreachable === true;
        const wait =
          decision.retryAfterMs ??
          backoffMs(
            s.failures,
            random,
            unreachable ? { baseMs: 2_000, maxMs: UNREACHABLE_MAX_BACKOFF_MS } : undefined,
          );
        const at = new Date(t.getTime() + wait).toISOString();
        await outbox.update(item.seq!, { state: 'pending' });
        await patch({
          lastError: decision.reason,
          nextTryAt: at,
          notBefore: decision.retryAfterMs !== undefined ? at : undefined,
          failures: s.failures + 1,
          unreachable,
        });
        return 'retry';
      }
      case 'login-required':
        await outbox.update(item.seq!, { state: 'pending' });
        await patch({ loginRequired: true, unreachable: false });
        return 'login-required';
      default: {
        const never: never = decision;
        return never;
      }
    }
  }

  /**
   * The writes at the head of the queue that may share one transaction, opened and built,
   * starting with `first`: consecutive items of batchable kinds, up to BATCH_WRITES and
   * BATCH_ENTRIES. It stops before an item it cannot open or build (sendOne parks that one
   * with its reason when its turn comes) and before any other kind.
   */
  async function headBatch(first: OutboxItem): Promise<Prepared[]> {
    const batch: Prepared[] = [];
    let entries = 0;
    let item: OutboxItem | undefined = first;
    while (item && batch.length < BATCH_WRITES) {
      const kind = deps.kinds[item.kind];
      if (!kind?.batchable) break;
      let bundle: Bundle;
      try {
        bundle = kind.bundle(await vault.open<unknown>(item.data));
      } catch (e) {
        if (e instanceof LockedError) throw e;
        break;
      }
      const n = bundle.entry?.length ?? 0;
      if (batch.length > 0 && entries + n > BATCH_ENTRIES) break;
      batch.push({ item, kind, bundle });
      entries += n;
      const next: OutboxItem | undefined = await outbox.next(item.seq);
      // A queue that does not know `afterSeq` answers the same item again: the batch ends.
      item = next && next.seq! > item.seq! ? next : undefined;
    }
    return batch;
  }

  /**
   * The server's answer to a batch, as each write's own decision (its kind's rule on its own
   * entries), or 'refused' when the server refused the transaction as a whole.
   */
  function decideBatch(batch: Prepared[], result: FhirResult): PushDecision[] | 'refused' {
    if (result.kind !== 'ok') {
      // No per-entry answer: the same answer for every write (retry, login, or refused).
      const d = batch[0].kind.decide(batch[0].bundle, result);
      return d.kind === 'parked' ? 'refused' : batch.map(() => d);
    }
    const resp = result.body as Bundle | undefined;
    const total = batch.reduce((n, p) => n + (p.bundle.entry?.length ?? 0), 0);
    if (
      resp?.resourceType !== 'Bundle' ||
      resp.type !== 'transaction-response' ||
      resp.entry?.length !== total
    ) {
      // We cannot tell what the server committed. Conditional create makes a resend safe.
      return batch.map(() => ({ kind: 'retry', reason: 'Uventet svar fra serveren.' }));
    }
    let at = 0;
    return batch.map((p) => {
      const n = p.bundle.entry?.length ?? 0;
      const own: Bundle = { ...resp, entry: resp.entry!.slice(at, at + n) };
      at += n;
      return p.kind.decide(p.bundle, { kind: 'ok', status: result.status, body: own });
    });
  }

  /** Sends a batch as one transaction and applies each write's decision, oldest first. */
  async function sendBatch(batch: Prepared[]): Promise<SendResult[]> {
    await outbox.apply({
      update: batch.map(({ item }) => ({
        seq: item.seq!,
        changes: { state: 'sending', attempts: item.attempts + 1 },
      })),
    });
    const requeue = (from: number) =>
      outbox.apply({
        update: batch.slice(from).map((p) => ({ seq: p.item.seq!, changes: { state: 'pending' } })),
      });
    const body: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: batch.flatMap((p) => p.bundle.entry ?? []),
    };
    const result = await sendWrite(transport, deps.capabilities, body);
    const decisions = decideBatch(batch, result);
    const results: SendResult[] = [];
    if (decisions === 'refused') {
      // One write the server will not take: each goes again on its own, in order.
      for (const [i, { item }] of batch.entries()) {
        const r = await sendOne({ ...item, attempts: item.attempts + 1 });
        results.push(r);
        if (r === 'retry' || r === 'login-required') {
          await requeue(i + 1);
          break;
        }
      }
      return results;
    }
    // The server's copies first, one cache write per patient (before any item leaves the
    // outbox: a crash in between re-sends, and the server answers 200).
    const copies = new Map<string, { item: OutboxItem; resources: Resource[] }>();
    const stop = decisions.findIndex((d) => d.kind === 'retry' || d.kind === 'login-required');
    const applied = stop === -1 ? batch.length : stop;
    for (let i = 0; i < applied; i++) {
      const d = decisions[i];
      if (d.kind !== 'confirmed' && d.kind !== 'conflict') continue;
      const { item } = batch[i];
      const c = copies.get(item.patientId) ?? { item, resources: [] };
      c.resources.push(...d.resources);
      copies.set(item.patientId, c);
    }
    for (const { item, resources } of copies.values()) await cacheServerCopy(item, resources);
    // Then the outbox in one store transaction, and the engine state once.
    const update: { seq: number; changes: Partial<OutboxItem> }[] = [];
    const remove: number[] = [];
    for (let i = 0; i < applied; i++) {
      const d = decisions[i];
      const seq = batch[i].item.seq!;
      if (d.kind === 'confirmed') remove.push(seq);
      else if (d.kind === 'conflict' || d.kind === 'parked')
        update.push({ seq, changes: { state: d.kind, problem: d.problem } });
      results.push(d.kind === 'confirmed' ? 'sent' : 'parked');
    }
    await outbox.apply({ update, remove });
    if (applied > 0) await patch(remove.length > 0 ? confirmedState(now()) : ANSWERED);
    if (stop !== -1) {
      // The first write without a clear answer decides (retry or login, as for one write);
      // it and the ones after it stay queued.
      results.push(await applyDecision(batch[stop].item, decisions[stop]));
      await requeue(stop + 1);
    }
    return results;
  }

  /** False when the server could not be reached: the drain then backs off as for a set. */
  const refusedForGood = (r: FhirResult) =>
    r.kind === 'http-error' && r.status >= 400 && r.status < 500 && ![401, 408, 429].includes(r.status);

  async function uploadAudit(): Promise<boolean> {
    const batch = await deps.auditBatch?.();
    if (!batch || batch.reads.length === 0) return true;
    let result = await sendWrite(transport, deps.capabilities, buildAuditBundle(batch.reads));
    // Otherwise the reads stay in the local log for the next drain; nothing is lost.
    if (result.kind === 'ok') await batch.remove();
    else if (refusedForGood(result)) {
      // The server refused the batch (a read older than it accepts, a care relationship that
      // has ended): one refused read must not hold back the others forever. Each is sent on
      // its own; one the server refuses alone is dropped here, because the server has then
      // audited the refusal itself, with who and which patient. The rest stay for later.
      for (const read of batch.reads) {
        result = await sendWrite(transport, deps.capabilities, buildAuditBundle([read]));
        if (result.kind === 'ok' || refusedForGood(result)) await batch.remove([read.id]);
        else break;
      }
    }
    const s = await readState();
    if (result.kind === 'network-error') {
      const wait = backoffMs(s.failures, random, { baseMs: 2_000, maxMs: UNREACHABLE_MAX_BACKOFF_MS });
      await patch({
        unreachable: true,
        nextTryAt: new Date(now().getTime() + wait).toISOString(),
        failures: s.failures + 1,
      });
      return false;
    }
    if (s.unreachable) await patch({ unreachable: false, nextTryAt: undefined, failures: 0 });
    return true;
  }

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
      const results = batch.length > 1 ? await sendBatch(batch) : [await sendOne(item)];
      for (const r of results) {
        if (r === 'sent') {
          sent++;
          alone = false;
        } else if (r === 'parked') parked++;
        else return { kind: 'stopped', sent, parked, why: r };
      }
    }
    if (!(await uploadAudit())) return { kind: 'stopped', sent, parked, why: 'retry' };
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
