// SMART App Launch 2 authorization server of the reference platform: oidc-provider
// mounted at /auth, the per-municipality SMART configuration, the login and patient
// picker steps, EHR launch contexts for the EPJ simulator, and local verification of the
// access tokens for the FHIR routes.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ClientMetadata } from 'oidc-provider';
import type { UpstreamOidcConfig } from '../config';
import type { ClinicalDirectory } from '../directory';
import type { Database } from '../db/types';
import { launchableApps } from './apps';
import { CLIENT_AUTH_SIGNING_ALGS } from './clientMetadata';
import { extraClientsFromJson, redirectUrisFromList, vardeClient } from './clients';
import { ensureFormParser } from './formBody';
import { PAGE_CSS } from './html';
import { registerInteractions } from './interactions';
import { loadOrCreateKeys } from './keys';
import { grantContextStore, storeLaunch } from './launches';
import { createProvider, type RegistrationOptions } from './provider';
import { namePublicClientOfRefresh } from './publicRefresh';
import { CONTEXT_SCOPES } from './scopes';
import { ensureSmartSchema } from './storage';
import type { SmartConfiguration, SmartEndpoints, SmartServer } from './types';
import { createUpstreamLogin } from './upstreamLogin';
import { createTokenVerifier } from './verify';

export type { SmartServer, LaunchRequest, SmartConfiguration, SmartEndpoints, LaunchableApp } from './types';
export { VARDE_CLIENT_ID } from './clients';
export type { RegistrationOptions } from './provider';

export interface SmartOptions {
  /** Origin (and path prefix, if any) the platform is reached at, without trailing slash. */
  publicUrl: string;
  db: Database;
  directory: ClinicalDirectory;
  /** Extra OAuth clients; defaults to VARDE_EXTRA_CLIENTS (JSON array). */
  clients?: ClientMetadata[];
  /** More redirect URIs for the PWA client, e.g. the Vite dev server's /callback;
   *  defaults to VARDE_EXTRA_REDIRECT_URIS (comma separated). */
  extraRedirectUris?: string[];
  /** Access token lifetime; 5 minutes by default. */
  accessTokenTtlSeconds?: number;
  /** Session, grant and refresh token lifetime (one working shift by default). */
  sessionTtlSeconds?: number;
  /** How long an EHR launch context may wait for its authorization request. */
  launchTtlSeconds?: number;
  /** Dynamic client registration; defaults to VARDE_REGISTRATION / VARDE_REGISTRATION_TOKEN. */
  registration?: RegistrationOptions;
  /** Login at an external OpenID provider (upstreamLogin.ts) instead of the simulated login. */
  upstream?: UpstreamOidcConfig;
}

/**
 * VARDE_REGISTRATION=off turns dynamic client registration off; VARDE_REGISTRATION_TOKEN
 * makes it protected (the token is the RFC 7591 initial access token). Open by default:
 * the platform is a sandbox.
 */
export function registrationFromEnv(
  env: Record<string, string | undefined> = process.env,
): RegistrationOptions {
  const mode = env.VARDE_REGISTRATION?.trim();
  if (mode !== undefined && mode !== '' && mode !== 'open' && mode !== 'off') {
    throw new Error(`VARDE_REGISTRATION must be open or off: ${mode}`);
  }
  const token = env.VARDE_REGISTRATION_TOKEN?.trim();
  return { enabled: mode !== 'off', ...(token ? { initialAccessToken: token } : {}) };
}

const MOUNT = '/auth';

/**
 * SMART App Launch 2 capabilities (conformance.html), each one something the platform does:
 * EHR and standalone launch, public and both kinds of confidential clients, patient context
 * in both launches, the banner and style hints, v1 and v2 scopes, patient and user scopes,
 * offline and online refresh tokens, OpenID Connect.
 */
export const CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'context-ehr-patient',
  'context-standalone-patient',
  'context-banner',
  'context-style',
  'permission-v1',
  'permission-v2',
  'permission-patient',
  'permission-user',
  'permission-offline',
  'permission-online',
  'sso-openid-connect',
];
// Not 'authorize-post': oidc-provider accepts POSTed authorization requests only with
// SameSite=None cookies, which must be Secure and so fail on plain-http localhost.
// Not 'context-ehr-encounter': the EPJ simulator launches without an encounter.

/** Scopes the platform grants (scopes.ts), as examples; the list is not exhaustive. */
const EXAMPLE_RESOURCE_SCOPES = [
  'patient/*.rs',
  'patient/Patient.r',
  'patient/Observation.rs',
  'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
  'patient/Observation.c',
  'patient/EpisodeOfCare.rs',
  'patient/Flag.rs',
  'patient/AuditEvent.c',
  'patient/Communication.c',
  'user/*.rs',
  'user/Observation.c',
  'user/AuditEvent.c',
  'user/Communication.c',
];

/** The EPJ's look, for apps that follow smart_style_url (SMART 2 "SMART App Styling"). */
const SMART_STYLE = {
  color_background: '#f4f6f8',
  color_error: '#b00020',
  color_highlight: '#0b5cad',
  color_modal_backdrop: 'rgba(0, 0, 0, 0.4)',
  color_success: '#1b7a3a',
  color_text: '#1a1a1a',
  dim_border_radius: '6px',
  dim_font_size: '16px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, sans-serif',
  font_family_heading: 'system-ui, sans-serif',
};
/** A new content gets a new name: SMART treats the URL as the style's version key. */
const STYLE_PATH = '/auth/static/smart-style-v1.json';

function operationOutcome(code: string, text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] };
}

export async function registerSmart(app: FastifyInstance, opts: SmartOptions): Promise<SmartServer> {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const issuer = `${publicUrl}${MOUNT}`;
  const accessTokenTtlSeconds = opts.accessTokenTtlSeconds ?? 300;
  const sessionTtlSeconds = opts.sessionTtlSeconds ?? 12 * 60 * 60;
  const { db, directory } = opts;

  await ensureSmartSchema(db);
  const keys = await loadOrCreateKeys(db);
  const grantContexts = grantContextStore(db);

  const registration = opts.registration ?? registrationFromEnv();
  const endpoints: SmartEndpoints = {
    issuer,
    authorize: `${issuer}/auth`,
    token: `${issuer}/token`,
    revoke: `${issuer}/token/revocation`,
    introspect: `${issuer}/token/introspection`,
    ...(registration.enabled ? { register: `${issuer}/reg` } : {}),
    jwks: `${issuer}/jwks`,
    userinfo: `${issuer}/me`,
  };
  const fhirBase = (tenant: string) => `${publicUrl}/fhir/${tenant}`;
  const isTenant = async (tenant: string) => (await directory.listTenants()).some((t) => t.id === tenant);
  const tenantOfAudience = async (aud: string) => {
    const prefix = `${publicUrl}/fhir/`;
    if (!aud.startsWith(prefix)) return undefined;
    const tenant = aud.slice(prefix.length);
    if (!/^[A-Za-z0-9-]+$/.test(tenant)) return undefined;
    return (await isTenant(tenant)) ? tenant : undefined;
  };

  const clients = [
    vardeClient(
      publicUrl,
      opts.extraRedirectUris ?? redirectUrisFromList(process.env.VARDE_EXTRA_REDIRECT_URIS),
    ),
    ...(opts.clients ?? extraClientsFromJson(process.env.VARDE_EXTRA_CLIENTS)),
  ];
  const provider = createProvider({
    issuer,
    db,
    directory,
    keys,
    clients,
    registration,
    styleUrl: `${publicUrl}${STYLE_PATH}`,
    allowLoopbackFetch: ['localhost', '127.0.0.1', '[::1]'].includes(new URL(publicUrl).hostname),
    accessTokenTtlSeconds,
    sessionTtlSeconds,
    grantContexts,
    fhirBase,
    tenantOfAudience,
  });
  // Behind a TLS-terminating proxy the process sees plain http; trust X-Forwarded-Proto so
  // oidc-provider knows the browser used https and sets secure cookies.
  if (publicUrl.startsWith('https:')) provider.proxy = true;
  const handleOidc = provider.callback();

  const smartConfiguration = async (tenant: string): Promise<SmartConfiguration | undefined> => {
    if (!(await isTenant(tenant))) return undefined;
    return {
      issuer,
      jwks_uri: endpoints.jwks,
      authorization_endpoint: endpoints.authorize,
      token_endpoint: endpoints.token,
      revocation_endpoint: endpoints.revoke,
      introspection_endpoint: endpoints.introspect,
      ...(endpoints.register ? { registration_endpoint: endpoints.register } : {}),
      userinfo_endpoint: endpoints.userinfo,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: [
        'private_key_jwt',
        'client_secret_basic',
        'client_secret_post',
        'none',
      ],
      token_endpoint_auth_signing_alg_values_supported: [...CLIENT_AUTH_SIGNING_ALGS],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: [...CONTEXT_SCOPES, ...EXAMPLE_RESOURCE_SCOPES],
      response_types_supported: ['code'],
      capabilities: CAPABILITIES,
    };
  };

  await app.register(async (scope) => {
    ensureFormParser(scope);

    // oidc-provider is a Koa app: hand it the raw request before Fastify parses the body.
    // It works out its mount path from originalUrl vs url.
    scope.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      url: `${MOUNT}/*`,
      onRequest: async (req, reply) => {
        reply.hijack();
        const raw = req.raw as IncomingMessage & { originalUrl?: string };
        raw.originalUrl = raw.url;
        raw.url = (raw.url ?? '').slice(MOUNT.length) || '/';
        if (raw.url === '/token') await namePublicClientOfRefresh(raw, provider);
        await handleOidc(raw, reply.raw);
      },
      handler: async () => undefined,
    });

    registerInteractions(scope, {
      provider,
      db,
      directory,
      grantContexts,
      grantTtlSeconds: sessionTtlSeconds,
      tenantOfAudience,
      ...(opts.upstream ? { upstream: createUpstreamLogin({ config: opts.upstream, db, publicUrl }) } : {}),
    });

    // Discovery is read by browser apps on other origins: without CORS a SMART client
    // library fails at "Failed to fetch" before it gets anywhere.
    scope.get<{ Params: { tenant: string } }>(
      '/fhir/:tenant/.well-known/smart-configuration',
      async (req, reply) => {
        reply.header('access-control-allow-origin', '*');
        const config = await smartConfiguration(req.params.tenant);
        if (!config) {
          return reply
            .code(404)
            .type('application/fhir+json')
            .send(operationOutcome('not-found', `Unknown municipality ${req.params.tenant}`));
        }
        return reply.header('cache-control', 'public, max-age=300').type('application/json').send(config);
      },
    );

    // The pages' style sheet (no inline styles, so a strict CSP can be set on the pages).
    // Static routes win over the oidc-provider mount's /auth/* wildcard.
    scope.get('/auth/static/sider.css', async (_req, reply) =>
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type('text/css; charset=utf-8')
        .send(PAGE_CSS),
    );
    scope.get(STYLE_PATH, async (_req, reply) =>
      reply
        .header('access-control-allow-origin', '*')
        .header('cache-control', 'public, max-age=86400')
        .type('application/json')
        .send(SMART_STYLE),
    );
  });

  const verifier = createTokenVerifier({ issuer, publicJwks: keys.publicJwks, fhirBase });

  return {
    issuer,
    endpoints,
    fhirBase,
    smartConfiguration,
    verifyAccessToken: verifier.verifyAccessToken,
    launchableApps: () => launchableApps(db, clients),
    async createLaunch(launch) {
      if (!(await isTenant(launch.tenant))) throw new Error(`Unknown municipality ${launch.tenant}`);
      if (!(await directory.findUser(launch.tenant, launch.username))) {
        throw new Error(`Unknown user ${launch.username} in ${launch.tenant}`);
      }
      if (launch.clientId !== undefined && !(await provider.Client.find(launch.clientId))) {
        throw new Error(`Unknown client ${launch.clientId}`);
      }
      return storeLaunch(db, launch, opts.launchTtlSeconds ?? 10 * 60);
    },
  };
}
