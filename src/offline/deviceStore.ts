// The device store: one Dexie database and the store modules over it. Every table has one
// module that owns it (the outbox, the patient cache, the audit log, the engine's memory,
// the vault's key envelope, the drain lease); nothing outside these modules touches Dexie.
import { META, openVardeDb, type IdbBackend, type VardeDb } from './db';
import { createAuditLog, type AuditLog } from './auditLog';
import type { KindTable, OutboxPayloads } from './kinds/index';
import { createOutbox, type Outbox } from './outbox';
import { createPatientCache, type PatientCache } from './patientCache';
import { bindingOf, type StoreScope, type WriteBinding } from './storeScope';
import { createDrainLock, type DrainLock } from './sync/drainLock';
import { createEngineStateStore, type EngineStateStore } from './sync/engineState';
import { createSessionVault, createVault, type Vault } from './vault';

export interface DeviceStore {
  readonly name: string;
  /** The server (and tenant) this store's writes are bound to. */
  readonly binding: WriteBinding;
  vault: Vault;
  outbox: Outbox<OutboxPayloads>;
  cache: PatientCache;
  auditLog: AuditLog;
  engineState: EngineStateStore;
  /** One drainer at a time across tabs, for this store. */
  drainLock: DrainLock;
  /**
   * Empties every table (logout): nothing is left, not even whose store it is (written
   * again when the store is next opened). The vault's key goes with the meta table.
   */
  clear(): Promise<void>;
  close(): void;
}

export interface DeviceStoreOptions {
  /** Whose store it is: its writes are bound to scope.fhirBase. */
  scope: StoreScope;
  now: () => Date;
  /** The kinds of write the outbox takes (./kinds/index.ts outboxKinds()). */
  kinds: KindTable<OutboxPayloads>;
  cacheTtlMs?: number;
  pbkdf2Iterations?: number;
  /** Replaces the drain lock (tests: a short lease, in a connection of its own). */
  drainLock?: DrainLock;
  /** Another IndexedDB than the browser's: an online session's store in memory (db.ts memoryBackend). */
  backend?: IdbBackend;
  /** A key made for this session only, no PIN (createSessionVault): an online session the EPJ locks. */
  sessionKey?: boolean;
  /** Whether the session may create this resource type (granted scope); the outbox refuses others. */
  mayWrite?: (resourceType: string) => boolean;
}

export function openDeviceStore(name: string, opts: DeviceStoreOptions): DeviceStore {
  const { now, scope } = opts;
  const db: VardeDb = openVardeDb(name, scope, opts.backend);
  const binding = bindingOf(scope);
  const vault = opts.sessionKey
    ? createSessionVault()
    : createVault(db, { iterations: opts.pbkdf2Iterations, now });
  // Says whose store this is, for the status of other sessions on the device
  // (./storeDirectory.ts). Dexie queues it before anything else on this connection.
  void db
    .transaction('rw', db.meta, async () => {
      if (!(await db.meta.get(META.scope))) await db.meta.put({ key: META.scope, value: scope });
    })
    .catch(() => {});
  return {
    name,
    binding,
    vault,
    outbox: createOutbox(db, vault, { now, kinds: opts.kinds, binding, mayWrite: opts.mayWrite }),
    cache: createPatientCache(db, vault, { now, cacheTtlMs: opts.cacheTtlMs }),
    auditLog: createAuditLog(db, vault, binding),
    engineState: createEngineStateStore(db),
    drainLock: opts.drainLock ?? createDrainLock(db, { now }),
    clear: () =>
      db.transaction('rw', [db.sections, db.outbox, db.auditLog, db.meta], async () => {
        await Promise.all([db.sections.clear(), db.outbox.clear(), db.auditLog.clear(), db.meta.clear()]);
      }),
    close: () => db.close(),
  };
}
