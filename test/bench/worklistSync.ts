// 3. Worklist sync: a nurse's 50 patients, each with services and 90 days of history at one
// vital-signs set a day, pulled into the device store from the local platform with the
// real offline client (prefetchWorklist). Parts: time inside the platform (Fastify
// onRequest -> onResponse, counted once while any request is inside),
// fetch + transfer as the client saw it, and the rest (decryption, sealing, store writes).
// Baseline in the same run: a raw bulk write of the same store records into a fresh
// IndexedDB database. Runs in Node over fake-indexeddb, not a browser's IndexedDB.
import 'fake-indexeddb/auto';
import { createServer, type AddressInfo } from 'node:net';
import type { Resource } from '@medplum/fhirtypes';
import { testConfig } from '../../src/platform/config';
import { fixtureResources } from '../../src/platform/fhir/testFixtures';
import { buildPlatform } from '../../src/platform/http/server';
import { generateLoadTestData } from '../../src/platform/seed/loadTest';
import { createOfflineClient, type ClientEnvironment } from '../../src/offline/client';
import { openVardeDb } from '../../src/offline/db';
import { fixtureVerifier } from '../fault/platformFixture';
import { median, type BenchContext, type BenchSection } from './figures';

const PATIENTS = 50;

/** A port nobody listens on now (the OS picks it), for a server whose public URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}
const DAYS = 90;

export function servicesFor(patientId: string): Resource[] {
  return [
    {
      resourceType: 'ServiceRequest',
      id: `sr-${patientId}`,
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${patientId}` },
      performer: [{ reference: 'HealthcareService/hs-nord' }],
      authoredOn: '2025-10-01',
    },
    {
      resourceType: 'EpisodeOfCare',
      id: `eoc-${patientId}`,
      status: 'active',
      patient: { reference: `Patient/${patientId}` },
      type: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15' }] }],
      referralRequest: [{ reference: `ServiceRequest/sr-${patientId}` }],
      period: { start: '2025-10-01' },
    },
    {
      resourceType: 'CareTeam',
      id: `ct-${patientId}`,
      status: 'active',
      subject: { reference: `Patient/${patientId}` },
      participant: [{ member: { reference: 'Practitioner/prac-nurse' } }],
    },
  ];
}

/** Wall time during which at least one tracked operation was in flight (parallel ones count once). */
export function busyClock() {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  return {
    enter() {
      if (inFlight++ === 0) since = performance.now();
    },
    leave() {
      if (--inFlight === 0) total += performance.now() - since;
    },
    reset() {
      total = 0;
    },
    get ms() {
      return total;
    },
  };
}

const quiet: ClientEnvironment = { isOnline: () => true, onTrigger: () => () => {} };

export async function worklistSync(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '3',
    title: 'Worklist sync (50 patients × 90 days)',
    figures: [],
    notes: [],
  };
  const port = await freePort();
  const platform = await buildPlatform({
    // The public URL must be the real address: the platform writes it into paging links.
    config: testConfig({
      logLevel: 'error',
      distDir: '/nonexistent-varde-dist',
      publicUrl: `http://127.0.0.1:${port}`,
    }),
    smart: false,
    verifier: fixtureVerifier(),
  });
  const server = busyClock();
  platform.app.addHook('onRequest', async () => server.enter());
  platform.app.addHook('onResponse', async () => server.leave());
  try {
    for (const [tenant, resources] of Object.entries(fixtureResources())) {
      await platform.store.appendBatch(
        tenant,
        resources.map((resource) => ({ resource, sourceSystem: 'Gerica' })),
      );
    }
    let observations = 0;
    for (const batch of generateLoadTestData({
      patients: PATIENTS,
      setsPerPatient: DAYS,
      days: DAYS,
      now: new Date().toISOString(),
    })) {
      const extra = batch.records
        .filter((r) => r.resource.resourceType === 'Patient')
        .flatMap((r) =>
          servicesFor(r.resource.id!).map((resource) => ({
            resource,
            sourceSystem: 'Gerica',
            recordedAt: r.recordedAt,
          })),
        );
      observations += batch.records.filter((r) => r.resource.resourceType === 'Observation').length;
      await platform.store.appendBatch(batch.tenant, [...batch.records, ...extra]);
    }
    await platform.app.listen({ port, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}/fhir/4601`;

    const totals: number[] = [];
    const fetchTimes: number[] = [];
    const servers: number[] = [];
    const rest: number[] = [];
    const raws: number[] = [];
    let records = 0;
    let bytes = 0;
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    for (let r = 0; r < runs; r++) {
      const fetching = busyClock();
      const timedFetch: typeof fetch = async (input, init) => {
        fetching.enter();
        try {
          const res = await fetch(input, init);
          const body = await res.arrayBuffer();
          return new Response(body, { status: res.status, headers: res.headers });
        } finally {
          fetching.leave();
        }
      };
      const dbName = `bench3-${Date.now()}-${r}`;
      const client = createOfflineClient({
        fhirBaseUrl: base,
        getAccessToken: async () => 'nurse',
        practitionerId: 'prac-nurse',
        dbName,
        environment: quiet,
        pbkdf2Iterations: 1000,
        idleLockMs: 0,
        syncIntervalMs: 3_600_000,
        fetch: timedFetch,
      });
      try {
        await client.setupPin('2468');
        server.reset();
        const t0 = performance.now();
        let total = 0;
        await client.prefetchWorklist((p) => (total = p.total));
        const ms = performance.now() - t0;
        if (total < PATIENTS) throw new Error(`the worklist held ${total} patients, expected ${PATIENTS}`);
        totals.push(ms);
        const fetchMs = fetching.ms;
        fetchTimes.push(fetchMs);
        servers.push(server.ms);
        // Time with no request in flight: decryption, sealing and store writes (a lower bound,
        // since store work of one patient may overlap another request).
        rest.push(ms - fetchMs);
      } finally {
        client.close();
      }
      // Raw baseline: the same records, one bulkPut into a fresh database.
      const written = openVardeDb(dbName);
      const rows = await written.sections.toArray();
      written.close();
      records = rows.length;
      bytes = rows.reduce((n, x) => n + JSON.stringify(x).length, 0);
      const raw = openVardeDb(`${dbName}-raw`);
      await raw.open();
      const t1 = performance.now();
      await raw.sections.bulkPut(rows);
      raws.push(performance.now() - t1);
      raw.close();
      ctx.log(
        `3: run ${r + 1}: ${totals[r].toFixed(0)} ms (fetch ${fetchTimes[r].toFixed(0)}, server ${servers[r].toFixed(0)})`,
      );
    }
    section.figures.push(
      {
        id: '3.total',
        label: 'worklist sync, total',
        value: median(totals) / 1000,
        unit: 's',
        budget: 1.1,
        runs: totals,
      },
      {
        id: '3.server',
        label: 'time with a request inside the platform',
        value: median(servers),
        unit: 'ms',
      },
      {
        id: '3.fetch',
        label: 'time with a fetch in flight (server + transfer)',
        value: median(fetchTimes),
        unit: 'ms',
      },
      {
        id: '3.store',
        label: 'time with no fetch in flight: decrypt, seal, store',
        value: median(rest),
        unit: 'ms',
      },
      { id: '3.raw', label: 'raw bulk write of the same records', value: median(raws), unit: 'ms' },
      { id: '3.ratio', label: 'store rest / raw bulk write', value: median(rest) / median(raws), unit: '×' },
    );
    section.notes.push(
      `${PATIENTS} patients, ${observations} Observations on the platform; the store holds ${records} section records (${(bytes / 1024).toFixed(0)} KB sealed)`,
      'Node + fake-indexeddb (no browser); the budget is meant for Chromium, so PASS/MISS here is indicative',
    );
  } finally {
    await platform.close();
  }
  return section;
}
