// Bounded work per request (issue 14): paging and date parameters refused with 400 before
// they reach the database, a cap on Bundle entries, and a time limit per request.
import type { Bundle, CapabilityStatement, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, firstIssue, openTestRouter, type TestRouter } from '../../../test/helpers/fhirRouter';
import { vitalsTransaction } from '../../../test/helpers/vitalsTransaction';
import { MAX_BUNDLE_ENTRIES } from './body';
import { MAX_ENTRIES_EXTENSION } from './capability';
import { IMPORT_TOKEN } from '../testing/fixtures';
import { MAX_COUNT, MAX_OFFSET } from './searchParams';

let t: TestRouter;

beforeAll(async () => {
  t = await openTestRouter();
}, 120_000);
afterAll(async () => {
  await t?.db.close();
});

describe('paging parameters', () => {
  it.each([
    ['_offset', '1e20'],
    ['_offset', '100000000000000000000'],
    ['_offset', String(2n ** 63n - 1n)],
    ['_offset', '-1'],
    ['_offset', '1.5'],
    ['_offset', '0x10'],
    ['_offset', String(MAX_OFFSET + 1)],
    ['_count', '1e3'],
    ['_count', 'abc'],
    ['_count', '-1'],
    ['_count', ' 5'],
    ['_count', '10,20'],
  ])('refuses %s=%s with a 400 OperationOutcome', async (name, value) => {
    const r = await t.call(
      'GET',
      `${BASE}/Observation?patient=p-anna&${name}=${encodeURIComponent(value)}`,
      'nurse',
    );
    expect(r.status).toBe(400);
    expect(firstIssue(r)?.expression).toEqual([name]);
    expect(firstIssue(r)?.diagnostics).toMatch(new RegExp(name));
  });

  it('refuses a paging parameter given twice', async () => {
    const r = await t.call('GET', `${BASE}/Observation?patient=p-anna&_offset=0&_offset=3`, 'nurse');
    expect(r.status).toBe(400);
    expect(firstIssue(r)?.diagnostics).toMatch(/én gang/);
  });

  it('pages to the deepest offset and cuts a too large _count to the maximum', async () => {
    const deep = await t.call('GET', `${BASE}/Observation?patient=p-anna&_offset=${MAX_OFFSET}`, 'nurse');
    expect(deep.status).toBe(200);
    // No matches this deep; the withheld marker speaks for the whole search (p-anna has a
    // restricted set), so it is there on every page.
    expect((deep.resource as Bundle).entry?.filter((e) => e.search?.mode !== 'outcome')).toEqual([]);
    const many = await t.call(
      'GET',
      `${BASE}/Observation?patient=p-anna&_count=99999999999999999999`,
      'nurse',
    );
    expect(many.status).toBe(200);
    expect((many.resource as Bundle).entry?.length).toBeLessThanOrEqual(MAX_COUNT);
    expect((await t.call('GET', `${BASE}/Observation?patient=p-anna&_count=0`, 'nurse')).status).toBe(200);
  });
});

describe('date parameters', () => {
  it.each(['gt9999', 'le9999-12-31', 'ge9999-12-31T23:59:59Z', 'lt0001', 'eq0099-06'])(
    'answers date=%s (an end of the calendar) with a searchset',
    async (value) => {
      const r = await t.call(
        'GET',
        `${BASE}/Observation?patient=p-anna&date=${encodeURIComponent(value)}`,
        'nurse',
      );
      expect(r.status).toBe(200);
      const lu = await t.call(
        'GET',
        `${BASE}/Observation?patient=p-anna&_lastUpdated=${encodeURIComponent(value)}`,
        'nurse',
      );
      expect(lu.status).toBe(200);
    },
  );

  it.each([
    '0000',
    'ge0000-01-01T00:00Z',
    'ge0001-01-01T00:00+01:00',
    'ge9999-12-31T23:30-01:00',
    '2026-02-30',
  ])('refuses date=%s (outside years 0001-9999, or no such day) with 400', async (value) => {
    const r = await t.call(
      'GET',
      `${BASE}/Observation?patient=p-anna&date=${encodeURIComponent(value)}`,
      'nurse',
    );
    expect(r.status).toBe(400);
    expect(firstIssue(r)?.expression).toEqual(['date']);
  });

  it('reads a two-digit year as that year, not as 19xx', async () => {
    // 0099 is before every observation; read as 1999 it would still be before them, so ask
    // the other way round: everything is after 0099 and nothing is before it.
    const after = await t.call('GET', `${BASE}/Observation?patient=p-anna&date=gt0099`, 'nurse');
    const before = await t.call('GET', `${BASE}/Observation?patient=p-anna&date=lt0099`, 'nurse');
    expect((after.resource as Bundle).entry?.length).toBeGreaterThan(0);
    expect((before.resource as Bundle).entry).toEqual([]);
  });
});

describe('entries per Bundle', () => {
  it('states the limit in the CapabilityStatement', async () => {
    const cs = (await t.call('GET', `${BASE}/metadata`)).resource as CapabilityStatement;
    const tx = cs.rest?.[0]?.interaction?.find((i) => i.code === 'transaction');
    expect(tx?.extension?.find((e) => e.url === MAX_ENTRIES_EXTENSION)?.valueInteger).toBe(
      MAX_BUNDLE_ENTRIES,
    );
    expect(tx?.documentation).toContain(String(MAX_BUNDLE_ENTRIES));
  });

  it('refuses a transaction of one entry too many with 413 and stores nothing', async () => {
    const before = await t.store.countEvents('4601');
    const r = await t.call('POST', BASE, 'nurse', vitalsTransaction('over', MAX_BUNDLE_ENTRIES + 1));
    expect(r.status).toBe(413);
    expect(firstIssue(r)?.code).toBe('too-costly');
    expect(firstIssue(r)?.expression).toEqual(['Bundle.entry']);
    expect(await t.store.countEvents('4601')).toBe(before);
  });

  it('refuses an $import of one entry too many with 413', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: Array.from({ length: MAX_BUNDLE_ENTRIES + 1 }, (_, i) => ({
        resource: { resourceType: 'Organization', id: `org-many-${i}`, name: `Enhet ${i}` },
      })),
    };
    const r = await t.call('POST', `${BASE}/$import`, IMPORT_TOKEN, bundle);
    expect(r.status).toBe(413);
    expect(await t.store.read('4601', 'Organization', 'org-many-0')).toBeUndefined();
  });

  it('takes a transaction of exactly the limit, whole', async () => {
    const r = await t.call('POST', BASE, 'nurse', vitalsTransaction('at-cap', MAX_BUNDLE_ENTRIES));
    expect(r.status).toBe(200);
    const entries = (r.resource as Bundle).entry ?? [];
    expect(entries).toHaveLength(MAX_BUNDLE_ENTRIES);
    expect(entries.every((e) => e.response?.status === '201 Created')).toBe(true);
    expect((entries[0].resource as Observation).resourceType).toBe('Observation');
  }, 120_000);

  it('reports an invalid entry far into a large Bundle at its own index', async () => {
    const bundle = vitalsTransaction('late-bad', 120);
    (bundle.entry![117].request as unknown as Record<string, unknown>).url = 42;
    const r = await t.call('POST', BASE, 'nurse', bundle);
    expect(r.status).toBe(400);
    expect(firstIssue(r)?.expression).toEqual(['Bundle.entry[117].request.url']);
  });
});

describe('time limit', () => {
  it('stops a request that works past its limit with 503 and stores nothing', async () => {
    // A clock that moves one second each time it is read: the request's work runs out of
    // its three seconds after a few entries.
    let clock = Date.parse('2026-06-01T08:00:00Z');
    const slow = await openTestRouter({ now: () => new Date((clock += 1000)), timeLimitMs: 3000 });
    try {
      const before = await slow.store.countEvents('4601');
      const r = await slow.call('POST', BASE, 'nurse', vitalsTransaction('slow', 7));
      expect(r.status).toBe(503);
      expect(firstIssue(r)?.code).toBe('timeout');
      expect(firstIssue(r)?.diagnostics).toMatch(/ingenting er lagret/);
      expect(r.headers?.['retry-after']).toBeTruthy();
      expect(await slow.store.countEvents('4601')).toBe(before);
      // A read does no long work and is answered.
      expect((await slow.call('GET', `${BASE}/Patient/p-anna`, 'nurse')).status).toBe(200);
    } finally {
      await slow.db.close();
    }
  }, 120_000);
});
