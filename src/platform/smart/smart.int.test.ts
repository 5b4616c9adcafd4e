// The SMART App Launch 2 flows driven over real HTTP as a client and a browser would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { registerEpjSimulator } from '../epj/index';
import { BrowserClient, inputValues, pkcePair } from './testing/browserClient';
import { startTestPlatform, type TestPlatform } from './testing/server';

let platform: TestPlatform;
let redirectUri: string;
let bergen: string;
let stavanger: string;

beforeAll(async () => {
  platform = await startTestPlatform({
    register: (app, smart, publicUrl, directory) =>
      registerEpjSimulator(app, { publicUrl, appUrl: publicUrl, directory, smart }),
  });
  redirectUri = `${platform.publicUrl}/callback`;
  bergen = `${platform.publicUrl}/fhir/4601`;
  stavanger = `${platform.publicUrl}/fhir/1103`;
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await platform?.db.close();
});

interface AuthorizeOptions {
  scope: string;
  aud?: string;
  launch?: string;
  state?: string;
  challenge?: string;
  challengeMethod?: string;
  omit?: string[];
}

function authorizeUrl(o: AuthorizeOptions): string {
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: 'varde',
    redirect_uri: redirectUri,
    scope: o.scope,
    state: o.state ?? 'state-123',
    aud: o.aud ?? bergen,
    code_challenge: o.challenge ?? 'x'.repeat(43),
    code_challenge_method: o.challengeMethod ?? 'S256',
    ...(o.launch ? { launch: o.launch } : {}),
  };
  for (const name of o.omit ?? []) delete params[name];
  return `${platform.publicUrl}/auth/auth?${new URLSearchParams(params)}`;
}

const atCallback = (url: string) => url.startsWith(redirectUri);

async function tokenRequest(form: Record<string, string>) {
  const response = await fetch(`${platform.publicUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'varde', ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function exchange(callbackUrl: string, verifier: string) {
  const code = new URL(callbackUrl).searchParams.get('code');
  expect(code, `no code in ${callbackUrl}`).toBeTruthy();
  return tokenRequest({
    grant_type: 'authorization_code',
    code: code!,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

async function ehrLaunch(
  scope: string,
  launchOverrides: Partial<{ patientId: string; needPatientBanner: boolean }> = {},
) {
  const launch = await platform.smart.createLaunch({
    tenant: '4601',
    username: 'ola.lege',
    patientId: 'pat-2',
    needPatientBanner: false,
    ...launchOverrides,
  });
  const browser = new BrowserClient();
  const pkce = pkcePair();
  const result = await browser.follow(
    authorizeUrl({ scope, launch, challenge: pkce.challenge }),
    {},
    atCallback,
  );
  return { browser, pkce, result, launch };
}

describe('SMART configuration', () => {
  it('publishes SMART 2 fields per municipality', async () => {
    const response = await fetch(`${bergen}/.well-known/smart-configuration`);
    expect(response.status).toBe(200);
    const config = (await response.json()) as Record<string, unknown>;
    expect(config.issuer).toBe(`${platform.publicUrl}/auth`);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.capabilities).toEqual(
      expect.arrayContaining(['launch-ehr', 'launch-standalone', 'permission-v2']),
    );
    const discovery = (await (
      await fetch(`${platform.publicUrl}/auth/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.authorization_endpoint).toBe(config.authorization_endpoint);
    expect(discovery.token_endpoint).toBe(config.token_endpoint);
    expect(discovery.jwks_uri).toBe(config.jwks_uri);
  });

  it('answers 404 OperationOutcome for an unknown municipality', async () => {
    const response = await fetch(`${platform.publicUrl}/fhir/9999/.well-known/smart-configuration`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });
});

describe('EHR launch', () => {
  it('logs the EPJ user in without asking and returns the launch context', async () => {
    const { result, pkce, launch } = await ehrLaunch(
      'launch openid fhirUser profile patient/*.rs patient/Observation.c',
    );
    expect(atCallback(result.url)).toBe(true);
    const callback = new URL(result.url);
    expect(callback.searchParams.get('state')).toBe('state-123');
    expect(callback.searchParams.get('error')).toBeNull();

    const { status, body } = await exchange(result.url, pkce.verifier);
    expect(status).toBe(200);
    expect(body.patient).toBe('pat-2');
    expect(body.need_patient_banner).toBe(false);
    expect(body.fhirContext).toEqual([{ reference: 'Patient/pat-2' }]);
    expect(body.expires_in).toBeLessThanOrEqual(300);
    expect(String(body.scope).split(' ')).toEqual(
      expect.arrayContaining(['launch', 'openid', 'fhirUser', 'patient/*.rs', 'patient/Observation.c']),
    );
    const idToken = decodeJwt(String(body.id_token));
    expect(idToken.fhirUser).toBe(`${bergen}/Practitioner/prac-ola`);
    // The PWA shows who is logged in from the id_token (it does not call userinfo).
    expect(typeof idToken.name).toBe('string');
    expect(String(idToken.name).length).toBeGreaterThan(0);

    const claims = decodeJwt(String(body.access_token));
    expect(claims.aud).toBe(bergen);
    expect(claims.patient).toBe('pat-2');
    expect(claims.fhirUser).toBe('Practitioner/prac-ola');

    const verified = await platform.smart.verifyAccessToken(`Bearer ${body.access_token}`, '4601');
    expect(verified).toMatchObject({
      kind: 'ok',
      access: {
        tenant: '4601',
        clientId: 'varde',
        practitionerId: 'prac-ola',
        username: 'ola.lege',
        role: 'legevakt-doctor',
        organizationId: 'org-legevakt-ber',
        patient: 'pat-2',
        launchId: launch,
      },
    });
  });
});

function formAction(html: string): string {
  const match = /<form method="post" action="([^"]+)"/.exec(html);
  expect(match, 'no form on page').toBeTruthy();
  return `${platform.publicUrl}${match![1]}`;
}

describe('EHR launch safety', () => {
  it('uses a launch only once', async () => {
    const first = await ehrLaunch('launch openid patient/*.rs');
    expect(new URL(first.result.url).searchParams.get('code')).toBeTruthy();
    const again = await new BrowserClient().follow(
      authorizeUrl({
        scope: 'launch openid patient/*.rs',
        launch: first.launch,
        challenge: pkcePair().challenge,
      }),
      {},
      atCallback,
    );
    const callback = new URL(again.url);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('refuses a launch of one municipality used with the FHIR base of another', async () => {
    const launch = await platform.smart.createLaunch({
      tenant: '4601',
      username: 'ola.lege',
      patientId: 'pat-2',
      needPatientBanner: true,
    });
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'launch openid patient/*.rs', launch, aud: stavanger }),
      {},
      atCallback,
    );
    expect(new URL(result.url).searchParams.get('error')).toBe('access_denied');
  });

  it('gives a second launch in the same browser session its own patient', async () => {
    const browser = new BrowserClient();
    const patients: unknown[] = [];
    for (const patientId of ['pat-2', 'pat-1']) {
      const launch = await platform.smart.createLaunch({
        tenant: '4601',
        username: 'ola.lege',
        patientId,
        needPatientBanner: true,
      });
      const pkce = pkcePair();
      const result = await browser.follow(
        authorizeUrl({ scope: 'launch openid patient/*.rs', launch, challenge: pkce.challenge }),
        {},
        atCallback,
      );
      const { body } = await exchange(result.url, pkce.verifier);
      patients.push(body.patient);
    }
    expect(patients).toEqual(['pat-2', 'pat-1']);
  });

  it('logs in the EPJ user even when the browser has a session of another user', async () => {
    const browser = new BrowserClient();
    const start = await browser.follow(authorizeUrl({ scope: 'openid patient/*.rs' }), {}, atCallback);
    await browser.follow(
      formAction(await start.response!.text()),
      { form: { username: 'kari.nordmann' } },
      atCallback,
    );

    const launch = await platform.smart.createLaunch({
      tenant: '4601',
      username: 'ola.lege',
      patientId: 'pat-2',
      needPatientBanner: true,
    });
    const pkce = pkcePair();
    const result = await browser.follow(
      authorizeUrl({ scope: 'launch openid fhirUser patient/*.rs', launch, challenge: pkce.challenge }),
      {},
      atCallback,
    );
    const { body } = await exchange(result.url, pkce.verifier);
    expect(decodeJwt(String(body.access_token)).fhirUser).toBe('Practitioner/prac-ola');
    expect(body.patient).toBe('pat-2');
  });

  it('rejects an unknown launch id', async () => {
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'launch openid patient/*.rs', launch: 'not-a-launch' }),
      {},
      atCallback,
    );
    expect(new URL(result.url).searchParams.get('error')).toBe('access_denied');
  });
});

describe('standalone launch', () => {
  it('asks who logs in, offers only own patients, and issues rotating refresh tokens', async () => {
    const browser = new BrowserClient();
    const pkce = pkcePair();
    const start = await browser.follow(
      authorizeUrl({
        scope: 'launch/patient openid fhirUser patient/Observation.rs patient/Observation.c offline_access',
        challenge: pkce.challenge,
        state: 'standalone-state',
      }),
      {},
      atCallback,
    );
    expect(start.response?.status).toBe(200);
    const loginHtml = await start.response!.text();
    expect(loginHtml).toContain('<html lang="nb">');
    expect(inputValues(loginHtml, 'username')).toEqual(['kari.nordmann', 'ola.lege', 'anne.admin']);
    expect(loginHtml).toContain('<label for="user-0">');

    const picker = await browser.follow(
      formAction(loginHtml),
      { form: { username: 'kari.nordmann' } },
      atCallback,
    );
    expect(picker.response?.status, JSON.stringify(picker.hops)).toBe(200);
    const pickerHtml = await picker.response!.text();
    expect(inputValues(pickerHtml, 'patient')).toEqual(['pat-1', 'pat-3']);
    expect(pickerHtml).toContain('Berit &#60;Berg&#62;');
    expect(pickerHtml).toContain('010140 12345');

    const switchUser = /href="([^"]*bytt-bruker=1)"/.exec(pickerHtml)![1]!;
    const switched = await browser.follow(`${platform.publicUrl}${switchUser}`, {}, atCallback);
    expect(inputValues(await switched.response!.text(), 'username')).toContain('ola.lege');

    const refused = await browser.follow(formAction(pickerHtml), { form: { patient: 'pat-2' } }, atCallback);
    expect(refused.response?.status).toBe(403);
    expect(await refused.response!.text()).toContain('tjenstlig behov');

    const chosen = await browser.follow(formAction(pickerHtml), { form: { patient: 'pat-1' } }, atCallback);
    expect(atCallback(chosen.url)).toBe(true);
    expect(new URL(chosen.url).searchParams.get('state')).toBe('standalone-state');

    const { status, body } = await exchange(chosen.url, pkce.verifier);
    expect(status).toBe(200);
    expect(body.patient).toBe('pat-1');
    expect(body.need_patient_banner).toBe(true);
    expect(typeof body.refresh_token).toBe('string');
    const verified = await platform.smart.verifyAccessToken(String(body.access_token), '4601');
    expect(verified.kind === 'ok' && verified.access.scopes).toEqual(
      expect.arrayContaining(['patient/Observation.rs', 'patient/Observation.c', 'offline_access']),
    );

    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.patient).toBe('pat-1');
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    expect(decodeJwt(String(refreshed.body.access_token)).patient).toBe('pat-1');

    const reused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('lets the user switch to another clinician from the patient picker', async () => {
    const browser = new BrowserClient();
    const start = await browser.follow(
      authorizeUrl({ scope: 'launch/patient openid patient/*.rs' }),
      {},
      atCallback,
    );
    const asKari = await browser.follow(
      formAction(await start.response!.text()),
      { form: { username: 'kari.nordmann' } },
      atCallback,
    );
    const kariPicker = await asKari.response!.text();
    const switchUser = /href="([^"]*bytt-bruker=1)"/.exec(kariPicker)![1]!;
    const loginAgain = await browser.follow(`${platform.publicUrl}${switchUser}`, {}, atCallback);
    const asOla = await browser.follow(
      formAction(await loginAgain.response!.text()),
      { form: { username: 'ola.lege' } },
      atCallback,
    );
    const olaPicker = await asOla.response!.text();
    expect(olaPicker).toContain('Innlogget som Ola Lege');
    expect(inputValues(olaPicker, 'patient')).toEqual(['pat-2']);
  });

  it('lets the user cancel', async () => {
    const browser = new BrowserClient();
    const start = await browser.follow(
      authorizeUrl({ scope: 'launch/patient openid patient/*.rs' }),
      {},
      atCallback,
    );
    const html = await start.response!.text();
    const abort = formAction(html).replace(/\/login$/, '/abort');
    const result = await browser.follow(abort, { form: {} }, atCallback);
    expect(new URL(result.url).searchParams.get('error')).toBe('access_denied');
  });

  it('asks again for login when the session belongs to another municipality', async () => {
    const browser = new BrowserClient();
    const bergenStart = await browser.follow(authorizeUrl({ scope: 'openid user/*.rs' }), {}, atCallback);
    const loggedIn = await browser.follow(
      formAction(await bergenStart.response!.text()),
      { form: { username: 'kari.nordmann' } },
      atCallback,
    );
    expect(new URL(loggedIn.url).searchParams.get('code')).toBeTruthy();

    const stavangerStart = await browser.follow(
      authorizeUrl({ scope: 'openid user/*.rs', aud: stavanger }),
      {},
      atCallback,
    );
    expect(stavangerStart.response?.status).toBe(200);
    const stavangerLogin = await stavangerStart.response!.text();
    expect(inputValues(stavangerLogin, 'username')).toEqual(['siri.stavanger']);

    const pkce = pkcePair();
    const again = await browser.follow(
      authorizeUrl({ scope: 'openid user/*.rs', aud: stavanger, challenge: pkce.challenge }),
      {},
      atCallback,
    );
    const asSiri = await browser.follow(
      formAction(await again.response!.text()),
      { form: { username: 'siri.stavanger' } },
      atCallback,
    );
    const { body } = await exchange(asSiri.url, pkce.verifier);
    const verified = await platform.smart.verifyAccessToken(String(body.access_token), '1103');
    expect(verified.kind === 'ok' && verified.access.username).toBe('siri.stavanger');
  });
});

describe('refusals', () => {
  it('refuses a request without PKCE', async () => {
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'openid patient/*.rs', omit: ['code_challenge', 'code_challenge_method'] }),
      {},
      atCallback,
    );
    expect(new URL(result.url).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses plain PKCE', async () => {
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'openid patient/*.rs', challengeMethod: 'plain' }),
      {},
      atCallback,
    );
    expect(new URL(result.url).searchParams.get('error')).toBe('invalid_request');
  });

  it('echoes state exactly, so a client can detect a forged callback', async () => {
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'openid patient/*.rs', challengeMethod: 'plain', state: 'only-mine-Æ' }),
      {},
      atCallback,
    );
    const echoed = new URL(result.url).searchParams.get('state');
    expect(echoed).toBe('only-mine-Æ');
    expect(echoed).not.toBe('state-123');
  });

  it.each([
    ['an unknown municipality', () => `${platform.publicUrl}/fhir/9999`, 'invalid_target'],
    ['another server', () => 'https://fhir.example.org/fhir/4601', 'invalid_target'],
    ['a path below a FHIR base', () => `${bergen}/Patient`, 'invalid_target'],
  ])('refuses aud of %s', async (_name, aud, error) => {
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'openid patient/*.rs', aud: aud() }),
      {},
      atCallback,
    );
    expect(new URL(result.url).searchParams.get('error')).toBe(error);
  });

  it('refuses a request without aud', async () => {
    const result = await new BrowserClient().follow(
      authorizeUrl({ scope: 'openid patient/*.rs', omit: ['aud'] }),
      {},
      atCallback,
    );
    expect(new URL(result.url).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a code exchanged with the wrong verifier', async () => {
    const { result } = await ehrLaunch('launch openid patient/*.rs');
    const { status, body } = await exchange(result.url, pkcePair().verifier);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('grants only scopes that are asked for and allowed', async () => {
    const { result, pkce } = await ehrLaunch(
      'launch openid patient/Observation.rs patient/Observation.d user/Patient.cruds',
    );
    const { body } = await exchange(result.url, pkce.verifier);
    const verified = await platform.smart.verifyAccessToken(String(body.access_token), '4601');
    expect(verified.kind).toBe('ok');
    const scopes = verified.kind === 'ok' ? verified.access.scopes : [];
    expect(scopes).toContain('patient/Observation.rs');
    expect(scopes).not.toContain('patient/Observation.d');
    expect(scopes).not.toContain('user/Patient.cruds');
    expect(scopes).not.toContain('patient/*.rs');
  });

  it('gives administrators no clinical scopes', async () => {
    const launch = await platform.smart.createLaunch({
      tenant: '4601',
      username: 'anne.admin',
      patientId: 'pat-1',
      needPatientBanner: true,
    });
    const pkce = pkcePair();
    const result = await new BrowserClient().follow(
      authorizeUrl({
        scope: 'launch openid fhirUser patient/*.rs user/*.rs',
        launch,
        challenge: pkce.challenge,
      }),
      {},
      atCallback,
    );
    const { body } = await exchange(result.url, pkce.verifier);
    const verified = await platform.smart.verifyAccessToken(String(body.access_token), '4601');
    expect(verified.kind).toBe('ok');
    const scopes = verified.kind === 'ok' ? verified.access.scopes : [];
    expect(scopes.filter((s) => s.startsWith('patient/') || s.startsWith('user/'))).toEqual([]);
  });
});

describe('access token verification', () => {
  let token: string;

  beforeAll(async () => {
    const { result, pkce } = await ehrLaunch('launch openid fhirUser patient/*.rs');
    token = String((await exchange(result.url, pkce.verifier)).body.access_token);
  }, 30_000);

  it('accepts the token for its own municipality and names its patient', async () => {
    const verified = await platform.smart.verifyAccessToken(token, '4601');
    expect(verified.kind).toBe('ok');
    // The FHIR routes compare this with the patient asked for: another patient is refused.
    expect(verified.kind === 'ok' && verified.access.patient).toBe('pat-2');
  });

  it('reports a token of another municipality as wrong-tenant', async () => {
    expect((await platform.smart.verifyAccessToken(token, '1103')).kind).toBe('wrong-tenant');
  });

  it('refuses a missing token', async () => {
    expect((await platform.smart.verifyAccessToken(undefined, '4601')).kind).toBe('invalid');
    expect((await platform.smart.verifyAccessToken('Bearer ', '4601')).kind).toBe('invalid');
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, patient: 'pat-1' })).toString('base64url');
    const verified = await platform.smart.verifyAccessToken(`${header}.${forged}.${signature}`, '4601');
    expect(verified).toEqual({ kind: 'invalid', reason: 'signature invalid' });
  });

  it('refuses an expired token signed with the real key', async () => {
    const { rows } = await platform.db.query<{ value: { keys: JWK[] } }>(
      "SELECT value FROM smart_keys WHERE name = 'jwks'",
    );
    const jwk = rows[0]!.value.keys[0]!;
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 900, exp: now - 600 })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: jwk.kid! })
      .sign(await importJWK(jwk, 'RS256'));
    expect(await platform.smart.verifyAccessToken(expired, '4601')).toEqual({
      kind: 'invalid',
      reason: 'token expired',
    });
    // The same claims with a fresh expiry pass, so the refusal above is about time only.
    const fresh = await new SignJWT({ ...claims, iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: jwk.kid! })
      .sign(await importJWK(jwk, 'RS256'));
    expect((await platform.smart.verifyAccessToken(fresh, '4601')).kind).toBe('ok');
  });

  it('refuses a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const foreign = await new SignJWT({ ...decodeJwt(token), exp: now + 60 })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .sign(privateKey);
    expect((await platform.smart.verifyAccessToken(foreign, '4601')).kind).toBe('invalid');
  });
});

describe('launch from the EPJ simulator', () => {
  it('carries the chosen clinician and patient through a real EHR launch', async () => {
    const browser = new BrowserClient();
    const started = await browser.request(`${platform.publicUrl}/epj/launch`, {
      form: { tenant: '4601', username: 'kari.nordmann', patient: 'pat-3', banner: 'epj' },
    });
    expect(started.status).toBe(303);
    const appLaunch = new URL(String(started.headers.get('location')));
    expect(appLaunch.pathname).toBe('/launch');
    const iss = appLaunch.searchParams.get('iss')!;
    expect(iss).toBe(bergen);

    const config = (await (await fetch(`${iss}/.well-known/smart-configuration`)).json()) as {
      authorization_endpoint: string;
    };
    const pkce = pkcePair();
    const authorize = new URL(config.authorization_endpoint);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'varde',
      redirect_uri: redirectUri,
      scope: 'launch openid fhirUser patient/*.rs offline_access',
      state: 'from-epj',
      aud: iss,
      launch: appLaunch.searchParams.get('launch')!,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    const result = await browser.follow(authorize.href, {}, atCallback);
    const { body } = await exchange(result.url, pkce.verifier);
    expect(body).toMatchObject({ patient: 'pat-3', need_patient_banner: false });
    expect(decodeJwt(String(body.access_token)).fhirUser).toBe('Practitioner/prac-kari');
  });
});

describe('restart', () => {
  it('keeps signing keys, grants and refresh tokens in the database', async () => {
    const { result, pkce } = await ehrLaunch('launch openid patient/*.rs offline_access');
    const { body } = await exchange(result.url, pkce.verifier);
    const port = Number(new URL(platform.publicUrl).port);
    await platform.close();
    platform = await startTestPlatform({ db: platform.db, port });

    expect((await platform.smart.verifyAccessToken(String(body.access_token), '4601')).kind).toBe('ok');
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.patient).toBe('pat-2');
  });
});
