// Where the client hears that it should try the outbox: the browser's online, focus and
// visibility events and the service worker's Background Sync message. Injected, so tests
// fire them by hand.
/** Where the client listens for online/focus/visibility and service-worker messages. */
export interface ClientEnvironment {
  isOnline(): boolean;
  /** Subscribes to the triggers; returns an unsubscribe. */
  onTrigger(kind: 'online' | 'offline' | 'focus' | 'visible' | 'sw-sync', listener: () => void): () => void;
  /** Asks the browser for a Background Sync event when writes wait (where it has one). */
  requestBackgroundSync?(): void;
}

export const BACKGROUND_SYNC_TAG = 'varde-outbox';

export function browserEnvironment(): ClientEnvironment {
  return {
    isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
    onTrigger(kind, listener) {
      if (typeof window === 'undefined') return () => {};
      if (kind === 'visible') {
        const h = () => document.visibilityState === 'visible' && listener();
        document.addEventListener('visibilitychange', h);
        return () => document.removeEventListener('visibilitychange', h);
      }
      if (kind === 'sw-sync') {
        const sw = navigator.serviceWorker;
        if (!sw) return () => {};
        // The service worker's Background Sync handler posts this when the browser fires
        // its 'sync' event; the page does the sending, so the SW never sees patient data.
        const h = (e: MessageEvent) =>
          (e.data as { type?: string } | null)?.type === 'varde-sync' && listener();
        sw.addEventListener('message', h);
        return () => sw.removeEventListener('message', h);
      }
      window.addEventListener(kind, listener);
      return () => window.removeEventListener(kind, listener);
    },
    requestBackgroundSync() {
      // Chromium only; elsewhere the online/focus/timer triggers do the work.
      const sw = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
      void sw?.ready
        .then((reg) =>
          (reg as { sync?: { register(tag: string): Promise<void> } }).sync?.register(BACKGROUND_SYNC_TAG),
        )
        .catch(() => {});
    },
  };
}
