// End to end over a real port: an EHR launch through the real SMART server gives a token
// that the FHIR routes accept for the launch patient only, and only in its municipality.
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config';
import { fixtureResources } from '../testing/fixtures';
import { BrowserClient, pkcePair } from '../smart/testing/browserClient';
import { freePort } from '../smart/testing/server';
import { buildPlatform, type Platform } from './server';

let platform: Platform;
let publicUrl: string;
let token: string;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  platform = await buildPlatform({
    config: testConfig({ publicUrl, logLevel: 'silent', distDir: '/nonexistent-varde-dist' }),
  });
  for (const [tenant, resources] of Object.entries(fixtureResources())) {
    await platform.store.appendBatch(
      tenant,
      resources.map((resource) => ({ resource, sourceSystem: 'Gerica' })),
    );
  }
  await platform.app.listen({ port, host: '127.0.0.1' });

  const launch = await platform.smart!.createLaunch({
    tenant: '4601',
    username: 'ola.lege',
    patientId: 'p-anna',
    needPatientBanner: true,
  });
  const redirectUri = `${publicUrl}/callback`;
  const pkce = pkcePair();
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'varde',
    redirect_uri: redirectUri,
    scope: 'launch openid fhirUser patient/*.rs patient/Observation.c',
    state: 'st',
    aud: `${publicUrl}/fhir/4601`,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    launch,
  });
  const result = await new BrowserClient().follow(`${publicUrl}/auth/auth?${params}`, {}, (u) =>
    u.startsWith(redirectUri),
  );
  const code = new URL(result.url).searchParams.get('code');
  const response = await fetch(`${publicUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: 'varde',
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    }),
  });
  token = String(((await response.json()) as { access_token?: string }).access_token);
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

const get = (path: string, bearer = token) =>
  fetch(`${publicUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

describe('SMART token on the FHIR routes', () => {
  it('reads the launch patient and audits the read with the launch context', async () => {
    const r = await get('/fhir/4601/Patient/p-anna');
    expect(r.status).toBe(200);
    const audit = await platform.store.searchAudit('4601', { patient: 'p-anna' });
    const last: AuditEvent = audit.events[0];
    expect(last.agent?.[0]?.who?.reference).toBe('Practitioner/prac-doctor');
    expect(last.purposeOfEvent?.[0]?.text).toMatch(/EHR-launch/);
  });

  it('searches the launch patient’s services', async () => {
    const r = await get('/fhir/4601/EpisodeOfCare?patient=p-anna&_include=EpisodeOfCare:incoming-referral');
    expect(r.status).toBe(200);
    expect(
      ((await r.json()) as Bundle).entry?.some((e) => e.resource?.resourceType === 'EpisodeOfCare'),
    ).toBe(true);
  });

  it('gets nothing of another patient', async () => {
    expect((await get('/fhir/4601/Patient/p-carl')).status).toBe(403);
  });

  it('gets nothing in another municipality', async () => {
    const r = await get('/fhir/1103/Patient/p-stav');
    expect([401, 403]).toContain(r.status);
  });

  it('refuses a tampered token', async () => {
    expect((await get('/fhir/4601/Patient/p-anna', `${token.slice(0, -4)}AAAA`)).status).toBe(401);
  });
});
