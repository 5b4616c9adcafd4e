// Drives Varde the way a clinician does: the standalone login (start page -> municipality
// -> the auth server's test-user login -> "Mine pasienter i dag"), the device PIN, and the
// vital-signs form. Selectors are roles and accessible names, so they read like the UI.
import { expect, type Page } from '@playwright/test';
import { fhirGet } from './fhir';

/** The PIN the e2e "nurse" chooses for the device store. */
export const TEST_PIN = '2468';

/** Documented test users of the synthetic data (src/platform/seed/municipalities.ts). */
export const USERS = {
  /** Bergen home-care nurse; every archetype example patient is on her list. */
  nurse: { municipality: 'Bergen', name: 'Kari Nordmann', username: 'kari.nordmann' },
  /** Bergen legevakt doctor. */
  doctor: { municipality: 'Bergen', name: 'Anders Hansen', username: 'lege.hansen' },
  /** Stavanger home-care nurse (the other tenant). */
  stavangerNurse: { municipality: 'Stavanger', name: 'Siri Tjelta', username: 'siri.tjelta' },
} as const;

export const BERGEN = { tenant: '4601', fhirBase: '/fhir/4601' } as const;

/**
 * Passes the device PIN gate if it shows: chooses the PIN on first use, types it when the
 * store is locked. Returns once the gate is gone.
 */
export async function passPinGate(
  page: Page,
  pin = TEST_PIN,
  /** Runs while the gate shows, before the PIN is typed (e.g. an accessibility check). */
  onGate?: () => Promise<void>,
): Promise<void> {
  const setup = page.getByRole('heading', { name: 'Velg PIN-kode for denne enheten' });
  const unlock = page.getByRole('heading', { name: 'Skriv PIN-koden' });
  await expect(setup.or(unlock)).toBeVisible({ timeout: 20_000 });
  await onGate?.();
  if (await setup.isVisible()) {
    await page.getByLabel('PIN-kode', { exact: true }).fill(pin);
    await page.getByLabel('Gjenta PIN-kode').fill(pin);
    await page.getByRole('button', { name: 'Lagre PIN-kode' }).click();
  } else {
    await page.getByLabel('PIN-kode', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Lås opp' }).click();
  }
  await expect(setup.or(unlock)).toBeHidden({ timeout: 20_000 });
}

/** On the auth server's login page: picks the test user by name and logs in. */
export async function pickTestUser(page: Page, name: string): Promise<void> {
  await expect(page).toHaveTitle(/Logg inn/);
  await page.getByRole('radio', { name: new RegExp(`^${name}`) }).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

/**
 * Standalone start as a home-care nurse, up to her worklist (PIN gate passed).
 * `user` defaults to the documented Bergen nurse.
 */
export async function loginStandalone(
  page: Page,
  user: { municipality: string; name: string } = USERS.nurse,
  onPinGate?: () => Promise<void>,
): Promise<void> {
  await page.goto('/');
  await page.getByRole('radio', { name: user.municipality }).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
  // The auth server keeps its own login session (a cookie): a second login in the same
  // browser goes straight back to the app, as single sign-on should.
  await page.waitForURL((url) => url.pathname.startsWith('/auth/') || url.pathname === '/pasienter', {
    timeout: 30_000,
  });
  if (new URL(page.url()).pathname.startsWith('/auth/')) await pickTestUser(page, user.name);
  await page.waitForURL((url) => url.pathname === '/pasienter', { timeout: 30_000 });
  await passPinGate(page, TEST_PIN, onPinGate);
  await expect(page.getByRole('heading', { name: 'Mine pasienter i dag' })).toBeVisible();
}

/**
 * Opens the n-th patient (0-based) of the worklist, or the one with this name, and returns
 * the name shown there. The list is in triage order (most urgent first), so an index says
 * where a patient stands now, not who she is.
 */
export async function openWorklistPatient(page: Page, which: number | string = 0): Promise<string> {
  const buttons = worklistEntries(page);
  await expect(buttons.first()).toBeVisible({ timeout: 20_000 });
  // Rows move while the list is still being fetched (a patient's data arriving changes her
  // place), so the row is clicked by the name read, never by a position read earlier.
  const name =
    typeof which === 'number'
      ? (await buttons.nth(which).locator('.worklist__name').innerText()).trim()
      : which;
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await buttons.filter({ has: page.locator('.worklist__name', { hasText: exact }) }).click();
  await expect(patientBanner(page)).toContainText(name, { timeout: 20_000 });
  return name;
}

/**
 * The patient each spec opens from a nurse's list, by id: stable-archetype patients that no
 * other spec asserts on, one for each spec that saves a set (the two that only fill the form
 * share one). Opening by position would write to whichever patient the triage order puts
 * there, which moves as specs write. All on kari.nordmann's list except `escalation`
 * (silje.mjelde's); the lists come from the deterministic seed at the e2e size
 * (test/helpers/e2eServer.ts, 60 patients a municipality; `careLists` in its summary).
 */
export const SPEC_PATIENTS = {
  escalation: 'pat-4601-0015',
  fieldScreensPortrait: 'pat-4601-0018',
  fieldScreensResult: 'pat-4601-0026',
  launchRecord: 'pat-4601-0030',
  launchOther: 'pat-4601-0038',
  offlineQueue: 'pat-4601-0042',
  offlineAudit: 'pat-4601-0046',
  offlineRejectedToken: 'pat-4601-0050',
  securityHeaders: 'pat-4601-0054',
  tokenExpiry: 'pat-4601-0058',
  update: 'pat-4601-0018',
} as const;

/** The patient's display name as the platform holds it ("given family"). */
export async function patientNameOnServer(page: Page, id: string): Promise<string> {
  const p = (await fhirGet(page.request, page, `Patient/${id}`)) as unknown as {
    name?: Array<{ given?: string[]; family?: string }>;
  };
  const n = p.name?.[0];
  return [...(n?.given ?? []), n?.family ?? ''].join(' ').trim();
}

/** Opens this patient (by id) from the worklist and returns her name as shown. */
export async function openWorklistPatientById(page: Page, id: string): Promise<string> {
  await expect(worklistEntries(page).first()).toBeVisible({ timeout: 20_000 });
  return openWorklistPatient(page, await patientNameOnServer(page, id));
}

/** The patient banner region (name, fødselsnummer, age). */
export function patientBanner(page: Page) {
  return page.getByRole('region', { name: 'Pasient' });
}

/** The header's sync status (role status, polite). */
export function syncStatus(page: Page) {
  return page.locator('.sync[role="status"]');
}

export interface VitalsInput {
  respirationRate: string;
  spo2: string;
  systolicBP: string;
  diastolicBP: string;
  pulse: string;
  temperature: string;
}

/** Values that score NEWS2 0 on Scale 1, on air, alert. */
export const NORMAL_VITALS: VitalsInput = {
  respirationRate: '16',
  spo2: '97',
  systolicBP: '128',
  diastolicBP: '78',
  pulse: '72',
  temperature: '36,8',
};

/** Respiration 22 (2), SpO2 95 (1), pulse 95 (1): NEWS2 4 on air and alert. */
export const RAISED_VITALS: VitalsInput = {
  respirationRate: '22',
  spo2: '95',
  systolicBP: '130',
  diastolicBP: '80',
  pulse: '95',
  temperature: '37,2',
};

/** The result shown in place of the form after a set is saved ("Målingen er lagret"). */
export function savedResult(page: Page) {
  return page.getByRole('region', { name: 'Målingen er lagret' });
}

/**
 * Opens an empty "Ny måling" form: the tab, and "Start ny måling" when the result of the
 * previous set is still on screen.
 */
export async function openVitalsForm(page: Page) {
  await page.getByRole('link', { name: 'Ny måling' }).click();
  const form = page.getByRole('form', { name: 'Ny måling' });
  const again = page.getByRole('button', { name: 'Start ny måling' });
  await expect(form.or(again)).toBeVisible();
  if (await again.isVisible()) await again.click();
  await expect(form).toBeVisible();
  return form;
}

/**
 * Fills "Ny måling" with a full set (air, alert) and saves it; returns the live NEWS2 total
 * the form showed before saving. The page is left on the set's result.
 */
export async function recordVitals(page: Page, v: VitalsInput): Promise<string> {
  const form = await openVitalsForm(page);
  await form.getByLabel(/^Respirasjonsfrekvens/).fill(v.respirationRate);
  await form.getByLabel(/^Oksygenmetning/).fill(v.spo2);
  await form.getByRole('radio', { name: 'Luft', exact: true }).check();
  await form.getByLabel(/^Systolisk blodtrykk/).fill(v.systolicBP);
  await form.getByLabel(/^Diastolisk blodtrykk/).fill(v.diastolicBP);
  await form.getByLabel(/^Puls \(/).fill(v.pulse);
  await form.getByRole('radio', { name: /^Regelmessig/ }).check();
  await form.getByRole('radio', { name: 'Våken (A)' }).check();
  await form.getByLabel(/^Temperatur/).fill(v.temperature);
  const live = form.getByRole('complementary', { name: 'NEWS2 mens du skriver' });
  const total = (await live.locator('.news2-total__score').innerText()).trim();
  await form.getByRole('button', { name: 'Lagre måling' }).click();
  // Sent, kept on the device, or (an online session) kept in this window only.
  await expect(savedResult(page).getByText(/Lagret på enheten|Ikke sendt ennå|Sendt\./)).toBeVisible({
    timeout: 20_000,
  });
  return total;
}

export interface EpjPatient {
  id: string;
  name: string;
  /** 11 digits, no space. */
  fnr: string;
}

/**
 * The EPJ simulator (/epj): picks the municipality, the logged-in clinician and the
 * patient, and starts Varde with a SMART EHR launch. Returns the patient as the EPJ listed
 * it; the app is left on the patient overview. An EHR launch is an online session by
 * default (the deployment's `ehrLaunch` in /config.json): no PIN is asked.
 */
export async function launchFromEpj(
  page: Page,
  opts: { tenant?: string; username?: string; patientId: string; epjBanner?: boolean },
): Promise<EpjPatient> {
  await page.goto('/epj');
  await page.getByLabel('Kommune').selectOption(opts.tenant ?? BERGEN.tenant);
  await page.getByRole('button', { name: 'Bytt kommune' }).click();
  await page.getByLabel('Innlogget kliniker i EPJ').selectOption(opts.username ?? USERS.doctor.username);
  const patientList = page.getByLabel('Pasient', { exact: true });
  await patientList.selectOption(opts.patientId);
  const optionText = await patientList.locator(`option[value="${opts.patientId}"]`).innerText();
  const match = /^(.+?) – f\.nr\. (\d{6}) (\d{5})/.exec(optionText.trim());
  if (!match) throw new Error(`Unexpected EPJ patient option: ${optionText}`);
  await page
    .getByRole('radio', { name: opts.epjBanner ? /EPJ viser sitt eget/ : 'Appen viser pasientbanner' })
    .check();
  // Varde is the app chosen by default.
  await expect(page.getByRole('radio', { name: /^Varde/ })).toBeChecked();
  await page.getByRole('button', { name: 'Start appen' }).click();
  await page.waitForURL((url) => url.pathname === '/oversikt', { timeout: 30_000 });
  return { id: opts.patientId, name: match[1] as string, fnr: `${match[2]}${match[3]}` };
}

/** "Gjør klar for tur": stores every worklist patient on the device for offline use. */
export async function prepareForTrip(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Gjør klar for tur' }).click();
  await expect(page.getByText('Klar for tur: pasientene er lagret på enheten.')).toBeVisible({
    timeout: 60_000,
  });
}

/**
 * On "Trender": shows 30 days and waits for the NEWS2 total chart with at least one
 * measurement drawn.
 */
export async function expectNews2Trend(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Trender', level: 1 })).toBeVisible();
  await page.getByRole('group', { name: 'Periode' }).getByRole('button', { name: '30 d' }).click();
  const trend = page.getByRole('region', { name: /^NEWS2 total/ });
  await expect(trend).toContainText(/[1-9]\d* målinger/, { timeout: 20_000 });
  await expect(trend.locator('svg.recharts-surface')).toBeVisible();
}

/** The buttons that open each patient of "Mine pasienter i dag". */
export function worklistEntries(page: Page) {
  return page.getByRole('region', { name: 'Mine pasienter i dag' }).getByRole('listitem').getByRole('button');
}
