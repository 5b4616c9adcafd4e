// The platform's next links (issue 15): they carry `_offset` and a `_cursor`; following them
// gives the same matches as paging by `_offset` alone (what a client that builds its own
// links sends), and a `_cursor` the platform did not write is refused with a 400.
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, firstIssue, openTestRouter, type TestRouter } from '../../../test/helpers/fhirRouter';
import { encodeCursor } from './searchCursor';

let t: TestRouter;

beforeAll(async () => {
  t = await openTestRouter();
}, 120_000);
afterAll(async () => {
  await t?.db.close();
});

const matchIds = (b: Bundle) =>
  (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource?.id as string);
const nextOf = (b: Bundle) => b.link?.find((l) => l.relation === 'next')?.url;

describe('search paging links', () => {
  it.each(['_lastUpdated', '-date', 'date'])(
    'follows next links to the same pages as _offset (%s)',
    async (sort) => {
      const q = `${BASE}/Observation?patient=p-anna&category=vital-signs&_sort=${sort}&_count=2`;
      const byLinks: string[][] = [];
      let url: string | undefined = q;
      while (url) {
        const r = await t.call('GET', url.replace('http://test', ''), 'nurse');
        expect(r.status).toBe(200);
        const b = r.resource as Bundle;
        byLinks.push(matchIds(b));
        url = nextOf(b);
        if (url) {
          expect(url).toMatch(/_offset=\d+/);
          expect(url).toMatch(/_cursor=[A-Za-z0-9_-]+/);
        }
      }
      const byOffset: string[][] = [];
      for (let offset = 0; ; offset += 2) {
        const b = (await t.call('GET', `${q}&_offset=${offset}`, 'nurse')).resource as Bundle;
        byOffset.push(matchIds(b));
        if (!nextOf(b)) break;
      }
      expect(byLinks.length).toBeGreaterThan(1);
      expect(byLinks).toEqual(byOffset);
    },
  );

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['wrong length for the sort', encodeCursor({ values: [], id: 'x' })],
    ['not an instant', encodeCursor({ values: ['2026-01-01'], id: 'x' })],
    ['a day that does not exist', encodeCursor({ values: ['2026-02-31T00:00:00.000000Z'], id: 'x' })],
    ['an empty id', encodeCursor({ values: ['2026-01-01T00:00:00.000000Z'], id: '' })],
  ])('refuses a _cursor that is %s with a 400', async (_what, cursor) => {
    const r = await t.call('GET', `${BASE}/Observation?patient=p-anna&_cursor=${cursor}`, 'nurse');
    expect(r.status).toBe(400);
    expect(firstIssue(r)?.expression).toEqual(['_cursor']);
  });
});
