import { describe, expect, it } from 'vitest';
import { createFetchTransport, outcomeText, parseRetryAfter } from './transport';

const now = new Date('2026-11-25T08:00:00Z');

function transportWith(fetchImpl: typeof fetch, token: string | null = 'tok', timeoutMs = 1000) {
  return createFetchTransport({
    baseUrl: 'https://fhir.test/fhir/4601/',
    getAccessToken: async () => token,
    fetch: fetchImpl,
    timeoutMs,
    now: () => now,
  });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
  });

describe('fetch transport', () => {
  it('sends the bearer token and resolves relative URLs against the base', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    const t = transportWith(async (url, init) => {
      seen = { url: String(url), auth: new Headers(init?.headers).get('Authorization') };
      return json(200, { resourceType: 'Patient', id: '1' });
    });
    expect(await t.request({ method: 'GET', url: 'Patient/1' })).toEqual({
      kind: 'ok',
      status: 200,
      body: { resourceType: 'Patient', id: '1' },
      contentType: 'application/fhir+json',
    });
    expect(seen).toEqual({ url: 'https://fhir.test/fhir/4601/Patient/1', auth: 'Bearer tok' });
  });

  it('no token: login-required without calling the server', async () => {
    let called = false;
    const t = transportWith(async () => ((called = true), json(200, {})), null);
    expect(await t.request({ method: 'GET', url: 'Patient/1' })).toEqual({ kind: 'login-required' });
    expect(called).toBe(false);
  });

  it('401 is login-required; 503 carries Retry-After and the OperationOutcome', async () => {
    expect(await transportWith(async () => json(401, {})).request({ method: 'GET', url: 'x' })).toEqual({
      kind: 'login-required',
    });
    const oo = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] };
    expect(
      await transportWith(async () => json(503, oo, { 'Retry-After': '7' })).request({
        method: 'GET',
        url: 'x',
      }),
    ).toEqual({
      kind: 'http-error',
      status: 503,
      outcome: oo,
      retryAfterMs: 7000,
    });
  });

  it('network failure and timeout are told apart', async () => {
    expect(
      await transportWith(async () => Promise.reject(new TypeError('Failed to fetch'))).request({
        method: 'GET',
        url: 'x',
      }),
    ).toEqual({
      kind: 'network-error',
      message: 'Failed to fetch',
    });
    const hanging: typeof fetch = (_u, init) =>
      new Promise((_r, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    expect(await transportWith(hanging, 'tok', 20).request({ method: 'GET', url: 'x' })).toEqual({
      kind: 'timeout',
    });
  });

  it('parses Retry-After as seconds or HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('words an OperationOutcome for the nurse, with a fallback', () => {
    expect(
      outcomeText(
        {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'value',
              details: { text: 'Ugyldig temperatur' },
              expression: ['Observation.valueQuantity'],
            },
          ],
        },
        'fallback',
      ),
    ).toBe('Ugyldig temperatur (Observation.valueQuantity)');
    expect(outcomeText(undefined, 'Serveren avviste målingen (400).')).toBe(
      'Serveren avviste målingen (400).',
    );
  });
});
