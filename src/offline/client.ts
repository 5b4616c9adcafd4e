// The OfflineClient: a thin engine over the device store, the way android-fhir's
// FhirEngine sits over its database and sync parts. It wires the store modules
// (./deviceStore.ts: outbox, patient cache, audit log, engine memory, vault), the sync
// engine, the triggers, the idle lock, the patient reads and the view composition behind
// the seam in ./api.ts; its writes (./writeCommands.ts) and its lock (./lockCommands.ts)
// are modules of their own, and what it is made with is ./clientOptions.ts. It touches no
// table itself.
import type { Communication } from '@medplum/fhirtypes';
import type { OfflineClient, Section, StorageInfo, SyncStatus, WorklistEntry } from './api';
import type { OfflineClientOptions } from './clientOptions';
import { memoryBackend } from './db';
import { openDeviceStore } from './deviceStore';
import { browserEnvironment } from './environment';
import { createIdleLock } from './idleLock';
import { outboxKinds } from './kinds/index';
import { every, watchStore, type ViewTrigger } from './liveView';
import { createLockCommands } from './lockCommands';
import { createPatientReads } from './patientReads';
import { createViewComposer } from './patientView';
import { prefetchWorklist } from './prefetch';
import { DEFAULT_STALE_AFTER_MS } from './sections/freshness';
import { watchSyncStatus } from './statusView';
import { storageInfo as readStorageInfo, requestPersistence } from './storage';
import { adoptLegacyStore } from './storeDirectory';
import { deviceStoreName, type StoreScope } from './storeScope';
import { createCapabilitiesSource } from './sync/capabilities';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import type { PullDeps } from './sync/fhirGet';
import { addConfirmedEscalations } from './sync/pullEscalations';
import { addConfirmedPlanResources } from './sync/pullPlans';
import { addConfirmedObservations } from './sync/pullVitals';
import { createFetchTransport } from './sync/transport';
import { startTriggers } from './triggers';
import { createWriteCommands } from './writeCommands';

export type { MemoryStoreOptions, OfflineClientOptions } from './clientOptions';
export { BACKGROUND_SYNC_TAG, browserEnvironment, type ClientEnvironment } from './environment';

export class UnsentDataError extends Error {
  constructor(readonly count: number) {
    super(
      `${count} registrering(er) er ikke sendt til serveren ennå. Send dem før du logger ut, eller bekreft at de skal slettes.`,
    );
    this.name = 'UnsentDataError';
  }
}

export type VardeOfflineClient = OfflineClient & {
  /** For tests and diagnostics. */
  readonly engine: SyncEngine;
};

const VIEW_REFRESH_MS = 60_000;

export function createOfflineClient(opts: OfflineClientOptions): VardeOfflineClient {
  const now = opts.now ?? (() => new Date());
  const kinds = outboxKinds({ toObservations: opts.toObservations });
  const scope: StoreScope = { ...opts.scope, fhirBase: opts.fhirBaseUrl };
  const memory = opts.memory;
  if (memory && !memory.backend)
    throw new Error('An online session needs its memory backend (openOfflineClient).');
  // The EPJ governs locking unless the deployment asks for the idle lock.
  const sessionKey = memory !== undefined && (memory.lock ?? 'epj') === 'epj';
  // A session's store has a name of its own: its drain lock (per name) and the status of
  // other stores never mistake it for this user's store on the device.
  const name =
    opts.dbName ??
    (memory ? `${deviceStoreName(scope)}#session:${crypto.randomUUID()}` : deviceStoreName(scope));
  const store = openDeviceStore(name, {
    scope,
    now,
    kinds,
    cacheTtlMs: opts.cacheTtlMs,
    pbkdf2Iterations: opts.pbkdf2Iterations,
    drainLock: opts.lock,
    backend: memory?.backend,
    sessionKey,
    mayWrite: opts.mayWrite,
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
  const capabilities = opts.capabilities ?? createCapabilitiesSource(transport);
  const pull: PullDeps = { cache, transport, now, capabilities };
  const engine = createSyncEngine({
    outbox,
    state: engineState,
    vault,
    transport,
    capabilities,
    kinds,
    lock: store.drainLock,
    now,
    random: opts.random,
    onServerObservations: (patientId, observations) =>
      addConfirmedObservations(cache, patientId, observations),
    onServerResources: async (patientId, resources) => {
      await addConfirmedPlanResources(cache, patientId, resources);
      await addConfirmedEscalations(
        cache,
        patientId,
        resources.filter((r): r is Communication => r.resourceType === 'Communication'),
      );
    },
    // Kept on the device (never dropped) while the login may not write AuditEvents.
    auditBatch: () => (opts.mayWrite?.('AuditEvent') === false ? Promise.resolve(null) : auditLog.batch()),
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
    // Coverage is back: the drain has started (the transport refreshes the token first),
    // and the patients on screen are fetched again.
    onOnline: () => reads.refreshWatched(),
  });
  // Persistent storage is for the device store; a session in memory has nothing to keep.
  if (!memory) void requestPersistence();
  const idle = createIdleLock(vault, sessionKey ? 0 : (opts.idleLockMs ?? 5 * 60_000));
  // What changes a view besides the store: the lock, the network, and time.
  const viewTriggers: ViewTrigger[] = [
    (emit) => vault.onChange(emit),
    (emit) => triggers.onOnlineChange(emit),
    every(VIEW_REFRESH_MS),
  ];
  const views = createViewComposer({
    server: store.binding.server,
    vault,
    cache,
    now,
    staleAfter: { ...DEFAULT_STALE_AFTER_MS, ...opts.staleAfterMs },
  });
  const reads = createPatientReads({
    vault,
    cache,
    outbox,
    auditLog,
    views,
    pull,
    now,
    practitionerId: opts.practitionerId,
    drainSoon: () => triggers.drainSoon(),
    noteActivity: () => idle.noteActivity(),
    viewTriggers,
  });
  // The server answers again after a spell without an answer (the browser may never have
  // said it was offline): fetch the patients on screen again, as on 'online'.
  const offReachable = engineState.onReachableAgain(() => reads.refreshWatched());

  const writes = createWriteCommands({
    outbox,
    vault,
    env,
    triggers,
    noteActivity: () => idle.noteActivity(),
  });
  const lockCommands = createLockCommands({
    vault,
    idle,
    afterUnlock: async () => {
      idle.noteActivity();
      await cache.purgeExpired();
      triggers.drainSoon(true);
    },
  });

  return {
    engine,
    watchPatient: reads.watchPatient,
    refreshPatient: reads.refreshPatient,
    ...writes,
    watchSyncStatus: (onChange: (s: SyncStatus) => void) =>
      watchSyncStatus(
        {
          outbox,
          engineState,
          engine,
          scope,
          storeName: store.name,
          isOnline: triggers.isOnline,
          viewTriggers,
          otherStoresEveryMs: VIEW_REFRESH_MS,
        },
        onChange,
      ),
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
      await prefetchWorklist({ ...pull, vault }, opts.practitionerId, onProgress);
    },
    storageInfo: (): Promise<StorageInfo> => readStorageInfo(),
    async wipe(wipeOpts = {}) {
      const unsent = await outbox.count();
      if (unsent > 0 && !wipeOpts.discardUnsent) throw new UnsentDataError(unsent);
      await store.clear();
      await vault.destroy();
      reads.forget();
    },
    ...lockCommands,
    close() {
      offReachable();
      triggers.stop();
      idle.stop();
      store.close();
    },
  };
}

/**
 * Opens the client of a login: first takes over the store of the old naming, if this
 * login is the one it belongs to (./storeDirectory.ts), so no queued write is left behind.
 * legacyDbName: the name the app gave this login's store before schema v5.
 */
export async function openOfflineClient(
  opts: OfflineClientOptions & { legacyDbName?: string },
): Promise<VardeOfflineClient> {
  if (opts.memory) {
    // Nothing is taken over from the device, and nothing is written to it. Resolves once
    // the session's key exists, so the store is readable from the first call.
    const backend = opts.memory.backend ?? (await memoryBackend());
    const client = createOfflineClient({ ...opts, memory: { ...opts.memory, backend } });
    await client.lockState();
    return client;
  }
  if (opts.legacyDbName && !opts.dbName) {
    try {
      await adoptLegacyStore(opts.legacyDbName, { ...opts.scope, fhirBase: opts.fhirBaseUrl });
    } catch {
      // The old store stays where it is, with everything in it; the next login tries again.
    }
  }
  return createOfflineClient(opts);
}
