// The platform as a sandbox for another vendor's SMART app, checked over a real port the
// way the SMART App Launch STU2 test kits check a server: discovery, client registration
// (RFC 7591), EHR launch from the EPJ simulator, standalone launch, PKCE, state, aud,
// scopes granted against scopes asked, refresh, the launch context (need_patient_banner,
// smart_style_url), asymmetric client authentication, introspection and the error pages.
// The app here is registered at run time and is not Varde; the same checks in Chromium
// with the fhirclient library are test/e2e/sandbox.spec.ts.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { OAUTH_URIS_EXTENSION } from '../fhir/capability';
import { loadFixtures } from '../testing/fixtures';
import { freePort } from '../smart/testing/server';
import { register, SandboxApp, type Registered } from '../smart/testing/sandboxClient';
import { buildPlatform, type Platform } from './server';

let platform: Platform;
let db: Database;
let port: number;
let publicUrl: string;
let issuer: string;
let bergen: string;
let app: SandboxApp;
let jwksServer: Server;
let jwksUrl: string;
let rsKey: { privateKey: CryptoKey; jwk: JWK };

const APP_ORIGIN = 'http://127.0.0.1:9';
const APP = {
  client_name: 'Vitalia Pleie',
  redirect_uris: [`${APP_ORIGIN}/callback`],
  launch_uri: `${APP_ORIGIN}/launch`,
  token_endpoint_auth_method: 'none',
};

/** Starts the platform on the test's database (which it leaves open when it closes). */
async function start(): Promise<void> {
  platform = await buildPlatform({
    config: testConfig({ publicUrl, logLevel: 'silent', distDir: '/nonexistent-varde-dist' }),
    db,
  });
  await platform.app.listen({ port, host: '127.0.0.1' });
}

beforeAll(async () => {
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  issuer = `${publicUrl}/auth`;
  bergen = `${publicUrl}/fhir/4601`;
  db = await openDatabase({});
  await start();
  await loadFixtures(platform.store);
  const registered = await register(issuer, APP);
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  app = new SandboxApp(publicUrl, registered.body as unknown as Registered);

  // The confidential client's public keys, served as a JWK Set URL would be.
  const pair = await generateKeyPair('RS384', { extractable: true });
  rsKey = {
    privateKey: pair.privateKey,
    jwk: { ...(await exportJWK(pair.publicKey)), kid: 'rs-1', alg: 'RS384' },
  };
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [rsKey.jwk] }));
  });
  const jwksPort = await freePort();
  await new Promise<void>((resolve) => jwksServer.listen(jwksPort, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${jwksPort}/jwks.json`;
}, 180_000);

afterAll(async () => {
  await platform?.close();
  await db?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

/** Starts the app from the EPJ simulator as a clinician would, returning the app's launch URL. */
async function launchFromEpj(clientId: string, patient = 'p-anna', username = 'ola.lege', banner = 'epj') {
  const response = await app.browser.request(`${publicUrl}/epj/launch`, {
    form: { tenant: '4601', username, patient, banner, app: clientId },
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

async function ehrLaunch(scope: string, choices = {}) {
  const launched = await launchFromEpj(app.client.client_id);
  const launchUrl = new URL(String(launched.location));
  const flow = await app.authorize(
    { scope, aud: launchUrl.searchParams.get('iss')!, launch: launchUrl.searchParams.get('launch')! },
    choices,
  );
  return { launchUrl, flow };
}

describe('discovery (SMART App Launch 2, conformance)', () => {
  let config: Record<string, unknown>;
  let response: Response;

  beforeAll(async () => {
    response = await fetch(`${bergen}/.well-known/smart-configuration`, {
      headers: { origin: APP_ORIGIN },
    });
    config = (await response.json()) as Record<string, unknown>;
  });

  it('answers JSON that a browser app on another origin may read', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('has every required field, with absolute endpoint URLs', () => {
    for (const field of [
      'issuer',
      'jwks_uri',
      'authorization_endpoint',
      'token_endpoint',
      'grant_types_supported',
      'capabilities',
      'code_challenge_methods_supported',
    ]) {
      expect(config[field], field).toBeDefined();
    }
    for (const field of Object.keys(config).filter((k) => k.endsWith('_endpoint') || k === 'jwks_uri')) {
      expect(URL.parse(String(config[field]))?.origin, field).toBe(publicUrl);
    }
    expect(config.grant_types_supported).toContain('authorization_code');
    expect(config.code_challenge_methods_supported).toContain('S256');
    expect(config.code_challenge_methods_supported).not.toContain('plain');
  });

  it('offers registration, introspection and revocation at endpoints that answer', async () => {
    expect(config.registration_endpoint).toBe(`${issuer}/reg`);
    expect(config.introspection_endpoint).toBe(`${issuer}/token/introspection`);
    expect(config.revocation_endpoint).toBe(`${issuer}/token/revocation`);
    const oidc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    for (const field of [
      'issuer',
      'jwks_uri',
      'authorization_endpoint',
      'token_endpoint',
      'registration_endpoint',
      'introspection_endpoint',
      'revocation_endpoint',
    ]) {
      expect(oidc[field], field).toBe(config[field]);
    }
  });

  it('backs every capability it claims that this file checks', () => {
    expect(config.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'launch-standalone',
        'client-public',
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
      ]),
    );
    // client-confidential-asymmetric: private_key_jwt with RS384 or ES384.
    expect(config.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(config.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['RS384', 'ES384']),
    );
  });

  it('names the same endpoints in /metadata (oauth-uris), also readable cross-origin', async () => {
    const metadata = await fetch(`${bergen}/metadata`, { headers: { origin: APP_ORIGIN } });
    expect(metadata.headers.get('access-control-allow-origin')).toBe('*');
    const cs = (await metadata.json()) as {
      rest: { security: { extension?: { url: string; extension: { url: string; valueUri: string }[] }[] } }[];
    };
    const uris = Object.fromEntries(
      cs.rest[0]!.security.extension!.find((e) => e.url === OAUTH_URIS_EXTENSION)!.extension.map((e) => [
        e.url,
        e.valueUri,
      ]),
    );
    expect(uris).toEqual({
      authorize: config.authorization_endpoint,
      token: config.token_endpoint,
      revoke: config.revocation_endpoint,
      introspect: config.introspection_endpoint,
      register: config.registration_endpoint,
    });
  });
});

describe('client registration (RFC 7591)', () => {
  it('registers a public app with its launch URL and keeps only known fields', () => {
    expect(app.client).toMatchObject({
      client_name: 'Vitalia Pleie',
      launch_uri: `${APP_ORIGIN}/launch`,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    });
    expect(app.client.client_id).toMatch(/\S{8,}/);
    expect(app.client.client_secret).toBeUndefined();
    expect(app.client.registration_access_token).toBeTruthy();
  });

  it('lets the developer read the registration back with its access token', async () => {
    const response = await fetch(String(app.client.registration_client_uri), {
      headers: { authorization: `Bearer ${app.client.registration_access_token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Registered).launch_uri).toBe(`${APP_ORIGIN}/launch`);
  });

  it('lets the developer change the launch URL with the same token (RFC 7592)', async () => {
    const { body } = await register(issuer, { ...APP, client_name: 'Flytter' });
    const uri = String(body.registration_client_uri);
    const headers = {
      authorization: `Bearer ${body.registration_access_token}`,
      'content-type': 'application/json',
    };
    const {
      registration_access_token: _t,
      registration_client_uri: _u,
      client_id_issued_at: _i,
      ...metadata
    } = body;
    const updated = await fetch(uri, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ ...metadata, launch_uri: `${APP_ORIGIN}/ny-launch` }),
    });
    expect(updated.status, await updated.clone().text()).toBe(200);
    const apps = await platform.smart!.launchableApps();
    expect(apps.find((a) => a.clientId === body.client_id)?.launchUri).toBe(`${APP_ORIGIN}/ny-launch`);
    // The same checks as a registration: an http redirect URI off the machine is refused.
    const refused = await fetch(uri, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ ...metadata, redirect_uris: ['http://app.example.no/cb'] }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_redirect_uri');
  });

  it('ignores fields it does not know (RFC 7591 section 2) and says so by leaving them out', async () => {
    const { status, body } = await register(issuer, { ...APP, scope: 'patient/*.rs', software_id: 'x' });
    expect(status).toBe(201);
    expect(body.scope).toBeUndefined();
    expect(body.software_id).toBeUndefined();
  });

  it.each([
    [
      'a redirect URI that is not https',
      { redirect_uris: ['http://app.example.no/callback'] },
      'invalid_redirect_uri',
      /redirect_uris\[0\]: .*https/,
    ],
    [
      'an unknown grant type',
      { grant_types: ['authorization_code', 'client_credentials'] },
      'invalid_client_metadata',
      /grant_types\[1\]: «client_credentials» støttes ikke/,
    ],
    [
      'a malformed JWKS',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'RSA', e: 'AQAB', kid: 'x' }] },
      },
      'invalid_client_metadata',
      /jwks.keys\[0\].n: mangler/,
    ],
    [
      'private key material',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'c', kid: 'x' }] },
      },
      'invalid_client_metadata',
      /jwks.keys\[0\].d: er privat/,
    ],
  ])('refuses %s with the RFC 7591 error and a description', async (_name, extra, error, description) => {
    const { status, body } = await register(issuer, { ...APP, ...extra });
    expect(status).toBe(400);
    expect(body.error).toBe(error);
    expect(String(body.error_description)).toMatch(description);
  });
});

describe('EHR launch from the EPJ simulator', () => {
  it('lists the registered app and starts it at its launch URL with iss and launch', async () => {
    const html = await (await fetch(`${publicUrl}/epj`)).text();
    expect(html).toContain('Vitalia Pleie');
    const launched = await launchFromEpj(app.client.client_id);
    expect(launched.status).toBe(303);
    const url = new URL(String(launched.location));
    expect(`${url.origin}${url.pathname}`).toBe(`${APP_ORIGIN}/launch`);
    expect(url.searchParams.get('iss')).toBe(bergen);
    expect(url.searchParams.get('launch')).toBeTruthy();
  });

  it('starts nothing for an unknown app', async () => {
    const launched = await launchFromEpj('no-such-client');
    expect(launched.status).toBe(404);
    expect(launched.location).toBeNull();
    expect(launched.html).toContain('«no-such-client» er ikke registrert');
  });

  it('shows the app name and what it gets, then issues a token with the launch context', async () => {
    const { flow } = await ehrLaunch('launch openid fhirUser patient/*.rs online_access');
    expect(flow.callback.searchParams.get('state')).toBe('sandbox-state');
    const consent = flow.pages.at(-1)!;
    expect(consent).toContain('Gi <span class="app-name">Vitalia Pleie</span> tilgang?');
    expect(consent).toContain('<code>patient/*.rs</code>');
    expect(consent).toContain('Anna Hansen');

    const { status, headers, body } = await app.exchange(flow);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeGreaterThan(0);
    expect(body.patient).toBe('p-anna');
    expect(body.need_patient_banner).toBe(false); // the EPJ shows its banner (banner: epj)
    expect(body.fhirContext).toEqual([{ reference: 'Patient/p-anna' }]);
    expect(typeof body.refresh_token).toBe('string'); // online_access

    const style = await fetch(String(body.smart_style_url), { headers: { origin: APP_ORIGIN } });
    expect(style.status).toBe(200);
    expect(style.headers.get('access-control-allow-origin')).toBe('*');
    expect((await style.json()) as Record<string, unknown>).toHaveProperty('color_highlight');

    const claims = decodeJwt(String(body.access_token));
    expect(claims.aud).toBe(bergen);
    expect(claims.client_id).toBe(app.client.client_id);
    expect(decodeJwt(String(body.id_token)).fhirUser).toBe(`${bergen}/Practitioner/prac-doctor`);

    const read = await fetch(`${bergen}/Patient/p-anna`, {
      headers: { authorization: `Bearer ${body.access_token}`, origin: APP_ORIGIN },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a launch made for another app', async () => {
    const launched = await launchFromEpj('varde');
    const launchUrl = new URL(String(launched.location));
    const flow = await app.authorize({
      scope: 'launch openid patient/*.rs',
      aud: bergen,
      launch: launchUrl.searchParams.get('launch')!,
    });
    expect(flow.callback.searchParams.get('error')).toBe('access_denied');
    expect(flow.callback.searchParams.get('error_description')).toMatch(/annen app \(client_id\)/);
  });

  it('lets a user/ scope read the launched patient without a care relationship', async () => {
    const { flow } = await ehrLaunch('launch openid user/*.rs');
    const { body } = await app.exchange(flow);
    const read = (path: string) =>
      fetch(`${bergen}${path}`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect((await read('/Patient/p-anna')).status).toBe(200);
    expect((await read('/Patient/p-carl')).status).toBe(403);
  });

  it('ends with access_denied when the user does not consent', async () => {
    const { flow } = await ehrLaunch('launch openid patient/*.rs', { consent: false });
    expect(flow.callback.searchParams.get('error')).toBe('access_denied');
  });
});

describe('scopes granted against scopes asked', () => {
  it('grants the v2 part of a v1 wildcard and says so on the consent page and in the token', async () => {
    const { flow } = await ehrLaunch('launch openid patient/*.* patient/Condition.rs');
    const consent = flow.pages.at(-1)!;
    expect(consent).toMatch(/<code>patient\/\*\.\*<\/code>: Gitt i stedet: <code>patient\/\*\.rs<\/code>/);
    expect(consent).toContain('u (oppdatere) og d (slette) gis aldri');
    expect(consent).toContain('Ressurstypen Condition finnes ikke på plattformen');
    const { body } = await app.exchange(flow);
    const scopes = String(body.scope).split(' ').sort();
    expect(scopes).toEqual(
      [
        'launch',
        'openid',
        'patient/*.rs',
        'patient/AuditEvent.c',
        'patient/CarePlan.c',
        'patient/Flag.c',
        'patient/Communication.c',
        'patient/Observation.c',
      ].sort(),
    );
    // The access token says the same as the token response.
    expect(
      String(decodeJwt(String(body.access_token)).scope)
        .split(' ')
        .sort(),
    ).toEqual(scopes);
  });

  it('keeps v1 names that are granted whole, and v2 queries', async () => {
    const { flow } = await ehrLaunch(
      'launch openid patient/Patient.read patient/Observation.rs?category=vital-signs',
    );
    const { body } = await app.exchange(flow);
    expect(String(body.scope).split(' ')).toEqual(
      expect.arrayContaining(['patient/Patient.read', 'patient/Observation.rs?category=vital-signs']),
    );
    const search = await fetch(`${bergen}/Observation?patient=p-anna`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    const bundle = (await search.json()) as Bundle;
    expect(bundle.entry?.filter((e) => e.search?.mode === 'match')).toHaveLength(4);
  });

  it('refuses a request for only unsupported clinical scopes with invalid_scope', async () => {
    const flow = await app.authorize({ scope: 'openid patient/Condition.rs system/*.rs', aud: bergen });
    expect(flow.callback.searchParams.get('error')).toBe('invalid_scope');
    expect(flow.callback.searchParams.get('error_description')).toContain('patient/Condition.rs');
    expect(flow.callback.searchParams.get('state')).toBe('sandbox-state');
    expect(flow.pages).toEqual([]);
  });
});

describe('standalone launch', () => {
  it('asks who logs in in the app’s name, offers the patient picker, and refreshes', async () => {
    const fresh = new SandboxApp(publicUrl, app.client);
    const flow = await fresh.authorize(
      {
        scope: 'launch/patient openid fhirUser patient/*.rs offline_access',
        aud: bergen,
        state: 'own-state',
      },
      { username: 'kari.nordmann', patient: 'p-anna' },
    );
    expect(flow.pages[0]).toContain('<h1>Logg inn i Vitalia Pleie</h1>');
    expect(flow.pages[1]).toContain('Velg pasient');
    expect(flow.callback.searchParams.get('state')).toBe('own-state');
    const { body } = await fresh.exchange(flow);
    expect(body.patient).toBe('p-anna');
    expect(body.need_patient_banner).toBe(true);
    expect(body.smart_style_url).toBeUndefined(); // an EHR launch's context only

    // As fhirclient refreshes: a public client sends no client_id (RFC 6749 section 6).
    const refreshed = await fresh.token({
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.patient).toBe('p-anna');
    expect(refreshed.body.scope).toBe(body.scope);
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
  });
});

describe('PKCE, state and aud', () => {
  it.each([
    ['no PKCE', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no aud', { aud: undefined }, 'invalid_request'],
    ['aud of another server', { aud: 'https://fhir.example.org/fhir/4601' }, 'invalid_target'],
  ])('refuses %s', async (_name, override, error) => {
    const flow = await app.authorize({ scope: 'openid patient/*.rs', aud: bergen, ...override });
    expect(flow.callback.searchParams.get('error')).toBe(error);
    expect(flow.callback.searchParams.get('state')).toBe('sandbox-state');
  });

  it('refuses a code exchanged with the wrong verifier', async () => {
    const { flow } = await ehrLaunch('launch openid patient/*.rs');
    const { status, body } = await app.exchange({ ...flow, verifier: 'x'.repeat(43) });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });
});

describe('confidential clients with private_key_jwt', () => {
  async function assertion(clientId: string, key: CryptoKey, kid: string, alg: string, jti = randomUUID()) {
    return new SignJWT({})
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(`${issuer}/token`)
      .setJti(jti)
      .setExpirationTime('4m')
      .sign(key);
  }

  async function confidentialApp(keys: Record<string, unknown>) {
    const { status, body } = await register(issuer, {
      ...APP,
      client_name: 'Vitalia Server',
      token_endpoint_auth_method: 'private_key_jwt',
      ...keys,
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return new SandboxApp(publicUrl, body as unknown as Registered);
  }

  const jwtAuth = (clientId: string, clientAssertion: string) => ({
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
  });

  it('authenticates with a key from its JWK Set URL (RS384), once per jti', async () => {
    const server = await confidentialApp({ jwks_uri: jwksUrl });
    const { flow } = await (async () => {
      const launched = await launchFromEpj(server.client.client_id);
      const launch = new URL(String(launched.location)).searchParams.get('launch')!;
      return {
        flow: await server.authorize({
          scope: 'launch openid patient/*.rs offline_access',
          aud: bergen,
          launch,
        }),
      };
    })();
    const signed = await assertion(server.client.client_id, rsKey.privateKey, 'rs-1', 'RS384');
    const ok = await server.exchange(flow, jwtAuth(server.client.client_id, signed));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.patient).toBe('p-anna');

    // A confidential client's refresh token is no good without the client's authentication.
    expect(typeof ok.body.refresh_token).toBe('string');
    const unauthenticated = await server.token({
      grant_type: 'refresh_token',
      refresh_token: String(ok.body.refresh_token),
    });
    expect(unauthenticated.body.error).toBe('invalid_request');
    const authenticated = await server.token({
      grant_type: 'refresh_token',
      refresh_token: String(ok.body.refresh_token),
      ...jwtAuth(
        server.client.client_id,
        await assertion(server.client.client_id, rsKey.privateKey, 'rs-1', 'RS384'),
      ),
    });
    expect(authenticated.status, JSON.stringify(authenticated.body)).toBe(200);

    // The same assertion again is a replay.
    const again = await server.token({
      grant_type: 'refresh_token',
      refresh_token: 'x',
      ...jwtAuth(server.client.client_id, signed),
    });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_client');
  });

  it('authenticates with an inline JWK Set (ES384) and refuses a key it does not hold', async () => {
    const es = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(es.publicKey)), kid: 'es-1' };
    const server = await confidentialApp({ jwks: { keys: [jwk] } });
    const flow = await server.authorize({ scope: 'openid fhirUser user/*.rs', aud: bergen });
    const foreign = await generateKeyPair('ES384');
    const refused = await server.exchange(
      flow,
      jwtAuth(
        server.client.client_id,
        await assertion(server.client.client_id, foreign.privateKey, 'es-1', 'ES384'),
      ),
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    const flow2 = await server.authorize({ scope: 'openid fhirUser user/*.rs', aud: bergen });
    const ok = await server.exchange(
      flow2,
      jwtAuth(
        server.client.client_id,
        await assertion(server.client.client_id, es.privateKey, 'es-1', 'ES384'),
      ),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe('introspection and revocation', () => {
  it('introspects an access token and revokes a refresh token', async () => {
    const { flow } = await ehrLaunch('launch openid patient/*.rs offline_access');
    const { body } = await app.exchange(flow);
    const form = (extra: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: app.client.client_id, ...extra }),
    });
    const introspected = (await (
      await fetch(`${issuer}/token/introspection`, form({ token: String(body.access_token) }))
    ).json()) as Record<string, unknown>;
    expect(introspected).toMatchObject({ active: true, client_id: app.client.client_id, aud: bergen });
    expect(String(introspected.scope).split(' ')).toContain('patient/*.rs');
    expect(introspected.patient).toBe('p-anna');
    const inactive = async (token: string, clientId = app.client.client_id) =>
      (await (
        await fetch(`${issuer}/token/introspection`, {
          ...form({ token }),
          body: new URLSearchParams({ client_id: clientId, token }),
        })
      ).json()) as Record<string, unknown>;
    expect(await inactive('not-a-token')).toEqual({ active: false });
    // A public client may not introspect another client's token.
    const other = await register(issuer, { ...APP, client_name: 'Annen app' });
    expect(await inactive(String(body.access_token), String(other.body.client_id))).toEqual({
      active: false,
    });

    const revoked = await fetch(`${issuer}/token/revocation`, form({ token: String(body.refresh_token) }));
    expect(revoked.status).toBe(200);
    const refresh = await app.token({
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
      client_id: app.client.client_id,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });
});

describe('error pages a developer can act on', () => {
  it('names an unknown client_id, the error code and where to register', async () => {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'not-registered',
      redirect_uri: `${APP_ORIGIN}/callback`,
      scope: 'openid',
      state: 's',
      aud: bergen,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const response = await fetch(`${issuer}/auth?${params}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('<code>invalid_client</code>');
    expect(html).toContain('<code>not-registered</code>');
    expect(html).toContain(`${issuer}/reg`);
    expect(html).toContain('VARDE_EXTRA_CLIENTS');
    expect(html).not.toMatch(/<script>|<style>|style="/);
  });

  it('explains a redirect_uri that was not registered', async () => {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: app.client.client_id,
      redirect_uri: `${APP_ORIGIN}/other`,
      scope: 'openid',
      aud: bergen,
    });
    const html = await (await fetch(`${issuer}/auth?${params}`, { redirect: 'manual' })).text();
    expect(html).toContain('<code>invalid_redirect_uri</code>');
    expect(html).toContain('<code>redirect_uris</code>');
    expect(html).toContain(`<code>${APP_ORIGIN}/other</code>`);
  });

  it('serves the pages’ style sheet as a file', async () => {
    const html = await (await fetch(`${issuer}/auth?client_id=x`)).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    const css = await fetch(`${publicUrl}${href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

// Last: it restarts the platform on the same database.
describe('registrations in the platform database', () => {
  it('stores registrations in the platform database: no restart needed, and they survive one', async () => {
    const { body } = await register(issuer, { ...APP, client_name: 'Etter omstart' });
    const clientId = String(body.client_id);
    expect((await platform.smart!.launchableApps()).map((a) => a.clientId)).toContain(clientId);
    await platform.app.close();
    await start();
    expect((await platform.smart!.launchableApps()).find((a) => a.clientId === clientId)?.name).toBe(
      'Etter omstart',
    );
  });
});
