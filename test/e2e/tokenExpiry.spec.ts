// Offline longer than the access token lives, against the platform (issue 13, point 2).
// The e2e server's tokens live 60 s (VARDE_ACCESS_TOKEN_TTL_SECONDS in playwright.config.ts;
// 5 minutes in production): the nurse opens a patient, loses coverage, and is still in the
// home when the token has expired. The refresh finds no network: that is a network failure,
// so the sections say their data come from the device, the offline read is logged, and the
// status says offline. When coverage returns the app refreshes the token, then sends.
import { expect, test, type Page } from '@playwright/test';
import { appSession, clientReportedAuditEvents, expectSetsOnServerOnce, openPatientId } from './helpers/fhir';
import { deviceAuditLogCount, outboxIds, waitForServiceWorkerControl } from './helpers/serviceWorker';
import {
  loginStandalone,
  NORMAL_VITALS,
  openWorklistPatient,
  openWorklistPatientById,
  SPEC_PATIENTS,
  recordVitals,
  syncStatus,
} from './helpers/varde';

/** Seconds left of the access token the app holds (expiresAt is epoch seconds). */
async function tokenSecondsLeft(page: Page): Promise<number> {
  const { expiresAt } = (await appSession(page)) as unknown as { expiresAt: number };
  return expiresAt - Date.now() / 1000;
}

test('offline past the token lifetime: cached data labelled, the read logged, status offline; on reconnect refresh, then send once', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await loginStandalone(page);
  const name = await openWorklistPatientById(page, SPEC_PATIENTS.tokenExpiry);
  const patientId = await openPatientId(page);
  const services = page.getByRole('region', { name: 'Kommunale tjenester' });
  const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
  for (const section of [services, news2]) await expect(section).toContainText(/Oppdatert \d/);
  const before = await appSession(page);
  const left = await tokenSecondsLeft(page);
  expect(left, 'the e2e server issues short-lived tokens').toBeLessThan(90);

  // Coverage is lost, and the visit outlasts the token: wait until the server would refuse it.
  const offlineFrom = new Date().toISOString();
  await context.setOffline(true);
  await page.waitForTimeout(Math.max(0, left + 2) * 1000);
  expect(await tokenSecondsLeft(page)).toBeLessThan(0);

  // The nurse goes back to her list and opens the patient again: the patient is read again.
  // Without the server the sections come from the device and say so; never "Oppdatert …
  // (nå nettopp)".
  await page.getByRole('link', { name: 'Mine pasienter' }).click();
  // By name: the list is in triage order, and rows move as the patients' data arrive.
  await openWorklistPatient(page, name);
  for (const section of [services, news2]) {
    await expect(section).toContainText(/Bufret data fra \d/, { timeout: 30_000 });
    await expect(section).not.toContainText('nå nettopp');
  }
  await expect
    .poll(() => deviceAuditLogCount(page), { message: 'the offline read is logged on the device' })
    .toBeGreaterThan(0);

  const since = new Date().toISOString();
  await recordVitals(page, NORMAL_VITALS);
  await expect(syncStatus(page)).toContainText('Frakoblet – 1 måling venter', { timeout: 30_000 });
  const queued = await outboxIds(page);
  expect(queued).toHaveLength(1);
  // Still the old session: nothing could be refreshed without network.
  expect((await appSession(page)).accessToken).toBe(before.accessToken);

  // Coverage returns: a new token first, then the set, exactly once, and the logged read.
  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 60_000 });
  const after = await appSession(page);
  expect(after.accessToken).not.toBe(before.accessToken);
  expect(await tokenSecondsLeft(page)).toBeGreaterThan(0);
  expect(await outboxIds(page)).toEqual([]);
  await expectSetsOnServerOnce(request, page, { patientId, since, ids: queued });
  await expect
    .poll(() => clientReportedAuditEvents(request, page, patientId, offlineFrom), {
      timeout: 30_000,
      message: 'the offline read, uploaded as a client-reported AuditEvent',
    })
    .toBeGreaterThan(0);
  expect(await deviceAuditLogCount(page)).toBe(0);
  // The sections are fresh again without a reload.
  await page.getByRole('link', { name: 'Oversikt' }).click();
  for (const section of [services, news2])
    await expect(section).toContainText(/Oppdatert \d/, { timeout: 30_000 });
});
