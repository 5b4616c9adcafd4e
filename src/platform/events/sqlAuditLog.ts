// The audit log (`audit_events`, append-only) over the SQL Database interface: one write
// per AuditEvent, idempotent on its id, and the newest-first search of one tenant's records.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types';
import { parseContent } from './resourceQueries';
import type { AuditQuery } from './types';

export async function insertAudit(
  q: Queryable,
  tenant: string,
  event: AuditEvent,
  now: () => Date,
): Promise<AuditEvent> {
  const recorded = event.recorded ?? now().toISOString();
  const stored: AuditEvent = { ...event, id: event.id ?? randomUUID(), recorded };
  const json = JSON.stringify(stored);
  // A retried upload of the same record (same id) is a no-op, never a second copy. A new
  // record (every server-made one) is answered from the text just written instead of
  // RETURNING its jsonb: a search's record lists up to 200 references, and reading them
  // back on every read would cost more than writing them.
  const ins = await q.query(
    `INSERT INTO audit_events (tenant, id, patient, recorded_at, content)
     VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb) ON CONFLICT (tenant, id) DO NOTHING RETURNING seq`,
    [tenant, stored.id, auditPatient(stored), recorded, json],
  );
  if (ins.rows.length) return JSON.parse(json) as AuditEvent;
  const kept = await q.query<{ content: unknown }>(
    'SELECT content FROM audit_events WHERE tenant = $1 AND id = $2',
    [tenant, stored.id],
  );
  return kept.rows[0] ? parseContent<AuditEvent>(kept.rows[0].content) : stored;
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
