// Varde against a second, independent FHIR server (issue #13 point 7): test/interop, FHIR R4
// by @medplum/fhir-router's MemoryRepository behind its own SMART authorization (v1 scopes
// only, 1-minute opaque tokens, no tenant claim, _include ignored, no transaction, vitals as
// another EHR writes them, services as plain EpisodeOfCare/ServiceRequest/HealthcareService).
// The built PWA is launched against it from its own tiny EHR launcher.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Observation } from '@medplum/fhirtypes';
import { observationsToVitalSignsSets } from '../../src/core/fhir/fromObservation';
import { SET_IDENTIFIER_SYSTEM } from '../../src/core/fhir/setIdentifier';
import { scoreNews2 } from '../../src/core/news2/score';
import { interopOrigin } from '../../playwright.config';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import { appSession } from './helpers/fhir';
import { waitForServiceWorkerControl } from './helpers/serviceWorker';
import {
  NORMAL_VITALS,
  passPinGate,
  patientBanner,
  pickTestUser,
  recordVitals,
  savedResult,
  syncStatus,
  TEST_PIN,
  worklistEntries,
} from './helpers/varde';

const BASE_A = `${interopOrigin}/a/fhir`;

// These launches stand for a home-care tablet started from another vendor's EHR: the
// deployment keeps the encrypted device store on EHR launch (/config.json ehrLaunch.store
// "device"; the default is an online session in memory, issue #12 point 3). Routed on the
// context so that the service worker's fetch of the file is answered the same way.
test.beforeEach(async ({ context }) => {
  await context.route('**/config.json', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), ehrLaunch: { store: 'device' } } });
  });
});

/** EHR launch from the test server's launcher: up to the patient overview, past the PIN gate. */
async function ehrLaunch(page: Page, patient: string, opts: { readOnly?: boolean } = {}) {
  await page.goto(`${interopOrigin}/launcher?base=a&patient=${patient}${opts.readOnly ? '&readonly=1' : ''}`);
  await page.waitForURL((url) => url.pathname === '/oversikt', { timeout: 30_000 });
  await passPinGate(page);
}

/** What really arrived on the test server (its test door, not the app's belief). */
async function serverObservations(request: APIRequestContext, base: 'a' | 'b'): Promise<Observation[]> {
  const res = await request.get(`${interopOrigin}/_test/${base}/Observation`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as Observation[];
}

/** Per part identifier of the set: how many Observations the server holds. */
function partsOfSet(observations: Observation[], setId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of observations) {
    const value = o.identifier?.find((i) => i.system === SET_IDENTIFIER_SYSTEM)?.value;
    if (value?.startsWith(`${setId}/`)) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

async function setIdOfLastSave(page: Page): Promise<string> {
  // The outbox item's id is the set id (client-made); read it from the saved result's data attribute
  // if present, else from the last queued item the app shows.
  const ids = await page.evaluate(async () => {
    const names = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((n) => n.startsWith('varde:'));
    const out: string[] = [];
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      if (db.objectStoreNames.contains('outbox')) {
        const items = await new Promise<{ id: string }[]>((resolve) => {
          const r = db.transaction('outbox').objectStore('outbox').getAll();
          r.onsuccess = () => resolve(r.result as { id: string }[]);
        });
        out.push(...items.map((i) => i.id));
      }
      db.close();
    }
    return out;
  });
  expect(ids, 'one set waits in the outbox').toHaveLength(1);
  return ids[0]!;
}

test('EHR launch from another vendor: v1 scopes, banner, NEWS2 from its vitals, services from plain FHIR; an answer that is not FHIR keeps the cached data', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await ehrLaunch(page, 'pas-a1');
  const session = await appSession(page);
  expect(session.fhirBase).toBe(BASE_A);
  const scope = (session as unknown as { scope: string }).scope;
  expect(scope, 'v1 scopes asked and granted').toContain('patient/*.read');
  expect(scope).toContain('patient/Observation.write');
  expect(scope).not.toMatch(/\.rs\b|\.c\b/);
  expect((session as unknown as { tenant?: string }).tenant, 'no tenant claim').toBeUndefined();

  await expect(patientBanner(page)).toContainText('Astrid Fjell');
  await expect(patientBanner(page)).toContainText('130345');

  // NEWS2: the other EHR's parts (seconds apart, Z times, systolic and diastolic apart, ACVPU
  // as a LOINC answer, air as a flow of 0) make one full set; the total is core's score of
  // the seeded values.
  const seeded = (await (await request.get(`${interopOrigin}/_test/a/seed`)).json()) as {
    vitals: Observation[];
  };
  const sets = observationsToVitalSignsSets(seeded.vitals);
  expect(sets, 'two seeded sets').toHaveLength(2);
  const newest = sets.reduce((a, b) =>
    Date.parse(a.effectiveDateTime) > Date.parse(b.effectiveDateTime) ? a : b,
  );
  const expected = scoreNews2(newest.vitals);
  expect(expected.complete, 'the seeded set is complete').toBe(true);
  const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
  await expect(news2.locator('.news2-total__score')).toHaveText(`NEWS2 ${expected.total}`, {
    timeout: 20_000,
  });

  // Services: the episode's request and places fetched although _include was ignored; the
  // after-hours number from the night team's availableTime.
  const services = page.getByRole('region', { name: 'Kommunale tjenester' });
  await expect(services).toContainText('Hjemmesykepleie sone A', { timeout: 20_000 });
  await expect(services).toContainText('10,5 t');
  await expect(services.getByRole('link', { name: '55 10 20 30' })).toBeVisible();
  await expect(services.getByRole('link', { name: '55 99 88 77' })).toBeVisible();
  await expect(services).toContainText('Hjemmesykepleien A dag');

  // The source answers an HTML page: the sections say so, and the cached data stay.
  await request.post(`${interopOrigin}/_test/a/mode?mode=html`);
  try {
    await page.reload();
    await passPinGate(page);
    await expect(services).toContainText('Kilden svarte med en nettside (HTML), ikke FHIR.', {
      timeout: 30_000,
    });
    await expect(services).toContainText(/Bufret data fra \d/);
    await expect(services.getByRole('link', { name: '55 99 88 77' })).toBeVisible();
    await expect(news2).toContainText('Kilden svarte med en nettside (HTML), ikke FHIR.');
    await expect(news2.locator('.news2-total__score')).toHaveText(`NEWS2 ${expected.total}`);
  } finally {
    await request.post(`${interopOrigin}/_test/a/mode?mode=ok`);
  }
});

test('offline past the 1-minute token: a set recorded offline arrives exactly once, part by part, after the refresh', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await ehrLaunch(page, 'pas-a2');
  const services = page.getByRole('region', { name: 'Kommunale tjenester' });
  // No services and no coverage statement: the source is named, not "unavailable".
  await expect(services).toContainText('Ingen tjenester registrert i kilden (Testjournal A)', {
    timeout: 20_000,
  });
  const before = await appSession(page);
  const left = (before as unknown as { expiresAt: number }).expiresAt - Date.now() / 1000;
  expect(left, 'the test server issues 1-minute tokens').toBeLessThanOrEqual(60);

  await context.setOffline(true);
  await recordVitals(page, NORMAL_VITALS);
  await expect(savedResult(page)).toContainText('Lagret på enheten');
  const setId = await setIdOfLastSave(page);
  await page.waitForTimeout(Math.max(0, left + 3) * 1000);
  // The patient is read again (a restart of the app, as after the tablet slept): without
  // network the expired token cannot be refreshed, and that is a network failure.
  await page.reload();
  await passPinGate(page);
  await page.getByRole('link', { name: 'Oversikt' }).click();
  await expect(services).toContainText(/Bufret data fra \d/, { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText('Frakoblet');
  expect(partsOfSet(await serverObservations(request, 'a'), setId)).toEqual({});

  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText(/Alt er sendt/, { timeout: 60_000 });
  const after = await appSession(page);
  expect(after.accessToken, 'the token was refreshed before sending').not.toBe(before.accessToken);
  const parts = partsOfSet(await serverObservations(request, 'a'), setId);
  expect(Object.keys(parts).length, 'every part arrived').toBeGreaterThanOrEqual(6);
  for (const [part, n] of Object.entries(parts)) expect(n, part).toBe(1);

  // A later sync sends nothing again.
  await page.reload();
  await passPinGate(page);
  await expect(syncStatus(page)).toContainText(/Alt er sendt/, { timeout: 30_000 });
  expect(partsOfSet(await serverObservations(request, 'a'), setId)).toEqual(parts);
});

test('two FHIR bases ending in /fhir on one device: a set queued for A is never sent to B, and B says where it waits', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  try {
    const loginStandalone = async (page: Page, municipality: string, user: string) => {
      await page.goto('/');
      await page.getByRole('radio', { name: municipality }).check();
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await page.waitForURL(
        (url) => url.pathname.startsWith('/interaction/') || url.pathname === '/pasienter',
        {
          timeout: 30_000,
        },
      );
      if (new URL(page.url()).pathname.startsWith('/interaction/')) await pickTestUser(page, user);
      await page.waitForURL((url) => url.pathname === '/pasienter', { timeout: 30_000 });
      await passPinGate(page, TEST_PIN);
      await expect(page.getByRole('heading', { name: 'Mine pasienter i dag' })).toBeVisible();
    };

    // Tab A: the nurse of Testjournal A records a set while A cannot be reached.
    const pageA = await context.newPage();
    await loginStandalone(pageA, 'Testjournal A', 'Nina Aas');
    await expect(worklistEntries(pageA).first()).toContainText('Astrid Fjell', { timeout: 20_000 });
    await worklistEntries(pageA).first().click();
    await expect(patientBanner(pageA)).toContainText('Astrid Fjell', { timeout: 20_000 });
    await pageA.route(`${BASE_A}/**`, (route) => route.abort('internetdisconnected'));
    await recordVitals(pageA, NORMAL_VITALS);
    const setId = await setIdOfLastSave(pageA);

    // Tab B, same device: Testjournal B (its base also ends in /fhir) gets its own store.
    const pageB = await context.newPage();
    await loginStandalone(pageB, 'Testjournal B', 'Berit Bakke');
    await expect(syncStatus(pageB)).toContainText(/venter på å bli sendt til Testjournal A/, {
      timeout: 30_000,
    });
    await pageB.waitForTimeout(3_000);
    expect(partsOfSet(await serverObservations(request, 'b'), setId), 'nothing of A at B').toEqual({});

    // A is back: the set goes to A, once.
    await pageA.unroute(`${BASE_A}/**`);
    await pageA.reload();
    await passPinGate(pageA);
    await expect(syncStatus(pageA)).toContainText(/Alt er sendt/, { timeout: 60_000 });
    const parts = partsOfSet(await serverObservations(request, 'a'), setId);
    expect(Object.keys(parts).length).toBeGreaterThanOrEqual(6);
    for (const n of Object.values(parts)) expect(n).toBe(1);
    expect(partsOfSet(await serverObservations(request, 'b'), setId)).toEqual({});
  } finally {
    await context.close();
  }
});

test('a login that may only read: the measurement form says so before entry, and nothing is queued', async ({
  page,
}) => {
  await ehrLaunch(page, 'pas-a1', { readOnly: true });
  const scope = ((await appSession(page)) as unknown as { scope: string }).scope;
  expect(scope).toContain('patient/*.read');
  expect(scope).not.toContain('.write');
  await page.getByRole('link', { name: 'Ny måling' }).click();
  await expect(page.getByRole('heading', { name: 'Målinger kan ikke registreres her' })).toBeVisible();
  await expect(page.getByText(/Testjournal A har ikke gitt Varde lov til å lagre målinger/)).toBeVisible();
  await expect(page.getByRole('form', { name: 'Ny måling' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'measurement form without write access');
});

test('a launch whose iss is not configured is refused before any request to it', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith('http://localhost:1/')) asked.push(r.url());
  });
  await page.goto(`/launch?iss=${encodeURIComponent('http://localhost:1/fhir')}&launch=x`);
  await expect(page.getByText(/ukjent FHIR-server/)).toBeVisible();
  await expect(page.getByText(BASE_A)).toBeVisible();
  expect(asked).toEqual([]);
});
