import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../../test/fault/platformFixture';
import { SUBSETTED } from './elements';

let running: RunningPlatform;
beforeAll(async () => {
  running = await startPlatform();
}, 60_000);
afterAll(() => running?.close());

async function search(query: string): Promise<{ status: number; bundle: Bundle }> {
  const r = await fetch(`${running.fhirBase}/Observation?${query}`, {
    headers: { authorization: 'Bearer nurse' },
  });
  return { status: r.status, bundle: (await r.json()) as Bundle };
}

describe('search with _elements', () => {
  it('returns each match with only the asked-for elements, tagged SUBSETTED, and pages with it', async () => {
    const base = 'patient=p-anna&category=vital-signs&_sort=_lastUpdated&_count=2';
    const full = await search(base);
    const sub = await search(`${base}&_elements=identifier,subject,effective,value`);
    expect(sub.status).toBe(200);
    // p-anna has a restricted set: the Bundle also carries the withheld marker (an outcome).
    const matches = (sub.bundle.entry ?? []).filter((e) => e.search?.mode === 'match');
    expect(matches.length).toBe(2);
    for (const [i, e] of matches.entries()) {
      const o = e.resource as Observation;
      const whole = full.bundle.entry![i].resource as Observation;
      expect(o.id).toBe(whole.id);
      expect(o.meta?.tag).toContainEqual(SUBSETTED);
      expect(o.status).toBe(whole.status);
      expect(o.code).toEqual(whole.code);
      expect(o.subject).toEqual(whole.subject);
      expect(o.valueQuantity).toEqual(whole.valueQuantity);
      expect(o.category).toBeUndefined();
      expect(whole.category).toBeDefined();
      expect(whole.meta?.tag ?? []).not.toContainEqual(SUBSETTED);
    }
    const next = sub.bundle.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toContain('_elements=');
  });
});
