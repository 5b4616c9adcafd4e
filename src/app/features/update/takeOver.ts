// Letting the waiting service worker take over after the user agreed ("Oppdater").
//
// vite-plugin-pwa's update function asks once, through workbox-window, and reloads on the
// controller change only if workbox-window counts it as an update. In one full e2e run under
// heavy load (3 Dec) the click left the page as it was for a minute: no controller change, no
// reload, the new worker still waiting. Whether the one message was lost or the change not
// counted, the user would see a button that does nothing. So the page listens for the
// controller change itself, reloads once, and asks the waiting worker again until it has
// taken over.

export interface WorkerContainer {
  addEventListener(type: 'controllerchange', listener: () => void): void;
  removeEventListener(type: 'controllerchange', listener: () => void): void;
  getRegistration(): Promise<{ waiting: { postMessage(message: unknown): void } | null } | undefined>;
}

export interface TakeOverDeps {
  container: WorkerContainer;
  reload: () => void;
  /** The library's own request (vite-plugin-pwa's updateSW); may do nothing. */
  askLibrary: () => Promise<void> | void;
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

export const SKIP_WAITING = { type: 'SKIP_WAITING' } as const;
const ASK_AGAIN_MS = 3000;

/** Returns the function that reloads the page once; give it to the library as its reload. */
export function takeOverWhenAgreed(deps: TakeOverDeps): { agree: () => void; reloadOnce: () => void } {
  let reloaded = false;
  let timer: unknown;
  const reloadOnce = () => {
    if (reloaded) return;
    reloaded = true;
    if (timer !== undefined) deps.clearInterval(timer);
    deps.container.removeEventListener('controllerchange', reloadOnce);
    deps.reload();
  };
  const askWaiting = async () => {
    const registration = await deps.container.getRegistration();
    registration?.waiting?.postMessage(SKIP_WAITING);
  };
  const agree = () => {
    if (timer !== undefined || reloaded) return;
    deps.container.addEventListener('controllerchange', reloadOnce);
    void deps.askLibrary();
    timer = deps.setInterval(() => void askWaiting(), ASK_AGAIN_MS);
  };
  return { agree, reloadOnce };
}
