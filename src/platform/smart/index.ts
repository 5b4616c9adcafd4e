// SMART App Launch 2 authorization server of the reference platform: oidc-provider
// mounted at /auth, the per-municipality SMART configuration, the login and patient
// picker steps, EHR launch contexts for the EPJ simulator, and local verification of the
// access tokens for the FHIR routes.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ClientMetadata } from 'oidc-provider';
import type { ClinicalDirectory } from '../directory';
import type { Database } from '../db/types';
import { extraClientsFromJson, redirectUrisFromList, vardeClient } from './clients';
import { ensureFormParser } from './formBody';
import { registerInteractions } from './interactions';
import { loadOrCreateKeys } from './keys';
import { grantContextStore, storeLaunch } from './launches';
import { createProvider } from './provider';
import { CONTEXT_SCOPES } from './scopes';
import { ensureSmartSchema } from './storage';
import type { SmartConfiguration, SmartServer } from './types';
import { createTokenVerifier } from './verify';

export type { SmartServer, LaunchRequest, SmartConfiguration } from './types';
export { VARDE_CLIENT_ID } from './clients';

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
}

const MOUNT = '/auth';

const CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'context-ehr-patient',
  'context-standalone-patient',
  'context-banner',
  'permission-v2',
  'permission-patient',
  'permission-user',
  'permission-offline',
  'sso-openid-connect',
];
// Not 'authorize-post': oidc-provider accepts POSTed authorization requests only with
// SameSite=None cookies, which must be Secure and so fail on plain-http localhost.

const EXAMPLE_RESOURCE_SCOPES = [
  'patient/*.rs',
  'patient/Patient.r',
  'patient/Observation.rs',
  'patient/Observation.c',
  'patient/EpisodeOfCare.rs',
  'patient/Flag.rs',
  'patient/AuditEvent.c',
  'user/*.rs',
  'user/Observation.c',
  'user/AuditEvent.c',
];

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

  const fhirBase = (tenant: string) => `${publicUrl}/fhir/${tenant}`;
  const isTenant = async (tenant: string) => (await directory.listTenants()).some((t) => t.id === tenant);
  const tenantOfAudience = async (aud: string) => {
    const prefix = `${publicUrl}/fhir/`;
    if (!aud.startsWith(prefix)) return undefined;
    const tenant = aud.slice(prefix.length);
    if (!/^[A-Za-z0-9-]+$/.test(tenant)) return undefined;
    return (await isTenant(tenant)) ? tenant : undefined;
  };

  const provider = createProvider({
    issuer,
    db,
    directory,
    keys,
    clients: [
      vardeClient(
        publicUrl,
        opts.extraRedirectUris ?? redirectUrisFromList(process.env.VARDE_EXTRA_REDIRECT_URIS),
      ),
      ...(opts.clients ?? extraClientsFromJson(process.env.VARDE_EXTRA_CLIENTS)),
    ],
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
      jwks_uri: `${issuer}/jwks`,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      revocation_endpoint: `${issuer}/token/revocation`,
      userinfo_endpoint: `${issuer}/me`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
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
    });

    scope.get<{ Params: { tenant: string } }>(
      '/fhir/:tenant/.well-known/smart-configuration',
      async (req, reply) => {
        const config = await smartConfiguration(req.params.tenant);
        if (!config) {
          return reply
            .code(404)
            .type('application/fhir+json')
            .send(operationOutcome('not-found', `Unknown municipality ${req.params.tenant}`));
        }
        return reply.header('cache-control', 'public, max-age=300').send(config);
      },
    );
  });

  const verifier = createTokenVerifier({ issuer, publicJwks: keys.publicJwks, fhirBase });

  return {
    issuer,
    fhirBase,
    smartConfiguration,
    verifyAccessToken: verifier.verifyAccessToken,
    async createLaunch(launch) {
      if (!(await isTenant(launch.tenant))) throw new Error(`Unknown municipality ${launch.tenant}`);
      if (!(await directory.findUser(launch.tenant, launch.username))) {
        throw new Error(`Unknown user ${launch.username} in ${launch.tenant}`);
      }
      return storeLaunch(db, launch, opts.launchTtlSeconds ?? 10 * 60);
    },
  };
}
