// Live views over the device store: a query re-runs whenever a table it read changes (in
// this tab or another: Dexie liveQuery), and its result is composed into what a screen
// shows. The only place that subscribes to Dexie.
import { liveQuery, type Subscription } from 'dexie';
import type { Unsubscribe } from './api';

/** Something besides the store that changes a view (the lock, the network, time). */
export type ViewTrigger = (emit: () => void) => () => void;

/**
 * Runs `compose` on every store change and every trigger, delivering only the newest
 * result: an older, slower decryption never overwrites a newer view.
 */
export function watchStore<Q, V>(
  query: () => Promise<Q>,
  compose: (q: Q) => Promise<V>,
  onChange: (v: V) => void,
  triggers: ViewTrigger[] = [],
): Unsubscribe {
  let latest: Q | undefined;
  let have = false;
  let generation = 0;
  let closed = false;
  const emit = () => {
    if (!have) return;
    const g = ++generation;
    compose(latest as Q).then(
      (v) => !closed && g === generation && onChange(v),
      () => {
        // A lock during decryption: the lock trigger re-emits the locked view.
      },
    );
  };
  const sub: Subscription = liveQuery(query).subscribe({
    next: (q) => {
      latest = q;
      have = true;
      emit();
    },
    error: () => {},
  });
  const offTriggers = triggers.map((t) => t(emit));
  return () => {
    closed = true;
    sub.unsubscribe();
    offTriggers.forEach((off) => off());
  };
}

/** Re-emits every `ms`: time alone changes a view (stale after its limit, hidden after expiry). */
export const every =
  (ms: number): ViewTrigger =>
  (emit) => {
    const t = setInterval(emit, ms);
    return () => clearInterval(t);
  };
