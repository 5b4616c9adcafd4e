// Issue #11 point 3 in real Chromium with the service worker and the device store: a set
// scoring 5 or more recorded offline keeps its result on screen with the escalation panel
// (whom to call, ISBAR), "ikke eskalert" without a reason is refused at the form, and the
// escalation record made offline reaches the server exactly once after reconnect, about that
// set, and shows in the history and on the trend.
//
// Patient: the first on Silje Mjelde's list (another zone's nurse). Other specs use Kari
// Nordmann's list and the named archetypes, so a NEWS2 9 and a record here change nothing
// they assert on.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { WORKFLOW_SYSTEM } from '../../src/core/fhir/workflowCodes';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import { expectSetsOnServerOnce, fhirGet, openPatientId } from './helpers/fhir';
import { outboxIds, waitForServiceWorkerControl } from './helpers/serviceWorker';
import {
  loginStandalone,
  openWorklistPatientById,
  SPEC_PATIENTS,
  recordVitals,
  savedResult,
  syncStatus,
  type VitalsInput,
} from './helpers/varde';

const SILJE = { municipality: 'Bergen', name: 'Silje Mjelde' };

/** Respiration 26 (3), SpO2 93 (2), systolic 105 (1), pulse 112 (2), 38,4 °C (1): NEWS2 9. */
const SEPTIC_VITALS: VitalsInput = {
  respirationRate: '26',
  spo2: '93',
  systolicBP: '105',
  diastolicBP: '70',
  pulse: '112',
  temperature: '38,4',
};

interface CommunicationLike {
  resourceType: string;
  status?: string;
  identifier?: Array<{ system?: string; value?: string }>;
  about?: Array<{ identifier?: { value?: string } }>;
  note?: Array<{ text?: string }>;
}

/** The escalation records (Communication) the server holds for the patient, by record id. */
async function escalationsOnServer(request: APIRequestContext, page: Page, patientId: string) {
  const bundle = await fhirGet(request, page, `Communication?patient=${patientId}&_count=1000`);
  const byId: Record<string, CommunicationLike[]> = {};
  for (const e of bundle.entry ?? []) {
    const c = e.resource as CommunicationLike | undefined;
    if (c?.resourceType !== 'Communication') continue;
    for (const ident of c.identifier ?? [])
      if (ident.system === WORKFLOW_SYSTEM.escalation && ident.value) (byId[ident.value] ??= []).push(c);
  }
  return byId;
}

test('escalation: a NEWS2 9 recorded offline keeps its result and panel; the record reaches the server once', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await loginStandalone(page, SILJE);
  const name = await openWorklistPatientById(page, SPEC_PATIENTS.escalation);
  const patientId = await openPatientId(page);
  // The overview has pulled the patient (and whom to call) onto the device.
  await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toBeVisible({ timeout: 20_000 });
  const before = await escalationsOnServer(request, page, patientId);
  const since = new Date().toISOString();

  // Offline: the set is saved on the device and its result stays, with the panel under it.
  await context.setOffline(true);
  expect(await recordVitals(page, SEPTIC_VITALS)).toBe('NEWS2 9');
  const result = savedResult(page);
  await expect(result).toContainText(name);
  await expect(result.locator('.news2-total__score')).toHaveText('NEWS2 9');
  await expect(result).toContainText('Høy risiko');
  await expect(result).toContainText('Lagret på enheten – sendes når nett er tilbake');
  const panel = page.getByRole('region', { name: 'Eskalering – hvem ringer du?' });
  await expect(panel).toBeVisible();
  // NEWS2 7 or more: 113 first, then the legevakt (local number and 116 117), then the fastlege.
  const calls = panel.locator('.call-list > li');
  await expect(calls).toHaveCount(3);
  await expect(calls.nth(0)).toContainText('Nødnummer 113');
  await expect(calls.nth(1)).toContainText('116 117');
  await expect(calls.nth(2)).toContainText('Fastlege');
  // The fastlege came from the device store, pulled with the patient while online.
  await expect(calls.nth(2)).not.toContainText('ukjent');
  await expect(calls.nth(2).locator('a[href^="tel:"]').first()).toHaveAttribute('href', /^tel:\+?\d{8,}$/);
  const isbar = panel.getByRole('region', { name: /^ISBAR/ });
  await expect(isbar).toContainText(name);
  await expect(isbar).toContainText('NEWS2 9');
  await expectNoSeriousA11yViolations(page, 'escalation panel offline');

  // "Ikke eskalert" without a reason is refused at the form; nothing is queued for it.
  const queuedSet = await outboxIds(page);
  expect(queuedSet).toHaveLength(1);
  const form = panel.getByRole('form', { name: 'Hva ble gjort?' });
  await form.getByRole('radio', { name: 'Ikke eskalert' }).check();
  await form.getByRole('button', { name: 'Lagre registreringen' }).click();
  await expect(form.getByRole('alert')).toContainText('Skriv hvorfor du ikke eskalerer');
  await expect(form.getByLabel(/^Hvorfor eskalerer du ikke/)).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'escalation form refused');
  expect(await outboxIds(page)).toEqual(queuedSet);

  // "Lege kontaktet": the legevakt, now, with the advice.
  await form.getByRole('radio', { name: 'Lege kontaktet' }).check();
  await form.getByRole('radio', { name: /^Legevakt/ }).check();
  await expect(form.getByLabel('Navn på den du snakket med')).not.toHaveValue('');
  await form.getByLabel('Navn på den du snakket med').fill('Lege Vakt');
  const advice = `Kommer på sykebesøk innen en time (${since})`;
  await form.getByLabel('Råd fra legen').fill(advice);
  await form.getByRole('button', { name: 'Lagre registreringen' }).click();
  const recorded = panel.getByRole('list', { name: 'Registrert for denne målingen' });
  await expect(recorded).toContainText('Lege kontaktet');
  await expect(recorded).toContainText(advice);
  await expect(recorded).toContainText('Lagret på enheten – sendes når nett er tilbake');
  const queued = await outboxIds(page);
  expect(queued).toHaveLength(2);
  const recordId = queued.find((id) => !queuedSet.includes(id)) as string;
  // The result is still on screen, offline.
  await expect(result.locator('.news2-total__score')).toHaveText('NEWS2 9');

  // Network back: the set, then the record, each exactly once on the server.
  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 60_000 });
  expect(await outboxIds(page)).toEqual([]);
  const [setId] = await expectSetsOnServerOnce(request, page, { patientId, since, ids: queuedSet });
  let after: Record<string, CommunicationLike[]> = {};
  await expect
    .poll(
      async () => {
        after = await escalationsOnServer(request, page, patientId);
        return Object.keys(after).length;
      },
      { timeout: 30_000, message: 'the escalation record on the server' },
    )
    .toBe(Object.keys(before).length + 1);
  const mine = after[recordId] ?? [];
  expect(mine, 'the record exactly once, under the id it was made with').toHaveLength(1);
  expect(mine[0]?.status).toBe('completed');
  expect(mine[0]?.note?.map((n) => n.text)).toContain(advice);
  expect(mine[0]?.about?.map((a) => a.identifier?.value)).toEqual([`${setId}/news2`]);
  await expect(recorded).toContainText('Sendt', { timeout: 30_000 });

  // The history shows the record on the set; the trend marks it.
  await page.getByRole('link', { name: 'Historikk' }).click();
  await expect(page.locator('main')).toContainText(`Lege kontaktet: Lege Vakt (legevakt). Råd: ${advice}`, {
    timeout: 20_000,
  });
  await page.getByRole('link', { name: 'Trender' }).click();
  const events = page.getByRole('list', { name: 'Eskalering i perioden' });
  await expect(events).toContainText(advice);

  // A while later, still once.
  await page.waitForTimeout(2_000);
  expect((await escalationsOnServer(request, page, patientId))[recordId]).toHaveLength(1);
});
