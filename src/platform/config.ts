// Platform settings from the environment, read once at start. Defaults give a working
// sandbox on one machine (`npm start`); VARDE_MODE=production turns the sandbox's open
// doors off and refuses to start while a default secret or a missing setting is left.
import { resolve } from 'node:path';
import { parseTenantPolicies } from './access/planPolicy';
import type { Tenant } from './directory';

/**
 * sandbox (default): EPJ simulator, simulated password-free login, synthetic data, open
 * client registration. production: none of these; login through an external OpenID
 * provider (HelseID in Norway), a non-default import token.
 */
export type PlatformMode = 'sandbox' | 'production';

/** The external OpenID Connect provider users log in at (HelseID, or any OIDC provider). */
export interface UpstreamOidcConfig {
  /** The provider's issuer; its discovery is `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** This platform's client at the provider. */
  clientId: string;
  /** client_secret_basic, when the provider issued a secret. */
  clientSecret?: string;
  /** private_key_jwt (HelseID's way): the client's private JWK, as JSON. */
  privateJwk?: Record<string, unknown>;
  /** Scopes asked for at the provider. */
  scope: string;
  /**
   * The claim (in the ID token, else at userinfo) that holds the user's HPR number, matched
   * against the Practitioner's HPR identifier. `sub` matches the subject itself.
   */
  hprClaim: string;
}

/** Dynamic client registration (RFC 7591), as smart/provider.ts takes it. */
export interface RegistrationConfig {
  enabled: boolean;
  initialAccessToken?: string;
}

export interface PlatformConfig {
  mode: PlatformMode;
  port: number;
  /** Interface to listen on (VARDE_HOST; 127.0.0.1 by default: nothing outside this machine). */
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
  /**
   * How the app keeps data after an EHR launch, published in /config.json as `ehrLaunch`
   * (VARDE_EHR_LAUNCH_STORE memory|device, VARDE_EHR_LAUNCH_LOCK epj|idle; src/app/config).
   * Absent: the app's default, an online session in memory with the EPJ governing locking.
   */
  ehrLaunch?: { store?: 'memory' | 'device'; lock?: 'epj' | 'idle' };
  /**
   * Origins (besides this platform's own) that may show the app and its login pages in a
   * frame: the EPJs that embed Varde (VARDE_FRAME_ANCESTORS). Empty: only the platform itself.
   */
  frameAncestors: string[];
  /**
   * Origins (besides this platform's own) the PWA may connect to: other FHIR servers and
   * their SMART authorization that /config.json or VITE_FHIR_BASES names
   * (VARDE_APP_CONNECT_SRC). Empty: only this platform's own FHIR bases.
   */
  appConnectSources: string[];
  /** External login (VARDE_OIDC_*); required in production, optional in the sandbox. */
  upstreamOidc?: UpstreamOidcConfig;
  /** Set in production (off unless protected by a token); the sandbox reads VARDE_REGISTRATION itself. */
  registration?: RegistrationConfig;
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

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${name} must be one of ${allowed.join(', ')}: ${value}`);
  return value as T;
}

/** The sandbox's import token, printed in the docs: never accepted in production. */
export const DEFAULT_IMPORT_TOKEN = 'varde-dev-import-token';
/** Known development and test values that must never guard a production platform. */
const KNOWN_DEV_SECRETS = new Set([DEFAULT_IMPORT_TOKEN, 'test-import-token', 'changeme', 'secret']);
/** A production secret chosen by people must be at least this long (e.g. `openssl rand -hex 32`). */
export const MIN_SECRET_LENGTH = 32;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A start refused because of the settings; the message lists every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Plattformen starter ikke med disse innstillingene:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0: ${value}`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Origins only (scheme://host[:port]), as CSP source lists take them. */
function originsFrom(name: string, value: string | undefined): string[] {
  return list(value).map((entry) => {
    const url = URL.parse(entry);
    if (
      !url ||
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.origin !== entry.replace(/\/$/, '')
    ) {
      throw new Error(`${name}: not an origin (https://host[:port]): ${entry}`);
    }
    return url.origin;
  });
}

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** https, or http on this machine only (tests, a developer's laptop). */
function secureUrl(value: string): boolean {
  const url = URL.parse(value);
  return !!url && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url)));
}

function upstreamFrom(
  env: Record<string, string | undefined>,
  problems: string[],
): UpstreamOidcConfig | undefined {
  const issuer = env.VARDE_OIDC_ISSUER?.trim().replace(/\/+$/, '');
  const clientId = env.VARDE_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.VARDE_OIDC_CLIENT_SECRET?.trim() || undefined;
  const jwkText = env.VARDE_OIDC_CLIENT_JWK?.trim() || undefined;
  if (!issuer && !clientId && !clientSecret && !jwkText) return undefined;
  if (!issuer)
    problems.push('VARDE_OIDC_ISSUER mangler (utstederen hos identitetsleverandøren, f.eks. HelseID).');
  else if (!secureUrl(issuer)) problems.push(`VARDE_OIDC_ISSUER må være en https-adresse: ${issuer}`);
  if (!clientId)
    problems.push('VARDE_OIDC_CLIENT_ID mangler (plattformens klient hos identitetsleverandøren).');
  let privateJwk: Record<string, unknown> | undefined;
  if (jwkText) {
    try {
      const parsed = JSON.parse(jwkText) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !('d' in parsed)) {
        throw new Error('not a private JWK');
      }
      privateJwk = parsed as Record<string, unknown>;
    } catch {
      problems.push('VARDE_OIDC_CLIENT_JWK er ikke en privat nøkkel som JWK (JSON med "d").');
    }
  }
  if (!clientSecret && !jwkText) {
    problems.push(
      'Klientautentisering hos identitetsleverandøren mangler: sett VARDE_OIDC_CLIENT_JWK (private_key_jwt, som HelseID krever) eller VARDE_OIDC_CLIENT_SECRET.',
    );
  }
  if (clientSecret && jwkText) {
    problems.push('Sett bare én av VARDE_OIDC_CLIENT_JWK og VARDE_OIDC_CLIENT_SECRET.');
  }
  const scope = env.VARDE_OIDC_SCOPE?.trim() || 'openid profile';
  if (!scope.split(/\s+/).includes('openid')) problems.push(`VARDE_OIDC_SCOPE må inneholde openid: ${scope}`);
  return {
    issuer: issuer ?? '',
    clientId: clientId ?? '',
    ...(clientSecret ? { clientSecret } : {}),
    ...(privateJwk ? { privateJwk } : {}),
    scope,
    hprClaim: env.VARDE_OIDC_HPR_CLAIM?.trim() || 'helseid://claims/hpr/hpr_number',
  };
}

/** What production refuses: defaults, development values, short secrets, sandbox features. */
function productionProblems(env: Record<string, string | undefined>, config: PlatformConfig): string[] {
  const problems: string[] = [];
  const secret = (name: string, value: string | undefined, required: boolean) => {
    if (value === undefined || value === '') {
      if (required) problems.push(`${name} mangler.`);
      return;
    }
    if (KNOWN_DEV_SECRETS.has(value)) {
      problems.push(`${name} har en standard- eller testverdi; lag en ny (f.eks. \`openssl rand -hex 32\`).`);
    } else if (value.length < MIN_SECRET_LENGTH) {
      problems.push(`${name} er for kort (minst ${MIN_SECRET_LENGTH} tegn).`);
    }
  };
  secret('VARDE_IMPORT_TOKEN', env.VARDE_IMPORT_TOKEN, true);
  if (!env.VARDE_PUBLIC_URL) {
    problems.push(
      'VARDE_PUBLIC_URL mangler (den offentlige https-adressen: utsteder, FHIR-adresser og tokenmottaker).',
    );
  } else if (!secureUrl(config.publicUrl)) {
    problems.push(`VARDE_PUBLIC_URL må være en https-adresse: ${config.publicUrl}`);
  }
  if (!config.upstreamOidc) {
    problems.push(
      'Innlogging hos en ekstern OpenID-leverandør er ikke satt opp (VARDE_OIDC_ISSUER, VARDE_OIDC_CLIENT_ID og VARDE_OIDC_CLIENT_JWK eller VARDE_OIDC_CLIENT_SECRET); simulert innlogging finnes ikke i produksjon.',
    );
  }
  const registration = env.VARDE_REGISTRATION?.trim() || 'off';
  if (registration !== 'off' && registration !== 'open') {
    problems.push(`VARDE_REGISTRATION må være open eller off: ${registration}`);
  }
  if (registration === 'open') {
    if (!env.VARDE_REGISTRATION_TOKEN) {
      problems.push(
        'VARDE_REGISTRATION=open krever VARDE_REGISTRATION_TOKEN i produksjon (ingen åpen klientregistrering).',
      );
    }
    secret('VARDE_REGISTRATION_TOKEN', env.VARDE_REGISTRATION_TOKEN, false);
  }
  if (config.freshData)
    problems.push('VARDE_FRESH_DATA=1 sletter databasen og er ikke tillatt i produksjon.');
  return problems;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is not a port number: ${env.PORT}`);
  const mode = (env.VARDE_MODE?.trim() || 'sandbox') as PlatformMode;
  if (mode !== 'sandbox' && mode !== 'production') {
    throw new ConfigError([`VARDE_MODE må være sandbox eller production: ${mode}`]);
  }
  const problems: string[] = [];
  const upstreamOidc = upstreamFrom(env, problems);
  const config: PlatformConfig = {
    mode,
    port,
    host: env.VARDE_HOST?.trim() || '127.0.0.1',
    publicUrl: (env.VARDE_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir: resolve(env.VARDE_DATA_DIR ?? '.varde-data'),
    databaseUrl: env.DATABASE_URL || undefined,
    freshData: env.VARDE_FRESH_DATA === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    tenants: tenantsWithPolicies(DEFAULT_TENANTS, env.VARDE_TENANT_POLICY),
    importToken: env.VARDE_IMPORT_TOKEN ?? DEFAULT_IMPORT_TOKEN,
    seed: Number(env.VARDE_SEED ?? 4601),
    seedPatientsPerTenant: positiveInt(env.VARDE_SEED_PATIENTS, 200, 'VARDE_SEED_PATIENTS'),
    distDir: resolve(env.VARDE_DIST_DIR ?? 'dist'),
    bodyLimit: 5 * 1024 * 1024,
    accessTokenTtlSeconds: env.VARDE_ACCESS_TOKEN_TTL_SECONDS
      ? positiveInt(env.VARDE_ACCESS_TOKEN_TTL_SECONDS, 300, 'VARDE_ACCESS_TOKEN_TTL_SECONDS')
      : undefined,
    frameAncestors: originsFrom('VARDE_FRAME_ANCESTORS', env.VARDE_FRAME_ANCESTORS),
    appConnectSources: originsFrom('VARDE_APP_CONNECT_SRC', env.VARDE_APP_CONNECT_SRC),
    ...(upstreamOidc ? { upstreamOidc } : {}),
    ...ehrLaunchFromEnv(env),
  };
  if (mode === 'production') {
    problems.push(...productionProblems(env, config));
    const token = env.VARDE_REGISTRATION_TOKEN?.trim();
    config.registration = {
      enabled: env.VARDE_REGISTRATION?.trim() === 'open',
      ...(token ? { initialAccessToken: token } : {}),
    };
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function ehrLaunchFromEnv(env: Record<string, string | undefined>): Pick<PlatformConfig, 'ehrLaunch'> {
  const store = oneOf(env.VARDE_EHR_LAUNCH_STORE, ['memory', 'device'] as const, 'VARDE_EHR_LAUNCH_STORE');
  const lock = oneOf(env.VARDE_EHR_LAUNCH_LOCK, ['epj', 'idle'] as const, 'VARDE_EHR_LAUNCH_LOCK');
  if (!store && !lock) return {};
  return { ehrLaunch: { ...(store ? { store } : {}), ...(lock ? { lock } : {}) } };
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
