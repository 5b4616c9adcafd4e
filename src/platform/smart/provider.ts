// oidc-provider configured as a SMART App Launch 2 authorization server.
//
// SMART's `aud` (the FHIR base of one municipality) is mapped onto OAuth resource
// indicators: the FHIR base is the resource server, so access tokens are JWTs with
// aud = that base. The SMART context of a grant (user, patient, banner) lives in our own
// grant-context store; `extraTokenClaims` copies it into the access token and a
// middleware adds it to the token response, the one place oidc-provider has no hook for.
import { createLocalJWKSet, jwtVerify } from 'jose';
import Provider, {
  errors,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { planRights } from '../access/planPolicy';
import type { ClinicalDirectory } from '../directory';
import type { Database } from '../db/types';
import type { SmartKeys } from './keys';
import { CLIENT_AUTH_SIGNING_ALGS, CLIENT_FIELDS, checkClientMetadata } from './clientMetadata';
import type { GrantContext, GrantContextStore } from './launches';
import {
  CONTEXT_SCOPES,
  decideResourceScopes,
  grantedScopes,
  isClinicalScope,
  resourceServerScopes,
} from './scopes';
import { databaseAdapterFactory } from './storage';
import { errorPage, messagePage } from './views';

export const ACCOUNT_SEPARATOR = ':';

export function accountId(tenant: string, username: string): string {
  return `${tenant}${ACCOUNT_SEPARATOR}${username}`;
}

export function parseAccountId(id: string): { tenant: string; username: string } | undefined {
  const at = id.indexOf(ACCOUNT_SEPARATOR);
  if (at <= 0) return undefined;
  return { tenant: id.slice(0, at), username: id.slice(at + 1) };
}

export interface ProviderDeps {
  issuer: string;
  db: Database;
  directory: ClinicalDirectory;
  keys: SmartKeys;
  clients: ClientMetadata[];
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  grantContexts: GrantContextStore;
  fhirBase(tenant: string): string;
  /** The tenant whose FHIR base the given `aud` is, if it is one. */
  tenantOfAudience(aud: string): Promise<string | undefined>;
  /** Dynamic client registration (RFC 7591) at {issuer}/reg. */
  registration: RegistrationOptions;
  /** The EPJ's SMART style document, sent as smart_style_url in EHR launches. */
  styleUrl: string;
  /**
   * Let oidc-provider fetch a client's jwks_uri on localhost. Only when the platform itself
   * runs on localhost: a deployed sandbox keeps oidc-provider's protection against requests
   * to internal addresses (open registration would otherwise let anyone make it call them).
   */
  allowLoopbackFetch: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface RegistrationOptions {
  enabled: boolean;
  /** When set, a registration must carry it as its bearer (RFC 7591 initial access token). */
  initialAccessToken?: string;
}

/** The fields the sandbox knows (clientMetadata.ts); others in a registration are not stored. */
const KNOWN_FIELDS = new Set(CLIENT_FIELDS.map((f) => f.name));

function stringParam(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = (ctx.oidc?.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Claims the FHIR routes read from every access token (see verify.ts). */
export function accessTokenClaims(context: GrantContext): Record<string, unknown> {
  return {
    fhirUser: `Practitioner/${context.practitionerId}`,
    tenant: context.tenant,
    username: context.username,
    role: context.role,
    org: context.organizationId,
    org_name: context.organizationName,
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.launchId ? { launch_id: context.launchId } : {}),
  };
}

/** SMART launch context members of the token response. */
export function tokenResponseContext(context: GrantContext, styleUrl?: string): Record<string, unknown> {
  // smart_style_url belongs to an EHR launch only (SMART 2: context-style, embedded EHR launch).
  const style = context.launchId && styleUrl ? { smart_style_url: styleUrl } : {};
  if (!context.patient) return { tenant: context.tenant, ...style };
  const fhirContext: { reference: string }[] = [{ reference: `Patient/${context.patient}` }];
  if (context.encounter) fhirContext.push({ reference: `Encounter/${context.encounter}` });
  return {
    patient: context.patient,
    need_patient_banner: context.needPatientBanner ?? true,
    fhirContext,
    tenant: context.tenant,
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.intent ? { intent: context.intent } : {}),
    ...style,
  };
}

/**
 * Refuses an authorization request whose clinical scopes are all ones the platform can never
 * grant (invalid_scope, RFC 6749 4.1.2.1) instead of answering with an empty grant the app
 * would discover only from a 403. A request with no clinical scope (sign-in only) passes;
 * one with some grantable scope goes on, and the consent step reports the rest.
 */
export function refuseUnsupportedOnly(scope: string | undefined): void {
  const clinical = (scope ?? '').split(' ').filter(isClinicalScope);
  const outcomes = decideResourceScopes(clinical, 'clinician');
  if (outcomes.length === 0 || grantedScopes(outcomes).length > 0) return;
  const reasons = outcomes.map((o) => `${o.requested} (${o.refusal?.nb ?? 'ikke støttet'})`).join('; ');
  throw new errors.InvalidScope(`Ingen av de kliniske scopene kan gis her: ${reasons}`, scope ?? '');
}

function wantsOffline(scope: string | string[] | undefined): boolean {
  return typeof scope === 'string' && scope.split(' ').includes('offline_access');
}

export function createProvider(deps: ProviderDeps): Provider {
  const { directory, grantContexts } = deps;
  const longTtl = deps.sessionTtlSeconds;

  const configuration: Configuration = {
    adapter: databaseAdapterFactory(deps.db),
    clients: deps.clients,
    jwks: deps.keys.jwks as Configuration['jwks'],
    cookies: { keys: deps.keys.cookieKeys },
    scopes: [...CONTEXT_SCOPES],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
    async findAccount(_ctx, sub) {
      const parsed = parseAccountId(sub);
      if (!parsed) return undefined;
      const user = await directory.findUser(parsed.tenant, parsed.username);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            fhirUser: `${deps.fhirBase(parsed.tenant)}/Practitioner/${user.practitionerId}`,
            name: user.name,
          };
        },
      };
    },
    extraParams: {
      // SMART requires `aud`; an unknown one has already been refused as invalid_target
      // by the resource indicator check, this catches a missing one.
      aud(ctx, value) {
        if (typeof value !== 'string' || value === '') {
          throw new errors.InvalidRequest('aud (the FHIR base URL) is required');
        }
        const resource = stringParam(ctx, 'resource');
        if (resource !== undefined && resource !== value) {
          throw new errors.InvalidTarget('resource and aud differ');
        }
        // Extra parameters are checked after client, redirect_uri, PKCE and aud, so a
        // refusal here can safely be sent back to the app's redirect_uri.
        refuseUnsupportedOnly(stringParam(ctx, 'scope'));
      },
      launch: null,
    },
    clientDefaults: {
      // A registration that says nothing is a public SMART app (PKCE), not a confidential
      // client with a generated secret (oidc-provider's and RFC 7591's default).
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    },
    extraClientMetadata: {
      properties: ['launch_uri'],
      // oidc-provider calls this for every client it builds; only a registration or an
      // update (RFC 7591/7592) carries a request body to check. Configured clients were
      // checked at start (clients.ts) and stored ones when they were registered.
      validator(ctx, key, _value, metadata) {
        if (key !== 'launch_uri') return;
        const route = ctx?.oidc?.route;
        if (!ctx || (route !== 'registration' && route !== 'client_update')) return;
        const body = ctx.oidc.body as Record<string, unknown> | undefined;
        const checked = checkClientMetadata(body, 'registration');
        if (!checked.ok) {
          // A description starting with "redirect_uris" becomes invalid_redirect_uri.
          throw new errors.InvalidClientMetadata(checked.problem.description);
        }
        // RFC 7591: fields the server does not know are ignored, so they are not stored
        // (the response shows exactly what was registered).
        for (const field of Object.keys(body ?? {})) {
          if (!KNOWN_FIELDS.has(field)) delete (metadata as Record<string, unknown>)[field];
        }
      },
    },
    enabledJWA: {
      // SMART asymmetric client authentication: servers must verify RS384 or ES384.
      clientAuthSigningAlgValues: [...CLIENT_AUTH_SIGNING_ALGS],
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      registration: {
        enabled: deps.registration.enabled,
        initialAccessToken: deps.registration.initialAccessToken ?? false,
        issueRegistrationAccessToken: true,
      },
      // GET/PUT/DELETE {issuer}/reg/{client_id} with the registration access token (RFC 7592);
      // the token stays the same after an update, so a developer keeps the one they got.
      registrationManagement: { enabled: deps.registration.enabled, rotateRegistrationAccessToken: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          const app = ctx.oidc.client?.clientName ?? 'Varde';
          ctx.body = messagePage('Logg ut', `Vil du logge ut av ${app}?`).replace(
            '</main>',
            `${form}<div class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes">Logg ut</button></div></main>`,
          );
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = messagePage(
            'Logget ut',
            `Du er logget ut av ${ctx.oidc.client?.clientName ?? 'Varde'}.`,
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource(ctx) {
          // Only the authorization request carries `aud`; at the token endpoint the
          // resource recorded with the code or refresh token is used.
          return stringParam(ctx, 'aud') ?? undefined!;
        },
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, indicator) {
          const tenant = await deps.tenantOfAudience(indicator);
          if (!tenant) throw new errors.InvalidTarget('aud is not a FHIR server of this platform');
          // oidc-provider keeps only scopes in this list; SMART v2 queries make the set
          // open-ended, so it is made from what this request asks for or already holds.
          const { entities } = ctx.oidc;
          return {
            scope: resourceServerScopes([
              stringParam(ctx, 'scope'),
              entities.AuthorizationCode?.scope,
              entities.RefreshToken?.scope,
            ]).join(' '),
            audience: deps.fhirBase(tenant),
            accessTokenTTL: deps.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    fetch(url, options) {
      const href = url instanceof Request ? url.url : String(url);
      if (deps.allowLoopbackFetch && LOOPBACK_HOSTS.has(new URL(href).hostname)) {
        // Without oidc-provider's dispatcher, whose guard refuses loopback addresses.
        const { dispatcher: _guard, ...rest } = options as RequestInit & { dispatcher?: unknown };
        return globalThis.fetch(url, rest);
      }
      return globalThis.fetch(url, options);
    },
    pkce: { required: () => true },
    // SMART online_access: a refresh token that lives as long as the user's session here
    // (oidc-provider binds a refresh token without offline_access to the session).
    async issueRefreshToken(_ctx, client, code) {
      if (!client.grantTypeAllowed('refresh_token')) return false;
      return code.scopes.has('offline_access') || code.scopes.has('online_access');
    },
    // A new grant on every authorization: a second launch in the same browser session
    // must never reuse the previous launch's patient.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    async extraTokenClaims(_ctx, token) {
      if (!('grantId' in token) || !token.grantId) return undefined;
      const context = await grantContexts.find(token.grantId);
      if (!context) return undefined;
      // What the user may record here (plans, Scale 2), so the app can say so before a
      // form is filled in; the FHIR routes check it again on every write.
      const tenant = (await directory.listTenants()).find((t) => t.id === context.tenant);
      return { ...accessTokenClaims(context), plan_rights: planRights(context.role, tenant?.policy) };
    },
    interactions: { url: (_ctx, interaction) => `/auth/interaction/${interaction.uid}` },
    rotateRefreshToken: true,
    clientBasedCORS(_ctx, origin, client) {
      return client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false;
    },
    ttl: {
      AccessToken: deps.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: deps.accessTokenTtlSeconds,
      Interaction: 15 * 60,
      Session: longTtl,
      Grant: longTtl,
      RefreshToken(ctx) {
        // A rotated token keeps the lifetime of the one it replaces: rotation must not
        // extend a session without end.
        return ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? longTtl;
      },
    },
    async renderError(ctx, out) {
      // Errors that cannot go back to the app (unknown client_id, unregistered redirect_uri,
      // an expired login): a page the app's developer can act on.
      ctx.type = 'html';
      const params = (ctx.oidc?.params ?? {}) as Record<string, unknown>;
      ctx.body = errorPage({
        error: String(out.error),
        description: typeof out.error_description === 'string' ? out.error_description : undefined,
        clientId: typeof params.client_id === 'string' ? params.client_id : undefined,
        redirectUri: typeof params.redirect_uri === 'string' ? params.redirect_uri : undefined,
        issuer: deps.issuer,
      });
    },
  };

  const provider = new Provider(deps.issuer, configuration);

  // OpenID Connect keeps offline_access only with prompt=consent; SMART clients ask for
  // offline_access without it. Every authorization here runs a consent step anyway (a new
  // grant each time, see loadExistingGrant), so adding prompt=consent changes nothing else.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth' && ctx.method === 'GET') {
      const query = ctx.query as Record<string, string | string[] | undefined>;
      if (wantsOffline(query.scope) && query.prompt === undefined) {
        // oidc-provider finds its mount path by locating url inside originalUrl: keep both in step.
        const req = ctx.req as typeof ctx.req & { originalUrl?: string };
        const mount = req.originalUrl?.slice(0, req.originalUrl.indexOf(ctx.url)) ?? '';
        ctx.query = { ...query, prompt: 'consent' };
        req.originalUrl = `${mount}${ctx.url}`;
      }
    }
    await next();
  });

  // Access tokens are JWTs that oidc-provider does not store, so its introspection refuses
  // them (unsupported_token_type). A token this issuer signed, unexpired, is answered here with its claims
  // (SMART token introspection: active, scope, client_id, exp, patient, fhirUser). A public
  // client may introspect only its own tokens, as oidc-provider's default policy says.
  const accessTokenKeys = createLocalJWKSet(deps.keys.publicJwks);
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'introspection') return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const structured = ctx.status === 400 && body?.error === 'unsupported_token_type';
    const inactive = ctx.status === 200 && body?.active === false;
    const token = (ctx.oidc.params as Record<string, unknown> | undefined)?.token;
    if (!(structured || inactive) || typeof token !== 'string') return;
    ctx.status = 200;
    ctx.body = { active: false };
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, accessTokenKeys, {
        issuer: deps.issuer,
        typ: 'at+jwt',
        algorithms: ['RS256'],
      }));
    } catch {
      return;
    }
    const caller = ctx.oidc.client;
    if (!caller || (caller.clientAuthMethod === 'none' && caller.clientId !== claims.client_id)) return;
    const { typ: _typ, ...rest } = claims;
    ctx.body = { ...rest, active: true, token_type: 'Bearer' };
  });

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const grantId = ctx.oidc.entities.AccessToken?.grantId;
    if (!body || typeof body.access_token !== 'string' || !grantId) return;
    const context = await grantContexts.find(grantId);
    if (context) ctx.body = { ...tokenResponseContext(context, deps.styleUrl), ...body };
  });

  return provider;
}
