// The OfflineClient: a thin engine over the device store, the way android-fhir's
// FhirEngine sits over its database and sync parts. It wires the store modules
// (./deviceStore.ts: outbox, patient cache, audit log, engine memory, vault), the sync
// engine, the triggers, the idle lock, the patient reads and the view composition behind
// the seam in ./api.ts. It touches no table itself.
import type { Communication } from '@medplum/fhirtypes';
import type {
  AccessToken,
  LockState,
  OfflineClient,
  Section,
  StorageInfo,
  SyncStatus,
  WorklistEntry,
} from './api';
import { memoryBackend, type IdbBackend } from './db';
import { openDeviceStore } from './deviceStore';
import { browserEnvironment, type ClientEnvironment } from './environment';
import { createIdleLock } from './idleLock';
import { outboxKinds, type CorrectionWrite, type OutboxPayloads } from './kinds/index';
import { InvalidWriteError, type Outbox } from './outbox';
import type { Vault } from './vault';
import type { SetCorrection } from '../core/correction/types';
import type { VitalSignsSet } from '../core/vitals/types';
import { every, watchStore, type ViewTrigger } from './liveView';
import { createPatientReads } from './patientReads';
import { createViewComposer } from './patientView';
import { prefetchWorklist } from './prefetch';
import { watchSyncStatus } from './statusView';
import { storageInfo as readStorageInfo, requestPersistence } from './storage';
import { adoptLegacyStore } from './storeDirectory';
import { deviceStoreName, type StoreScope } from './storeScope';
import type { DrainLock } from './sync/drainLock';
import { createCapabilitiesSource, type CapabilitiesSource } from './sync/capabilities';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import type { PullDeps } from './sync/fhirGet';
import { addConfirmedEscalations } from './sync/pullEscalations';
import { addConfirmedPlanResources } from './sync/pullPlans';
import { addConfirmedObservations } from './sync/pullVitals';
import type { ToObservations } from './sync/push';
import { createFetchTransport, type FhirTransport } from './sync/transport';
import { startTriggers } from './triggers';
import { DEFAULT_STALE_AFTER_MS, type StaleAfter } from './view';

export { BACKGROUND_SYNC_TAG, browserEnvironment, type ClientEnvironment } from './environment';

export class UnsentDataError extends Error {
  constructor(readonly count: number) {
    super(
      `${count} registrering(er) er ikke sendt til serveren ennå. Send dem før du logger ut, eller bekreft at de skal slettes.`,
    );
    this.name = 'UnsentDataError';
  }
}

/**
 * An online session (an EHR launch on a desktop, issue #12 point 3): the same client, its
 * store in this page's memory only. Nothing is sealed on the device, so there is nothing at
 * rest to protect with a PIN; a write that cannot be sent waits in memory (the app warns
 * before the window closes). Offline-read audit, freshness, expiry and the outbox's rules
 * are the same code as on a tablet, over another IndexedDB.
 */
export interface MemoryStoreOptions {
  /**
   * 'epj' (default): the EPJ's session governs locking: no PIN, no idle lock.
   * 'idle': a PIN chosen for this session and the idle lock, as on a tablet.
   */
  lock?: 'epj' | 'idle';
  /** The in-memory IndexedDB (db.ts memoryBackend()); openOfflineClient makes one. */
  backend?: IdbBackend;
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
  /** An online session: the store in memory only (see MemoryStoreOptions). Absent: the device store. */
  memory?: MemoryStoreOptions;
  /**
   * Whether the login may create this resource type (the granted scope). Absent: all. A
   * write holding a type it may not create is refused before it is stored
   * (WriteNotGrantedError), and offline reads wait on the device while AuditEvent is not granted.
   */
  mayWrite?: (resourceType: string) => boolean;
  /**
   * Whether the server takes transaction and batch Bundles. Default: read from its
   * CapabilityStatement (`GET metadata`) once per client (./sync/capabilities.ts).
   */
  capabilities?: CapabilitiesSource;
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

  /** Any write: to the outbox first (validated by its kind), then a drain soon. */
  async function record<K extends keyof OutboxPayloads & string>(kind: K, payload: OutboxPayloads[K]) {
    idle.noteActivity();
    await outbox.enqueue(kind, payload);
    env.requestBackgroundSync?.();
    triggers.drainSoon(true);
  }

  const afterUnlock = async () => {
    idle.noteActivity();
    await cache.purgeExpired();
    triggers.drainSoon(true);
  };

  return {
    engine,
    watchPatient: reads.watchPatient,
    refreshPatient: reads.refreshPatient,
    async recordVitals(set) {
      idle.noteActivity();
      await outbox.enqueue('vitals', set);
      env.requestBackgroundSync?.();
      triggers.drainSoon(true);
    },
    recordMonitoringPlan: (plan) => record('monitoringPlan', plan),
    recordPersonalPlan: (plan) => record('personalPlan', plan),
    recordScale2Change: (change) => record('scale2Decision', change),
    async recordEscalation(record, set) {
      idle.noteActivity();
      await outbox.enqueue('escalation', { record, set });
      env.requestBackgroundSync?.();
      triggers.drainSoon(true);
    },
    async correctSet({ id, correction }) {
      idle.noteActivity();
      const write = await correctionWrite(outbox, vault, id, correction);
      await outbox.enqueue('correction', write);
      env.requestBackgroundSync?.();
      triggers.drainSoon(true);
    },
    async commentSet(write) {
      idle.noteActivity();
      await outbox.enqueue('comment', write);
      env.requestBackgroundSync?.();
      triggers.drainSoon(true);
    },
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
      offReachable();
      triggers.stop();
      idle.stop();
      store.close();
    },
  };
}

/** States of a set's own item in which it has not (as far as the device knows) reached the server. */
const UNSENT = new Set(['pending', 'sending', 'parked']);

/**
 * The correction as it goes to the outbox: carrying the set when the set's own item still
 * waits here (./kinds/correction.ts), so the two reach the server together or not at all.
 * Refused when a correction of the same set already waits on the device.
 */
async function correctionWrite(
  outbox: Outbox,
  vault: Vault,
  id: string,
  correction: SetCorrection,
): Promise<CorrectionWrite> {
  let set: VitalSignsSet | undefined;
  for (const item of await outbox.forPatient(correction.patientId)) {
    if (item.kind === 'correction' && item.id !== id) {
      const other = await vault.open<CorrectionWrite>(item.data);
      if (other.correction.setId === correction.setId)
        throw new InvalidWriteError('Målingen er allerede markert som registrert feil på denne enheten.');
    }
    if (item.kind === 'vitals' && item.id === correction.setId && UNSENT.has(item.state))
      set = await vault.open<VitalSignsSet>(item.data);
  }
  return set ? { id, correction, set } : { id, correction };
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
