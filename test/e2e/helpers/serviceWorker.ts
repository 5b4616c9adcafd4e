// Service-worker and browser-storage probes that every offline spec needs. They run in the
// page, so they see exactly what the app sees.
import { expect, type Page } from '@playwright/test';

/**
 * Waits until a service worker controls the page. The first install activates at once
 * (nothing is waiting) and `clientsClaim()` in service-worker/sw.ts takes the open page, so
 * no reload is needed.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, {
    timeout: 20_000,
  });
}

/** Every URL held in the Cache Storage of the page's origin. */
export async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) urls.push(req.url);
    }
    return urls;
  });
}

/** Text of every cached response, for checking that no patient data sits in a cache. */
export async function cachedBodies(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        if (res) parts.push(await res.text());
      }
    }
    return parts.join('\n');
  });
}

/** What a fetch from the page gives: a status, or the network error's name. */
export async function fetchFromPage(
  page: Page,
  url: string,
): Promise<{ status: number } | { error: string }> {
  return page.evaluate(async (u) => {
    try {
      const res = await fetch(u, { cache: 'no-store' });
      return { status: res.status };
    } catch (e) {
      return { error: e instanceof Error ? e.name : String(e) };
    }
  }, url);
}

/** Names of the IndexedDB databases of the page's origin. */
export async function indexedDbNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** Asserts that the page shows the app rather than Chromium's own error page. */
export async function expectAppShell(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: 'Hopp til hovedinnhold' })).toBeAttached();
  await expect(page.getByRole('main')).toBeVisible();
}
