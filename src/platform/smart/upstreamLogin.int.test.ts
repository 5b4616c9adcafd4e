// Production login over real ports: the platform in production mode sends the user to a
// second oidc-provider instance (the upstream identity provider, HelseID's part), takes the
// ID token's HPR number, maps it to the municipality's Practitioner and ends with a SMART
// token for that practitioner, which the FHIR routes accept. No EPJ simulator, no simulated
// login, data only through $import with the production import token.
import type { Resource } from '@medplum/fhirtypes';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type UpstreamOidcConfig } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { buildPlatform, type Platform } from '../http/server';
import { fixtureResources } from '../testing/fixtures';
import { BrowserClient, pkcePair } from './testing/browserClient';
import { freePort } from './testing/server';
import {
  formAction,
  HPR_CLAIM,
  startUpstreamProvider,
  type UpstreamProvider,
} from './testing/upstreamProvider';

const IMPORT_TOKEN = 'p'.repeat(40);
const HPR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.4';
const ROLE_SYSTEM = 'https://varde.no/fhir/CodeSystem/role';

/** A nurse as a real source system sends her: HPR number, no test username. */
const HPR_NURSE: Resource[] = [
  {
    resourceType: 'Practitioner',
    id: 'prac-hpr',
    identifier: [{ system: HPR_SYSTEM, value: '9100001' }],
    name: [{ given: ['Hanne'], family: 'Helseid' }],
  },
  {
    resourceType: 'PractitionerRole',
    id: 'role-prac-hpr',
    practitioner: { reference: 'Practitioner/prac-hpr' },
    organization: { reference: 'Organization/org-hjemme', display: 'Hjemmesykepleien' },
    code: [{ coding: [{ system: ROLE_SYSTEM, code: 'home-care-nurse' }] }],
  },
  {
    resourceType: 'CareTeam',
    id: 'ct-anna-hpr',
    status: 'active',
    subject: { reference: 'Patient/p-anna' },
    participant: [{ member: { reference: 'Practitioner/prac-hpr' } }],
  },
];

const ACCOUNTS = {
  'helseid-hanne': { hpr: '9100001', name: 'Hanne Helseid' },
  'helseid-ukjent': { hpr: '9999999', name: 'Ukjent Person' },
  'helseid-uten-hpr': { name: 'Uten HPR' },
};

let db: Database;
let publicUrl: string;
let port: number;
let upstream: UpstreamProvider;
let platform: Platform;
const upstreams: UpstreamProvider[] = [];
const redirectUri = () => `${publicUrl}/callback`;

async function startPlatform(provider: UpstreamProvider): Promise<Platform> {
  const upstreamOidc: UpstreamOidcConfig = {
    issuer: provider.issuer,
    clientId: provider.clientId,
    ...(provider.clientJwk ? { privateJwk: provider.clientJwk as Record<string, unknown> } : {}),
    ...(provider.clientSecret ? { clientSecret: provider.clientSecret } : {}),
    scope: 'openid profile hpr',
    hprClaim: HPR_CLAIM,
  };
  const p = await buildPlatform({
    db,
    config: testConfig({
      mode: 'production',
      publicUrl,
      importToken: IMPORT_TOKEN,
      upstreamOidc,
      registration: { enabled: false },
      logLevel: 'silent',
      distDir: '/nonexistent-varde-dist',
    }),
  });
  await p.app.listen({ port, host: '127.0.0.1' });
  return p;
}

beforeAll(async () => {
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  db = await openDatabase({});
  upstream = await startUpstreamProvider({
    redirectUris: [`${publicUrl}/auth/upstream/callback`],
    accounts: ACCOUNTS,
    clientAuth: 'private_key_jwt',
  });
  upstreams.push(upstream);
  platform = await startPlatform(upstream);
  // Production has no synthetic data: the source system imports, with the production token.
  for (const [tenant, resources] of Object.entries(fixtureResources())) {
    const entries = [...resources, ...(tenant === '4601' ? HPR_NURSE : [])].map((resource) => ({ resource }));
    const r = await fetch(`${publicUrl}/fhir/${tenant}/$import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IMPORT_TOKEN}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
  }
}, 180_000);

afterAll(async () => {
  await platform?.close();
  for (const u of upstreams) await u.close();
  await db?.close();
});

function authorizeUrl(pkce: { challenge: string }, state = 'st') {
  return `${publicUrl}/auth/auth?${new URLSearchParams({
    response_type: 'code',
    client_id: 'varde',
    redirect_uri: redirectUri(),
    scope: 'openid fhirUser user/*.rs user/Observation.c',
    state,
    aud: `${publicUrl}/fhir/4601`,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  })}`;
}

/** Logs in at the upstream provider's own pages as `account`; returns where the browser ends. */
async function loginUpstream(browser: BrowserClient, account: string, pkce = pkcePair()) {
  const atUpstream = await browser.follow(authorizeUrl(pkce));
  expect(atUpstream.url.startsWith(upstream.issuer), atUpstream.url).toBe(true);
  const loginPage = await atUpstream.response!.text();
  const consent = await browser.follow(new URL(formAction(loginPage), atUpstream.url).href, {
    form: { prompt: 'login', login: account, password: 'hva-som-helst' },
  });
  const consentPage = await consent.response!.text();
  return browser.follow(
    new URL(formAction(consentPage), consent.url).href,
    { form: { prompt: 'consent' } },
    (u) => u.startsWith(redirectUri()),
  );
}

async function tokenFor(code: string, verifier: string) {
  const r = await fetch(`${publicUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: 'varde',
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { access_token: string; scope: string };
}

describe('production mode', () => {
  it('has no EPJ simulator', async () => {
    const r = await fetch(`${publicUrl}/epj`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await fetch(`${publicUrl}/epj/launch`, { method: 'POST' })).status).toBe(404);
  });

  it('sends the login to the upstream provider; the simulated login is refused', async () => {
    const browser = new BrowserClient();
    const pkce = pkcePair();
    const result = await browser.follow(authorizeUrl(pkce), {}, (u) => u.startsWith(upstream.issuer));
    const upstreamAuthorize = new URL(result.url);
    expect(upstreamAuthorize.searchParams.get('client_id')).toBe('varde-platform');
    expect(upstreamAuthorize.searchParams.get('redirect_uri')).toBe(`${publicUrl}/auth/upstream/callback`);
    expect(upstreamAuthorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(upstreamAuthorize.searchParams.get('nonce')).toBeTruthy();
    // No page with test users on the way.
    const interaction = result.hops.find((h) => /\/auth\/interaction\/[^/]+$/.test(h.url))!;
    expect(interaction.status).toBe(303);
    const simulated = await browser.request(`${interaction.url}/login`, {
      form: { username: 'kari.nordmann' },
    });
    expect(simulated.status).toBe(403);
    expect(await simulated.text()).toContain('Simulert innlogging er slått av');
  });

  it('logs in at the upstream provider and ends with a SMART token for the practitioner with that HPR number', async () => {
    const browser = new BrowserClient();
    const pkce = pkcePair();
    const back = await loginUpstream(browser, 'helseid-hanne', pkce);
    const code = new URL(back.url).searchParams.get('code');
    expect(code, JSON.stringify(back.hops)).toBeTruthy();
    // The way back: the platform's one callback, then the interaction in this browser.
    expect(back.hops.some((h) => h.url.startsWith(`${publicUrl}/auth/upstream/callback?`))).toBe(true);
    expect(back.hops.some((h) => /\/auth\/interaction\/[^/]+\/upstream\?state=/.test(h.url))).toBe(true);

    const tokens = await tokenFor(code!, pkce.verifier);
    const claims = decodeJwt(tokens.access_token);
    expect(claims.fhirUser).toBe('Practitioner/prac-hpr');
    expect(claims.username).toBe('hpr-9100001');
    expect(claims.role).toBe('home-care-nurse');
    expect(upstream.logins).toContain('helseid-hanne');

    const read = (path: string) =>
      fetch(`${publicUrl}/fhir/4601/${path}`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
    expect((await read('Patient/p-anna')).status).toBe(200);
    // Her care relationship is to p-anna only.
    expect((await read('Patient/p-carl')).status).toBe(403);
  });

  it('refuses a user whose HPR number is not a practitioner of the municipality, back to the app', async () => {
    const back = await loginUpstream(new BrowserClient(), 'helseid-ukjent');
    const params = new URL(back.url).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toContain('HPR-nummer 9999999');
    expect(params.get('code')).toBeNull();
  });

  it('refuses a user the provider names without an HPR number', async () => {
    const back = await loginUpstream(new BrowserClient(), 'helseid-uten-hpr');
    const params = new URL(back.url).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toContain('HPR-nummer');
  });

  it('takes a callback once: a replayed or unknown state gets a page, not a login', async () => {
    const browser = new BrowserClient();
    const back = await loginUpstream(browser, 'helseid-hanne');
    expect(new URL(back.url).searchParams.get('code')).toBeTruthy();
    const callback = back.hops.find((h) => h.url.startsWith(`${publicUrl}/auth/upstream/callback?`))!;
    const again = await browser.request(callback.url);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('allerede brukt');
    const unknown = await fetch(`${publicUrl}/auth/upstream/callback?state=ukjent&code=x`);
    expect(unknown.status).toBe(400);
    // A finished login cannot be taken by another browser either (no interaction cookie).
    const resume = back.hops.find((h) => /\/upstream\?state=/.test(h.url))!;
    expect((await new BrowserClient().request(resume.url)).status).toBe(400);
  });
});

describe('client_secret_basic and the HPR number in the ID token', () => {
  beforeAll(async () => {
    // The same database and address, another provider configuration.
    await platform.close();
    upstream = await startUpstreamProvider({
      redirectUris: [`${publicUrl}/auth/upstream/callback`],
      accounts: ACCOUNTS,
      clientAuth: 'client_secret_basic',
      hprInIdToken: true,
    });
    upstreams.push(upstream);
    platform = await startPlatform(upstream);
  }, 60_000);

  it('logs in the same practitioner', async () => {
    const pkce = pkcePair();
    const back = await loginUpstream(new BrowserClient(), 'helseid-hanne', pkce);
    const code = new URL(back.url).searchParams.get('code');
    expect(code, JSON.stringify(back.hops)).toBeTruthy();
    expect(decodeJwt((await tokenFor(code!, pkce.verifier)).access_token).fhirUser).toBe(
      'Practitioner/prac-hpr',
    );
  });
});
