// The real platform (buildPlatform: Fastify + FHIR router + event store) on a random port
// of 127.0.0.1, seeded with the router's test fixtures. Tokens are the fixture bearer
// names ("nurse", "doctor-anna"): the SMART server is left out, because these tests are
// about transport faults and bad input, not about token issuance (smart.int.test covers that).
// With `smart: true` (the two-process test) the SMART server is there too, and a bearer
// that is not a fixture name is verified as one of its access tokens.
import type { AddressInfo } from 'node:net';
import { testConfig } from '../../src/platform/config';
import type { Database } from '../../src/platform/db/types';
import { loadFixtures, testAccess, testVerifier } from '../../src/platform/testing/fixtures';
import { buildPlatform, type Platform } from '../../src/platform/http/server';
import type { TokenVerifier } from '../../src/platform/smart/types';

export const TENANT = '4601';

/** The router's test tokens (kept under this name for the fault and bench suites). */
export const fixtureVerifier = testVerifier;

export interface RunningPlatform {
  platform: Platform;
  url: string;
  fhirBase: string;
  close(): Promise<void>;
}

export async function startPlatform(
  opts: {
    db?: Database;
    dataDir?: string;
    databaseUrl?: string;
    seed?: boolean;
    port?: number;
    /** Register the SMART server as well (fixture bearer names keep working). */
    smart?: boolean;
    /** VARDE_PUBLIC_URL (e.g. a balancer in front of several processes). */
    publicUrl?: string;
  } = {},
): Promise<RunningPlatform> {
  const fixtures = fixtureVerifier();
  const fixtureNames = new Set(Object.keys(testAccess()));
  // The SMART server exists only once the platform is built; the router asks it later.
  const late: { smart?: TokenVerifier } = {};
  const verifier: TokenVerifier = opts.smart
    ? {
        verifyAccessToken(bearer, tenant) {
          const token = bearer?.replace(/^Bearer\s+/i, '').trim();
          if (token && fixtureNames.has(token)) return fixtures.verifyAccessToken(token, tenant);
          return late.smart!.verifyAccessToken(bearer, tenant);
        },
      }
    : fixtures;
  const platform = await buildPlatform({
    config: testConfig({
      logLevel: 'error',
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      distDir: '/nonexistent-varde-dist',
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    }),
    db: opts.db,
    smart: opts.smart === true,
    verifier,
  });
  late.smart = platform.smart;
  if (opts.seed !== false) {
    await loadFixtures(platform.store);
  }
  await platform.app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const port = (platform.app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return { platform, url, fhirBase: `${url}/fhir/${TENANT}`, close: () => platform.close() };
}

/** Each Observation identifier value in the event log with how many events carry it. */
export async function identifierCounts(db: Database, tenant = TENANT): Promise<Map<string, number>> {
  const r = await db.query<{ v: string; n: number }>(
    `SELECT payload->'identifier'->0->>'value' AS v, count(*)::int AS n
       FROM events WHERE tenant = $1 AND resource_type = 'Observation'
      GROUP BY 1`,
    [tenant],
  );
  return new Map(r.rows.filter((x) => x.v !== null).map((x) => [x.v, Number(x.n)]));
}

/** A small deterministic PRNG (mulberry32), so a failing soak can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
