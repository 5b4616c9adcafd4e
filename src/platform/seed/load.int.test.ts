import type { CareTeam, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { generateSyntheticData } from './generate';
import type { SyntheticDataset } from './generate';
import { loadSyntheticData } from './load';

// One in-memory PGlite for the file: its cold start is the slow part.
describe('synthetic data in the SQL event store (PGlite)', () => {
  let db: Database;
  let store: EventStore;
  let dataset: SyntheticDataset;

  beforeAll(async () => {
    db = await openDatabase({});
    store = createSqlEventStore(db);
    dataset = generateSyntheticData({ now: '2026-11-25T09:00:00+01:00', patientsPerTenant: 20 });
    await loadSyntheticData(store, dataset, undefined, { batchSize: 1000 });
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('stores every resource with its source system', async () => {
    const expected = dataset.tenants.reduce((n, t) => n + t.resources.length, 0);
    expect(await store.countEvents()).toBe(expected);
    const kari = await store.read('4601', 'Practitioner', 'prac-4601-01');
    expect(kari?.resource.meta?.source).toBe('Gerica');
  });

  it("finds kari.nordmann's patients through CareTeam, as the worklist does", async () => {
    const { resources } = await store.search('4601', {
      type: 'CareTeam',
      refs: ['Practitioner/prac-4601-01'],
      count: 1000,
    });
    const patients = (resources as CareTeam[]).map((c) => c.subject?.reference);
    const summary = dataset.summary.tenants.find((t) => t.id === '4601');
    expect(patients.sort()).toEqual(
      (summary?.careLists['kari.nordmann'] ?? []).map((id) => `Patient/${id}`).sort(),
    );
    expect(patients).toContain(`Patient/${summary?.examples.sepsis}`);
  });

  it('keeps restricted items out of ordinary searches and the tenants apart', async () => {
    const summary = dataset.summary.tenants.find((t) => t.id === '4601');
    const patient = summary?.examples['sharing-restricted'] ?? '';
    const query = { type: 'Observation', patients: [patient], count: 1000 };
    const visible = await store.search('4601', query);
    const all = await store.search('4601', { ...query, includeRestricted: true });
    expect(visible.resources.length).toBeGreaterThan(0);
    expect(visible.resources.length).toBeLessThan(all.resources.length);
    const other = await store.search('1103', query);
    expect(other.resources as Observation[]).toEqual([]);
  });
});
