// Platform settings from the environment, read once at start. Defaults give a working
// demo on one machine (`npm start`).
import { resolve } from 'node:path';
import { parseTenantPolicies } from './access/planPolicy';
import type { Tenant } from './directory';

export interface PlatformConfig {
  port: number;
  host: string;
  /** Public origin of this server, e.g. http://localhost:8080 (FHIR bases and issuer derive from it). */
  publicUrl: string;
  /** PGlite data folder; undefined = in memory (tests). Ignored when databaseUrl is set. */
  dataDir?: string;
  databaseUrl?: string;
  /** VARDE_FRESH_DATA=1: wipe the embedded database at start. */
  freshData: boolean;
  logLevel: string;
  tenants: Tenant[];
  /**
   * Static bearer credential of the municipality's source systems (care EPJ) for the
   * import endpoint. The reference platform's stand-in for a system credential.
   */
  importToken: string;
  /** Seed of the synthetic data loaded into an empty database. */
  seed: number;
  /** Synthetic patients per municipality (VARDE_SEED_PATIENTS; the demo needs at least 200). */
  seedPatientsPerTenant: number;
  /** Built PWA to serve (vite build output). */
  distDir: string;
  /** Request body limit (FHIR JSON), bytes. */
  bodyLimit: number;
  /**
   * Access token lifetime in seconds (VARDE_ACCESS_TOKEN_TTL_SECONDS; default 300). The
   * end-to-end server shortens it so a test can stay offline past a token's life.
   */
  accessTokenTtlSeconds?: number;
}

export const DEFAULT_TENANTS: Tenant[] = [
  { id: '4601', name: 'Bergen kommune', goLiveDate: '2025-09-01' },
  { id: '1103', name: 'Stavanger kommune', goLiveDate: '2026-01-15' },
];

/** The tenants with their clinical policy from VARDE_TENANT_POLICY (doctors only by default). */
function tenantsWithPolicies(tenants: Tenant[], text: string | undefined): Tenant[] {
  const policies = parseTenantPolicies(text);
  for (const id of Object.keys(policies)) {
    if (!tenants.some((t) => t.id === id))
      throw new Error(`VARDE_TENANT_POLICY names an unknown tenant: ${id}`);
  }
  return tenants.map((t) => (policies[t.id] ? { ...t, policy: policies[t.id] } : t));
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0: ${value}`);
  return n;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is not a port number: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: (env.VARDE_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir: resolve(env.VARDE_DATA_DIR ?? '.varde-data'),
    databaseUrl: env.DATABASE_URL || undefined,
    freshData: env.VARDE_FRESH_DATA === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    tenants: tenantsWithPolicies(DEFAULT_TENANTS, env.VARDE_TENANT_POLICY),
    importToken: env.VARDE_IMPORT_TOKEN ?? 'varde-dev-import-token',
    seed: Number(env.VARDE_SEED ?? 4601),
    seedPatientsPerTenant: positiveInt(env.VARDE_SEED_PATIENTS, 200, 'VARDE_SEED_PATIENTS'),
    distDir: resolve(env.VARDE_DIST_DIR ?? 'dist'),
    bodyLimit: 5 * 1024 * 1024,
    accessTokenTtlSeconds: env.VARDE_ACCESS_TOKEN_TTL_SECONDS
      ? positiveInt(env.VARDE_ACCESS_TOKEN_TTL_SECONDS, 300, 'VARDE_ACCESS_TOKEN_TTL_SECONDS')
      : undefined,
  };
}

/** A config for tests: in-memory database, port 0. */
export function testConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    ...loadConfig({ PORT: '0', VARDE_PUBLIC_URL: 'http://localhost:8080' }),
    dataDir: undefined,
    ...overrides,
  };
}

export function fhirBaseUrl(config: Pick<PlatformConfig, 'publicUrl'>, tenant: string): string {
  return `${config.publicUrl}/fhir/${tenant}`;
}
