// 4. One year of one patient: about 2,200 vital-signs sets (~15,000 Observations) pulled
// from the local platform and stored by the real offline client (refreshPatient), then read
// back from the store into memory (watchPatient until the vitals section is ready).
// Parts as in benchmark 3. Runs in Node over fake-indexeddb. The trend chart's render time
// is NOT measured here (it needs the browser; see the report of this benchmark).
import 'fake-indexeddb/auto';
import { testConfig } from '../../src/platform/config';
import { fixtureResources } from '../../src/platform/fhir/testFixtures';
import { buildPlatform } from '../../src/platform/http/server';
import { generateLoadTestData } from '../../src/platform/seed/loadTest';
import type { PatientView } from '../../src/offline/api';
import { createOfflineClient, type ClientEnvironment } from '../../src/offline/client';
import { fixtureVerifier } from '../fault/platformFixture';
import { median, type BenchContext, type BenchSection } from './figures';
import { busyClock, freePort, servicesFor } from './worklistSync';

const SETS = 2200;
/** A pull that takes longer than this is reported as not finished (and stops the benchmark). */
const CAP_MS = 120_000;
const quiet: ClientEnvironment = { isOnline: () => true, onTrigger: () => () => {} };

export async function oneYear(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '4',
    title: `One year of one patient (${SETS} sets)`,
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
    let patientId = '';
    for (const batch of generateLoadTestData({
      patients: 1,
      setsPerPatient: SETS,
      days: 365,
      now: new Date().toISOString(),
    })) {
      patientId = batch.records.find((r) => r.resource.resourceType === 'Patient')!.resource.id!;
      observations += batch.records.filter((r) => r.resource.resourceType === 'Observation').length;
      const extra = servicesFor(patientId).map((resource) => ({ resource, sourceSystem: 'Gerica' }));
      await platform.store.appendBatch(batch.tenant, [...batch.records, ...extra]);
    }
    ctx.log(`4: ${observations} Observations ingested`);
    await platform.app.listen({ port, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}/fhir/4601`;

    const pulls: number[] = [];
    const fetches: number[] = [];
    const servers: number[] = [];
    const rests: number[] = [];
    const reads: number[] = [];
    let setsInView = 0;
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    for (let r = 0; r < runs; r++) {
      const fetching = busyClock();
      const client = createOfflineClient({
        fhirBaseUrl: base,
        getAccessToken: async () => 'nurse',
        practitionerId: 'prac-nurse',
        dbName: `bench4-${Date.now()}-${r}`,
        environment: quiet,
        pbkdf2Iterations: 1000,
        idleLockMs: 0,
        syncIntervalMs: 3_600_000,
        fetch: async (input, init) => {
          if (ctx.flags.verbose) ctx.log(`4: GET ${String(input).slice(0, 160)}`);
          fetching.enter();
          try {
            const res = await fetch(input, init);
            const body = await res.arrayBuffer();
            return new Response(body, { status: res.status, headers: res.headers });
          } finally {
            fetching.leave();
          }
        },
      });
      try {
        await client.setupPin('2468');
        server.reset();
        const t0 = performance.now();
        const finished = await Promise.race([
          client.refreshPatient(patientId).then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), CAP_MS)),
        ]);
        const pullMs = performance.now() - t0;
        if (!finished) {
          section.figures.push({
            id: '4.pull',
            label: `pull + store, total (did NOT finish within ${CAP_MS / 1000} s)`,
            value: pullMs,
            unit: 'ms',
          });
          section.notes.push(
            `${observations} Observations of one patient; the pull was abandoned after ${CAP_MS / 1000} s ` +
              `(${fetching.ms.toFixed(0)} ms of it with a fetch in flight)`,
          );
          return section;
        }
        pulls.push(pullMs);
        fetches.push(fetching.ms);
        servers.push(server.ms);
        rests.push(pullMs - fetching.ms);
        const t1 = performance.now();
        const view = await new Promise<PatientView>((resolve) => {
          const stop = client.watchPatient(patientId, (v) => {
            if (v.vitals.kind === 'ready') {
              resolve(v);
              queueMicrotask(() => stop());
            }
          });
        });
        reads.push(performance.now() - t1);
        setsInView = view.vitals.kind === 'ready' ? view.vitals.data.length : 0;
      } finally {
        client.close();
      }
      ctx.log(`4: run ${r + 1}: pull+store ${pulls[r].toFixed(0)} ms, read back ${reads[r].toFixed(0)} ms`);
    }
    section.figures.push(
      { id: '4.pull', label: 'pull + store, total', value: median(pulls), unit: 'ms', runs: pulls },
      {
        id: '4.server',
        label: 'time with a request inside the platform',
        value: median(servers),
        unit: 'ms',
      },
      { id: '4.fetch', label: 'time with a fetch in flight', value: median(fetches), unit: 'ms' },
      {
        id: '4.store',
        label: 'time with no fetch in flight (decrypt, seal, store)',
        value: median(rests),
        unit: 'ms',
      },
      {
        id: '4.read',
        label: 'store -> sets in memory (watchPatient)',
        value: median(reads),
        unit: 'ms',
        runs: reads,
      },
      { id: '4.sets', label: 'sets in the view', value: setsInView, unit: 'sets' },
    );
    section.notes.push(
      `${observations} Observations of one patient on the platform; Node + fake-indexeddb`,
      'chart render with a year of data (budget 100 ms) is not measured: it needs the browser and was not built in time',
    );
  } finally {
    await platform.close();
  }
  return section;
}
