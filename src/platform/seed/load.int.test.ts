import type { CareTeam, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createSqlEventStore } from '../events/sqlEventStore';
import { news2OnIngest } from '../fhir/news2Derivation';
import { scoreNews2 } from '../../core/news2';
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
    store = createSqlEventStore(db, { onAppend: news2OnIngest });
    dataset = generateSyntheticData({ now: '2026-11-25T09:00:00+01:00', patientsPerTenant: 20 });
    await loadSyntheticData(store, dataset, undefined, { batchSize: 1000 });
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('stores every resource with its source system, plus one platform NEWS2 score per complete set', async () => {
    const resources = dataset.tenants.reduce((n, t) => n + t.resources.length, 0);
    const completeSets = dataset.tenants.reduce(
      (n, t) => n + t.vitalSignsSets.filter((s) => scoreNews2(s.vitals).complete).length,
      0,
    );
    expect(await store.countEvents()).toBe(resources + completeSets);
    const kari = await store.read('4601', 'Practitioner', 'prac-4601-01');
    expect(kari?.resource.meta?.source).toBe('Gerica');
  });

  it("derives the sepsis example's last NEWS2 as 7 or more on ingest", async () => {
    const patient = dataset.summary.tenants.find((t) => t.id === '4601')?.examples.sepsis ?? '';
    const { resources } = await store.search('4601', {
      type: 'Observation',
      patients: [patient],
      categories: ['survey'],
      sort: [{ field: 'effective', desc: true }],
      count: 1,
    });
    expect((resources[0] as Observation | undefined)?.valueInteger).toBeGreaterThanOrEqual(7);
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
