// Launch paths of the clinician PWA, against the real platform: the legevakt doctor from
// the EPJ with the patient in context, and the home-care nurse standalone with her list.
import { expect, test } from '@playwright/test';
import { appSession, expectSetsOnServerOnce, openPatientId } from './helpers/fhir';
import { expectNoPatientDataExposed, recordExposure } from './helpers/privacy';
import { outboxIds } from './helpers/serviceWorker';
import {
  expectNews2Trend,
  launchFromEpj,
  loginStandalone,
  openWorklistPatient,
  openWorklistPatientById,
  SPEC_PATIENTS,
  passPinGate,
  patientBanner,
  RAISED_VITALS,
  recordVitals,
  syncStatus,
  USERS,
  worklistEntries,
} from './helpers/varde';

/** A stable patient with home care (src/platform/seed: first archetype example of Bergen). */
const STABLE_PATIENT = 'pat-4601-0001';

/** Fødselsnummer as the banner shows it: "078653 45091". */
const spacedFnr = (fnr: string) => `${fnr.slice(0, 6)} ${fnr.slice(6)}`;

test.describe('launch', () => {
  test('a legevakt doctor launches from the EPJ and sees banner, services and NEWS2', async ({ page }) => {
    const exposure = await recordExposure(page);
    const patient = await launchFromEpj(page, { username: 'lege.hansen', patientId: STABLE_PATIENT });

    const banner = patientBanner(page);
    await expect(banner).toContainText(patient.name);
    await expect(banner).toContainText(spacedFnr(patient.fnr));

    const services = page.getByRole('region', { name: 'Kommunale tjenester' });
    await expect(services).toBeVisible();
    await expect(services.getByRole('heading', { level: 3 }).first()).toBeVisible({ timeout: 20_000 });

    const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
    await expect(news2).toBeVisible();
    await expect(news2).toContainText(/NEWS2 \d+/, { timeout: 20_000 });

    await page.getByRole('link', { name: 'Trender' }).click();
    await expectNews2Trend(page);

    // No patient data in any address or title on the way (DOMAIN.md section 7, risk 12).
    expect(exposure.urls.some((u) => new URL(u).pathname === '/launch')).toBe(true);
    expectNoPatientDataExposed(exposure, [patient.fnr, patient.id, patient.name, ...patient.name.split(' ')]);
  });

  test('with the EPJ showing its own banner, a compact identity line remains', async ({ page }) => {
    const patient = await launchFromEpj(page, { patientId: 'pat-4601-0003', epjBanner: true });
    const banner = patientBanner(page);
    await expect(banner).toContainText(patient.name);
    await expect(banner).toContainText(spacedFnr(patient.fnr));
    await expect(banner.getByText('Fødselsnummer', { exact: true })).toHaveCount(0);
  });

  // The seed's named archetype patients (src/platform/seed/README.md), each with what the
  // doctor must see: coverage worded honestly (DOMAIN.md 7.7-7.8), Scale 2 with who decided
  // it, and a deteriorating patient's high score.
  const archetypes = [
    { id: 'pat-4601-0002', what: 'KOLS on Scale 2', region: 'NEWS2 nå', text: /Skala 2 besluttet av/ },
    { id: 'pat-4601-0004', what: 'sepsis', region: 'NEWS2 nå', text: 'Høy risiko' },
    {
      id: 'pat-4601-0006',
      what: 'outside coverage',
      region: 'Kommunale tjenester',
      text: 'Pasienten er ikke registrert i kommunens PLO-system',
    },
    {
      id: 'pat-4601-0008',
      what: 'no services',
      region: 'Kommunale tjenester',
      text: 'Ingen registrerte tjenester i PLO siden 01.09.2025',
    },
  ];
  for (const a of archetypes) {
    test(`EPJ launch, ${a.what}: the overview says so`, async ({ page }) => {
      const patient = await launchFromEpj(page, { patientId: a.id });
      await expect(patientBanner(page)).toContainText(patient.name);
      await expect(page.getByRole('region', { name: a.region })).toContainText(a.text, { timeout: 20_000 });
    });
  }

  test('a home-care nurse logs in standalone, records a set and it arrives once', async ({
    page,
    request,
  }) => {
    const exposure = await recordExposure(page);
    await loginStandalone(page);
    // The list loads by itself; "Gjør klar for tur" is only for taking every patient offline.
    // The list is in triage order: its last row is a low-risk patient, not the sepsis
    // archetype on top whose high score other specs read.
    await expect(worklistEntries(page).first()).toBeVisible({ timeout: 20_000 });
    const name = await openWorklistPatientById(page, SPEC_PATIENTS.launchRecord);
    await expect(patientBanner(page)).toContainText(name);
    const patientId = await openPatientId(page);

    const since = new Date().toISOString();
    const shownTotal = await recordVitals(page, RAISED_VITALS);
    expect(shownTotal).toBe('NEWS2 4');

    await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 30_000 });
    expect(await outboxIds(page)).toEqual([]);
    await expectSetsOnServerOnce(request, page, { patientId, since, count: 1 });

    // Switching patient leaves nothing of the previous one on screen (risk 2).
    await page.getByRole('link', { name: 'Mine pasienter' }).click();
    const other = await openWorklistPatientById(page, SPEC_PATIENTS.launchOther);
    await expect(patientBanner(page)).not.toContainText(name);
    await expect(page.getByRole('main')).not.toContainText(name);
    await page.getByRole('link', { name: 'Mine pasienter' }).click();
    await openWorklistPatient(page, name);
    await expect(page.getByRole('main')).not.toContainText(other);

    // The new set's score shows on the overview.
    await page.getByRole('link', { name: 'Oversikt' }).click();
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText('NEWS2 4', {
      timeout: 20_000,
    });

    const fnr = (await patientBanner(page).locator('dd').first().innerText()).replace(/\s/g, '');
    expectNoPatientDataExposed(exposure, [fnr, patientId, name, ...name.split(' '), other]);
  });

  test("one municipality's login never returns another's data", async ({ page, request }) => {
    await loginStandalone(page, USERS.stavangerNurse);
    await expect(worklistEntries(page).first()).toBeVisible({ timeout: 20_000 });
    const session = await appSession(page);
    expect(session.fhirBase).toContain('/fhir/1103');
    const headers = { authorization: `Bearer ${session.accessToken}` };
    for (const path of [
      `/fhir/4601/Patient/${STABLE_PATIENT}`,
      `/fhir/4601/Observation?patient=${STABLE_PATIENT}`,
      `/fhir/4601/EpisodeOfCare?patient=${STABLE_PATIENT}`,
    ]) {
      const res = await request.get(path, { headers });
      expect([401, 403], `${path} with a Stavanger token`).toContain(res.status());
      expect(await res.text()).not.toContain(STABLE_PATIENT + '"');
    }
  });

  test('the app locks when left idle and hides the patient (risk 12)', async ({ page }) => {
    // Playwright's clock runs the page's timers forward without waiting in real time. It
    // steps in half minutes with a pause between, so the app's own async work (IndexedDB,
    // fetch) settles in between as it would over real minutes. The lock is due after five
    // idle minutes; the test allows ten, as fake time and real async work interleave.
    await page.clock.install();
    await loginStandalone(page);
    const name = await openWorklistPatientById(page, SPEC_PATIENTS.launchOther);
    await page.waitForLoadState('networkidle');
    const lock = page.getByRole('heading', { name: 'Skriv PIN-koden' });
    for (let i = 0; i < 20 && !(await lock.isVisible()); i++) {
      await page.clock.runFor(30_000);
      await page.waitForTimeout(100);
    }
    await expect(lock).toBeVisible();
    await expect(page.getByText(name)).toHaveCount(0);
    await passPinGate(page);
    await expect(patientBanner(page)).toContainText(name);
  });
});
