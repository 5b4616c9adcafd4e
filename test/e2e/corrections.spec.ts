// Issue #11 point 4 end to end in Chromium: a nurse marks sets "registrert feil" while the
// tablet is offline (one already on the server, one still in the outbox), and once the
// network returns the server holds both sets withdrawn, every Observation and the derived
// NEWS2 score entered-in-error, each exactly once; the history keeps them struck through
// with who and why. A comment written offline reaches the server as Observation.note
// on every part. axe checks the correction dialog and the history with a withdrawn set.
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { VITAL_SIGNS_PARTS } from '../../src/core/fhir/setIdentifier';
import { expectNoSeriousA11yViolations } from './helpers/axe';
import { fhirGet, VITAL_SIGNS_SET_SYSTEM } from './helpers/fhir';
import { outboxIds, waitForServiceWorkerControl } from './helpers/serviceWorker';
import {
  launchFromEpj,
  NORMAL_VITALS,
  passPinGate,
  RAISED_VITALS,
  recordVitals,
  savedResult,
  syncStatus,
  USERS,
} from './helpers/varde';

// The home-care tablet keeps its encrypted device store, so the outbox can be read here: an
// EHR launch is an online session in memory by default (issue #12 point 3), so this
// deployment's /config.json asks for the device store (ehrLaunch.store "device"), routed on
// the context so that the service worker's fetch of the file is answered the same way (the
// service worker stays: offline, it serves the screens' code).

// The long-term-care archetype, on kari.nordmann's list; no other spec reads its scores.
const PATIENT = 'pat-4601-0009';

interface StoredObservation {
  resourceType: string;
  status?: string;
  identifier?: Array<{ system?: string; value?: string }>;
  note?: Array<{ text?: string }>;
}

/**
 * For each set written since `since`: the status of each of its Observations, by part
 * (with " + note: …" for each comment it carries).
 */
async function setStatusesOnServer(
  request: APIRequestContext,
  page: Page,
  since: string,
): Promise<Record<string, Record<string, string[]>>> {
  const bundle = await fhirGet(
    request,
    page,
    `Observation?patient=${PATIENT}&_lastUpdated=gt${encodeURIComponent(since)}&_count=1000`,
  );
  const out: Record<string, Record<string, string[]>> = {};
  for (const entry of bundle.entry ?? []) {
    const obs = entry.resource as StoredObservation | undefined;
    if (obs?.resourceType !== 'Observation') continue;
    for (const ident of obs.identifier ?? []) {
      if (ident.system !== VITAL_SIGNS_SET_SYSTEM || !ident.value) continue;
      const cut = ident.value.lastIndexOf('/');
      const parts = (out[ident.value.slice(0, cut)] ??= {});
      const notes = (obs.note ?? []).map((n) => ` + note: ${n.text ?? ''}`).join('');
      (parts[ident.value.slice(cut + 1)] ??= []).push(`${obs.status ?? 'ukjent'}${notes}`);
    }
  }
  return out;
}

test('corrections recorded offline withdraw the sets and their NEWS2 on the server', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await context.route('**/config.json', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), ehrLaunch: { store: 'device' } } });
  });
  await launchFromEpj(page, { username: USERS.nurse.username, patientId: PATIENT });
  await passPinGate(page);
  const since = new Date(Date.now() - 1000).toISOString();

  // Online: a set that reaches the server.
  await recordVitals(page, NORMAL_VITALS);
  await expect(savedResult(page).getByRole('status')).toContainText('Sendt', { timeout: 30_000 });
  let onServer = await setStatusesOnServer(request, page, since);
  const sent = Object.keys(onServer);
  expect(sent, 'one new set on the server').toHaveLength(1);
  const sentId = sent[0] as string;
  expect(onServer[sentId]?.news2, 'its NEWS2 was derived').toEqual(['final']);

  // Offline: a set saved on the device, then marked wrong from its result. The service
  // worker must control the page first: offline, it serves the screens' code.
  await waitForServiceWorkerControl(page);
  await context.setOffline(true);
  await recordVitals(page, RAISED_VITALS);
  const queued = await outboxIds(page);
  expect(queued, 'the offline set waits in the outbox').toHaveLength(1);
  const queuedId = queued[0] as string;

  const result = savedResult(page);
  await result.getByRole('button', { name: /som registrert feil$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Marker målingen som registrert feil' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: /Hvorfor er målingen feil\?/ })).toBeFocused();
  // Without a reason: refused at the form, with the reason why.
  await dialog.getByRole('button', { name: 'Gå videre' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Skriv hvorfor målingen er registrert feil');
  await expectNoSeriousA11yViolations(page, 'correction dialog with its error');
  await dialog.getByRole('button', { name: 'Feil pasient' }).click();
  await dialog.getByRole('button', { name: 'Gå videre' }).click();
  await dialog.getByRole('button', { name: 'Ja, marker som registrert feil' }).click();
  await expect(dialog).toBeHidden();
  await expect(result.getByRole('status').filter({ hasText: 'markert som registrert feil' })).toBeFocused();
  await expect(result).toContainText('Registrert feil (Kari Nordmann');
  await expect(result.getByRole('button', { name: /som registrert feil$/ })).toHaveCount(0);

  // The set sent earlier: a comment, then marked wrong, with a reason of her own.
  // (Written in this order: a set marked wrong takes no more comments.)
  await page.getByRole('link', { name: 'Historikk' }).click();
  const table = page.getByRole('table', { name: /Målinger, nyeste først/ });
  await expect(table).toBeVisible({ timeout: 20_000 });
  const wrongRows = table.locator('tr.history__wrong');
  await expect(wrongRows).toHaveCount(1);
  // The set sent earlier, found by its values; where it stands is checked on its own.
  const sentRow = table
    .locator('tbody tr')
    .filter({ hasText: '128/78' })
    .filter({ hasText: 'Kari Nordmann' });
  await expect(sentRow).toHaveCount(1);
  await expectNewestFirst(table);
  await sentRow.getByRole('button', { name: /^Legg til kommentar/ }).click();
  const commentDialog = page.getByRole('dialog', { name: 'Legg til kommentar' });
  // Over the limit: refused at the form, with the reason.
  await commentDialog.getByRole('textbox', { name: 'Kommentar til målingen' }).fill('x'.repeat(501));
  await commentDialog.getByRole('button', { name: 'Lagre kommentar' }).click();
  await expect(commentDialog.getByRole('alert')).toContainText(
    'Kommentaren kan være høyst 500 tegn (nå 501)',
  );
  await expectNoSeriousA11yViolations(page, 'comment dialog over the limit');
  await commentDialog
    .getByRole('textbox', { name: 'Kommentar til målingen' })
    .fill('Målt rett etter trappen');
  await commentDialog.getByRole('button', { name: 'Lagre kommentar' }).click();
  await expect(commentDialog).toBeHidden();
  await expect(sentRow).toContainText('Kommentar: Målt rett etter trappen');
  await sentRow.getByRole('button', { name: /som registrert feil$/ }).click();
  await dialog.getByRole('textbox', { name: /Hvorfor er målingen feil\?/ }).fill('Pulsen tastet feil');
  await dialog.getByRole('button', { name: 'Gå videre' }).click();
  await dialog.getByRole('button', { name: 'Ja, marker som registrert feil' }).click();
  await expect(dialog).toBeHidden();
  await expect(wrongRows).toHaveCount(2);
  await expect(sentRow).toContainText('Pulsen tastet feil');
  await expect(sentRow).toContainText('ikke sendt ennå');
  await expectNoSeriousA11yViolations(page, 'history with sets marked wrong');

  // Nothing left the device while offline: the set, its correction, the comment and the
  // other correction wait.
  expect((await outboxIds(page)).length).toBe(4);
  // The status counts one of them a measurement: the others are a comment and corrections.
  await expect(syncStatus(page)).toContainText('Frakoblet – 1 måling og 3 andre registreringer venter');
  onServer = await setStatusesOnServer(request, page, since);
  expect(Object.keys(onServer), 'the offline set has not reached the server').toEqual([sentId]);
  expect(onServer[sentId]?.news2).toEqual(['final']);

  // Network back: everything drains, and the server holds both sets withdrawn.
  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('Alt er sendt', { timeout: 60_000 });
  expect(await outboxIds(page)).toEqual([]);
  await expect
    .poll(async () => Object.keys(await setStatusesOnServer(request, page, since)).sort(), {
      timeout: 30_000,
    })
    .toEqual([sentId, queuedId].sort());
  onServer = await setStatusesOnServer(request, page, since);
  for (const id of [sentId, queuedId]) {
    const parts = onServer[id] ?? {};
    // Every part of the set and its NEWS2 score: one Observation each, withdrawn.
    expect(Object.keys(parts).sort(), `parts of ${id}`).toEqual([...VITAL_SIGNS_PARTS, 'news2'].sort());
    const expected = id === sentId ? 'entered-in-error + note: Målt rett etter trappen' : 'entered-in-error';
    for (const [part, statuses] of Object.entries(parts))
      expect(statuses, `${id}/${part} on the server`).toEqual([expected]);
  }

  // The history, from the server now, keeps both struck through with who and why.
  await page.reload();
  await passPinGate(page);
  await expect(table).toBeVisible({ timeout: 20_000 });
  await expect(wrongRows).toHaveCount(2);
  await expect(wrongRows.filter({ hasText: 'Feil pasient' })).toContainText('Registrert feil (Kari Nordmann');
  await expect(sentRow).toContainText('Pulsen tastet feil');
  await expectNewestFirst(table);
});

/**
 * Newest first: the set recorded offline (marked "Feil pasient") is the first row and the one
 * sent before it (128/78) the second. The first rows' texts are in the message, to see what
 * stood first if it ever fails (it did once in three runs on 3 Dec, cause not yet found).
 */
async function expectNewestFirst(table: Locator): Promise<void> {
  const rows = table.locator('tbody tr');
  await expect
    .poll(
      async () => {
        const texts = await rows.allInnerTexts();
        const offline = texts.findIndex((t) => t.includes('Feil pasient'));
        const sent = texts.findIndex((t) => t.includes('128/78') && t.includes('Kari Nordmann'));
        return offline === 0 && sent === 1 ? 'newest first' : texts.slice(0, 4).join('\n---\n');
      },
      { message: 'the history lists the offline set above the one sent earlier' },
    )
    .toBe('newest first');
}
