// A second, independent oidc-provider instance on 127.0.0.1 that plays the external identity
// provider (HelseID's part) in tests of production login: the platform's SMART server sends
// the user here and gets an ID token with the user's HPR number back. Its own development
// login pages (oidc-provider's devInteractions: any login name, any password) stand in for
// HelseID's login; the accounts and their HPR numbers are the test's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type ClientMetadata } from 'oidc-provider';

export const HPR_CLAIM = 'helseid://claims/hpr/hpr_number';

export interface UpstreamAccount {
  hpr?: string;
  name: string;
}

export interface UpstreamProvider {
  issuer: string;
  /** The platform's client at the provider. */
  clientId: string;
  /** private_key_jwt: the platform's private key (the provider knows the public half). */
  clientJwk?: JWK;
  /** client_secret_basic: the secret. */
  clientSecret?: string;
  /** Logins the provider finished (account ids), in order. */
  logins: string[];
  close(): Promise<void>;
}

export async function startUpstreamProvider(opts: {
  /** The platform's callback(s), registered at the provider. */
  redirectUris: string[];
  accounts: Record<string, UpstreamAccount>;
  clientAuth: 'private_key_jwt' | 'client_secret_basic';
  /** Put the HPR claim in the ID token (HelseID does); otherwise only userinfo has it. */
  hprInIdToken?: boolean;
}): Promise<UpstreamProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'varde-platform';

  let clientJwk: JWK | undefined;
  let client: ClientMetadata;
  const base: ClientMetadata = {
    client_id: clientId,
    redirect_uris: opts.redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
  if (opts.clientAuth === 'private_key_jwt') {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    clientJwk = { ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'varde-platform-1' };
    client = {
      ...base,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'varde-platform-1' }] },
    } as ClientMetadata;
  } else {
    client = {
      ...base,
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret: 'upstream-test-secret',
    };
  }

  const { privateKey: signing } = await generateKeyPair('RS256', { extractable: true });
  const logins: string[] = [];
  const provider = new Provider(issuer, {
    clients: [client],
    jwks: { keys: [{ ...(await exportJWK(signing)), alg: 'RS256', use: 'sig', kid: 'upstream-1' }] as never },
    // Other names than the platform's oidc-provider: a browser keeps one cookie jar per
    // host, not per port, and both run on 127.0.0.1 here.
    cookies: {
      keys: ['upstream-test-cookie-key'],
      names: { session: '_up_session', interaction: '_up_interaction', resume: '_up_resume' },
    },
    scopes: ['openid', 'profile', 'hpr'],
    claims: { openid: ['sub'], profile: ['name'], hpr: [HPR_CLAIM] },
    conformIdTokenClaims: !opts.hprInIdToken,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    async findAccount(_ctx, sub) {
      const account = opts.accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          logins.push(sub);
          return { sub, name: account.name, ...(account.hpr ? { [HPR_CLAIM]: account.hpr } : {}) };
        },
      };
    },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    ...(clientJwk ? { clientJwk } : {}),
    ...(opts.clientAuth === 'client_secret_basic' ? { clientSecret: 'upstream-test-secret' } : {}),
    logins,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The form of one of oidc-provider's development pages: where it posts. */
export function formAction(html: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  return action.replace(/&amp;/g, '&');
}
