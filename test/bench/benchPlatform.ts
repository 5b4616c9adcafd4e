// The platform the sync benchmarks (3, 4, 5) pull from and push to: the real platform
// (Fastify + FHIR router + event store on in-process PGlite) on a free port of 127.0.0.1,
// with the router's test fixtures, fixture bearer tokens ("nurse"), a clock of the time a
// request is inside it, and optionally the bench page served from the same origin (so the
// page's fetches need no CORS preflight, like the app's own).
import { createServer, type AddressInfo } from 'node:net';
import type { Resource } from '@medplum/fhirtypes';
import { testConfig } from '../../src/platform/config';
import { loadFixtures } from '../../src/platform/testing/fixtures';
import { buildPlatform, type Platform } from '../../src/platform/http/server';
import { generateLoadTestData } from '../../src/platform/testing/loadTest';
import { fixtureVerifier, TENANT } from '../fault/platformFixture';
import { busyClock, type BusyClock } from './busyClock';

export interface BenchPlatform {
  platform: Platform;
  url: string;
  fhirBase: string;
  /** Time with at least one request inside the platform (onRequest -> onResponse). */
  server: BusyClock;
  close(): Promise<void>;
}

/** A port nobody listens on now (the OS picks it), for a server whose public URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function startBenchPlatform(opts: { distDir?: string } = {}): Promise<BenchPlatform> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const platform = await buildPlatform({
    // The public URL must be the real address: the platform writes it into paging links.
    config: testConfig({
      logLevel: 'error',
      distDir: opts.distDir ?? '/nonexistent-varde-dist',
      publicUrl: url,
    }),
    smart: false,
    verifier: fixtureVerifier(),
  });
  const server = busyClock();
  platform.app.addHook('onRequest', async () => server.enter());
  platform.app.addHook('onResponse', async () => server.leave());
  registerStaticFloor(platform);
  try {
    await loadFixtures(platform.store);
    await platform.app.listen({ port, host: '127.0.0.1' });
  } catch (e) {
    await platform.close();
    throw e;
  }
  return { platform, url, fhirBase: `${url}/fhir/${TENANT}`, server, close: () => platform.close() };
}

/**
 * The floor of the sync benchmarks: the page uploads the bytes a sync received
 * (PUT /bench-static/{name}) and then fetches them back as one static response
 * (GET /bench-static/{name}) from the same server, through the same compression.
 */
function registerStaticFloor(platform: Platform): void {
  const bodies = new Map<string, Buffer>();
  void platform.app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: 512 * 2 ** 20 },
      (_req, body, done) => done(null, body),
    );
    scope.put<{ Params: { name: string } }>('/bench-static/:name', async (req, reply) => {
      bodies.set(req.params.name, req.body as Buffer);
      return reply.code(204).send();
    });
    scope.get<{ Params: { name: string } }>('/bench-static/:name', async (req, reply) => {
      const body = bodies.get(req.params.name);
      if (!body) return reply.code(404).send();
      return reply.header('cache-control', 'no-store').type('application/fhir+json').send(body);
    });
  });
}

/** A vedtak (ServiceRequest + EpisodeOfCare) and the nurse's CareTeam for a load-test patient. */
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

/**
 * Load-test patients (generateLoadTestData), each with services and on the nurse's
 * worklist (prac-nurse). Returns their ids and how many Observations went in.
 */
export async function loadPatients(
  bench: BenchPlatform,
  opts: { patients: number; setsPerPatient: number; days: number },
): Promise<{ patientIds: string[]; observations: number }> {
  const patientIds: string[] = [];
  let observations = 0;
  for (const batch of generateLoadTestData({ ...opts, now: new Date().toISOString() })) {
    const extra = batch.records
      .filter((r) => r.resource.resourceType === 'Patient')
      .flatMap((r) => {
        patientIds.push(r.resource.id!);
        return servicesFor(r.resource.id!).map((resource) => ({
          resource,
          sourceSystem: 'Gerica',
          recordedAt: r.recordedAt,
        }));
      });
    observations += batch.records.filter((r) => r.resource.resourceType === 'Observation').length;
    await bench.platform.store.appendBatch(batch.tenant, [...batch.records, ...extra]);
  }
  return { patientIds, observations };
}
