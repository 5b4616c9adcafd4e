// Offline field use, in real Chromium with the real service worker and device store: the
// nurse opens a patient with network, loses it, keeps working, closes the app, and the
// measurements still reach the server exactly once when the network returns. Logout
// leaves nothing of the patient on the device.
import { expect, test, type Page } from '@playwright/test';
import { expectSetsOnServerOnce, fhirGet, openPatientId } from './helpers/fhir';
import {
  cachedBodies,
  expectAppShell,
  indexedDbCounts,
  outboxIds,
  waitForServiceWorkerControl,
} from './helpers/serviceWorker';
import {
  expectNews2Trend,
  loginStandalone,
  NORMAL_VITALS,
  openWorklistPatientById,
  SPEC_PATIENTS,
  passPinGate,
  patientBanner,
  pickTestUser,
  prepareForTrip,
  RAISED_VITALS,
  recordVitals,
  syncStatus,
  USERS,
} from './helpers/varde';

test('offline: the overview opens from the device, writes queue, survive a closed app and arrive once', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(180_000);

  // Online: log in, store the list for the trip, open a patient.
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await loginStandalone(page);
  await prepareForTrip(page);
  const name = await openWorklistPatientById(page, SPEC_PATIENTS.offlineQueue);
  const patientId = await openPatientId(page);
  const services = page.getByRole('region', { name: 'Kommunale tjenester' });
  const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
  await expect(services).toBeVisible();
  await expect(news2).toBeVisible();
  const fnr = (await patientBanner(page).locator('dd').first().innerText()).trim();
  expect(fnr).toMatch(/^\d{6} \d{5}$/);

  // Offline: the reload comes from the service worker, the patient from the device store.
  await context.setOffline(true);
  await page.reload();
  await expectAppShell(page);
  // The key to the device store lives only in memory: a reload locks it.
  await expect(page.getByRole('heading', { name: 'Skriv PIN-koden' })).toBeVisible();
  await passPinGate(page);
  await expect(patientBanner(page)).toContainText(name, { timeout: 20_000 });
  await expect(patientBanner(page)).toContainText(fnr);
  await expect(services).toBeVisible();
  await expect(news2).toBeVisible();
  // Every section says how old its data are, and that they come from the device (risk 5).
  for (const section of [services, news2]) await expect(section).toContainText(/Bufret data fra \d/);

  await page.getByRole('link', { name: 'Trender' }).click();
  await expectNews2Trend(page);
  await page.getByRole('link', { name: 'Oversikt' }).click();

  // Two sets recorded offline wait in the outbox, and the status says so.
  const since = new Date().toISOString();
  await recordVitals(page, NORMAL_VITALS);
  await recordVitals(page, RAISED_VITALS);
  await expect(syncStatus(page)).toContainText('Frakoblet – 2 målinger venter');
  const queued = await outboxIds(page);
  expect(queued).toHaveLength(2);

  // The app is closed; a new window opens offline. The writes are still on the device.
  await page.close();
  const again = await context.newPage();
  await again.goto('/');
  await expectAppShell(again);
  expect((await outboxIds(again)).sort()).toEqual([...queued].sort());

  // Network back: the nurse logs in again and the queue drains, each set exactly once.
  await context.setOffline(false);
  await loginStandalone(again);
  await expect(syncStatus(again)).toContainText('Alt er sendt', { timeout: 60_000 });
  expect(await outboxIds(again), 'never "sent" while the outbox holds anything').toEqual([]);
  await expectSetsOnServerOnce(request, again, { patientId, since, ids: queued });

  // Logout leaves no patient data on the device.
  const stored = await indexedDbCounts(again);
  const deviceStore = Object.keys(stored).find((n) => n.startsWith('varde'));
  expect(deviceStore, 'the device store exists before logout').toBeDefined();
  expect(stored[deviceStore as string]?.sections ?? 0, 'patient sections cached').toBeGreaterThan(0);
  await again.getByRole('button', { name: 'Logg ut' }).click();
  await expect(syncStatus(again)).toContainText('Ikke pålogget');
  for (const [db, stores] of Object.entries(await indexedDbCounts(again))) {
    for (const [store, n] of Object.entries(stores)) expect(n, `${db}.${store} after logout`).toBe(0);
  }
  const cached = await cachedBodies(again);
  for (const leak of [name, fnr, fnr.replace(' ', ''), patientId]) expect(cached).not.toContain(leak);
  const storage = await again.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  for (const leak of [name, fnr.replace(' ', ''), patientId]) expect(storage).not.toContain(leak);
});

test('offline: reads from the device are logged and uploaded as audit records when the network returns', async ({
  page,
  context,
  request,
}) => {
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await loginStandalone(page);
  const name = await openWorklistPatientById(page, SPEC_PATIENTS.offlineAudit);
  const patientId = await openPatientId(page);
  await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toBeVisible();

  const since = new Date().toISOString();
  await context.setOffline(true);
  await page.reload();
  await passPinGate(page);
  await expect(patientBanner(page)).toContainText(name, { timeout: 20_000 });
  await expect
    .poll(() => auditLogCount(page), { message: 'offline read logged on the device' })
    .toBeGreaterThan(0);

  await context.setOffline(false);
  await expect
    .poll(
      async () => {
        const audit = await fhirGet(request, page, `AuditEvent?patient=${patientId}&_count=1000`);
        return (audit.entry ?? []).filter(
          (e) =>
            (e.resource?.meta?.tag ?? []).some((t) => t.code === 'client-reported') &&
            (e.resource?.recorded ?? '') >= since,
        ).length;
      },
      { timeout: 30_000, message: 'client-reported AuditEvents of the offline reads on the server' },
    )
    .toBeGreaterThan(0);
  expect(await auditLogCount(page), 'the device log empties once the server has it').toBe(0);
});

/** Offline reads waiting on the device (table auditLog of the device store). */
async function auditLogCount(page: Page): Promise<number> {
  const counts = await indexedDbCounts(page);
  return Object.entries(counts)
    .filter(([db]) => db.startsWith('varde'))
    .reduce((n, [, stores]) => n + (stores.auditLog ?? 0), 0);
}

test('a rejected token keeps the queue, asks for login, and the set arrives once after it', async ({
  page,
  context,
  request,
}) => {
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await loginStandalone(page);
  await openWorklistPatientById(page, SPEC_PATIENTS.offlineRejectedToken);
  const patientId = await openPatientId(page);

  const since = new Date().toISOString();
  await context.setOffline(true);
  await recordVitals(page, RAISED_VITALS);
  const queued = await outboxIds(page);
  expect(queued).toHaveLength(1);

  // The session's tokens stop being valid while the tablet is offline (revoked, or the
  // refresh token expired): the server answers 401 when the network returns.
  await page.evaluate(() => {
    const session = JSON.parse(sessionStorage.getItem('varde.session') as string) as Record<string, unknown>;
    session.accessToken = 'revoked.access.token';
    session.refreshToken = 'revoked-refresh-token';
    session.expiresAt = Math.floor(Date.now() / 1000) + 3600;
    sessionStorage.setItem('varde.session', JSON.stringify(session));
  });
  await page.reload();
  await passPinGate(page);
  await context.setOffline(false);

  await expect(syncStatus(page)).toContainText('Logg inn på nytt for å sende (1 måling venter)', {
    timeout: 30_000,
  });
  expect(await outboxIds(page), 'a 401 keeps the queue').toEqual(queued);

  // "Logg inn" signs in again (single sign-on at the auth server) and keeps the queue.
  await syncStatus(page).getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/auth/') || url.pathname === '/pasienter', {
    timeout: 30_000,
  });
  if (new URL(page.url()).pathname.startsWith('/auth/')) await pickTestUser(page, USERS.nurse.name);
  await passPinGate(page);
  await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 30_000 });
  await expectSetsOnServerOnce(request, page, { patientId, since, ids: queued });
});
