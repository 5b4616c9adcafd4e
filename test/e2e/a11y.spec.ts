// Every main screen passes axe-core with no serious or critical WCAG 2.1 AA violations:
// the EPJ simulator, the auth server's login and patient picker, and the app's start,
// worklist, EPJ-launched overview (tablet and desktop layouts), trends, history, vitals
// form and the result of a saved set.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import {
  expectNews2Trend,
  launchFromEpj,
  NORMAL_VITALS,
  recordVitals,
  savedResult,
  loginStandalone,
  patientBanner,
  USERS,
  worklistEntries,
} from './helpers/varde';

test.describe('accessibility', () => {
  // Each test runs axe on several full screens; on a loaded 2-core machine one analysis of
  // the desktop overview took most of a minute (3 Dec), so these get twice the default.
  test.describe.configure({ timeout: 120_000 });
  test('EPJ simulator', async ({ page }) => {
    await page.goto('/epj');
    await expect(page.getByRole('heading', { name: 'EPJ-simulator' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'EPJ simulator');
  });

  test('auth server login and patient picker', async ({ page, baseURL }) => {
    // A standalone request with launch/patient makes the auth server show its own picker.
    const params = new URLSearchParams({
      client_id: 'varde',
      response_type: 'code',
      redirect_uri: `${baseURL}/callback`,
      scope: 'openid fhirUser launch/patient patient/*.rs',
      aud: `${baseURL}/fhir/4601`,
      state: 'a11y-state-0123456789',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    await page.goto(`/auth/auth?${params}`);
    await expect(page.getByRole('heading', { name: 'Logg inn i Varde' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'auth server login');

    await page.getByRole('radio', { name: new RegExp(`^${USERS.nurse.name}`) }).check();
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await expect(page.getByRole('heading', { name: 'Velg pasient' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'auth server patient picker');
  });

  test('app start page, PIN setup and worklist', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Logg inn i Varde' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'start page');

    await loginStandalone(page, USERS.nurse, () => expectNoSeriousA11yViolations(page, 'PIN setup'));
    await expect(worklistEntries(page).first()).toBeVisible({ timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, 'worklist');
  });

  test('EPJ-launched overview, trends and vitals form', async ({ page }) => {
    await launchFromEpj(page, { patientId: 'pat-4601-0002' });
    await expect(patientBanner(page)).toBeVisible();
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText(/NEWS2 \d+/, {
      timeout: 20_000,
    });
    await expect(page.getByRole('region', { name: 'Kommunale tjenester' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'overview');

    await page.getByRole('link', { name: 'Trender' }).click();
    // A client-side navigation moves focus to the new page's heading (screen readers).
    await expect(page.getByRole('heading', { name: 'Trender', level: 1 })).toBeFocused();
    await expectNews2Trend(page);
    await expectNoSeriousA11yViolations(page, 'trends');

    await page.getByRole('link', { name: 'Ny måling' }).click();
    await expect(page.getByRole('form', { name: 'Ny måling' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'vitals form');
  });

  test('warning states: high NEWS2, outside coverage, and the overview offline', async ({
    page,
    context,
  }) => {
    await launchFromEpj(page, { patientId: 'pat-4601-0004' });
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText('Høy risiko', {
      timeout: 20_000,
    });
    await expectNoSeriousA11yViolations(page, 'overview, high NEWS2');

    // An EHR launch keeps nothing on the device: reloaded offline, the sections say that the
    // source cannot be reached and that nothing is cached (the standalone tablet's offline
    // overview is checked in offline.spec.ts).
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('region', { name: 'Kommunale tjenester' })).toContainText(
      'Kilden er ikke tilgjengelig',
      { timeout: 20_000 },
    );
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText('Ingen bufrede målinger');
    await expectNoSeriousA11yViolations(page, 'overview offline, online session');
    await context.setOffline(false);

    await launchFromEpj(page, { patientId: 'pat-4601-0006' });
    await expect(page.getByRole('region', { name: 'Kommunale tjenester' })).toContainText(
      'Pasienten er ikke registrert i kommunens PLO-system',
      { timeout: 20_000 },
    );
    await expectNoSeriousA11yViolations(page, 'overview, outside coverage');
  });

  test('desktop overview with the services table, set history, and the result of a saved set', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: 'pat-4601-0004' });
    await expect(page.getByRole('region', { name: 'Kommunale tjenester' }).getByRole('table')).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByRole('region', { name: 'NEWS2 siste 7 døgn' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'desktop overview');

    await page.getByRole('link', { name: 'Trender' }).click();
    await expectNews2Trend(page);
    await page
      .getByRole('group', { name: 'Visning' })
      .getByRole('button', { name: /Oksygenmetning/ })
      .click();
    await page.getByText('Vis verdiene som tabell').click();
    await expectNoSeriousA11yViolations(page, 'SpO2 trend with its table, desktop');

    await page.getByRole('link', { name: 'Historikk' }).click();
    await expect(page.getByRole('table', { name: /Målinger, nyeste først/ })).toBeVisible({
      timeout: 20_000,
    });
    await expectNoSeriousA11yViolations(page, 'history, desktop');

    await page.setViewportSize({ width: 800, height: 1280 });
    await expectNoSeriousA11yViolations(page, 'history, portrait tablet');
    // Saved on a patient outside the named archetypes, whose latest scores other specs read.
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: 'pat-4601-0010' });
    await recordVitals(page, NORMAL_VITALS);
    await expect(savedResult(page)).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'result of a saved set');
  });
});
