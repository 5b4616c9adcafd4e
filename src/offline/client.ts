// The OfflineClient: a thin engine over the device store, the way android-fhir's
// FhirEngine sits over its database and sync parts. It wires the store modules
// (./deviceStore.ts: outbox, patient cache, audit log, engine memory, vault), the sync
// engine, the triggers, the idle lock and the view composition behind the seam in ./api.ts,
// and holds only what spans them: which patient refreshes are in flight, and the rule that
// a read served from the device is logged. It touches no table itself.
import type {
  AccessToken,
  LockState,
  OfflineClient,
  PatientView,
  Section,
  StorageInfo,
  SyncStatus,
  Unsubscribe,
  WaitingElsewhere,
  WorklistEntry,
} from './api';
import { openDeviceStore } from './deviceStore';
import { browserEnvironment, type ClientEnvironment } from './environment';
import { createIdleLock } from './idleLock';
import { outboxKinds } from './kinds/index';
import { every, watchStore, type ViewTrigger } from './liveView';
import { createViewComposer } from './patientView';
import { prefetchWorklist } from './prefetch';
import { storageInfo as readStorageInfo, requestPersistence } from './storage';
import { adoptLegacyStore, waitingInOtherStores } from './storeDirectory';
import { deviceStoreName, type StoreScope } from './storeScope';
import type { DrainLock } from './sync/drainLock';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { addConfirmedObservations, pullPatient, type PatientSection, type PullDeps } from './sync/pull';
import type { ToObservations } from './sync/push';
import { deriveSyncStatus } from './sync/syncStatus';
import { createFetchTransport, type FhirTransport } from './sync/transport';
import { startTriggers } from './triggers';
import { LockedError } from './vault';
import { DEFAULT_STALE_AFTER_MS, type StaleAfter } from './view';

export { BACKGROUND_SYNC_TAG, browserEnvironment, type ClientEnvironment } from './environment';

export class UnsentDataError extends Error {
  constructor(readonly count: number) {
    super(
      `${count} måling(er) er ikke sendt til serveren ennå. Send dem før du logger ut, eller bekreft at de skal slettes.`,
    );
    this.name = 'UnsentDataError';
  }
}

export interface OfflineClientOptions {
  /** The FHIR base every write of this client is bound to and sent to. */
  fhirBaseUrl: string;
  /** A valid token, refreshed when needed; see AccessToken in ./api.ts for the other answers. */
  getAccessToken: () => Promise<AccessToken>;
  /** The signed-in practitioner's id (worklist, audit of offline reads). */
  practitionerId?: string;
  /** Whose store it is besides the FHIR base: names the store (one per server and user). */
  scope?: Omit<StoreScope, 'fhirBase'>;
  /** Default: deviceStoreName({ fhirBase: fhirBaseUrl, ...scope }). */
  dbName?: string;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Replaces the fetch transport (tests, or an in-process platform). */
  transport?: FhirTransport;
  /** Cached patient data is deleted after this long (default 12 h, a shift). */
  cacheTtlMs?: number;
  staleAfterMs?: Partial<StaleAfter>;
  /** Lock after this long without activity (default 5 min; 0 turns it off). */
  idleLockMs?: number;
  pbkdf2Iterations?: number;
  /** How often to try the outbox and expire the cache (default 30 s). */
  syncIntervalMs?: number;
  environment?: ClientEnvironment;
  toObservations?: ToObservations;
  lock?: DrainLock;
  random?: () => number;
}

export type VardeOfflineClient = OfflineClient & {
  /** For tests and diagnostics. */
  readonly engine: SyncEngine;
};

const BACKGROUND_REFRESH_MIN_MS = 30_000;
const VIEW_REFRESH_MS = 60_000;
const PATIENT_SECTIONS: PatientSection[] = ['identity', 'services', 'vitals', 'scale2'];

export function createOfflineClient(opts: OfflineClientOptions): VardeOfflineClient {
  const now = opts.now ?? (() => new Date());
  const kinds = outboxKinds({ toObservations: opts.toObservations });
  const scope: StoreScope = { ...opts.scope, fhirBase: opts.fhirBaseUrl };
  const store = openDeviceStore(opts.dbName ?? deviceStoreName(scope), {
    scope,
    now,
    kinds,
    cacheTtlMs: opts.cacheTtlMs,
    pbkdf2Iterations: opts.pbkdf2Iterations,
    drainLock: opts.lock,
  });
  const { vault, outbox, cache, auditLog, engineState } = store;
  const transport =
    opts.transport ??
    createFetchTransport({
      baseUrl: opts.fhirBaseUrl,
      getAccessToken: opts.getAccessToken,
      fetch: opts.fetch,
      now,
    });
  const pullDeps: PullDeps = { cache, transport, now };
  const engine = createSyncEngine({
    outbox,
    state: engineState,
    vault,
    transport,
    kinds,
    lock: store.drainLock,
    now,
    random: opts.random,
    onServerObservations: (patientId, observations) =>
      addConfirmedObservations(cache, patientId, observations),
    auditBatch: () => auditLog.batch(),
  });
  const env = opts.environment ?? browserEnvironment();
  const triggers = startTriggers({
    env,
    engine,
    engineState,
    vault,
    now,
    intervalMs: opts.syncIntervalMs ?? 30_000,
    onTick: () => void cache.purgeExpired(),
    // Coverage is back: what the screens show is refreshed at once (the token first, by
    // the transport), not at the next background refresh.
    onOnline: () => watched.forEach((id) => void refreshPatient(id).catch(() => {})),
  });
  void requestPersistence();
  const idle = createIdleLock(vault, opts.idleLockMs ?? 5 * 60_000);
  const views = createViewComposer({
    server: store.binding.server,
    vault,
    cache,
    now,
    staleAfter: { ...DEFAULT_STALE_AFTER_MS, ...opts.staleAfterMs },
  });
  // What changes a view besides the store: the lock, the network, and time.
  const viewTriggers: ViewTrigger[] = [
    (emit) => vault.onChange(emit),
    (emit) => triggers.onOnlineChange(emit),
    every(VIEW_REFRESH_MS),
  ];

  const afterUnlock = async () => {
    idle.noteActivity();
    await cache.purgeExpired();
    triggers.drainSoon(true);
  };

  // --- reads -----------------------------------------------------------------------
  const inflight = new Map<string, Promise<void>>();
  const lastBackgroundRefresh = new Map<string, number>();
  /** Patients on screen now (a screen may watch one twice), refreshed when coverage returns. */
  const watched: string[] = [];

  /** A read served from the device because the server could not be reached is logged. */
  async function logOfflineRead(patientId: string, what: string[]): Promise<void> {
    if (!vault.isUnlocked() || what.length === 0) return;
    const who = opts.practitionerId ? `Practitioner/${opts.practitionerId}` : undefined;
    await auditLog.add({ patientId, what, who, at: now().toISOString() });
    // Upload it as soon as the server answers again; without coverage this fails at once
    // and the retry timer takes over.
    triggers.drainSoon();
  }

  function refreshPatient(patientId: string): Promise<void> {
    if (!vault.isUnlocked()) return Promise.reject(new LockedError());
    const running = inflight.get(patientId);
    if (running) return running;
    const p = (async () => {
      const outcomes = await pullPatient(pullDeps, patientId);
      const failed = PATIENT_SECTIONS.filter((s) => {
        const o = outcomes[s];
        return o && o.kind !== 'ok' && o.kind !== 'denied';
      });
      await logOfflineRead(patientId, await views.usableSections(patientId, failed));
    })().finally(() => inflight.delete(patientId));
    inflight.set(patientId, p);
    return p;
  }

  function watchPatient(patientId: string, onChange: (view: PatientView) => void): Unsubscribe {
    idle.noteActivity();
    const stop = watchStore(
      () => Promise.all([cache.forPatient(patientId), outbox.forPatient(patientId)]),
      ([records, items]) => views.patient(records, items),
      onChange,
      viewTriggers,
    );
    const refresh = () => {
      if (!vault.isUnlocked()) return;
      // Screens re-subscribe often (navigation, re-renders); one background fetch per
      // patient per half minute is enough. refreshPatient() is the explicit way.
      const last = lastBackgroundRefresh.get(patientId) ?? 0;
      if (now().getTime() - last < BACKGROUND_REFRESH_MIN_MS) return;
      lastBackgroundRefresh.set(patientId, now().getTime());
      refreshPatient(patientId).catch(() => {});
    };
    refresh();
    const offLock = vault.onChange(() => vault.isUnlocked() && refresh());
    watched.push(patientId);
    return () => {
      stop();
      offLock();
      watched.splice(watched.indexOf(patientId), 1);
    };
  }

  return {
    engine,
    watchPatient,
    refreshPatient,
    async recordVitals(set) {
      idle.noteActivity();
      await outbox.enqueue('vitals', set);
      env.requestBackgroundSync?.();
      triggers.drainSoon(true);
    },
    watchSyncStatus(onChange: (s: SyncStatus) => void) {
      let draining = engine.isDraining();
      // Writes in this device's other stores: read when the watch starts and with the
      // view triggers (they change only when someone logs in there).
      let otherStores: WaitingElsewhere[] = [];
      const readOtherStores = (emit: () => void) => {
        void waitingInOtherStores(scope).then((w) => {
          otherStores = w;
          emit();
        });
      };
      return watchStore(
        () => Promise.all([outbox.counts(), engineState.read(), outbox.elsewhere()]),
        async ([counts, s, inThisStore]) =>
          deriveSyncStatus({
            ...counts,
            online: triggers.isOnline() && !s.unreachable,
            lastSuccessAt: s.lastSuccessAt,
            lastError: s.lastError,
            nextTryAt: s.nextTryAt,
            loginRequired: s.loginRequired,
            draining,
            elsewhere: [...inThisStore.map((w) => ({ ...w, otherUser: false })), ...otherStores],
          }),
        onChange,
        [
          ...viewTriggers,
          // Draining is per tab and in memory, so it is a trigger of its own.
          (emit) =>
            engine.onDrainingChange((d) => {
              draining = d;
              emit();
            }),
          (emit) => {
            readOtherStores(emit);
            return every(VIEW_REFRESH_MS)(() => readOtherStores(emit));
          },
        ],
      );
    },
    async syncNow() {
      idle.noteActivity();
      await engine.drain({ force: true });
    },
    watchWorklist(onChange: (entries: Section<WorklistEntry[]>) => void) {
      idle.noteActivity();
      return watchStore(
        () => Promise.all([cache.all(), outbox.all()]),
        ([records, items]) => views.worklist(records, items),
        onChange,
        viewTriggers,
      );
    },
    // Not user activity: the tap that started it was noted by the screen, and a long
    // background pull must not keep an unattended tablet unlocked (the loop stops at a lock).
    async prefetchWorklist(onProgress) {
      if (!opts.practitionerId)
        throw new Error('Ukjent innlogget helsepersonell: kan ikke hente arbeidsliste.');
      await prefetchWorklist({ ...pullDeps, vault }, opts.practitionerId, onProgress);
    },
    storageInfo: (): Promise<StorageInfo> => readStorageInfo(),
    async wipe(wipeOpts = {}) {
      const unsent = await outbox.count();
      if (unsent > 0 && !wipeOpts.discardUnsent) throw new UnsentDataError(unsent);
      await store.clear();
      await vault.destroy();
      lastBackgroundRefresh.clear();
    },
    lockState: (): Promise<LockState> => vault.state(),
    watchLock(onChange) {
      let closed = false;
      const emit = () => void vault.state().then((s) => !closed && onChange(s));
      emit();
      const off = vault.onChange(emit);
      return () => {
        closed = true;
        off();
      };
    },
    async setupPin(pin) {
      validatePin(pin);
      await vault.setup(pin);
      await afterUnlock();
    },
    async unlock(pin) {
      const ok = await vault.unlock(pin);
      if (ok) await afterUnlock();
      return ok;
    },
    lock: () => vault.lock(),
    noteActivity: () => idle.noteActivity(),
    dismissProblem: (setId) => outbox.dismiss(setId),
    close() {
      triggers.stop();
      idle.stop();
      store.close();
    },
  };
}

function validatePin(pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw new Error('PIN-koden må være 4 til 8 siffer.');
}

/**
 * Opens the client of a login: first takes over the store of the old naming, if this
 * login is the one it belongs to (./storeDirectory.ts), so no queued write is left behind.
 * legacyDbName: the name the app gave this login's store before schema v5.
 */
export async function openOfflineClient(
  opts: OfflineClientOptions & { legacyDbName?: string },
): Promise<VardeOfflineClient> {
  if (opts.legacyDbName && !opts.dbName) {
    try {
      await adoptLegacyStore(opts.legacyDbName, { ...opts.scope, fhirBase: opts.fhirBaseUrl });
    } catch {
      // The old store stays where it is, with everything in it; the next login tries again.
    }
  }
  return createOfflineClient(opts);
}
