// The write path's guarantees on a real PostgreSQL server, where a connection pool runs
// requests truly in parallel (PGlite has one connection). Needs VARDE_TEST_DATABASE_URL
// (npm test starts a throw-away server).
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../core/fhir';
import { DEFAULT_TENANTS } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createDirectory } from '../directoryStore';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { news2OnIngest } from './news2Derivation';
import { createFhirRouter, type FhirRouter } from './router';
import { loadFixtures, testVerifier } from '../testing/fixtures';

const url = process.env.VARDE_TEST_DATABASE_URL;
if (!url) console.warn('[varde] VARDE_TEST_DATABASE_URL is unset: PostgreSQL router tests are skipped.');

describe.skipIf(!url)('FHIR writes on PostgreSQL', () => {
  let db: Database;
  let store: EventStore;
  let router: FhirRouter;
  const verifier = testVerifier();

  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: url });
    store = createSqlEventStore(db, { onAppend: news2OnIngest });
    await loadFixtures(store, ['4601']);
    router = createFhirRouter({
      store,
      directory: createDirectory(store, DEFAULT_TENANTS),
      verifier,
      tenants: DEFAULT_TENANTS,
      publicUrl: 'http://test',
      importToken: 'x',
    });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('keeps exactly one copy of a set under 20 concurrent identical transactions', async () => {
    const setId = `pg-race-${Date.now()}`;
    const parts = vitalSignsSetToObservations({
      id: setId,
      patientId: 'p-anna',
      effectiveDateTime: '2026-03-02T08:00:00Z',
      vitals: {
        respirationRate: 18,
        spo2: 97,
        onOxygen: false,
        systolicBP: 130,
        pulse: 70,
        consciousness: 'A',
        temperature: 37,
      },
    });
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: parts.map((o) => ({
        resource: o,
        request: {
          method: 'POST',
          url: 'Observation',
          ifNoneExist: `identifier=https://varde.no/fhir/sid/vital-signs-set|${o.identifier?.[0]?.value}`,
        },
      })),
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        router.handle({
          method: 'POST',
          path: '/fhir/4601',
          query: {},
          body: JSON.stringify(bundle),
          headers: { authorization: 'Bearer nurse' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const found = (await store.search('4601', { type: 'Observation', patients: ['p-anna'], count: 10_000 }))
      .resources as Observation[];
    const mine = found.filter((o) => o.identifier?.[0]?.value?.startsWith(`${setId}/`));
    expect(mine).toHaveLength(8);
    expect(mine.filter((o) => o.identifier?.[0]?.value === `${setId}/news2`)).toHaveLength(1);
  });
});
