// The platform as a sandbox for another vendor's SMART app (issue 17), in Chromium: a small
// app built on SMART Health IT's fhirclient and nothing from Varde (test/e2e/thirdPartyApp),
// served from its own origin, registers itself (RFC 7591), is started from the EPJ
// simulator (EHR launch) and on its own (standalone launch with the patient picker), and
// reads the patient, vital signs, NEWS2 and services through the real discovery, consent,
// token and FHIR endpoints across origins. The protocol checklist itself is
// src/platform/http/smartConformance.int.test.ts.
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import { USERS } from './helpers/varde';
import { startThirdPartyApp, type ThirdPartyApp } from './thirdPartyApp/server';

const APP_NAME = 'Testapp fra annen leverandør';
/** A stable patient with home care (src/platform/seed: first archetype example of Bergen). */
const PATIENT = 'pat-4601-0001';

let thirdParty: ThirdPartyApp;
let platform: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browserName: _browser }, testInfo) => {
  platform = String(testInfo.project.use.baseURL);
  thirdParty = await startThirdPartyApp();
  const response = await fetch(`${platform}/auth/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: APP_NAME,
      redirect_uris: [`${thirdParty.origin}/index.html`],
      launch_uri: `${thirdParty.origin}/launch.html`,
      token_endpoint_auth_method: 'none',
    }),
  });
  const body = (await response.json()) as { client_id?: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  thirdParty.setClientId(String(body.client_id));
});

test.afterAll(async () => {
  await thirdParty?.close();
});

/** What the app wrote into its page once fhirclient and the reads were done. */
async function appResult(page: Page) {
  await expect(page.locator('#status')).toHaveText('ferdig', { timeout: 30_000 });
  const text = async (id: string) => (await page.locator(`#${id}`).textContent()) ?? '';
  return {
    patientName: await text('patient-name'),
    patientId: await text('patient-id'),
    vitals: Number(await text('vitals-count')),
    news2: await text('news2-score'),
    news2DerivedFrom: Number(await text('news2-derived-from')),
    services: await text('services'),
    scope: (await text('granted-scope')).split(' '),
    needPatientBanner: await text('need-patient-banner'),
    smartStyleUrl: await text('smart-style-url'),
    refreshed: await text('refreshed'),
  };
}

test("EHR launch from the EPJ simulator of another vendor's fhirclient app", async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await page.goto('/epj');
  await page.getByLabel('Innlogget kliniker i EPJ').selectOption(USERS.doctor.username);
  const patients = page.getByLabel('Pasient', { exact: true });
  await patients.selectOption(PATIENT);
  const epjName = /^(.+?) – f\.nr\./.exec(
    (await patients.locator(`option[value="${PATIENT}"]`).innerText()).trim(),
  )![1]!;
  await page.getByRole('radio', { name: /EPJ viser sitt eget/ }).check();
  await page.getByRole('radio', { name: new RegExp(`^${APP_NAME}`) }).check();
  await page.getByRole('button', { name: 'Start appen' }).click();

  // The consent page, in the app's name, before anything is granted.
  await expect(page.getByRole('heading', { name: `Gi ${APP_NAME} tilgang?` })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText(epjName)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'consent page');
  await page.getByRole('button', { name: 'Gi tilgang' }).click();

  const result = await appResult(page);
  expect(new URL(page.url()).origin).toBe(thirdParty.origin);
  expect(result.patientId).toBe(PATIENT);
  expect(result.patientName).toBe(epjName);
  expect(result.vitals).toBeGreaterThan(0);
  expect(result.news2).toMatch(/^\d+$/);
  expect(result.news2DerivedFrom).toBeGreaterThan(0);
  expect(result.services).not.toBe('(ingen)');
  expect(result.scope).toEqual(
    expect.arrayContaining(['launch', 'openid', 'fhirUser', 'patient/*.rs', 'online_access']),
  );
  expect(result.needPatientBanner).toBe('false');
  expect(result.smartStyleUrl).toMatch(/^http:\/\/localhost:\d+\/auth\/static\/smart-style-v1\.json$/);
  expect(result.refreshed).toBe('ja');

  // Discovery, token and FHIR were reached from the app's own origin (CORS), the launch at its launch URL.
  expect(requests.some((u) => u.startsWith(`${thirdParty.origin}/launch.html?`))).toBe(true);
  expect(requests).toContain(`${platform}/fhir/4601/.well-known/smart-configuration`);
  expect(requests.some((u) => u === `${platform}/auth/token`)).toBe(true);
});

test('standalone launch with the patient picker, logged in under the app’s name', async ({ page }) => {
  const iss = `${platform}/fhir/4601`;
  await page.goto(`${thirdParty.origin}/standalone.html?iss=${encodeURIComponent(iss)}`);
  await expect(page.getByRole('heading', { name: `Logg inn i ${APP_NAME}` })).toBeVisible({
    timeout: 20_000,
  });
  await expectNoSeriousA11yViolations(page, 'login page of a third-party app');
  await page.getByRole('radio', { name: new RegExp(`^${USERS.nurse.name}`) }).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();

  await expect(page.getByRole('heading', { name: 'Velg pasient' })).toBeVisible();
  const first = page.getByRole('radio').first();
  const pickedLabel = (
    await page.locator(`label[for="${await first.getAttribute('id')}"]`).innerText()
  ).split('\n')[0]!;
  await first.check();
  await page.getByRole('button', { name: 'Velg pasient' }).click();
  await expect(page.getByRole('heading', { name: `Gi ${APP_NAME} tilgang?` })).toBeVisible();
  await page.getByRole('button', { name: 'Gi tilgang' }).click();

  const result = await appResult(page);
  expect(result.patientName).toBe(pickedLabel.trim());
  expect(result.vitals).toBeGreaterThan(0);
  expect(result.scope).toEqual(expect.arrayContaining(['launch/patient', 'patient/*.rs', 'offline_access']));
  expect(result.needPatientBanner).toBe('true');
  expect(result.smartStyleUrl).toBe('(ingen)');
  expect(result.refreshed).toBe('ja');
});

test('an authorization request the server cannot send back shows a page a developer can act on', async ({
  page,
}) => {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'ikke-registrert',
    redirect_uri: `${thirdParty.origin}/index.html`,
    scope: 'openid patient/*.rs',
    aud: `${platform}/fhir/4601`,
    state: 'x'.repeat(20),
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  await page.goto(`/auth/auth?${params}`);
  await expect(page.getByRole('heading', { name: 'Innloggingen kunne ikke fullføres' })).toBeVisible();
  const facts = page.locator('dl');
  await expect(facts.getByText('invalid_client', { exact: true })).toBeVisible();
  await expect(facts.getByText('ikke-registrert', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Hvor du kan se' })).toBeVisible();
  await expect(page.getByText(`${platform}/auth/reg`)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'OAuth error page');
});
