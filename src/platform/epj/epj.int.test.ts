// The EPJ simulator page and its launch redirect, with a recording stand-in for the SMART
// server (the full launch through the real authorization server is in smart.int.test.ts
// and, with another vendor's app, in test/e2e/sandbox.spec.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectoryFixture, memoryDirectory } from '../smart/testing/memoryDirectory';
import type { LaunchRequest } from '../smart/types';
import { launchTarget, registerEpjSimulator } from './index';

const launches: LaunchRequest[] = [];
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await registerEpjSimulator(app, {
    publicUrl: 'http://platform.test',
    appUrl: 'http://app.test/',
    directory: memoryDirectory(demoDirectoryFixture()),
    smart: {
      fhirBase: (tenant) => `http://platform.test/fhir/${tenant}`,
      launchableApps: async () => [
        { clientId: 'varde', name: 'Varde', launchUri: 'http://app.test/launch' },
        {
          clientId: 'other-app',
          name: 'Annen <app>',
          launchUri: 'https://other.example.no/smart/launch?tenant=x',
        },
      ],
      createLaunch: async (launch) => {
        launches.push(launch);
        return `launch-${launches.length}`;
      },
    },
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const launchForm = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/epj/launch',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('EPJ simulator page', () => {
  it('lists the first municipality with its clinicians and patients, every control labelled', async () => {
    const response = await app.inject({ url: '/epj' });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Kari Nordmann – Sykepleier, hjemmetjenesten');
    expect(html).toContain('Astrid Hansen – f.nr. 010140 12345 – født 01.01.1940');
    expect(html).toContain('Berit &#60;Berg&#62;');
    expect(html).not.toContain('Siri Stavanger');
    expect(html).toContain('href="http://app.test/"');
    // Every registered app with a launch URL, Varde chosen by default; names escaped.
    expect(html).toMatch(/<input type="radio" id="app-0" name="app" value="varde" checked/);
    expect(html).toContain('Annen &#60;app&#62;');
    expect(html).toContain('https://other.example.no/smart/launch?tenant=x');
    // No inline script or style: the filter script is a file of its own.
    expect(html).not.toMatch(/<script>|<style>|style="/);
    expect(html).toMatch(/<script src="\/epj\/static\/epj\.js\?v=[0-9a-f]{12}" defer><\/script>/);
    const ids = [...html.matchAll(/<(?:select|input)[^>]* id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(4);
    for (const id of ids) expect(html, `label for ${id}`).toMatch(new RegExp(`<label[^>]* for="${id}"`));
  });

  it('switches municipality', async () => {
    const html = (await app.inject({ url: '/epj?kommune=1103' })).body;
    expect(html).toContain('Siri Stavanger');
    expect(html).not.toContain('Kari Nordmann');
  });

  it('answers 404 for an unknown municipality', async () => {
    expect((await app.inject({ url: '/epj?kommune=0000' })).statusCode).toBe(404);
  });
});

describe('Start appen', () => {
  it('serves the filter script', async () => {
    const html = (await app.inject({ url: '/epj' })).body;
    const src = /<script src="([^"]+)"/.exec(html)![1]!;
    const script = await app.inject({ url: src.replaceAll('&#38;', '&') });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toContain('patient-search');
  });

  it('stores the launch context and redirects with only iss and the launch id', async () => {
    const response = await app.inject(
      launchForm({ tenant: '4601', username: 'ola.lege', patient: 'pat-2', banner: 'epj', app: 'varde' }),
    );
    expect(response.statusCode).toBe(303);
    const location = new URL(String(response.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe('http://app.test/launch');
    expect(location.searchParams.get('iss')).toBe('http://platform.test/fhir/4601');
    expect(location.searchParams.get('launch')).toBe(`launch-${launches.length}`);
    expect([...location.searchParams.keys()]).toEqual(['iss', 'launch']);
    expect(String(response.headers.location)).not.toContain('pat-2');
    expect(launches.at(-1)).toEqual({
      tenant: '4601',
      clientId: 'varde',
      username: 'ola.lege',
      patientId: 'pat-2',
      needPatientBanner: false,
    });
  });

  it('launches Varde when the form names no app', async () => {
    const response = await app.inject(
      launchForm({ tenant: '4601', username: 'ola.lege', patient: 'pat-2', banner: 'epj' }),
    );
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^http:\/\/app\.test\/launch\?/);
    expect(launches.at(-1)?.clientId).toBe('varde');
  });

  it("launches another vendor's app at its own launch URL, for that app only", async () => {
    const response = await app.inject(
      launchForm({
        tenant: '4601',
        username: 'ola.lege',
        patient: 'pat-2',
        banner: 'varde',
        app: 'other-app',
      }),
    );
    expect(response.statusCode).toBe(303);
    const location = new URL(String(response.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe('https://other.example.no/smart/launch');
    expect(location.searchParams.get('tenant')).toBe('x');
    expect(location.searchParams.get('iss')).toBe('http://platform.test/fhir/4601');
    expect(location.searchParams.get('launch')).toBe(`launch-${launches.length}`);
    expect(launches.at(-1)?.clientId).toBe('other-app');
  });

  it('refuses an unknown app with a clear page and starts nothing', async () => {
    const before = launches.length;
    const response = await app.inject(
      launchForm({
        tenant: '4601',
        username: 'ola.lege',
        patient: 'pat-2',
        banner: 'epj',
        app: 'no-such-app',
      }),
    );
    expect(response.statusCode).toBe(404);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('role="alert"');
    expect(response.body).toContain('client_id «no-such-app» er ikke registrert med launch_uri');
    expect(launches.length).toBe(before);
  });

  it('asks Varde to show its banner when the EPJ does not', async () => {
    await app.inject(
      launchForm({
        tenant: '4601',
        username: 'kari.nordmann',
        patient: 'pat-1',
        banner: 'varde',
        app: 'varde',
      }),
    );
    expect(launches.at(-1)?.needPatientBanner).toBe(true);
  });

  it.each([
    [
      'a patient of another municipality',
      { tenant: '4601', username: 'ola.lege', patient: 'pat-9', banner: 'epj' },
    ],
    [
      'a clinician of another municipality',
      { tenant: '4601', username: 'siri.stavanger', patient: 'pat-1', banner: 'epj' },
    ],
    ['no patient', { tenant: '4601', username: 'ola.lege', banner: 'epj' }],
    ['an unknown municipality', { tenant: '0000', username: 'ola.lege', patient: 'pat-1', banner: 'epj' }],
    ['no banner choice', { tenant: '4601', username: 'ola.lege', patient: 'pat-1', app: 'varde' }],
  ])('refuses %s and keeps the page', async (_name, fields: Record<string, string>) => {
    const before = launches.length;
    const response = await app.inject(launchForm(fields));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('role="alert"');
    expect(launches.length).toBe(before);
  });
});

describe('launchTarget', () => {
  it('adds iss and launch to the launch URL, keeping its own parameters', () => {
    const target = new URL(launchTarget('https://a.example.no/launch?x=1&iss=old', 'https://p/fhir/1', 'L'));
    expect([...target.searchParams]).toEqual([
      ['x', '1'],
      ['iss', 'https://p/fhir/1'],
      ['launch', 'L'],
    ]);
  });
});
