import { describe, expect, it } from 'vitest';
import { ehrLaunchOf, loadConfig, municipalityForIss, parseFhirBasesEnv } from './appConfig';

const origin = 'https://varde.example';
const offline: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};

describe('app configuration', () => {
  it('defaults to the platform at the same origin', async () => {
    const config = await loadConfig({ origin, env: {}, fetchFn: offline });
    expect(config.clientId).toBe('varde');
    expect(config.municipalities).toEqual([
      { name: 'Bergen', fhirBase: 'https://varde.example/fhir/4601' },
      { name: 'Stavanger', fhirBase: 'https://varde.example/fhir/1103' },
    ]);
  });

  it('reads VITE_FHIR_BASES', async () => {
    expect(parseFhirBasesEnv('Bodø=https://fhir.bodo.no/r4, Moss=/fhir/3103')).toEqual([
      { name: 'Bodø', fhirBase: 'https://fhir.bodo.no/r4' },
      { name: 'Moss', fhirBase: '/fhir/3103' },
    ]);
    const config = await loadConfig({
      origin,
      env: { VITE_FHIR_BASES: 'Moss=/fhir/3103' },
      fetchFn: offline,
    });
    expect(config.municipalities).toEqual([{ name: 'Moss', fhirBase: 'https://varde.example/fhir/3103' }]);
  });

  it('prefers /config.json and ignores an HTML fallback page', async () => {
    const json: typeof fetch = async () =>
      new Response(
        JSON.stringify({ clientId: 'x', municipalities: [{ name: 'Ås', fhirBase: 'https://a/fhir/' }] }),
        {
          headers: { 'content-type': 'application/json' },
        },
      );
    const config = await loadConfig({ origin, env: {}, fetchFn: json });
    expect(config).toEqual({ clientId: 'x', municipalities: [{ name: 'Ås', fhirBase: 'https://a/fhir' }] });

    const html: typeof fetch = async () =>
      new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
    expect((await loadConfig({ origin, env: {}, fetchFn: html })).municipalities).toHaveLength(2);
  });

  it('accepts only configured servers as a launch iss', async () => {
    const config = await loadConfig({ origin, env: {}, fetchFn: offline });
    expect(municipalityForIss(config, 'https://varde.example/fhir/4601/')?.name).toBe('Bergen');
    expect(municipalityForIss(config, 'https://evil.example/fhir/4601')).toBeUndefined();
  });
});

describe('how an EHR launch keeps its data (ehrLaunch)', () => {
  const file =
    (body: unknown): typeof fetch =>
    async () =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  const municipalities = [{ name: 'Ås', fhirBase: 'https://a/fhir' }];

  it('defaults to an online session the EPJ locks: memory, no PIN', async () => {
    const config = await loadConfig({ origin, env: {}, fetchFn: offline });
    expect(ehrLaunchOf(config)).toEqual({ store: 'memory', lock: 'epj' });
    const plain = await loadConfig({ origin, env: {}, fetchFn: file({ municipalities }) });
    expect(ehrLaunchOf(plain)).toEqual({ store: 'memory', lock: 'epj' });
  });

  it('takes the idle lock or the device store from /config.json; the device store always locks', async () => {
    const idle = await loadConfig({
      origin,
      env: {},
      fetchFn: file({ municipalities, ehrLaunch: { lock: 'idle' } }),
    });
    expect(ehrLaunchOf(idle)).toEqual({ store: 'memory', lock: 'idle' });
    const device = await loadConfig({
      origin,
      env: {},
      fetchFn: file({ municipalities, ehrLaunch: { store: 'device', lock: 'epj' } }),
    });
    expect(ehrLaunchOf(device)).toEqual({ store: 'device', lock: 'idle' });
  });

  it('refuses a value it does not know, with the reason', async () => {
    await expect(
      loadConfig({ origin, env: {}, fetchFn: file({ municipalities, ehrLaunch: { store: 'disk' } }) }),
    ).rejects.toThrow(/config.json er ugyldig/);
  });
});
