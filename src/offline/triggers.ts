// When the outbox is tried: after each write; on `online`; on window focus; when the page
// becomes visible; every syncInterval; on the service worker's Background Sync message; and
// when an engine backoff ends (so a queue moves as soon as coverage returns even when no
// `online` event fires: the browser may never have noticed it was offline).
import type { ClientEnvironment } from './environment';
import type { SyncEngine } from './sync/engine';
import type { EngineStateStore } from './sync/engineState';
import type { Vault } from './vault';

export interface Triggers {
  /** What the browser says; the engine's own "unreachable" is read from its state. */
  isOnline(): boolean;
  onOnlineChange(listener: () => void): () => void;
  /** Starts a drain unless locked; force ignores our own backoff (not a server's Retry-After). */
  drainSoon(force?: boolean): void;
  stop(): void;
}

export interface TriggerDeps {
  env: ClientEnvironment;
  engine: SyncEngine;
  engineState: EngineStateStore;
  vault: Vault;
  now: () => Date;
  intervalMs: number;
  /** Runs on every interval tick while unlocked, before the drain (cache expiry). */
  onTick?: () => void;
  /** Runs when the browser comes back online, after the drain has started (refresh views). */
  onOnline?: () => void;
}

/** The longest the retry timer waits, whatever the backoff says. */
const MAX_RETRY_WAIT_MS = 5 * 60_000;

export function startTriggers(deps: TriggerDeps): Triggers {
  const { env, engine, vault, now } = deps;
  let online = env.isOnline();
  const onlineListeners = new Set<() => void>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const scheduleRetry = async () => {
    const s = await deps.engineState.read();
    const until = s.notBefore ?? s.nextTryAt;
    if (!until || stopped) return;
    if (retryTimer) clearTimeout(retryTimer);
    const wait = Math.max(0, Date.parse(until) - now().getTime());
    retryTimer = setTimeout(() => drainSoon(), Math.min(wait + 100, MAX_RETRY_WAIT_MS));
  };
  const drainSoon = (force = false) => {
    if (stopped || !vault.isUnlocked()) return;
    void engine
      .drain({ force })
      .then((r) => {
        if ((r.kind === 'stopped' && r.why === 'retry') || r.kind === 'waiting') return scheduleRetry();
      })
      // The store was closed (logout, a new login) while this ran: nothing left to schedule.
      .catch(() => undefined);
  };
  const setOnline = (v: boolean) => {
    online = v;
    onlineListeners.forEach((l) => l());
  };

  const cleanups = [
    env.onTrigger('online', () => {
      setOnline(true);
      drainSoon(true);
      deps.onOnline?.();
    }),
    env.onTrigger('offline', () => setOnline(false)),
    env.onTrigger('focus', () => drainSoon()),
    env.onTrigger('visible', () => drainSoon()),
    env.onTrigger('sw-sync', () => drainSoon(true)),
  ];
  const interval = setInterval(() => {
    if (!vault.isUnlocked()) return;
    deps.onTick?.();
    drainSoon();
  }, deps.intervalMs);

  return {
    isOnline: () => online,
    onOnlineChange(listener) {
      onlineListeners.add(listener);
      return () => onlineListeners.delete(listener);
    },
    drainSoon,
    /** The client is closed: no drain starts and no retry is scheduled after this. */
    stop() {
      stopped = true;
      cleanups.forEach((c) => c());
      clearInterval(interval);
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
