// Temporary: screenshots for the report (not committed).
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import { loginStandalone, openWorklistPatient, recordVitals, savedResult } from './helpers/varde';

const OUT = '/work/team/shots/escalate';
const sizes = [
  [1280, 800],
  [800, 1280],
  [1920, 1080],
] as const;

test('shots', async ({ page }) => {
  test.setTimeout(300_000);
  await loginStandalone(page, { municipality: 'Bergen', name: 'Silje Mjelde' });
  await openWorklistPatient(page, 2);
  await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toBeVisible({ timeout: 20_000 });
  await recordVitals(page, {
    respirationRate: '22', spo2: '94', systolicBP: '128', diastolicBP: '80', pulse: '95', temperature: '38,4',
  });
  await expect(savedResult(page).getByText('Sendt.')).toBeVisible({ timeout: 30_000 });
  for (const [w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByRole('region', { name: 'Eskalering – hvem ringer du?' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/maling-news2-5-panel-${w}x${h}.png` });
  }
  await page.getByRole('link', { name: 'Oversikt' }).click();
  const prompt = page.getByRole('region', { name: 'Eskalering ikke registrert' });
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await expectNoSeriousA11yViolations(page, 'overview with the escalation prompt');
  for (const [w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/oversikt-prompt-${w}x${h}.png` });
  }
  await prompt.getByRole('button', { name: 'Vis hvem du ringer, og registrer' }).click();
  const panel = page.getByRole('region', { name: 'Eskalering – hvem ringer du?' });
  await expect(panel).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'overview with the escalation panel');
  for (const [w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/oversikt-panel-${w}x${h}.png` });
  }
});
