import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config';
import { loadFixtures, testVerifier } from '../testing/fixtures';
import { buildPlatform, type Platform } from './server';

const verifier = testVerifier();

let platform: Platform;
let dist: string;
const logLines: string[] = [];
const auth = { authorization: 'Bearer nurse' };

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'varde-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Varde</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.x=1');
  writeFileSync(join(dist, 'assets', 'main-abc123.js'), 'console.log(1)');
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  platform = await buildPlatform({
    config: testConfig({ distDir: dist, logLevel: 'info' }),
    verifier,
    logStream,
  });
  await loadFixtures(platform.store);
}, 180_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('platform over HTTP', () => {
  it('reports health with the database kind', async () => {
    const r = await platform.app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', db: 'pglite' });
  });

  it('compresses the PWA scripts and FHIR Bundles for clients that accept gzip', async () => {
    const bundle = await platform.app.inject({
      method: 'GET',
      url: '/fhir/4601/Observation?patient=p-anna&_count=100',
      headers: { ...auth, 'accept-encoding': 'gzip' },
    });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-encoding']).toBe('gzip');
    const plain = await platform.app.inject({
      method: 'GET',
      url: '/fhir/4601/Observation?patient=p-anna&_count=100',
      headers: auth,
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().resourceType).toBe('Bundle');
    expect(JSON.parse(gunzipSync(bundle.rawPayload).toString('utf8'))).toEqual({
      ...plain.json(),
      timestamp: expect.any(String),
    });
  });

  it('prefers brotli when the client takes it (browsers on HTTPS), with the same Bundle inside', async () => {
    const url = '/fhir/4601/Observation?patient=p-anna&_count=100';
    const br = await platform.app.inject({
      method: 'GET',
      url,
      headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    const plain = await platform.app.inject({ method: 'GET', url, headers: auth });
    const body = JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'));
    expect(body).toEqual({ ...plain.json(), timestamp: expect.any(String) });
    expect(body.entry.length).toBeGreaterThan(0);
  });

  it('publishes the app configuration with every municipality and its FHIR base', async () => {
    const r = await platform.app.inject({ method: 'GET', url: '/config.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('json');
    expect(r.json()).toEqual({
      clientId: 'varde',
      municipalities: [
        { name: 'Bergen', fhirBase: 'http://localhost:8080/fhir/4601' },
        { name: 'Stavanger', fhirBase: 'http://localhost:8080/fhir/1103' },
      ],
    });
  });

  it('publishes the SMART configuration and the CapabilityStatement without a token', async () => {
    const smart = await platform.app.inject({
      method: 'GET',
      url: '/fhir/4601/.well-known/smart-configuration',
    });
    expect(smart.statusCode).toBe(200);
    expect(smart.json().capabilities).toContain('launch-ehr');
    const meta = await platform.app.inject({ method: 'GET', url: '/fhir/4601/metadata' });
    expect(meta.statusCode).toBe(200);
    expect(meta.headers['content-type']).toMatch(/application\/fhir\+json/);
  });

  it('passes repeated query parameters through to the search', async () => {
    const r = await platform.app.inject({
      method: 'GET',
      url: '/fhir/4601/Observation?patient=p-anna&date=ge2026-01-01&date=lt2026-01-03',
      headers: auth,
    });
    expect(r.statusCode).toBe(200);
    expect((r.json() as Bundle).entry?.map((e) => e.resource?.id)).toEqual(['obs-temp-1']);
  });

  it('answers malformed JSON with 400 and a too large body with 413, storing nothing', async () => {
    const before = await platform.store.countEvents('4601');
    const bad = await platform.app.inject({
      method: 'POST',
      url: '/fhir/4601/Observation',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      payload: '{"resourceType":',
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as OperationOutcome).resourceType).toBe('OperationOutcome');
    const big = await platform.app.inject({
      method: 'POST',
      url: '/fhir/4601',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        padding: 'x'.repeat(6 * 1024 * 1024),
      }),
    });
    expect(big.statusCode).toBe(413);
    expect((big.json() as OperationOutcome).issue?.[0]?.code).toBe('too-costly');
    expect(await platform.store.countEvents('4601')).toBe(before);
  });

  it('refuses updates and deletes with 405', async () => {
    const r = await platform.app.inject({
      method: 'DELETE',
      url: '/fhir/4601/Patient/p-anna',
      headers: auth,
    });
    expect(r.statusCode).toBe(405);
    expect(r.json().resourceType).toBe('OperationOutcome');
  });

  it('logs method, route pattern and status, never the URL with patient ids', async () => {
    await platform.app.inject({
      method: 'GET',
      url: '/fhir/4601/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|01015012345',
      headers: auth,
    });
    await platform.app.inject({ method: 'GET', url: '/fhir/4601/Patient/p-anna', headers: auth });
    const text = logLines.join('');
    expect(text).toContain('/fhir/:tenant/*');
    expect(text).not.toContain('01015012345');
    expect(text).not.toContain('p-anna');
    expect(text).not.toContain('Bearer');
  });

  it('serves the PWA with an SPA fallback and the right cache headers', async () => {
    const deep = await platform.app.inject({ method: 'GET', url: '/pasient/om' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<title>Varde</title>');
    expect(deep.headers['cache-control']).toBe('no-cache');
    const sw = await platform.app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = await platform.app.inject({ method: 'GET', url: '/assets/main-abc123.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    const api404 = await platform.app.inject({ method: 'GET', url: '/epj/nope' });
    expect(api404.body).not.toContain('<title>Varde</title>');
  });
});
