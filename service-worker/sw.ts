/// <reference lib="WebWorker" />
// App-shell precache, plus the deploy-time `/config.json`. Patient data never passes
// through here: it lives in the encrypted device store, so no runtime route caches API
// responses.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { StaleWhileRevalidate } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/fhir\//, /^\/auth\//, /^\/epj/, /^\/health/, /^\/\.well-known\//],
  }),
);

// Which FHIR servers this deployment talks to (src/app/config/appConfig.ts). Offline, the
// app would otherwise fall back to the build's defaults and start against the wrong
// servers; on a weak network it would wait for the file before the first screen. The last
// copy answers at once and the network refreshes it for the next start: a changed
// configuration takes effect one start later.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === '/config.json',
  new StaleWhileRevalidate({ cacheName: 'varde-config' }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();

// Background Sync: the outbox is sealed under a key that lives only in an open page's
// memory, so the worker cannot send it itself. It wakes the open pages, which drain it.
interface SyncEventLike extends ExtendableEvent {
  readonly tag: string;
}
const OUTBOX_SYNC_TAG = 'varde-outbox';
self.addEventListener('sync', (event) => {
  const e = event as SyncEventLike;
  if (e.tag !== OUTBOX_SYNC_TAG) return;
  e.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows) w.postMessage({ type: 'varde-sync' });
    }),
  );
});
