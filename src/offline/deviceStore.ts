// The device store: one Dexie database and the store modules over it. Every table has one
// module that owns it (the outbox, the patient cache, the audit log, the engine's memory,
// the vault's key envelope, the drain lease); nothing outside these modules touches Dexie.
import { openVardeDb, type VardeDb } from './db';
import { createAuditLog, type AuditLog } from './auditLog';
import type { KindTable, OutboxPayloads } from './kinds/index';
import { createOutbox, type Outbox } from './outbox';
import { createPatientCache, type PatientCache } from './patientCache';
import { createDrainLock, type DrainLock } from './sync/drainLock';
import { createEngineStateStore, type EngineStateStore } from './sync/engineState';
import { createVault, type Vault } from './vault';

export interface DeviceStore {
  readonly name: string;
  vault: Vault;
  outbox: Outbox<OutboxPayloads>;
  cache: PatientCache;
  auditLog: AuditLog;
  engineState: EngineStateStore;
  /** One drainer at a time across tabs, for this store. */
  drainLock: DrainLock;
  /** Empties every table (logout). The vault's key goes with the meta table. */
  clear(): Promise<void>;
  close(): void;
}

export interface DeviceStoreOptions {
  now: () => Date;
  /** The kinds of write the outbox takes (./kinds/index.ts outboxKinds()). */
  kinds: KindTable<OutboxPayloads>;
  cacheTtlMs?: number;
  pbkdf2Iterations?: number;
  /** Replaces the drain lock (tests: a short lease, in a connection of its own). */
  drainLock?: DrainLock;
}

export function openDeviceStore(name: string, opts: DeviceStoreOptions): DeviceStore {
  const db: VardeDb = openVardeDb(name);
  const { now } = opts;
  const vault = createVault(db, { iterations: opts.pbkdf2Iterations, now });
  return {
    name,
    vault,
    outbox: createOutbox(db, vault, { now, kinds: opts.kinds }),
    cache: createPatientCache(db, vault, { now, cacheTtlMs: opts.cacheTtlMs }),
    auditLog: createAuditLog(db, vault),
    engineState: createEngineStateStore(db),
    drainLock: opts.drainLock ?? createDrainLock(db, { now }),
    clear: () =>
      db.transaction('rw', [db.sections, db.outbox, db.auditLog, db.meta], async () => {
        await Promise.all([db.sections.clear(), db.outbox.clear(), db.auditLog.clear(), db.meta.clear()]);
      }),
    close: () => db.close(),
  };
}
