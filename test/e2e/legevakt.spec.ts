// The legevakt doctor's EHR launch (issue #12): an online session on a 1920×1080 desktop
// (no PIN, nothing of the patient at rest in IndexedDB), the response worded for her role,
// usual values from the stable state while the sepsis patient is ill, and the marker for
// items withheld at the patient's request.
import { expect, test, type Page } from '@playwright/test';
import { observationsToVitalSignsSets } from '../../src/core/fhir/fromObservation';
import { WITHHELD_TEXT } from '../../src/core/fhir/withheld';
import { scoreNews2 } from '../../src/core/news2/score';
import type { Observation } from '@medplum/fhirtypes';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import { expectSetsOnServerOnce, fhirGet } from './helpers/fhir';
import {
  cachedBodies,
  indexedDbCounts,
  indexedDbNames,
  waitForServiceWorkerControl,
} from './helpers/serviceWorker';
import {
  launchFromEpj,
  NORMAL_VITALS,
  passPinGate,
  patientBanner,
  recordVitals,
  savedResult,
  syncStatus,
  USERS,
} from './helpers/varde';

/** The seed's sepsis archetype (src/platform/seed/README.md): ill from 5 days before now. */
const SEPSIS = 'pat-4601-0004';
/** The seed's sharing-restriction archetype: one service and about 30 % of the sets restricted. */
const RESTRICTED = 'pat-4601-0007';
/** A patient outside the named archetypes, on whom this spec records a set. */
const ORDINARY = 'pat-4601-0011';
/** An instant's day in Oslo as yyyy-mm-dd (Swedish order), to compare with the days left out. */
const OSLO_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });

const pinHeadings = (page: Page) =>
  page.getByRole('heading', { name: /Velg PIN-kode for denne enheten|Skriv PIN-koden/ });

/** Every record of every IndexedDB database of the page's origin, as JSON text. */
async function indexedDbText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        parts.push(`${info.name}/${store}: ${JSON.stringify(rows)}`);
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** "vanlig område 75,7–85,3" in a trend's caption, as numbers. */
function usualRange(caption: string): { low: number; high: number } {
  const m = /vanlig område (-?[\d,]+)–(-?[\d,]+)/.exec(caption);
  expect(m, `usual range in "${caption}"`).toBeTruthy();
  const num = (s: string) => Number(s.replace(',', '.'));
  return { low: num(m![1]!), high: num(m![2]!) };
}

test.describe('legevakt: EHR launch as an online session', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('lege.hansen at 1920×1080: no PIN, the services table in the first screen, nothing in IndexedDB', async ({
    page,
  }) => {
    const patient = await launchFromEpj(page, { username: USERS.doctor.username, patientId: SEPSIS });
    const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
    await expect(news2).toContainText(/NEWS2 \d+/, { timeout: 20_000 });
    // Straight to the patient: no PIN was chosen or typed on the way.
    await expect(pinHeadings(page)).toHaveCount(0);
    await expect(patientBanner(page)).toContainText(patient.name);

    // The services table with the home-nursing row first, its two phones inside the first
    // viewport, no scrolling.
    const table = page.getByRole('region', { name: 'Kommunale tjenester' }).getByRole('table');
    await expect(table).toBeVisible({ timeout: 20_000 });
    const first = table.locator('tbody tr').first();
    await expect(first.getByRole('rowheader')).toContainText('Helsetjenester i hjemmet');
    const phones = first.locator('a[href^="tel:"]');
    await expect(phones).toHaveCount(2);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const phone of await phones.all()) await expect(phone).toBeInViewport({ ratio: 1 });

    // The response is the doctor's (assessment and treatment), same band and urgency.
    await expect(news2).toContainText('Høy risiko');
    await expect(news2).toContainText('Akutt: øyeblikkelig legevurdering');
    await expect(news2).not.toContainText('ring 113 eller legevakt');
    await expect(news2).toContainText('Kontinuerlig overvåking');

    // Nothing of the patient at rest: no Varde store in IndexedDB, and no record of any
    // database or cache names her. (A standalone login or ehrLaunch.store "device" makes a
    // "varde…" database: see the next test.)
    await page.getByRole('link', { name: 'Trender' }).click();
    await expect(page.getByRole('region', { name: /^NEWS2 total/ })).toContainText(/\d+ målinger/, {
      timeout: 20_000,
    });
    expect((await indexedDbNames(page)).filter((n) => n.startsWith('varde'))).toEqual([]);
    const stored = await indexedDbText(page);
    const cached = await cachedBodies(page);
    for (const fact of [patient.id, patient.fnr, ...patient.name.split(' ')]) {
      expect(stored, `IndexedDB holds "${fact}"`).not.toContain(fact);
      expect(cached, `Cache Storage holds "${fact}"`).not.toContain(fact);
    }
  });

  test('a deployment may ask for the device store on EHR launch: then the PIN and a sealed store', async ({
    browser,
  }) => {
    // /config.json of this deployment with ehrLaunch.store "device". The service worker is
    // blocked so that the page's own request for the file is the one answered here.
    const context = await browser.newContext({
      serviceWorkers: 'block',
      viewport: { width: 1920, height: 1080 },
    });
    const page = await context.newPage();
    await page.route('**/config.json', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), ehrLaunch: { store: 'device' } } });
    });
    await page.goto('/epj');
    await page.getByLabel('Kommune').selectOption('4601');
    await page.getByRole('button', { name: 'Bytt kommune' }).click();
    await page.getByLabel('Innlogget kliniker i EPJ').selectOption(USERS.doctor.username);
    await page.getByLabel('Pasient', { exact: true }).selectOption('pat-4601-0003');
    await page.getByRole('radio', { name: 'Appen viser pasientbanner' }).check();
    await page.getByRole('button', { name: 'Start appen' }).click();
    await passPinGate(page);
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText(/NEWS2 \d+/, {
      timeout: 20_000,
    });
    const counts = await indexedDbCounts(page);
    const stores = Object.entries(counts).filter(([name]) => name.startsWith('varde'));
    expect(stores.length, 'a device store was made').toBeGreaterThan(0);
    expect(
      stores.some(([, c]) => (c.sections ?? 0) > 0),
      'its sections hold the (sealed) patient',
    ).toBe(true);
    await context.close();
  });

  test('the nurse launched from the EPJ reads whom to contact, at the same risk and urgency', async ({
    page,
  }) => {
    await launchFromEpj(page, { username: USERS.nurse.username, patientId: SEPSIS });
    const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
    await expect(news2).toContainText('Høy risiko', { timeout: 20_000 });
    await expect(news2).toContainText('Akutt: ring 113 eller legevakt umiddelbart');
    await expect(news2).not.toContainText('øyeblikkelig legevurdering');
    await expect(news2).toContainText('Kontinuerlig overvåking');
  });

  test("the sepsis patient's usual range stays at her pre-illness values while she scores high", async ({
    page,
    request,
  }) => {
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: SEPSIS });
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText(/NEWS2 \d+/, {
      timeout: 20_000,
    });
    await page.getByRole('link', { name: 'Trender' }).click();
    await page.getByRole('group', { name: 'Periode' }).getByRole('button', { name: '30 d' }).click();
    const baselineLine = page.locator('.baseline-window');
    await expect(baselineLine).toContainText(/utelatt \(fra [\d.]+\): pågående forverring/, {
      timeout: 20_000,
    });
    const [, dd, mm, yyyy] = /utelatt \(fra (\d\d)\.(\d\d)\.(\d{4})\)/.exec(await baselineLine.innerText())!;
    const episodeFrom = `${yyyy}-${mm}-${dd}`;

    // What the server holds, independent of the app: the sets before the days left out, and
    // those in them.
    const bundle = await fhirGet(request, page, `Observation?patient=${SEPSIS}&_count=1000`);
    const observations = (bundle.entry ?? [])
      .map((e) => e.resource as Observation | undefined)
      .filter((r): r is Observation => r?.resourceType === 'Observation');
    const sets = observationsToVitalSignsSets(observations)
      .filter((s) => scoreNews2(s.vitals).complete)
      .sort((a, b) => a.effectiveDateTime.localeCompare(b.effectiveDateTime));
    const osloDay = (iso: string) => OSLO_DAY.format(new Date(iso));
    const before = sets.filter((s) => osloDay(s.effectiveDateTime) < episodeFrom);
    const episode = sets.filter((s) => osloDay(s.effectiveDateTime) >= episodeFrom);
    const latest = sets.at(-1)!;
    expect(before.length, 'sets before the episode').toBeGreaterThanOrEqual(5);
    // She scores high now, and every set of hers that scores 5 or more is in the days left out.
    expect(scoreNews2(latest.vitals).total).toBeGreaterThanOrEqual(7);
    expect(before.filter((s) => scoreNews2(s.vitals).total >= 5)).toEqual([]);
    expect(episode.length).toBeGreaterThan(0);

    const total = page.getByRole('region', { name: /^NEWS2 total/ });
    await expect(total).toContainText(/vanlig område/, { timeout: 20_000 });
    expect(usualRange(await total.innerText()).high, 'usual NEWS2 stays low').toBeLessThanOrEqual(1);

    for (const [name, parameter] of [
      [/^Puls/, 'pulse'],
      [/^Respirasjonsfrekvens/, 'respirationRate'],
    ] as const) {
      const range = usualRange(await page.getByRole('region', { name }).innerText());
      const stable = before.map((s) => s.vitals[parameter]).filter((v): v is number => v !== undefined);
      // The band lies within what she measured before the days left out, and today's value
      // is above it: the illness did not widen it.
      expect(range.high, `${parameter} band`).toBeLessThanOrEqual(Math.max(...stable));
      expect(range.low, `${parameter} band`).toBeGreaterThanOrEqual(Math.min(...stable));
      expect(latest.vitals[parameter], `${parameter} now`).toBeGreaterThan(range.high);
    }
  });

  test('the restricted archetype shows the withheld marker, and the baseline says visible sets only', async ({
    page,
  }) => {
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: RESTRICTED });
    const news2 = page.getByRole('region', { name: 'NEWS2 nå' });
    const services = page.getByRole('region', { name: 'Kommunale tjenester' });
    await expect(news2).toContainText(WITHHELD_TEXT, { timeout: 20_000 });
    await expect(services).toContainText(WITHHELD_TEXT, { timeout: 20_000 });
    await expect(news2).toContainText('beregnet bare fra målingene som vises');
    await expectNoSeriousA11yViolations(page, 'overview with the withheld marker, desktop');

    await page.getByRole('link', { name: 'Trender' }).click();
    await expect(page.getByRole('main')).toContainText(WITHHELD_TEXT, { timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, 'trends with the withheld marker, desktop');

    // A patient without restrictions gets no marker (it says only what was withheld).
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: SEPSIS });
    await expect(page.getByRole('region', { name: 'Kommunale tjenester' }).getByRole('table')).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText(/NEWS2 \d+/);
    await expect(page.getByText(WITHHELD_TEXT)).toHaveCount(0);
  });

  // The offline-read log and the "Bufret data fra …" label of an online session are the
  // tablet's code over the memory store (src/offline/memoryStore.test.ts): on one patient
  // screen nothing is read again until the connection returns, so e2e checks the write.
  test('offline in an online session: a set is kept in this window, said so, and sent once on reconnect', async ({
    page,
    context,
    request,
  }) => {
    test.setTimeout(120_000);
    await launchFromEpj(page, { username: USERS.doctor.username, patientId: ORDINARY });
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText(/Oppdatert \d/, {
      timeout: 20_000,
    });

    // The app is installed (the service worker holds the screens' code) before the network goes.
    await waitForServiceWorkerControl(page);
    await context.setOffline(true);
    const since = new Date().toISOString();
    await recordVitals(page, NORMAL_VITALS);
    await expect(savedResult(page)).toContainText(
      'Målingen er ikke lagret på denne enheten, bare i dette vinduet',
    );
    await expect(page.locator('.unsent-in-memory')).toContainText(
      '1 måling er ikke sendt og ikke lagret på denne enheten',
    );
    expect((await indexedDbNames(page)).filter((n) => n.startsWith('varde'))).toEqual([]);

    await context.setOffline(false);
    await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 90_000 });
    await expect(page.locator('.unsent-in-memory')).toHaveCount(0);
    await expectSetsOnServerOnce(request, page, { patientId: ORDINARY, since, count: 1 });
  });
});
