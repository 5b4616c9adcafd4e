// The audit queue (issue 15): the records of concurrent reads go into one INSERT, each
// request's call resolves only once its records are committed, a request's records keep
// their order, and a record that cannot be written fails only its own request.
import type { AuditEvent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import type { Database, Queryable } from '../db/types';
import { migrate } from '../db/migrations';
import { createAuditQueue } from './sqlAuditLog';

let db: Database;
const tenant = `a${Date.now().toString(36)}`;

beforeAll(async () => {
  db = await openDatabase({});
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const event = (patient: string, n: number, recorded = '2026-12-03T10:00:00.000Z'): AuditEvent => ({
  resourceType: 'AuditEvent',
  id: `${patient}-${n}`,
  type: { code: 'rest' },
  recorded,
  agent: [{ requestor: true }],
  source: { observer: { display: 'test' } },
  entity: [{ what: { reference: `Patient/${patient}` } }],
});

/** The database, counting the statements that reach it. */
function counting(q: Queryable): Queryable & { inserts: number } {
  const c = {
    inserts: 0,
    query: (sql: string, params?: unknown[]) => {
      if (sql.includes('INSERT INTO audit_events')) c.inserts++;
      return q.query(sql, params) as never;
    },
    exec: (sql: string) => q.exec(sql),
  };
  return c;
}

const ids = async (patient: string) =>
  (
    await db.query<{ id: string }>(
      'SELECT id FROM audit_events WHERE tenant = $1 AND patient = $2 ORDER BY seq',
      [tenant, patient],
    )
  ).rows.map((r) => r.id);

describe('audit queue', () => {
  it('writes concurrent requests together, each committed when its call resolves, in order', async () => {
    const q = counting(db);
    const queue = createAuditQueue(q, () => new Date());
    const patients = Array.from({ length: 20 }, (_, i) => `q${i}`);
    await Promise.all(
      patients.map(async (p) => {
        await queue.add(tenant, [event(p, 1), event(p, 2), event(p, 3)]);
        // Resolved: the records are there for any other connection to read.
        expect(await ids(p)).toEqual([`${p}-1`, `${p}-2`, `${p}-3`]);
      }),
    );
    // 20 requests, fewer statements: the first alone, the rest together behind it.
    expect(q.inserts).toBeLessThan(patients.length);
    expect(q.inserts).toBeGreaterThan(0);
  });

  it('fails only the request whose record cannot be written', async () => {
    const queue = createAuditQueue(db, () => new Date());
    const results = await Promise.allSettled([
      queue.add(tenant, [event('ok1', 1)]),
      queue.add(tenant, [event('bad', 1, 'not a time')]),
      queue.add(tenant, [event('ok2', 1)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids('ok1')).toEqual(['ok1-1']);
    expect(await ids('ok2')).toEqual(['ok2-1']);
    expect(await ids('bad')).toEqual([]);
  });

  it('keeps a record whose id exists as it was (a retried upload)', async () => {
    const queue = createAuditQueue(db, () => new Date());
    await queue.add(tenant, [event('dup', 1)]);
    await queue.add(tenant, [{ ...event('dup', 1), outcome: '8' }]);
    const rows = await db.query<{ content: AuditEvent | string }>(
      'SELECT content FROM audit_events WHERE tenant = $1 AND id = $2',
      [tenant, 'dup-1'],
    );
    expect(rows.rows).toHaveLength(1);
    const c = rows.rows[0].content;
    expect((typeof c === 'string' ? (JSON.parse(c) as AuditEvent) : c).outcome).toBeUndefined();
  });
});
