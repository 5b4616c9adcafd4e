// The service worker holds the app shell so Varde starts with no network, and it never
// stores what the platform API returns (patient data lives only in the device store).
// Every assertion made offline depends on the worker: with `serviceWorkers: 'block'` the
// offline reload shows Chromium's error page and these tests fail.
import { expect, test } from '@playwright/test';
import {
  cachedUrls,
  expectAppShell,
  fetchFromPage,
  waitForServiceWorkerControl,
} from './helpers/serviceWorker';

test.describe('service worker', () => {
  test('installs, controls the page and serves the app shell offline', async ({ page, context }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await expectAppShell(page);

    await context.setOffline(true);
    await page.reload();
    await expectAppShell(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // A deep link was never visited online: the navigation route answers it from the
    // precached index.html.
    await page.goto('/pasienter');
    await expectAppShell(page);

    // The platform's own pages are not the app: offline they fail instead of showing the shell.
    for (const path of ['/epj', '/auth/.well-known/openid-configuration']) {
      await expect(page.goto(path), path).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    }
  });

  test('keeps the deployment configuration for an offline start', async ({ page, context }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    const readConfig = () =>
      page.evaluate(async () => {
        try {
          const res = await fetch('/config.json', { cache: 'no-cache' });
          return { status: res.status, body: (await res.json()) as unknown };
        } catch (e) {
          return { error: e instanceof Error ? e.name : String(e) };
        }
      });
    const online = await readConfig();
    expect(online).toMatchObject({ status: 200, body: { municipalities: expect.any(Array) } });
    await context.setOffline(true);
    // Without the worker's copy this fetch fails and the app would start with the build's
    // default servers instead of the deployment's.
    expect(await readConfig()).toEqual(online);
  });

  test('never caches API responses', async ({ page, context }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);

    // Ask the API while online, so a runtime cache (if someone added one) would fill.
    const apiPaths = [
      '/fhir/4601/metadata',
      '/fhir/4601/Patient',
      '/health',
      '/auth/.well-known/openid-configuration',
    ];
    for (const path of apiPaths) await fetchFromPage(page, path);

    const urls = await cachedUrls(page);
    expect(urls.length, 'the app shell is precached').toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).pathname).not.toMatch(/^\/(fhir|auth|epj|health)\b/);

    await context.setOffline(true);
    for (const path of apiPaths) {
      expect(await fetchFromPage(page, path), `${path} offline`).toEqual({ error: 'TypeError' });
    }
  });
});
