// Login at an external OpenID Connect provider (HelseID in Norway; any OIDC provider): the
// platform's SMART server stays the authorization server for the apps, and authenticates
// the user by an OIDC authorization code flow (PKCE, state, nonce) to the upstream provider.
// The upstream's HPR claim (or its subject) is matched against the Practitioners of the
// municipality the app asked for; the login then goes on as any other (consent, grant).
//
// Stateless across platform processes: each login in progress is a row in the platform
// database (oidc-provider's payload table, kind UpstreamLogin), keyed by its `state`, so
// the provider may send the browser back to any process behind the load balancer. Only
// the upstream's public metadata (discovery document, signing keys) is cached in memory.
//
// Two hops back, because oidc-provider's interaction cookie is scoped to
// /auth/interaction/{uid}: the provider returns to the one registered callback
// (/auth/upstream/callback), which exchanges the code and sends the browser on to
// /auth/interaction/{uid}/upstream, where the interaction cookie proves it is the same
// browser that started the login.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import type { AdapterPayload } from 'oidc-provider';
import type { UpstreamOidcConfig } from '../config';
import type { Database } from '../db/types';
import { databaseAdapterFactory } from './storage';

export const UPSTREAM_CALLBACK_PATH = '/auth/upstream/callback';

/** How long a user may take at the upstream provider. */
const LOGIN_TTL_SECONDS = 10 * 60;
const KIND = 'UpstreamLogin';
const FETCH_TIMEOUT_MS = 10_000;

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  id_token_signing_alg_values_supported?: string[];
}

/** One login in progress, stored under its state. */
interface PendingLogin {
  uid: string;
  tenant: string;
  nonce: string;
  verifier: string;
  /** Set when the provider came back: who logged in, or why not. */
  result?: UpstreamIdentity | { error: string };
}

export interface UpstreamIdentity {
  subject: string;
  /** The value of the configured HPR claim (the subject when that claim is `sub`). */
  hpr: string;
  name?: string;
}

/** A login at the provider that cannot go on; the message is for the user (Norwegian). */
export class UpstreamLoginError extends Error {}

export interface UpstreamLogin {
  /** The provider's authorization URL for this interaction (after storing its state). */
  begin(uid: string, tenant: string): Promise<string>;
  /**
   * The provider's redirect back: checks the state, exchanges the code and validates the
   * ID token. Returns the interaction to continue and the state that now holds the result.
   */
  complete(
    query: Record<string, string | undefined>,
  ): Promise<{ uid: string; state: string; problem?: unknown }>;
  /** Takes (once) the finished login of this interaction. */
  take(uid: string, state: string): Promise<{ tenant: string; identity: UpstreamIdentity }>;
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export function createUpstreamLogin(opts: {
  config: UpstreamOidcConfig;
  db: Database;
  /** The platform's public URL (the callback is registered at the provider under it). */
  publicUrl: string;
}): UpstreamLogin {
  const { config } = opts;
  const adapter = databaseAdapterFactory(opts.db)(KIND);
  const redirectUri = `${opts.publicUrl}${UPSTREAM_CALLBACK_PATH}`;
  let discovery: Promise<Discovery> | undefined;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  /** The provider's metadata, fetched on first use (a failure is retried next time). */
  function discover(): Promise<Discovery> {
    discovery ??= getJson<Discovery>(`${config.issuer}/.well-known/openid-configuration`).then(
      (d) => {
        if (d.issuer.replace(/\/+$/, '') !== config.issuer) {
          throw new Error(`the provider calls itself ${d.issuer}, not ${config.issuer}`);
        }
        keys = createRemoteJWKSet(new URL(d.jwks_uri));
        return d;
      },
      (error: unknown) => {
        discovery = undefined;
        throw error;
      },
    );
    return discovery;
  }

  async function clientAuthentication(tokenEndpoint: string): Promise<{
    headers: Record<string, string>;
    form: Record<string, string>;
  }> {
    if (config.privateJwk) {
      // private_key_jwt (RFC 7523), as HelseID requires.
      const jwk = config.privateJwk as JWK;
      const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
      const key = await importJWK(jwk, alg);
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg, ...(jwk.kid ? { kid: jwk.kid } : {}), typ: 'JWT' })
        .setIssuer(config.clientId)
        .setSubject(config.clientId)
        .setAudience(tokenEndpoint)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(key);
      return {
        headers: {},
        form: {
          client_id: config.clientId,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        },
      };
    }
    // client_secret_basic: both parts form-encoded first (RFC 6749 2.3.1).
    const basic = Buffer.from(
      `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret ?? '')}`,
    ).toString('base64');
    return { headers: { authorization: `Basic ${basic}` }, form: {} };
  }

  async function identityOf(d: Discovery, pending: PendingLogin, code: string): Promise<UpstreamIdentity> {
    const auth = await clientAuthentication(d.token_endpoint);
    const tokens = await getJson<{ id_token?: string; access_token?: string }>(d.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth.headers },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
        ...auth.form,
      }),
    });
    if (!tokens.id_token) throw new Error('the token answer has no id_token');
    const { payload } = await jwtVerify(tokens.id_token, keys!, {
      issuer: d.issuer,
      audience: config.clientId,
      algorithms: d.id_token_signing_alg_values_supported ?? ['RS256'],
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.nonce !== pending.nonce) throw new Error('the ID token carries another nonce');
    const subject = String(payload.sub);
    let claims: Record<string, unknown> = payload;
    if (claims[config.hprClaim] === undefined && d.userinfo_endpoint && tokens.access_token) {
      // Providers that conform ID token claims to OIDC put scope-bound claims at userinfo only.
      const info = await getJson<Record<string, unknown>>(d.userinfo_endpoint, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      if (info.sub !== subject) throw new Error('userinfo answers for another subject');
      claims = { ...info, ...payload };
    }
    const hpr = claims[config.hprClaim];
    if (typeof hpr !== 'string' && typeof hpr !== 'number') {
      throw new UpstreamLoginError(
        `Identitetsleverandøren oppga ikke HPR-nummer (${config.hprClaim}); uten det kan ingen bruker finnes.`,
      );
    }
    const name = typeof claims.name === 'string' ? claims.name : undefined;
    return { subject, hpr: String(hpr), ...(name ? { name } : {}) };
  }

  async function save(state: string, pending: PendingLogin, ttl = LOGIN_TTL_SECONDS) {
    await adapter.upsert(state, pending as unknown as AdapterPayload, ttl);
  }

  return {
    async begin(uid, tenant) {
      const d = await discover();
      const state = randomToken();
      const pending: PendingLogin = { uid, tenant, nonce: randomToken(), verifier: randomToken() };
      await save(state, pending);
      const url = new URL(d.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: config.scope,
        state,
        nonce: pending.nonce,
        code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      return url.href;
    },

    async complete(query) {
      const state = query.state;
      const pending = state
        ? ((await adapter.find(state)) as unknown as PendingLogin | undefined)
        : undefined;
      if (!state || !pending || pending.result) {
        throw new UpstreamLoginError(
          'Innloggingen er ukjent, utløpt eller allerede brukt. Start på nytt fra appen.',
        );
      }
      let result: NonNullable<PendingLogin['result']>;
      let problem: unknown;
      if (query.error) {
        result = { error: `Identitetsleverandøren avviste innloggingen (${query.error.slice(0, 80)}).` };
      } else if (!query.code) {
        result = { error: 'Identitetsleverandøren sendte ingen kode tilbake.' };
      } else {
        try {
          result = await identityOf(await discover(), pending, query.code);
        } catch (error) {
          problem = error instanceof UpstreamLoginError ? undefined : error;
          result = {
            error:
              error instanceof UpstreamLoginError
                ? error.message
                : 'Innloggingen hos identitetsleverandøren kunne ikke bekreftes.',
          };
        }
      }
      await save(state, { ...pending, result });
      return { uid: pending.uid, state, ...(problem ? { problem } : {}) };
    },

    async take(uid, state) {
      // Used once: the conditional update lets only one request through.
      const { rows } = await opts.db.query<{ payload: PendingLogin }>(
        `UPDATE oidc_payloads SET consumed = now()
          WHERE kind = $1 AND id = $2 AND consumed IS NULL AND expires_at > now()
          RETURNING payload`,
        [KIND, state],
      );
      const stored = rows[0]?.payload;
      if (!stored || stored.uid !== uid || !stored.result) {
        throw new UpstreamLoginError(
          'Innloggingen er ukjent, utløpt eller allerede brukt. Start på nytt fra appen.',
        );
      }
      if ('error' in stored.result) throw new UpstreamLoginError(stored.result.error);
      return { tenant: stored.tenant, identity: stored.result };
    },
  };
}
