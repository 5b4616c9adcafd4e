// Named to run first (one worker, files in name order): it asserts on the seeded state of
// the stable and sepsis archetypes, and other specs write sets (each to its own patient,
// SPEC_PATIENTS in helpers/varde.ts) that could move the triage order it checks.
// Issue #11 points 1–2 and #12 points 5–6 in Chromium against the real platform: the
// worklist in triage order with the plan state from the monitoring plan, and a personal
// plan a doctor sets that a nurse then sees beside the standard response, offline too.
import { expect, test, type Page } from '@playwright/test';
import { fhirGet } from './helpers/fhir';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import {
  launchFromEpj,
  loginStandalone,
  openWorklistPatient,
  patientNameOnServer,
  patientBanner,
  syncStatus,
  USERS,
  worklistEntries,
} from './helpers/varde';

/** Named archetypes of the seed (src/platform/seed/README.md), all on kari.nordmann's list. */
const STABLE = 'pat-4601-0001';
const KOLS = 'pat-4601-0002';
const SEPSIS = 'pat-4601-0004';

function worklistRow(page: Page, name: string) {
  return page
    .getByRole('region', { name: 'Mine pasienter i dag' })
    .getByRole('listitem')
    .filter({ has: page.locator('.worklist__name', { hasText: name }) });
}

test.describe('worklist triage', () => {
  test("the sepsis patient is first in kari.nordmann's list and the stable patient is not overdue", async ({
    page,
  }) => {
    await loginStandalone(page);
    await expect(worklistEntries(page).first()).toBeVisible({ timeout: 20_000 });
    const sepsis = await patientNameOnServer(page, SEPSIS);
    const stable = await patientNameOnServer(page, STABLE);

    const first = page.getByRole('region', { name: 'Mine pasienter i dag' }).getByRole('listitem').first();
    await expect(first.locator('.worklist__name')).toHaveText(sepsis);
    await expect(first).toContainText('Høy risiko');
    await expect(first).toContainText(/NEWS2 \d+, for \d+ (min|t) siden/);
    await expect(first).toContainText('Krever handling: Høy risiko');

    // The stable patient: weekly plan set by a nurse, measured within the week.
    const row = worklistRow(page, stable);
    await expect(row).toContainText('Lav risiko');
    await expect(row).toContainText(/Rutine: NEWS2 hver uke \(sykepleier /);
    await expect(row).toContainText(/ny måling i dag|neste måling \d{2}\.\d{2}\.\d{4}/);
    await expect(row).not.toContainText('forfalt');
    await expect(row).not.toContainText('Krever handling');

    // "Krever handling": the sepsis patient is in, the stable patient is out.
    await page.getByRole('checkbox', { name: /Vis bare dem som krever handling/ }).check();
    const needing = page.getByRole('list', { name: 'Pasienter som krever handling' });
    await expect(needing.locator('.worklist__name', { hasText: sepsis })).toBeVisible();
    await expect(needing.locator('.worklist__name', { hasText: stable })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, 'worklist, Krever handling');

    // The overview reads the next measurement from the same plan; RCP's text stays beside it.
    await page.getByRole('checkbox', { name: /Vis bare dem som krever handling/ }).uncheck();
    await openWorklistPatient(page, stable);
    const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
    await expect(news2).toContainText('Overvåking (RCP):', { timeout: 20_000 });
    await expect(news2).toContainText(/Neste måling etter planen: (ny måling i dag|neste måling \d)/);
    await expect(news2).not.toContainText('forfalt');
  });
});

test.describe.serial('personal plan', () => {
  const action = `Ring fastlege samme dag (e2e ${Date.now()})`;

  test('a doctor sets a personal plan for the KOLS patient; the platform has it', async ({ page }) => {
    test.setTimeout(120_000);
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: KOLS });
    await page.getByRole('link', { name: 'Plan', exact: true }).click();
    const section = page.getByRole('region', { name: 'Personlig plan', exact: true });
    const form = section.getByRole('form', { name: /personlig plan/ });
    await expect(form).toBeVisible({ timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, 'plan screen (doctor)');

    // Refused at the form with the reason: no reason given, nothing saved.
    await form.getByRole('button', { name: 'Lagre personlig plan' }).click();
    await expect(form.getByRole('alert')).toContainText('Planen er ikke lagret');

    await form.getByLabel(/^Begrunnelse/).fill('Kjent KOLS, vanlig NEWS2 5 på oksygen');
    await form.getByLabel('Fra (%)').fill('88');
    await form.getByLabel('Til (%)').fill('92');
    await form.getByLabel('Gjelder SpO₂-skala').selectOption('2');
    await form.getByRole('button', { name: 'Legg til varslingsgrense' }).click();
    await form.getByLabel('Grense 1: verdi').fill('7');
    await form.getByLabel('Grense 1: sone').selectOption('red');
    await form.getByLabel(/^Grense 1: tiltak/).fill(action);
    await form.getByRole('button', { name: 'Lagre personlig plan' }).click();
    await expect(section.getByRole('status')).toContainText('Den personlige planen er lagret', {
      timeout: 20_000,
    });
    await expect(section).toContainText(
      /Personlig plan \(lege Anders Hansen, \d{2}\.\d{2}\.\d{4}, gjelder til/,
    );
    await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 30_000 });

    // On the server: one CarePlan with the threshold, written by the doctor.
    const bundle = await fhirGet(page.request, page, `CarePlan?patient=${KOLS}`);
    const mine = (bundle.entry ?? []).filter((e) => JSON.stringify(e.resource).includes(action));
    expect(mine).toHaveLength(1);
  });

  test('a nurse sees the plan beside the standard response, offline too', async ({ page, context }) => {
    test.setTimeout(120_000);
    await loginStandalone(page);
    const kols = await patientNameOnServer(page, KOLS);
    await openWorklistPatient(page, kols);
    const beside = page.getByRole('region', { name: 'Personlig plan i tillegg til standard' });
    await expect(beside).toContainText(/Standard: (Lav|Middels|Høy) risiko/, { timeout: 20_000 });
    await expect(beside).toContainText(
      /Personlig plan \(lege Anders Hansen, \d{2}\.\d{2}\.\d{4}, gjelder til/,
    );
    await expect(beside).toContainText(`NEWS2 ≥ 7: ${action}`);
    // The standard score and response are still there, above the plan.
    const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
    await expect(news2).toContainText(/Tiltak:/);
    await expect(news2.locator('.risk').first()).toBeVisible();

    // The nurse may read the plan but not set it (the municipality's rule: doctors).
    await page.getByRole('link', { name: 'Plan', exact: true }).click();
    const section = page.getByRole('region', { name: 'Personlig plan', exact: true });
    await expect(section).toContainText(action);
    await expect(section.getByRole('form')).toHaveCount(0);
    await expect(section).toContainText('Du kan lese planen, men ikke sette den');

    // Offline: from the device store.
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Mine pasienter' }).click();
    await openWorklistPatient(page, kols);
    await expect(patientBanner(page)).toContainText(kols);
    await expect(beside).toContainText(`NEWS2 ≥ 7: ${action}`, { timeout: 20_000 });
    await expect(beside).toContainText('Standard:');
    await context.setOffline(false);
  });
});
