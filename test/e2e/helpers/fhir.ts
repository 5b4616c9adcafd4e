// Asks the platform's FHIR API directly, with the access token the app holds, to check what
// really arrived on the server (not what the app believes it sent).
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { VITAL_SIGNS_PARTS } from '../../../src/core/fhir/toObservation';

export const VITAL_SIGNS_SET_SYSTEM = 'https://varde.no/fhir/sid/vital-signs-set';

interface StoredSession {
  accessToken: string;
  fhirBase: string;
  patient?: string;
}

/** The SMART session the app keeps in sessionStorage (src/app/auth/session.ts). */
export async function appSession(page: Page): Promise<StoredSession> {
  const raw = await page.evaluate(() => sessionStorage.getItem('varde.session'));
  expect(raw, 'the app holds a SMART session').toBeTruthy();
  return JSON.parse(raw as string) as StoredSession;
}

interface Bundle {
  resourceType: 'Bundle';
  total?: number;
  entry?: Array<{ resource?: { resourceType: string; id?: string; identifier?: Array<{ value?: string }> } }>;
}

/** GET {fhirBase}/{query} with the app's token; fails the test on a non-2xx answer. */
export async function fhirGet(request: APIRequestContext, page: Page, query: string): Promise<Bundle> {
  const session = await appSession(page);
  const base = new URL(session.fhirBase, page.url()).toString().replace(/\/$/, '');
  const res = await request.get(`${base}/${query}`, {
    headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/fhir+json' },
  });
  expect(res.ok(), `GET ${query}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as Bundle;
}

/**
 * How many Observations the server holds for each part of a vital-signs set, plus its
 * NEWS2 score: `{ respirationRate: 1, ..., news2: 1 }` when it arrived exactly once.
 */
export async function serverCopiesOfSet(
  request: APIRequestContext,
  page: Page,
  setId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const part of [...VITAL_SIGNS_PARTS, 'news2']) {
    const identifier = encodeURIComponent(`${VITAL_SIGNS_SET_SYSTEM}|${setId}/${part}`);
    const bundle = await fhirGet(request, page, `Observation?identifier=${identifier}&_count=10`);
    counts[part] = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Observation').length;
  }
  return counts;
}

/** Asserts that a full set and its NEWS2 score are on the server exactly once. */
export async function expectSetOnServerOnce(request: APIRequestContext, page: Page, setId: string) {
  const once = Object.fromEntries([...VITAL_SIGNS_PARTS, 'news2'].map((p) => [p, 1]));
  await expect.poll(() => serverCopiesOfSet(request, page, setId), { timeout: 30_000 }).toEqual(once);
}
