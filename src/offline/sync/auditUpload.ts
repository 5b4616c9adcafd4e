// The local log of offline reads uploaded as AuditEvents (the engine's step 3, ./engine.ts):
// in one Bundle, or read by read when the server refuses the batch.
import { buildAuditBundle, backoffMs, type OfflineRead } from './push';
import { sendWrite } from './sendWrite';
import type { FhirResult } from './transport';
import { UNREACHABLE_MAX_BACKOFF_MS, type WriteSenderDeps } from './writeSender';

export interface AuditUploadDeps extends Pick<
  WriteSenderDeps,
  'state' | 'transport' | 'capabilities' | 'now' | 'random'
> {
  /**
   * Reads the local audit log to upload: records, and a function that deletes them (only
   * those whose ids are given, when given).
   */
  auditBatch?: () => Promise<{
    reads: OfflineRead[];
    remove: (ids?: readonly string[]) => Promise<void>;
  } | null>;
}

/** A refusal a resend will not change: a 4xx other than 401, 408 and 429. */
const refusedForGood = (r: FhirResult) =>
  r.kind === 'http-error' && r.status >= 400 && r.status < 500 && ![401, 408, 429].includes(r.status);

/**
 * Uploads what the local log holds. False when the server could not be reached: the reads
 * stay for the next drain and the engine state backs off.
 */
export async function uploadAudit(deps: AuditUploadDeps): Promise<boolean> {
  const { transport, now } = deps;
  const random = deps.random ?? Math.random;
  const { patch, read: readState } = deps.state;
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
