// oidc-provider configured as a SMART App Launch 2 authorization server.
//
// SMART's `aud` (the FHIR base of one municipality) is mapped onto OAuth resource
// indicators: the FHIR base is the resource server, so access tokens are JWTs with
// aud = that base. The SMART context of a grant (user, patient, banner) lives in our own
// grant-context store; `extraTokenClaims` copies it into the access token and a
// middleware adds it to the token response, the one place oidc-provider has no hook for.
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
import type { GrantContext, GrantContextStore } from './launches';
import { CONTEXT_SCOPES, recognisedResourceScopes } from './scopes';
import { databaseAdapterFactory } from './storage';
import { messagePage } from './views';

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
}

const RESOURCE_SCOPE_LIST = [...CONTEXT_SCOPES, ...recognisedResourceScopes()].join(' ');

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
export function tokenResponseContext(context: GrantContext): Record<string, unknown> {
  if (!context.patient) return { tenant: context.tenant };
  const fhirContext: { reference: string }[] = [{ reference: `Patient/${context.patient}` }];
  if (context.encounter) fhirContext.push({ reference: `Encounter/${context.encounter}` });
  return {
    patient: context.patient,
    need_patient_banner: context.needPatientBanner ?? true,
    fhirContext,
    tenant: context.tenant,
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.intent ? { intent: context.intent } : {}),
  };
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
      },
      launch: null,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = messagePage('Logg ut', 'Vil du logge ut av Varde?').replace(
            '</main>',
            `${form}<div class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes">Logg ut</button></div></main>`,
          );
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = messagePage('Logget ut', 'Du er logget ut av Varde.');
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
        async getResourceServerInfo(_ctx, indicator) {
          const tenant = await deps.tenantOfAudience(indicator);
          if (!tenant) throw new errors.InvalidTarget('aud is not a FHIR server of this platform');
          return {
            scope: RESOURCE_SCOPE_LIST,
            audience: deps.fhirBase(tenant),
            accessTokenTTL: deps.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    pkce: { required: () => true },
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
      ctx.type = 'html';
      ctx.body = messagePage(
        'Innloggingen kunne ikke fullføres',
        `${out.error}${out.error_description ? `: ${out.error_description}` : ''}`,
      );
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

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const grantId = ctx.oidc.entities.AccessToken?.grantId;
    if (!body || typeof body.access_token !== 'string' || !grantId) return;
    const context = await grantContexts.find(grantId);
    if (context) ctx.body = { ...tokenResponseContext(context), ...body };
  });

  return provider;
}
