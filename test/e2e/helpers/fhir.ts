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
  entry?: Array<{
    resource?: {
      resourceType: string;
      id?: string;
      identifier?: Array<{ system?: string; value?: string }>;
      meta?: { tag?: Array<{ system?: string; code?: string }> };
      recorded?: string;
    };
  }>;
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

/** The patient the app has open: the launch context, or the one picked from the worklist. */
export async function openPatientId(page: Page): Promise<string> {
  const picked = await page.evaluate(() => sessionStorage.getItem('varde.patient'));
  const id = picked ?? (await appSession(page)).patient;
  expect(id, 'the app has a patient open').toBeTruthy();
  return id as string;
}

const PARTS = [...VITAL_SIGNS_PARTS, 'news2'];

/**
 * The vital-signs sets the server holds for a patient, written after `since`: for each set
 * id, how many Observations it has of each part (and of its NEWS2 score). A set that
 * arrived exactly once reads `{ respirationRate: 1, ..., news2: 1 }`.
 */
export async function setsOnServer(
  request: APIRequestContext,
  page: Page,
  patientId: string,
  since: string,
): Promise<Record<string, Record<string, number>>> {
  const query = `Observation?patient=${encodeURIComponent(patientId)}&_lastUpdated=gt${encodeURIComponent(since)}&_count=1000`;
  const bundle = await fhirGet(request, page, query);
  const sets: Record<string, Record<string, number>> = {};
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.resourceType !== 'Observation') continue;
    for (const ident of entry.resource.identifier ?? []) {
      if (ident.system !== VITAL_SIGNS_SET_SYSTEM || !ident.value) continue;
      const cut = ident.value.lastIndexOf('/');
      const setId = ident.value.slice(0, cut);
      const part = ident.value.slice(cut + 1);
      const counts = (sets[setId] ??= {});
      counts[part] = (counts[part] ?? 0) + 1;
    }
  }
  return sets;
}

/** Every part of a full set, and its NEWS2 score, exactly once. */
export const ONCE: Record<string, number> = Object.fromEntries(PARTS.map((p) => [p, 1]));

/**
 * Waits until the server holds exactly `count` new sets for the patient (or exactly the
 * sets `ids`), each part exactly once; returns their ids.
 */
export async function expectSetsOnServerOnce(
  request: APIRequestContext,
  page: Page,
  opts: { patientId: string; since: string; count?: number; ids?: string[] },
): Promise<string[]> {
  let sets: Record<string, Record<string, number>> = {};
  await expect
    .poll(
      async () => {
        sets = await setsOnServer(request, page, opts.patientId, opts.since);
        return Object.keys(sets).length;
      },
      { timeout: 30_000, message: 'new vital-signs sets on the server' },
    )
    .toBe(opts.ids?.length ?? opts.count ?? 1);
  if (opts.ids) expect(Object.keys(sets).sort()).toEqual([...opts.ids].sort());
  for (const [id, parts] of Object.entries(sets)) expect(parts, `set ${id} on the server`).toEqual(ONCE);
  return Object.keys(sets);
}

/** AuditEvents of offline reads the app uploaded for a patient (tag client-reported), recorded since. */
export async function clientReportedAuditEvents(
  request: APIRequestContext,
  page: Page,
  patientId: string,
  since: string,
): Promise<number> {
  const audit = await fhirGet(request, page, `AuditEvent?patient=${patientId}&_count=1000`);
  return (audit.entry ?? []).filter(
    (e) =>
      (e.resource?.meta?.tag ?? []).some((t) => t.code === 'client-reported') &&
      (e.resource?.recorded ?? '') >= since,
  ).length;
}
