// Keyset paging (issue 15): following the store's cursor gives exactly the rows that paging
// by offset gives, page by page, for every sort the FHIR API offers, with ties (rows written
// in one batch share last_updated), missing dates (NULL effective) and microsecond instants.
import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createSqlEventStore } from './sqlEventStore';
import type { EventStore, ResourceQuery, SortField } from './types';

const pgUrl = process.env.VARDE_TEST_DATABASE_URL;
const backends: { name: string; open: () => Promise<Database> }[] = [
  { name: 'PGlite', open: () => openDatabase({}) },
];
if (pgUrl) backends.push({ name: 'PostgreSQL', open: () => openDatabase({ databaseUrl: pgUrl }) });

const VITAL = { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' };

function obs(patient: string, n: number): Observation {
  // Every fifth has no date; others share dates in threes, one with microseconds.
  const effective =
    n % 5 === 0
      ? {}
      : {
          effectiveDateTime:
            n % 7 === 0 ? '2026-01-01T10:00:00.123456Z' : `2026-01-0${1 + (n % 3)}T08:00:00Z`,
        };
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [VITAL] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patient}` },
    valueQuantity: { value: 60 + n, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    ...effective,
  };
}

const SORTS: { name: string; sort: { field: SortField; desc: boolean }[] }[] = [
  { name: 'none (id)', sort: [] },
  { name: '_lastUpdated', sort: [{ field: 'lastUpdated', desc: false }] },
  { name: '-_lastUpdated', sort: [{ field: 'lastUpdated', desc: true }] },
  { name: 'date', sort: [{ field: 'effective', desc: false }] },
  { name: '-date', sort: [{ field: 'effective', desc: true }] },
  {
    name: '-date,_lastUpdated',
    sort: [
      { field: 'effective', desc: true },
      { field: 'lastUpdated', desc: false },
    ],
  },
];

describe.each(backends)('keyset paging on $name', ({ open }) => {
  let db: Database;
  let store: EventStore;
  const tenant = `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    db = await open();
    store = createSqlEventStore(db);
    // Six batches of eight: each batch's rows share one last_updated.
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 8 }, (_, i) => ({
        resource: obs('p1', b * 8 + i),
        sourceSystem: 'test',
      }));
      batch.push({ resource: obs('p2', b), sourceSystem: 'test' });
      await store.appendBatch(tenant, batch);
    }
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const base = (sort: ResourceQuery['sort']): ResourceQuery => ({
    type: 'Observation',
    patients: ['p1'],
    categories: [`${VITAL.system}|${VITAL.code}`],
    sort,
  });

  it.each(SORTS)('returns the same pages as _offset, sorted by $name', async ({ sort }) => {
    const everything = (await store.searchRows(tenant, { ...base(sort), count: 1000 })).rows.map((r) => r.id);
    expect(everything).toHaveLength(48);
    for (const count of [1, 3, 7, 48, 50]) {
      const byOffset: string[][] = [];
      for (let offset = 0; ; offset += count) {
        const page = await store.searchRows(tenant, { ...base(sort), count, offset });
        byOffset.push(page.rows.map((r) => r.id));
        if (!page.hasMore) break;
      }
      const byCursor: string[][] = [];
      let page = await store.searchRows(tenant, { ...base(sort), count });
      for (;;) {
        byCursor.push(page.rows.map((r) => r.id));
        if (!page.hasMore) break;
        // A cursor that does not move on would page forever.
        expect(byCursor.length).toBeLessThanOrEqual(48);
        expect(page.next).toBeDefined();
        page = await store.searchRows(tenant, { ...base(sort), count, after: page.next });
      }
      expect(byCursor).toEqual(byOffset);
      expect(byCursor.flat()).toEqual(everything);
    }
  });

  it('keeps the other filters with a cursor (another patient, a date range)', async () => {
    const q: ResourceQuery = {
      ...base([{ field: 'effective', desc: false }]),
      effective: [{ op: '>=', value: '2026-01-02T00:00:00Z' }],
    };
    const all = (await store.searchRows(tenant, { ...q, count: 100 })).rows.map((r) => r.id);
    const first = await store.searchRows(tenant, { ...q, count: 4 });
    const rest = await store.searchRows(tenant, { ...q, count: 100, after: first.next });
    expect([...first.rows, ...rest.rows].map((r) => r.id)).toEqual(all);
    expect(all.length).toBeGreaterThan(4);
    const other = await store.searchRows(tenant, {
      ...q,
      patients: ['p2'],
      count: 100,
      after: first.next,
    });
    expect(other.rows.every((r) => r.patient === 'p2')).toBe(true);
  });
});
