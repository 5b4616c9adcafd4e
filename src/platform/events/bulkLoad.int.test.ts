import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANTS } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createDirectory } from '../directoryStore';
import { news2OnIngest } from '../fhir/news2Derivation';
import { createFhirRouter, type FhirRouter } from '../fhir/router';
import { generateLoadTestData, loadTestPatientId } from '../testing/loadTest';
import type { AccessContext, TokenVerifier } from '../smart/types';
import { bulkLoad } from './bulkLoad';
import { createSqlEventStore } from './sqlEventStore';
import type { AppendInput } from './types';

// The bench dataset loaded twice: through the normal ingest (appendBatch with the NEWS2
// hook) and through bulkLoad. Both must hold the same rows and answer the same searches,
// or benchmark 6 would measure a different store than the platform builds.
const NOW = '2026-11-25T09:00:00+01:00';
const PATIENTS = 20;
const clock = () => new Date('2026-11-25T08:30:00.000Z');

function batches(): AppendInput[][] {
  return [...generateLoadTestData({ patients: PATIENTS, now: NOW, patientsPerBatch: 6, services: true })].map(
    (b) =>
      b.records.map((r) => ({
        resource: r.resource,
        sourceSystem: r.sourceSystem,
        recordedAt: r.recordedAt,
      })),
  );
}

const doctor: TokenVerifier = {
  async verifyAccessToken(bearer, tenant) {
    const access: AccessContext = {
      tenant,
      clientId: 'varde',
      practitionerId: 'test-doctor',
      username: 'test.lege',
      role: 'legevakt-doctor',
      organizationId: 'org-legevakt',
      organizationName: 'Legevakt',
      scopes: ['patient/*.rs'],
      patient: bearer,
    };
    return { kind: 'ok', access };
  },
};

/** The NEWS2 scores get random ids on ingest: name each after its set instead. */
async function news2Names(db: Database): Promise<Map<string, string>> {
  const r = await db.query<{ id: string; set_id: string }>(
    `SELECT id, set_id FROM resources WHERE set_id IS NOT NULL AND 'https://varde.no/fhir/sid/vital-signs-set|' || set_id || '/news2' = ANY(identifiers)`,
  );
  return new Map(r.rows.map((row) => [row.id, `news2-of-${row.set_id}`]));
}

function renamed(text: string, names: Map<string, string>): string {
  return text.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    (id) => names.get(id) ?? id,
  );
}

interface Loaded {
  db: Database;
  router: FhirRouter;
  names: Map<string, string>;
}

async function rows(l: Loaded, sql: string): Promise<string[]> {
  const r = await l.db.query<{ row: string }>(sql);
  return r.rows.map((x) => renamed(x.row, l.names)).sort();
}

async function search(l: Loaded, patient: string, path: string): Promise<unknown> {
  const [type, qs] = path.split('?');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  const res = await l.router.handle({
    method: 'GET',
    path: `/fhir/4601/${type}`,
    query,
    headers: { authorization: `Bearer ${patient}` },
  });
  expect(res.status).toBe(200);
  // A next link's cursor names the page's last row by id: decoded, so its id is renamed too.
  const text = JSON.stringify(res.resource).replace(
    /_cursor=([A-Za-z0-9_-]+)/g,
    (_m, c: string) => `_cursor=${encodeURIComponent(Buffer.from(c, 'base64url').toString('utf8'))}`,
  );
  const bundle = JSON.parse(renamed(text, l.names)) as Bundle;
  // Entries that tie on the sort order come in id order, and the NEWS2 ids are random.
  return { ...bundle, timestamp: undefined, entry: bundle.entry?.map((e) => JSON.stringify(e)).sort() };
}

describe('bulkLoad', () => {
  let normal: Loaded;
  let bulk: Loaded;
  let derived = 0;

  async function open(): Promise<{ db: Database; router: FhirRouter }> {
    const db = await openDatabase({});
    const store = createSqlEventStore(db, { onAppend: news2OnIngest, now: clock });
    const router = createFhirRouter({
      store,
      directory: createDirectory(store, DEFAULT_TENANTS),
      verifier: doctor,
      tenants: DEFAULT_TENANTS,
      publicUrl: 'http://test',
      importToken: 'unused',
      now: clock,
    });
    return { db, router };
  }

  beforeAll(async () => {
    const a = await open();
    const store = createSqlEventStore(a.db, { onAppend: news2OnIngest, now: clock });
    for (const b of batches()) await store.appendBatch('4601', b);
    normal = { ...a, names: await news2Names(a.db) };

    const b = await open();
    const r = await bulkLoad(b.db, '4601', batches(), {
      hook: news2OnIngest,
      now: clock,
      deferIndexes: true,
      // Small transactions, so that one transaction holds several batches and there are several.
      resourcesPerTransaction: 1500,
    });
    derived = r.derived;
    bulk = { ...b, names: await news2Names(b.db) };
  }, 180_000);
  afterAll(async () => {
    await normal?.db.close();
    await bulk?.db.close();
  });

  it('derives a NEWS2 score for the same sets as ingest', () => {
    expect(derived).toBeGreaterThan(PATIENTS * 20);
    expect([...bulk.names.values()].sort()).toEqual([...normal.names.values()].sort());
  });

  it('writes the same events and projections, column by column', async () => {
    const events = `SELECT concat_ws(' ', tenant, event_type, resource_type, resource_id, version_id,
      source_system, author, recorded_at, received_at, payload::text) AS row FROM events`;
    const projections = `SELECT concat_ws(' ', tenant, resource_type, id, version_id, last_updated, patient,
      codes, categories, identifiers, refs, effective, restricted, set_id, content::text) AS row FROM resources`;
    const e = await rows(bulk, events);
    expect(e.length).toBeGreaterThan(PATIENTS * 200);
    expect(e).toEqual(await rows(normal, events));
    expect(await rows(bulk, projections)).toEqual(await rows(normal, projections));
  });

  it('rebuilds the indexes it dropped for the load', async () => {
    const names = (l: Loaded) =>
      l.db
        .query<{ indexname: string; indexdef: string }>(
          `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('events', 'resources') ORDER BY indexname`,
        )
        .then((r) => r.rows);
    expect(await names(bulk)).toEqual(await names(normal));
  });

  it('answers the overview and sync searches of every patient as the normally ingested store does', async () => {
    const since = '2026-10-26';
    for (let i = 0; i < PATIENTS; i++) {
      const p = loadTestPatientId('4601', i);
      for (const path of [
        `EpisodeOfCare?patient=${p}&_include=EpisodeOfCare:incoming-referral&_include:iterate=ServiceRequest:performer`,
        `Observation?patient=${p}&category=survey&_sort=-date&_count=1`,
        `Observation?patient=${p}&category=vital-signs&date=ge${since}&_count=1000`,
        `Observation?patient=${p}&category=vital-signs&_sort=_lastUpdated&_count=1000`,
      ]) {
        const got = await search(bulk, p, path);
        expect(got, path).toEqual(await search(normal, p, path));
        expect((got as { entry?: unknown[] }).entry?.length, path).toBeGreaterThan(0);
      }
    }
  });

  it('refuses a vital-signs set split over two batches (its score would be missed)', async () => {
    const [first] = batches();
    const obs = first.filter((r) => r.resource.resourceType === 'Observation');
    const db = await openDatabase({});
    try {
      await expect(
        bulkLoad(db, '4601', [obs.slice(0, 3), obs.slice(3)], { hook: news2OnIngest }),
      ).rejects.toThrow(/spans two batches/);
    } finally {
      await db.close();
    }
  });
});
