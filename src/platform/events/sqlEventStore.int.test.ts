import type { Observation, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createSqlEventStore } from './sqlEventStore';
import type { EventStore } from './types';

const pgUrl = process.env.VARDE_TEST_DATABASE_URL;
const backends: { name: string; open: () => Promise<Database> }[] = [
  { name: 'PGlite', open: () => openDatabase({}) },
];
if (pgUrl) backends.push({ name: 'PostgreSQL', open: () => openDatabase({ databaseUrl: pgUrl }) });
else console.warn('[varde] VARDE_TEST_DATABASE_URL is unset: event-store tests run on PGlite only.');

function obs(patient: string, n: number, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    valueQuantity: { value: 60 + (n % 50), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    identifier: [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: `set-${patient}-${n}/pulse` }],
    ...extra,
  };
}

describe.each(backends)('event store on $name', ({ open }) => {
  let db: Database;
  let store: EventStore;
  // Unique tenants keep runs against a shared PostgreSQL server apart.
  const tenant = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    db = await open();
    store = createSqlEventStore(db);
    // PGlite's cold start is slow on a loaded machine; the projects do not inherit hookTimeout.
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('assigns id, versionId and lastUpdated, and versions updates', async () => {
    const [created] = await store.appendBatch(tenant, [{ resource: obs('p1', 1), sourceSystem: 'test' }]);
    expect(created.id).toBeTruthy();
    expect(created.meta?.versionId).toBe('1');
    expect(created.meta?.source).toBe('test');
    const updated = await store.write(tenant, (w) =>
      w.append({ resource: { ...created, status: 'amended' } as Resource, sourceSystem: 'test' }),
    );
    expect(updated.meta?.versionId).toBe('2');
    const read = await store.read(tenant, 'Observation', created.id as string);
    expect((read?.resource as Observation).status).toBe('amended');
    expect(await store.countEvents(tenant)).toBe(2);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of events and audit rows', async () => {
    await store.appendAudit(tenant, { resourceType: 'AuditEvent' } as never);
    await expect(db.query('UPDATE events SET author = $1 WHERE tenant = $2', ['x', tenant])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM events WHERE tenant = $1', [tenant])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_events WHERE tenant = $1', [tenant])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.exec('TRUNCATE events')).rejects.toThrow(/append-only/);
    expect(await store.countEvents(tenant)).toBe(2);
  });

  it('bulk-loads thousands of resources and searches them by patient, code and date', async () => {
    const inputs = Array.from({ length: 3000 }, (_, n) => ({
      resource: obs(n % 2 ? 'p2' : 'p3', n),
      sourceSystem: 'seed',
    }));
    const out = await store.appendBatch(tenant, inputs);
    expect(out).toHaveLength(3000);
    const page = await store.search(tenant, {
      type: 'Observation',
      patients: ['p2'],
      codes: ['http://loinc.org|8867-4'],
      effective: [{ op: '>=', value: '2026-01-01T10:00:00Z' }],
      sort: [{ field: 'effective', desc: true }],
      count: 50,
    });
    expect(page.resources).toHaveLength(50);
    expect(page.hasMore).toBe(true);
    const times = page.resources.map((r) => (r as Observation).effectiveDateTime as string);
    expect([...times].sort().reverse()).toEqual(times);
    expect(times.every((t) => t >= '2026-01-01T10:00:00')).toBe(true);
  });

  it('leaves restricted items out of searches', async () => {
    await store.appendBatch(tenant, [
      {
        resource: obs('p4', 1, {
          meta: {
            security: [{ system: 'https://varde.no/fhir/CodeSystem/sharing', code: 'restricted-by-patient' }],
          },
        }),
        sourceSystem: 'test',
      },
      { resource: obs('p4', 2), sourceSystem: 'test' },
    ]);
    const r = await store.search(tenant, { type: 'Observation', patients: ['p4'] });
    expect(r.resources).toHaveLength(1);
  });

  it('rebuilds projections from the events into the same resources', async () => {
    const before = await store.search(tenant, {
      type: 'Observation',
      includeRestricted: true,
      count: 10_000,
    });
    const n = await store.rebuildProjections(tenant);
    const after = await store.search(tenant, { type: 'Observation', includeRestricted: true, count: 10_000 });
    expect(n).toBe(before.resources.length);
    expect(after.resources).toEqual(before.resources);
    const restricted = await store.search(tenant, { type: 'Observation', patients: ['p4'] });
    expect(restricted.resources).toHaveLength(1);
  });

  it('serialises concurrent check-then-append writes of one tenant', async () => {
    const token = 'https://varde.no/fhir/sid/vital-signs-set|race/pulse';
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.write(tenant, async (w) => {
          if ((await w.findByIdentifier('Observation', token)).length) return;
          await w.append({
            resource: obs('p5', 1, { identifier: [{ system: token.split('|')[0], value: 'race/pulse' }] }),
            sourceSystem: 'test',
          });
        }),
      ),
    );
    const r = await store.search(tenant, { type: 'Observation', identifiers: [token] });
    expect(r.resources).toHaveLength(1);
  });

  it('looks up many identifier tokens in one call, each token with its own matches', async () => {
    const system = 'https://varde.no/fhir/sid/vital-signs-set';
    await store.appendBatch(tenant, [
      { resource: obs('p7', 1, { identifier: [{ system, value: 'many/pulse' }] }), sourceSystem: 'test' },
      { resource: obs('p7', 2, { identifier: [{ system, value: 'many/spo2' }] }), sourceSystem: 'test' },
      { resource: obs('p7', 3, { identifier: [{ system, value: 'many/spo2' }] }), sourceSystem: 'test' },
    ]);
    const found = await store.write(tenant, (w) =>
      w.findByIdentifiers('Observation', [
        `${system}|many/pulse`,
        `${system}|many/spo2`,
        `${system}|many/none`,
        `${system}|many/pulse`,
      ]),
    );
    expect([...found.keys()]).toEqual([`${system}|many/pulse`, `${system}|many/spo2`, `${system}|many/none`]);
    expect(found.get(`${system}|many/pulse`)).toHaveLength(1);
    expect(found.get(`${system}|many/spo2`)).toHaveLength(2);
    expect(found.get(`${system}|many/none`)).toEqual([]);
    const none = await store.write(tenant, (w) => w.findByIdentifiers('Patient', [`${system}|many/pulse`]));
    expect(none.get(`${system}|many/pulse`)).toEqual([]);
  });

  it('a failed write leaves nothing behind', async () => {
    const before = await store.countEvents(tenant);
    await expect(
      store.write(tenant, async (w) => {
        await w.append({ resource: obs('p6', 1), sourceSystem: 'test' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.countEvents(tenant)).toBe(before);
    expect((await store.search(tenant, { type: 'Observation', patients: ['p6'] })).resources).toHaveLength(0);
  });
});
