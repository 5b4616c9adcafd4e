// Writes that share one transaction (the engine's batches, ./engine.ts step 2): the head of
// the queue gathered, sent as one transaction, and each write's own decision read from its
// own entries of the answer.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { OutboxItem } from '../db';
import type { OutboxKind } from '../kinds/kind';
import { LockedError } from '../vault';
import type { PushDecision } from './push';
import { sendWrite } from './sendWrite';
import type { FhirResult } from './transport';
import {
  ANSWERED,
  confirmedState,
  type SendResult,
  type WriteSender,
  type WriteSenderDeps,
} from './writeSender';

/**
 * At most this many writes, and entries, in one transaction: a body of ~300 KB at most
 * (a set is ~7 parts of ~800 bytes), under the platform's 500 entries (MAX_BUNDLE_ENTRIES),
 * and 200 sets go in 4 requests instead of 200 (test/bench benchmark 5: 20 a transaction
 * still took 2.5× the floor, 50 took 1.35×).
 */
export const BATCH_WRITES = 50;
export const BATCH_ENTRIES = 400;

/** A write opened and turned into its Bundle, ready to share a transaction. */
export interface Prepared {
  item: OutboxItem;
  kind: OutboxKind<unknown>;
  bundle: Bundle;
}

/**
 * The server's answer to a batch, as each write's own decision (its kind's rule on its own
 * entries), or 'refused' when the server refused the transaction as a whole.
 */
export function decideBatch(batch: Prepared[], result: FhirResult): PushDecision[] | 'refused' {
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

export interface BatchSender {
  /**
   * The writes at the head of the queue that may share one transaction, opened and built,
   * starting with `first`: consecutive items of batchable kinds, up to BATCH_WRITES and
   * BATCH_ENTRIES. It stops before an item it cannot open or build (sendOne parks that one
   * with its reason when its turn comes) and before any other kind.
   */
  headBatch(first: OutboxItem): Promise<Prepared[]>;
  /** Sends a batch as one transaction and applies each write's decision, oldest first. */
  sendBatch(batch: Prepared[]): Promise<SendResult[]>;
}

export function createBatchSender(deps: WriteSenderDeps, sender: WriteSender): BatchSender {
  const { outbox, vault, transport, now } = deps;
  const { sendOne, applyDecision, cacheServerCopy } = sender;
  const patch = deps.state.patch;

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

  return { headBatch, sendBatch };
}
