/// <reference lib="WebWorker" />
// App-shell precache only. Patient data never passes through here: it lives in the
// encrypted device store, so no runtime route caches API responses.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

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
