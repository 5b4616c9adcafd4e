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

/**
 * Ids of the writes waiting in the device store's outbox (src/offline/db.ts: table
 * "outbox" of the database of this server and user, `varde:{…}`; see
 * src/offline/storeScope.ts; the id is clear text, the set itself is sealed). Read with raw IndexedDB so the check does not depend on the app being
 * signed in; only databases that exist are opened (opening would create one).
 */
export async function outboxIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const ids: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name?.startsWith('varde')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (db.objectStoreNames.contains('outbox')) {
        const rows = await new Promise<Array<{ id: string }>>((resolve, reject) => {
          const req = db.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => resolve(req.result as Array<{ id: string }>);
          req.onerror = () => reject(req.error);
        });
        ids.push(...rows.map((r) => r.id));
      }
      db.close();
    }
    return ids;
  });
}

/** Row counts of every object store of every IndexedDB database: `{ db: { store: n } }`. */
export async function indexedDbCounts(page: Page): Promise<Record<string, Record<string, number>>> {
  return page.evaluate(async () => {
    const out: Record<string, Record<string, number>> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const counts: Record<string, number> = {};
      for (const store of Array.from(db.objectStoreNames)) {
        counts[store] = await new Promise<number>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      }
      db.close();
      out[info.name] = counts;
    }
    return out;
  });
}

/** Offline reads logged on the device and not yet uploaded (table auditLog of the Varde stores). */
export async function deviceAuditLogCount(page: Page): Promise<number> {
  const counts = await indexedDbCounts(page);
  return Object.entries(counts)
    .filter(([db]) => db.startsWith('varde'))
    .reduce((n, [, stores]) => n + (stores.auditLog ?? 0), 0);
}
