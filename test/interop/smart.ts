// The second server's SMART authorization: its own oidc-provider, configured unlike Varde's
// platform on purpose. SMART v1 scopes only (v2 scopes are not recognised and never granted),
// opaque access tokens that live 1 minute (checked by the FHIR adapter in process), no
// `tenant` claim, the SMART context (patient, need_patient_banner, fhirContext) only in the
// token response. Login: a page listing the base's users; an EHR launch logs in the user the
// launcher named. Every requested v1 scope the server knows is granted (a test server).
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { InteropPatient, InteropUser } from './seed';

/** The scopes this server knows: SMART v1 and OpenID Connect. */
export const V1_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'offline_access',
  'launch',
  'launch/patient',
  'patient/*.read',
  'patient/Observation.write',
  'patient/AuditEvent.write',
  'user/*.read',
  'user/Observation.write',
  'user/AuditEvent.write',
];

export const ACCESS_TOKEN_TTL_SECONDS = 60;

export interface Base {
  /** "a" or "b": the path segment before /fhir. */
  name: string;
  /** The absolute FHIR base, ending in /fhir. */
  url: string;
  users: InteropUser[];
  patients: InteropPatient[];
}

export interface GrantContext {
  base: string;
  user: InteropUser;
  patient?: string;
}

export interface Launch {
  base: string;
  username: string;
  patient: string;
  /** Grant read scopes only (the EHR's policy for this user): what Varde does without write. */
  readOnly?: boolean;
}

export interface SmartServer {
  provider: Provider;
  issuer: string;
  grants: Map<string, GrantContext>;
  launches: Map<string, Launch>;
  /** Answers /interaction/:uid (GET shows the login, POST logs in). */
  interaction(req: IncomingMessage, res: ServerResponse, body: URLSearchParams | undefined): Promise<void>;
  /** The context of a valid access token, or undefined. */
  verify(token: string): Promise<(GrantContext & { scope: string }) | undefined>;
}

function html(title: string, body: string): string {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

export function createSmartServer(opts: { issuer: string; appOrigin: string; bases: Base[] }): SmartServer {
  const grants = new Map<string, GrantContext>();
  const launches = new Map<string, Launch>();
  const baseOf = (aud: unknown) => opts.bases.find((b) => b.url === aud);

  const configuration: Configuration = {
    clients: [
      {
        client_id: 'varde',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${opts.appOrigin}/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    scopes: V1_SCOPES,
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
    // fhirUser and name in the ID token itself (SMART reads fhirUser there), not only at userinfo.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const [base, username] = sub.split('|');
      const b = opts.bases.find((x) => x.name === base);
      const user = b?.users.find((u) => u.username === username);
      if (!b || !user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          fhirUser: `${b.url}/Practitioner/${user.practitionerId}`,
          name: user.name,
        }),
      };
    },
    extraParams: { aud: null, launch: null },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Unlike OpenID Connect's default (offline_access kept only with prompt=consent), every
    // code of a client allowed to refresh gets a refresh token, as many SMART servers do.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    clientBasedCORS: (_ctx, origin) => origin === opts.appOrigin,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = html('Feil', `${out.error}: ${out.error_description ?? ''}`);
    },
  };
  const provider = new Provider(opts.issuer, configuration);
  provider.proxy = false;

  // SMART's launch context rides on the token response (SMART 2, section 2.0.9).
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const grantId = ctx.oidc.entities.AccessToken?.grantId;
    const context = grantId ? grants.get(grantId) : undefined;
    if (!body || !context?.patient) return;
    ctx.body = {
      ...body,
      patient: context.patient,
      need_patient_banner: true,
      fhirContext: [{ reference: `Patient/${context.patient}` }],
    };
  });

  async function interaction(req: IncomingMessage, res: ServerResponse, form: URLSearchParams | undefined) {
    const details = await provider.interactionDetails(req, res);
    const params = details.params as Record<string, string | undefined>;
    const base = baseOf(params.aud);
    const send = (status: number, page: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    };
    if (!base)
      return send(
        400,
        html('Ukjent FHIR-server', `aud ${params.aud ?? '(mangler)'} er ikke en FHIR-server her.`),
      );
    const launch = params.launch ? launches.get(params.launch) : undefined;
    if (params.launch && (!launch || launch.base !== base.url))
      return send(400, html('Ukjent oppstart', 'Oppstarten er ukjent eller gjelder en annen server.'));

    // Logged in as someone else (another base's user, or not the user the EHR launched): log in again.
    const [sessionBase, sessionUser] = (details.session?.accountId ?? '').split('|');
    const wrongAccount =
      sessionBase !== base.name || (launch !== undefined && sessionUser !== launch.username);
    if (details.prompt.name === 'login' || wrongAccount) {
      const username = launch?.username ?? form?.get('username') ?? undefined;
      const user = base.users.find((u) => u.username === username);
      if (!user) {
        const radios = base.users
          .map(
            (u, i) =>
              `<p><label><input type="radio" name="username" value="${u.username}"${i === 0 ? ' checked' : ''}> ${u.name}</label></p>`,
          )
          .join('');
        return send(
          200,
          html(
            'Logg inn',
            `<form method="post"><fieldset><legend>Testbruker</legend>${radios}</fieldset><button type="submit">Logg inn</button></form>`,
          ),
        );
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: `${base.name}|${user.username}` } },
        { mergeWithLastSubmission: false },
      );
      return;
    }

    // Consent: grant every requested scope this server knows (v1 only).
    const [, username] = (details.session?.accountId ?? '').split('|');
    const user = base.users.find((u) => u.username === username)!;
    const known = (params.scope ?? '').split(' ').filter((s) => V1_SCOPES.includes(s));
    const refused = known.filter((s) => launch?.readOnly === true && s.endsWith('.write'));
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: params.client_id! });
    grant.addOIDCScope(known.filter((s) => !refused.includes(s)).join(' '));
    // Refused, not just left out: otherwise the consent prompt comes back for them.
    if (refused.length) grant.rejectOIDCScope(refused.join(' '));
    const grantId = await grant.save();
    grants.set(grantId, { base: base.url, user, ...(launch ? { patient: launch.patient } : {}) });
    if (params.launch) launches.delete(params.launch);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function verify(value: string) {
    const token = await provider.AccessToken.find(value);
    if (!token || token.isExpired) return undefined;
    const context = token.grantId ? grants.get(token.grantId) : undefined;
    if (!context) return undefined;
    return { ...context, scope: token.scope ?? '' };
  }

  return { provider, issuer: opts.issuer, grants, launches, interaction, verify };
}
