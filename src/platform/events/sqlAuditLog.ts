// The audit log (`audit_events`, append-only) over the SQL Database interface: one write
// per AuditEvent, idempotent on its id; the records of concurrent reads written together
// (createAuditQueue); and the newest-first search of one tenant's records.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types';
import { parseContent } from './resourceQueries';
import type { AuditQuery } from './types';

/** Rows per INSERT of the audit queue (each record lists at most 200 references). */
const AUDIT_BATCH_ROWS = 500;

interface AuditRow {
  tenant: string;
  id: string;
  patient: string | null;
  recorded: string;
  json: string;
}

function auditRow(tenant: string, event: AuditEvent, now: () => Date): AuditRow {
  const recorded = event.recorded ?? now().toISOString();
  const stored: AuditEvent = { ...event, id: event.id ?? randomUUID(), recorded };
  return { tenant, id: stored.id!, patient: auditPatient(stored), recorded, json: JSON.stringify(stored) };
}

export async function insertAudit(
  q: Queryable,
  tenant: string,
  event: AuditEvent,
  now: () => Date,
): Promise<AuditEvent> {
  const { id, patient, recorded, json } = auditRow(tenant, event, now);
  // A retried upload of the same record (same id) is a no-op, never a second copy. A new
  // record (every server-made one) is answered from the text just written instead of
  // RETURNING its jsonb: a search's record lists up to 200 references, and reading them
  // back on every read would cost more than writing them.
  const ins = await q.query(
    `INSERT INTO audit_events (tenant, id, patient, recorded_at, content)
     VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb) ON CONFLICT (tenant, id) DO NOTHING RETURNING seq`,
    [tenant, id, patient, recorded, json],
  );
  const stored = JSON.parse(json) as AuditEvent;
  if (ins.rows.length) return stored;
  const kept = await q.query<{ content: unknown }>(
    'SELECT content FROM audit_events WHERE tenant = $1 AND id = $2',
    [tenant, id],
  );
  return kept.rows[0] ? parseContent<AuditEvent>(kept.rows[0].content) : stored;
}

/** One INSERT of many records, in their order (seq follows it); a known id is kept as it was. */
async function insertAuditRows(q: Queryable, rows: AuditRow[]): Promise<void> {
  await q.query(
    `INSERT INTO audit_events (tenant, id, patient, recorded_at, content)
     SELECT t, i, p, r::timestamptz, c::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(t, i, p, r, c, n)
      ORDER BY n
     ON CONFLICT (tenant, id) DO NOTHING`,
    [
      rows.map((r) => r.tenant),
      rows.map((r) => r.id),
      rows.map((r) => r.patient),
      rows.map((r) => r.recorded),
      rows.map((r) => r.json),
    ],
  );
}

export interface AuditQueue {
  /**
   * Writes a request's records and resolves once they are committed: the caller answers
   * only then, so no answered read is unaudited. Records of requests that arrive while a
   * write is under way go together in the next INSERT (one commit, one WAL flush, for
   * many reads); a request's own records stay in their order.
   */
  add(tenant: string, events: AuditEvent[]): Promise<void>;
}

export function createAuditQueue(q: Queryable, now: () => Date): AuditQueue {
  type Waiting = { rows: AuditRow[]; resolve: () => void; reject: (e: unknown) => void };
  const waiting: Waiting[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (waiting.length) {
        const batch: Waiting[] = [];
        let n = 0;
        while (waiting.length && (batch.length === 0 || n + waiting[0].rows.length <= AUDIT_BATCH_ROWS)) {
          const w = waiting.shift()!;
          batch.push(w);
          n += w.rows.length;
        }
        try {
          await insertAuditRows(
            q,
            batch.flatMap((w) => w.rows),
          );
          for (const w of batch) w.resolve();
        } catch {
          // One request's bad record must not fail the others: each on its own, and only
          // the request whose write fails gets the error (and answers 500, unaudited read
          // never sent).
          for (const w of batch) {
            try {
              await insertAuditRows(q, w.rows);
              w.resolve();
            } catch (e) {
              w.reject(e);
            }
          }
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    add(tenant, events) {
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ rows: events.map((e) => auditRow(tenant, e, now)), resolve, reject });
        if (!running) void drain();
      });
    },
  };
}

/** One page of a tenant's audit records, newest first, optionally about one patient. */
export async function searchAudit(
  q: Queryable,
  tenant: string,
  query: AuditQuery,
): Promise<{ events: AuditEvent[]; hasMore: boolean }> {
  const count = query.count ?? 100;
  const params: unknown[] = [tenant];
  let where = 'tenant = $1';
  if (query.patient) {
    params.push(query.patient);
    where += ` AND patient = $${params.length}`;
  }
  params.push(count + 1, query.offset ?? 0);
  const r = await q.query<{ content: unknown }>(
    `SELECT content FROM audit_events WHERE ${where} ORDER BY seq DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const events = r.rows.map((row) => parseContent<AuditEvent>(row.content));
  return { events: events.slice(0, count), hasMore: events.length > count };
}

/** The patient an AuditEvent is about: the first entity that references a Patient. */
export function auditPatient(event: AuditEvent): string | null {
  for (const e of event.entity ?? []) {
    const ref = e.what?.reference;
    if (ref?.startsWith('Patient/')) return ref.slice('Patient/'.length);
  }
  return null;
}
