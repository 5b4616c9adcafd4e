// The live sync status: the outbox counts and the engine's memory of this store, whether
// this tab drains, and the writes that wait for other servers or users on the device, put
// through the pure rule of ./sync/syncStatus.ts.
import type { SyncStatus, Unsubscribe, WaitingElsewhere } from './api';
import { every, watchStore, type ViewTrigger } from './liveView';
import type { OutboxQueue, Outbox } from './outbox';
import { waitingInOtherStores } from './storeDirectory';
import type { StoreScope } from './storeScope';
import type { SyncEngine } from './sync/engine';
import type { EngineStateStore } from './sync/engineState';
import { deriveSyncStatus } from './sync/syncStatus';

export interface StatusViewDeps {
  outbox: OutboxQueue & Pick<Outbox, 'elsewhere' | 'setCounts'>;
  engineState: EngineStateStore;
  engine: SyncEngine;
  scope: StoreScope;
  /** This store's name (an online session's store in memory is not the device store of its scope). */
  storeName?: string;
  /** What the browser says about the network. */
  isOnline: () => boolean;
  viewTriggers: ViewTrigger[];
  /** How often the other stores are read again (they change only when someone logs in there). */
  otherStoresEveryMs: number;
}

export function watchSyncStatus(deps: StatusViewDeps, onChange: (s: SyncStatus) => void): Unsubscribe {
  const { outbox, engine } = deps;
  let draining = engine.isDraining();
  let otherStores: WaitingElsewhere[] = [];
  const readOtherStores = (emit: () => void) => {
    void waitingInOtherStores(deps.scope, deps.storeName).then((w) => {
      otherStores = w;
      emit();
    });
  };
  return watchStore(
    () => Promise.all([outbox.counts(), outbox.setCounts(), deps.engineState.read(), outbox.elsewhere()]),
    async ([counts, setCounts, s, inThisStore]) =>
      deriveSyncStatus({
        ...counts,
        ...setCounts,
        online: deps.isOnline() && !s.unreachable,
        lastSuccessAt: s.lastSuccessAt,
        lastError: s.lastError,
        nextTryAt: s.nextTryAt,
        loginRequired: s.loginRequired,
        draining,
        elsewhere: [...inThisStore.map((w) => ({ ...w, otherUser: false })), ...otherStores],
      }),
    onChange,
    [
      ...deps.viewTriggers,
      // Draining is per tab and in memory, so it is a trigger of its own.
      (emit) =>
        engine.onDrainingChange((d) => {
          draining = d;
          emit();
        }),
      (emit) => {
        readOtherStores(emit);
        return every(deps.otherStoresEveryMs)(() => readOtherStores(emit));
      },
    ],
  );
}
