import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/appConfig';
import { RefreshRefusedError, type SmartSession } from './session';
import { LaunchError, beginLaunch, completeLaunch, refreshSession, sessionFromResponse } from './smartLaunch';

const config: AppConfig = {
  clientId: 'varde',
  municipalities: [{ name: 'Bergen', fhirBase: 'https://app.test/fhir/4601' }],
};

const smartConfiguration = {
  issuer: 'https://app.test/auth',
  authorization_endpoint: 'https://app.test/auth/auth',
  token_endpoint: 'https://app.test/auth/token',
  code_challenge_methods_supported: ['S256'],
  capabilities: ['launch-ehr', 'launch-standalone', 'context-ehr-patient'],
};

function b64url(o: object): string {
  return btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}
const idToken = `${b64url({ alg: 'none' })}.${b64url({ sub: 'u1', fhirUser: 'Practitioner/p1', name: 'Lege Lise' })}.`;
const accessToken = `${b64url({ alg: 'none' })}.${b64url({ tenant: '4601' })}.`;

function env() {
  const fetchFn = vi.fn(async (url: RequestInfo | URL) => {
    expect(String(url)).toBe('https://app.test/fhir/4601/.well-known/smart-configuration');
    return new Response(JSON.stringify(smartConfiguration), {
      headers: { 'content-type': 'application/json' },
    });
  });
  return {
    config,
    origin: 'https://app.test',
    storage: window.sessionStorage,
    fetchFn: fetchFn as typeof fetch,
  };
}

afterEach(() => {
  window.sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('SMART EHR launch', () => {
  it('asks for a code with PKCE S256, state, aud and launch', async () => {
    const url = new URL(await beginLaunch(env(), { iss: 'https://app.test/fhir/4601', launch: 'L-123' }));
    expect(url.origin + url.pathname).toBe('https://app.test/auth/auth');
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('varde');
    expect(q.get('redirect_uri')).toBe('https://app.test/callback');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.get('aud')).toBe('https://app.test/fhir/4601');
    expect(q.get('launch')).toBe('L-123');
    expect(q.get('scope')).toContain('launch');
  });

  it('refuses an unknown iss before contacting it', async () => {
    const e = env();
    const refused = beginLaunch(e, { iss: 'https://evil.test/fhir', launch: 'x' });
    await expect(refused).rejects.toBeInstanceOf(LaunchError);
    await expect(refused).rejects.toThrow('Varde er satt opp for: Bergen (https://app.test/fhir/4601)');
    expect(e.fetchFn).not.toHaveBeenCalled();
  });

  it('keeps the SMART launch context from the token response', async () => {
    const e = env();
    const url = new URL(await beginLaunch(e, { iss: 'https://app.test/fhir/4601', launch: 'L-1' }));
    const state = url.searchParams.get('state');
    const tokenCalls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
        tokenCalls.push(String(init?.body));
        return new Response(
          JSON.stringify({
            access_token: accessToken,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'openid fhirUser launch patient/*.rs',
            id_token: idToken,
            refresh_token: 'r1',
            patient: 'pat-42',
            need_patient_banner: false,
            fhirContext: [{ reference: 'Encounter/e1' }],
          }),
          { headers: { 'content-type': 'application/json' } },
        );
      }),
    );
    const session = await completeLaunch(e, `https://app.test/callback?code=c1&state=${state}`);
    expect(tokenCalls[0]).toContain('code_verifier=');
    expect(session).toMatchObject({
      kind: 'ehr',
      patient: 'pat-42',
      needPatientBanner: false,
      fhirContext: [{ reference: 'Encounter/e1' }],
      fhirUser: 'Practitioner/p1',
      userName: 'Lege Lise',
      tenant: '4601',
      refreshToken: 'r1',
    });
  });

  it('refuses a callback with a foreign state', async () => {
    const e = env();
    await beginLaunch(e, { iss: 'https://app.test/fhir/4601', launch: 'L-1' });
    await expect(completeLaunch(e, 'https://app.test/callback?code=c1&state=forged')).rejects.toBeInstanceOf(
      LaunchError,
    );
  });
});

describe('token refresh', () => {
  const session: SmartSession = {
    kind: 'standalone',
    fhirBase: 'https://app.test/fhir/4601',
    municipality: 'Bergen',
    clientId: 'varde',
    metadata: { issuer: 'https://app.test/auth', token_endpoint: 'https://app.test/auth/token' },
    scope: 'openid fhirUser user/*.rs offline_access',
    accessToken: 'old',
    refreshToken: 'r1',
    expiresAt: 1,
    profile: { sub: 'u1' },
    needPatientBanner: true,
  };
  const tokenAnswer = (status: number, body: object) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      ),
    );

  it('a refusal by the server (invalid_grant) is RefreshRefusedError: log in again', async () => {
    tokenAnswer(400, { error: 'invalid_grant', error_description: 'grant request is invalid' });
    await expect(refreshSession(env(), session)).rejects.toBeInstanceOf(RefreshRefusedError);
  });

  it('no network is not a refusal: the same refresh token is tried again later', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const e = await refreshSession(env(), session).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(e).not.toBeInstanceOf(RefreshRefusedError);
  });

  it('"try later" from the server is not a refusal either', async () => {
    tokenAnswer(503, { error: 'temporarily_unavailable' });
    await expect(refreshSession(env(), session)).rejects.not.toBeInstanceOf(RefreshRefusedError);
  });

  it('a new token on success, the launch context kept', async () => {
    tokenAnswer(200, { access_token: 'new', token_type: 'Bearer', expires_in: 60, refresh_token: 'r2' });
    expect(await refreshSession(env(), session)).toMatchObject({ accessToken: 'new', refreshToken: 'r2' });
  });

  it('no tenant without the claim: a path segment of the base is not a tenant', () => {
    const response = { access_token: 'opaque', scope: '', profile: { sub: 'u1' } } as never;
    const pending = {
      kind: 'standalone' as const,
      fhirBase: 'https://b.test/fhir',
      municipality: 'B',
      metadata: {},
    };
    expect(sessionFromResponse(response, pending, 'varde', 0).tenant).toBeUndefined();
  });
});
