// The OfflineClient: composes the device store, the vault, pull, the outbox and the sync
// engine behind the seam in ./api.ts. Screens read from the store (Dexie liveQuery) and
// the client refreshes it in the background; writes go to the outbox first.
import { liveQuery, type Subscription } from 'dexie';
import { observationsToVitalSignsSets } from '../core/fhir/fromObservation';
import { vitalSignsSetToObservations } from '../core/fhir/toObservation';
import type { VitalSignsSet } from '../core/vitals/types';
import type {
  LockState,
  OfflineClient,
  PatientView,
  PrefetchProgress,
  Section,
  StorageInfo,
  SyncStatus,
  Unsubscribe,
  WorklistEntry,
} from './api';
import {
  openVardeDb,
  WORKLIST_KEY,
  type OutboxItem,
  type SectionName,
  type SectionRecord,
  type VardeDb,
} from './db';
import { dismissProblem, enqueueVitals, outboxCounts } from './outbox';
import { storageInfo as readStorageInfo, requestPersistence } from './storage';
import { createDrainLock, type DrainLock } from './sync/drainLock';
import { createSyncEngine, readEngineState, type SyncEngine } from './sync/engine';
import {
  addConfirmedObservations,
  DEFAULT_CACHE_TTL_MS,
  pullPatient,
  pullWorklist,
  purgeExpired,
  readSection,
  type PullDeps,
  type SectionData,
} from './sync/pull';
import type { OfflineRead, ToObservations } from './sync/push';
import { deriveSyncStatus } from './sync/syncStatus';
import { createFetchTransport, type FhirTransport } from './sync/transport';
import { createVault, LockedError, type Vault } from './vault';
import {
  composeSection,
  DEFAULT_STALE_AFTER_MS,
  identitySection,
  localSets,
  mergeVitals,
  servicesSection,
  usable,
  vitalsSection,
  worklistEntry,
  type LocalSet,
  type StaleAfter,
} from './view';

export class UnsentDataError extends Error {
  constructor(readonly count: number) {
    super(
      `${count} måling(er) er ikke sendt til serveren ennå. Send dem før du logger ut, eller bekreft at de skal slettes.`,
    );
    this.name = 'UnsentDataError';
  }
}

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

export interface OfflineClientOptions {
  fhirBaseUrl: string;
  getAccessToken: () => Promise<string | null>;
  /** The signed-in practitioner's id (worklist, audit of offline reads). */
  practitionerId?: string;
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
  /** Stops timers and listeners and closes the database (tests, page unload). */
  close(): void;
  /** For tests and diagnostics. */
  readonly engine: SyncEngine;
};

const BACKGROUND_REFRESH_MIN_MS = 30_000;
const VIEW_REFRESH_MS = 60_000;
const PREFETCH_CONCURRENCY = 3;

const SECTIONS: Exclude<SectionName, 'worklist'>[] = ['identity', 'services', 'vitals', 'scale2'];

export function createOfflineClient(opts: OfflineClientOptions): VardeOfflineClient {
  const now = opts.now ?? (() => new Date());
  const db: VardeDb = openVardeDb(opts.dbName ?? 'varde');
  const vault: Vault = createVault(db, { iterations: opts.pbkdf2Iterations, now });
  const env = opts.environment ?? browserEnvironment();
  const transport =
    opts.transport ??
    createFetchTransport({
      baseUrl: opts.fhirBaseUrl,
      getAccessToken: opts.getAccessToken,
      fetch: opts.fetch,
      now,
    });
  const cacheTtlMs = opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const staleAfter: StaleAfter = { ...DEFAULT_STALE_AFTER_MS, ...opts.staleAfterMs };
  const pullDeps: PullDeps = { db, vault, transport, now, cacheTtlMs };

  const engine = createSyncEngine({
    db,
    vault,
    transport,
    toObservations: opts.toObservations ?? vitalSignsSetToObservations,
    lock: opts.lock ?? createDrainLock(db, { now }),
    now,
    random: opts.random,
    onServerObservations: (patientId, observations) =>
      addConfirmedObservations(pullDeps, patientId, observations),
    auditBatch: async () => {
      const recs = await db.auditLog.orderBy('seq').limit(100).toArray();
      if (recs.length === 0) return null;
      const reads: OfflineRead[] = [];
      for (const r of recs) {
        const body = await vault.open<{ what: string[]; who?: string }>(r.data);
        reads.push({ id: r.id, patientId: r.patientId, at: r.at, what: body.what, who: body.who });
      }
      return { reads, remove: () => db.auditLog.bulkDelete(recs.map((r) => r.seq!)) };
    },
  });

  // --- triggers --------------------------------------------------------------------
  const cleanups: (() => void)[] = [];
  let online = env.isOnline();
  const onlineListeners = new Set<() => void>();
  // The engine backs off after a failure; this timer tries again when the backoff ends, so
  // a queue moves as soon as coverage returns even when no 'online' event fires (the
  // browser may never have noticed it was offline).
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let clientClosed = false;
  const scheduleRetry = async () => {
    const s = await readEngineState(db);
    const until = s.notBefore ?? s.nextTryAt;
    if (!until || clientClosed) return;
    if (retryTimer) clearTimeout(retryTimer);
    const wait = Math.max(0, Date.parse(until) - now().getTime());
    retryTimer = setTimeout(() => drainSoon(), Math.min(wait + 100, 5 * 60_000));
  };
  const drainSoon = (force = false) => {
    if (clientClosed || !vault.isUnlocked()) return;
    void engine
      .drain({ force })
      .then((r) => {
        if ((r.kind === 'stopped' && r.why === 'retry') || r.kind === 'waiting') return scheduleRetry();
      })
      // The store was closed (logout, a new login) while this ran: nothing left to schedule.
      .catch(() => undefined);
  };
  cleanups.push(
    env.onTrigger('online', () => {
      online = true;
      onlineListeners.forEach((l) => l());
      drainSoon(true);
    }),
    env.onTrigger('offline', () => {
      online = false;
      onlineListeners.forEach((l) => l());
    }),
    env.onTrigger('focus', () => drainSoon()),
    env.onTrigger('visible', () => drainSoon()),
    env.onTrigger('sw-sync', () => drainSoon(true)),
  );
  const interval = setInterval(() => {
    if (!vault.isUnlocked()) return;
    void purgeExpired(db, now());
    drainSoon();
  }, opts.syncIntervalMs ?? 30_000);
  cleanups.push(() => clearInterval(interval));
  cleanups.push(() => retryTimer && clearTimeout(retryTimer));
  void requestPersistence();

  // --- idle lock -------------------------------------------------------------------
  const idleLockMs = opts.idleLockMs ?? 5 * 60_000;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const noteActivity = () => {
    if (idleTimer) clearTimeout(idleTimer);
    if (idleLockMs > 0 && vault.isUnlocked()) idleTimer = setTimeout(() => vault.lock(), idleLockMs);
  };
  cleanups.push(() => idleTimer && clearTimeout(idleTimer));

  const afterUnlock = async () => {
    noteActivity();
    await purgeExpired(db, now());
    drainSoon(true);
  };

  // --- offline read audit ----------------------------------------------------------
  async function logOfflineRead(patientId: string, what: string[]): Promise<void> {
    if (!vault.isUnlocked() || what.length === 0) return;
    const who = opts.practitionerId ? `Practitioner/${opts.practitionerId}` : undefined;
    await db.auditLog.add({
      id: crypto.randomUUID(),
      patientId,
      at: now().toISOString(),
      data: await vault.seal({ what, who }),
    });
    // Upload it as soon as the server answers again; without coverage this fails at once
    // and the retry timer takes over.
    drainSoon();
  }

  // --- reads -----------------------------------------------------------------------
  const inflight = new Map<string, Promise<void>>();
  const lastBackgroundRefresh = new Map<string, number>();

  async function refreshPatient(patientId: string): Promise<void> {
    if (!vault.isUnlocked()) throw new LockedError();
    const running = inflight.get(patientId);
    if (running) return running;
    const p = (async () => {
      const outcomes = await pullPatient(pullDeps, patientId);
      // Sections we could not refresh are read from the device: log that read.
      const fromCache: string[] = [];
      for (const s of SECTIONS) {
        const o = outcomes[s];
        if (!o || o.kind === 'ok' || o.kind === 'denied') continue;
        if (usable(await db.sections.get([patientId, s]), now())) fromCache.push(s);
      }
      await logOfflineRead(patientId, fromCache);
    })().finally(() => inflight.delete(patientId));
    inflight.set(patientId, p);
    return p;
  }

  async function openLocal(items: OutboxItem[]): Promise<LocalSet[]> {
    return Promise.all(
      items.map(async (item) => ({ item, set: await vault.open<VitalSignsSet>(item.data) })),
    );
  }

  async function openRecord<K extends SectionName>(
    rec: SectionRecord | undefined,
  ): Promise<SectionData[K] | undefined> {
    if (!usable(rec, now())) return undefined;
    return readSection<K>(pullDeps, rec);
  }

  /** Drops expired data from a record so the view never shows it. */
  function live(rec: SectionRecord | undefined): SectionRecord | undefined {
    if (!rec) return rec;
    return usable(rec, now()) ? rec : { ...rec, data: undefined, fetchedAt: undefined };
  }

  const LOADING: PatientView = {
    identity: { kind: 'loading' },
    services: { kind: 'loading' },
    vitals: { kind: 'loading' },
    scale2: undefined,
  };

  async function composePatient(records: SectionRecord[], items: OutboxItem[]): Promise<PatientView> {
    if (!vault.isUnlocked()) return LOADING;
    const t = now();
    const rec = (s: SectionName) => live(records.find((r) => r.section === s));
    const [identity, services, vitals, scale2, local] = await Promise.all([
      openRecord<'identity'>(rec('identity')),
      openRecord<'services'>(rec('services')),
      openRecord<'vitals'>(rec('vitals')),
      openRecord<'scale2'>(rec('scale2')),
      openLocal(items),
    ]);
    const ctx = (s: SectionName) => ({ now: t, staleAfterMs: staleAfter[s] });
    const scale2Rec = rec('scale2');
    return {
      identity: identitySection(rec('identity'), identity, ctx('identity')),
      services: servicesSection(rec('services'), services, ctx('services')),
      vitals: vitalsSection(rec('vitals'), vitals, localSets(local), ctx('vitals')),
      scale2: scale2Rec?.lastOutcome?.kind === 'denied' ? undefined : scale2,
    };
  }

  /**
   * Runs an async composition on every store change and lock change, delivering only the
   * newest result (an older, slower decryption never overwrites a newer view).
   */
  function watch<Q, V>(
    query: () => Promise<Q>,
    compose: (q: Q) => Promise<V>,
    onChange: (v: V) => void,
    triggers: ((emit: () => void) => () => void)[] = [],
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
          // A lock during decryption: the lock listener re-emits the locked view.
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
    const offLock = vault.onChange(emit);
    const offOnline = (() => {
      onlineListeners.add(emit);
      return () => onlineListeners.delete(emit);
    })();
    // Time alone changes a view (stale after the freshness limit, hidden after expiry).
    const tick = setInterval(emit, VIEW_REFRESH_MS);
    const offTriggers = triggers.map((t) => t(emit));
    return () => {
      closed = true;
      sub.unsubscribe();
      offLock();
      offOnline();
      clearInterval(tick);
      offTriggers.forEach((off) => off());
    };
  }

  function watchPatient(patientId: string, onChange: (view: PatientView) => void): Unsubscribe {
    noteActivity();
    const stop = watch(
      () =>
        Promise.all([
          db.sections.where('patientId').equals(patientId).toArray(),
          db.outbox.where('patientId').equals(patientId).toArray(),
        ]),
      ([records, items]) => composePatient(records, items),
      onChange,
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
    return () => {
      stop();
      offLock();
    };
  }

  async function composeWorklist(
    records: SectionRecord[],
    items: OutboxItem[],
  ): Promise<Section<WorklistEntry[]>> {
    if (!vault.isUnlocked()) return { kind: 'loading' };
    const t = now();
    const listRec = live(records.find((r) => r.patientId === WORKLIST_KEY));
    const list = await openRecord<'worklist'>(listRec);
    const entries: WorklistEntry[] = [];
    for (const id of list?.patientIds ?? []) {
      const identity = await openRecord<'identity'>(
        records.find((r) => r.patientId === id && r.section === 'identity'),
      );
      if (!identity) continue;
      const vitals = await openRecord<'vitals'>(
        records.find((r) => r.patientId === id && r.section === 'vitals'),
      );
      const server = vitals ? observationsToVitalSignsSets(vitals.observations) : [];
      const local = localSets(await openLocal(items.filter((i) => i.patientId === id)));
      entries.push(worklistEntry(identity, mergeVitals(server, local), t));
    }
    return composeSection(listRec, entries.length || list ? entries : undefined, {
      now: t,
      staleAfterMs: staleAfter.worklist,
    });
  }

  return {
    engine,
    watchPatient,
    refreshPatient,
    async recordVitals(set) {
      noteActivity();
      await enqueueVitals(db, vault, set, now());
      env.requestBackgroundSync?.();
      drainSoon(true);
    },
    watchSyncStatus(onChange: (s: SyncStatus) => void) {
      let draining = engine.isDraining();
      return watch(
        () => Promise.all([outboxCounts(db), readEngineState(db)]),
        async ([counts, s]) =>
          deriveSyncStatus({
            ...counts,
            online: online && !s.unreachable,
            lastSuccessAt: s.lastSuccessAt,
            lastError: s.lastError,
            nextTryAt: s.nextTryAt,
            loginRequired: s.loginRequired,
            draining,
          }),
        onChange,
        // Draining is per tab and in memory, so it is a trigger of its own.
        [
          (emit) =>
            engine.onDrainingChange((d) => {
              draining = d;
              emit();
            }),
        ],
      );
    },
    async syncNow() {
      noteActivity();
      await engine.drain({ force: true });
    },
    watchWorklist(onChange) {
      noteActivity();
      return watch(
        () => Promise.all([db.sections.toArray(), db.outbox.toArray()]),
        ([records, items]) => composeWorklist(records, items),
        onChange,
      );
    },
    // Not user activity: the tap that started it was noted by the screen, and a long
    // background pull must not keep an unattended tablet unlocked (the loop stops at a lock).
    async prefetchWorklist(onProgress: (p: PrefetchProgress) => void) {
      if (!opts.practitionerId)
        throw new Error('Ukjent innlogget helsepersonell: kan ikke hente arbeidsliste.');
      if (!vault.isUnlocked()) throw new LockedError();
      const startedAt = now().toISOString();
      const outcome = await pullWorklist(pullDeps, opts.practitionerId);
      if (outcome.kind !== 'ok') {
        throw new Error(
          outcome.kind === 'login-required'
            ? 'Innlogging kreves.'
            : `Kunne ikke hente arbeidslisten: ${outcome.reason}`,
        );
      }
      const rec = await db.sections.get([WORKLIST_KEY, 'worklist']);
      const ids = (await readSection<'worklist'>(pullDeps, rec))?.patientIds ?? [];
      onProgress({ done: 0, total: ids.length });
      // A few patients at a time: the server answers one while the device seals and stores
      // another. More would only queue on the server and hold more responses in memory.
      let next = 0;
      let done = 0;
      const worker = async () => {
        while (next < ids.length) {
          if (!vault.isUnlocked()) throw new LockedError();
          const id = ids[next++];
          const identityRec = await db.sections.get([id, 'identity']);
          const identity = await readSection<'identity'>(pullDeps, identityRec);
          onProgress({ done, total: ids.length, current: identity?.name });
          // The worklist search just brought the identity (CareTeam:patient): no second fetch.
          const fresh = identityRec?.lastOutcome?.kind === 'ok' && identityRec.fetchedAt! >= startedAt;
          await pullPatient(pullDeps, id, { skip: fresh ? ['identity'] : [] });
          onProgress({ done: ++done, total: ids.length });
        }
      };
      await Promise.all(Array.from({ length: Math.min(PREFETCH_CONCURRENCY, ids.length) }, worker));
    },
    storageInfo: (): Promise<StorageInfo> => readStorageInfo(),
    async wipe(wipeOpts = {}) {
      const unsent = await db.outbox.count();
      if (unsent > 0 && !wipeOpts.discardUnsent) throw new UnsentDataError(unsent);
      await db.transaction('rw', [db.sections, db.outbox, db.auditLog, db.meta], async () => {
        await Promise.all([db.sections.clear(), db.outbox.clear(), db.auditLog.clear(), db.meta.clear()]);
      });
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
    lock() {
      vault.lock();
    },
    noteActivity,
    dismissProblem: (setId) => dismissProblem(db, setId),
    close() {
      clientClosed = true;
      cleanups.forEach((c) => c());
      db.close();
    },
  };
}

function validatePin(pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw new Error('PIN-koden må være 4 til 8 siffer.');
}
