// Security headers where the e2e suite cannot easily look: answers Fastify refuses before
// any hook (a malformed URL), answers Node's parser refuses on the raw socket, the EPJ
// origins allowed to frame the app, HTTPS-only headers, and oidc-provider's form_post page,
// whose one inline script is allowed by its hash and nothing else.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config';
import { fixtureResources } from '../testing/fixtures';
import { BrowserClient, pkcePair } from '../smart/testing/browserClient';
import { freePort } from '../smart/testing/server';
import { routeFamily } from './securityHeaders';
import { buildPlatform, type Platform } from './server';

const EPJ_ORIGIN = 'https://epj.kommune.example';
const OTHER_FHIR = 'https://fhir.annen-leverandor.example';

let platform: Platform;
let publicUrl: string;
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'varde-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Varde</title>');
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  platform = await buildPlatform({
    config: testConfig({
      publicUrl,
      logLevel: 'silent',
      distDir: dist,
      frameAncestors: [EPJ_ORIGIN],
      appConnectSources: [OTHER_FHIR],
    }),
  });
  for (const [tenant, resources] of Object.entries(fixtureResources())) {
    await platform.store.appendBatch(
      tenant,
      resources.map((resource) => ({ resource, sourceSystem: 'Gerica' })),
    );
  }
  await platform.app.listen({ port, host: '127.0.0.1' });
}, 180_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dist, { recursive: true, force: true });
});

const csp = (headers: Headers | Record<string, unknown>) =>
  String(
    headers instanceof Headers ? headers.get('content-security-policy') : headers['content-security-policy'],
  );

describe('route families', () => {
  it('sorts addresses by what they answer', () => {
    expect(routeFamily('/')).toBe('app');
    expect(routeFamily('/pasient/om')).toBe('app');
    expect(routeFamily('/assets/index-abc.js')).toBe('app');
    expect(routeFamily('/fhir/4601/Patient')).toBe('api');
    expect(routeFamily('/fhir/4601/.well-known/smart-configuration')).toBe('api');
    expect(routeFamily('/health')).toBe('api');
    expect(routeFamily('/config.json')).toBe('api');
    expect(routeFamily('/auth/interaction/abc/login')).toBe('page');
    expect(routeFamily('/auth/upstream/callback')).toBe('page');
    expect(routeFamily('/auth/token')).toBe('oidc');
    expect(routeFamily('/epj')).toBe('epj');
    expect(routeFamily('/epjx')).toBe('app');
  });
});

describe('headers Fastify and Node answer without a route', () => {
  it('a malformed percent-encoded path: an OperationOutcome with the API headers', async () => {
    const r = await platform.app.inject({ method: 'GET', url: '/fhir/4601/Patient/%E0%A4%A' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(csp(r.headers)).toContain("frame-ancestors 'none'");
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('oversized headers refused by Node on the raw socket carry them too', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(publicUrl).port), '127.0.0.1');
      let out = '';
      socket.on('data', (d) => (out += d.toString()));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
      socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431/);
    expect(raw).toMatch(/x-content-type-options: nosniff/i);
    expect(raw).toMatch(/content-security-policy: default-src 'none'/i);
  });
});

describe('another FHIR server the app may reach (VARDE_APP_CONNECT_SRC)', () => {
  it("is in the app's connect-src, and only there", async () => {
    const app = await platform.app.inject({ method: 'GET', url: '/' });
    expect(csp(app.headers)).toContain(`connect-src 'self' ${OTHER_FHIR}`);
    const login = await platform.app.inject({ method: 'GET', url: '/auth/interaction/ukjent' });
    expect(csp(login.headers)).not.toContain(OTHER_FHIR);
  });
});

describe('an EPJ allowed to frame the app (VARDE_FRAME_ANCESTORS)', () => {
  it('may frame the app and its login pages; never the EPJ simulator or the API', async () => {
    const app = await platform.app.inject({ method: 'GET', url: '/' });
    expect(csp(app.headers)).toContain(`frame-ancestors 'self' ${EPJ_ORIGIN}`);
    // X-Frame-Options cannot name an origin: left out, CSP rules.
    expect(app.headers['x-frame-options']).toBeUndefined();
    const login = await platform.app.inject({ method: 'GET', url: '/auth/interaction/ukjent' });
    expect(csp(login.headers)).toContain(`frame-ancestors 'self' ${EPJ_ORIGIN}`);
    const epj = await platform.app.inject({ method: 'GET', url: '/epj' });
    expect(csp(epj.headers)).toContain("frame-ancestors 'none'");
    expect(epj.headers['x-frame-options']).toBe('DENY');
    const fhir = await platform.app.inject({ method: 'GET', url: '/fhir/4601/metadata' });
    expect(csp(fhir.headers)).toContain("frame-ancestors 'none'");
  });

  it('the EPJ page lets its form lead to each launchable app, and no further', async () => {
    const epj = await platform.app.inject({ method: 'GET', url: '/epj' });
    expect(csp(epj.headers)).toMatch(
      new RegExp(`form-action 'self' ${publicUrl.replace(/\./g, '\\.')}(;|$)`),
    );
  });

  it('Strict-Transport-Security only when the public address is https', async () => {
    const r = await platform.app.inject({ method: 'GET', url: '/health' });
    expect(r.headers['strict-transport-security']).toBeUndefined();
    const https = await buildPlatform({
      config: testConfig({ publicUrl: 'https://varde.example', logLevel: 'silent', distDir: dist }),
      db: platform.db,
      smart: false,
      verifier: { verifyAccessToken: async () => ({ kind: 'invalid', reason: 'none' }) },
    });
    try {
      const s = await https.app.inject({ method: 'GET', url: '/health' });
      expect(s.headers['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      await https.app.close();
    }
  });
});

describe("oidc-provider's form_post page", () => {
  it('runs its one inline script by hash; the policy allows no other inline script', async () => {
    const launch = await platform.smart!.createLaunch({
      tenant: '4601',
      username: 'ola.lege',
      patientId: 'p-anna',
      needPatientBanner: true,
    });
    const pkce = pkcePair();
    const browser = new BrowserClient();
    let url = `${publicUrl}/auth/auth?${new URLSearchParams({
      response_type: 'code',
      response_mode: 'form_post',
      client_id: 'varde',
      redirect_uri: `${publicUrl}/callback`,
      scope: 'launch openid fhirUser patient/*.rs',
      state: 'st',
      aud: `${publicUrl}/fhir/4601`,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      launch,
    })}`;
    let response = await browser.request(url);
    for (let i = 0; i < 10 && response.status >= 300 && response.status < 400; i++) {
      url = new URL(response.headers.get('location')!, url).href;
      response = await browser.request(url);
    }
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('document.forms[0].submit()');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    const policy = csp(response.headers);
    expect(policy).toMatch(new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`));
    expect(policy).not.toContain('unsafe-inline');
  });
});
