// The device store: one Dexie database per signed-in device profile.
//
// Records are few and large on purpose: IndexedDB writes are the cost of sync (TOOLING.md
// measured ~6k Dexie puts/s), so a patient's vitals are one record per patient section,
// not one per Observation. Everything that holds patient data is sealed (AES-GCM, see
// ./crypto.ts); only routing metadata (patient id, section, timestamps, states) is clear.
//
// Schema history (never edit an old version; add a new one with an upgrade):
//   v1  sections, outbox (no state index), meta
//   v2  outbox gains `state` (index) and `attempts`; auditLog table for offline reads
//   v3  same tables; cached vitals held whole Observations and are dropped (refetched in
//       full on the next pull). They are sealed, so the upgrade cannot strip them in place.
//   v4  same tables; cached vitals change from stripped Observations to the compact form of
//       ./sync/vitalsCache.ts and are dropped again, for the same reason.
//   v5  outbox items and offline reads are bound to the server (FHIR base) and tenant they
//       were recorded for: `server` index and `[server+state]` on the outbox, `server` on
//       the audit log; meta `scope` names the store's server and user. The upgrade binds
//       what is there to the store's own server (the scope it is opened with); the cache
//       is kept. Opened without a scope (tools, old tests) items stay unbound, and an
//       unbound item is never sent (./outbox.ts).
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Sealed } from './crypto';
import { bindingOf, type StoreScope } from './storeScope';

/**
 * Cached sections. New sections need no schema version (records are keyed by patient and
 * section name): `plans` (NEWS2 monitoring and personal plans), `contacts` (whom to call)
 * and `escalations` (escalation records) came so.
 */
export type SectionName =
  'identity' | 'services' | 'vitals' | 'scale2' | 'plans' | 'worklist' | 'contacts' | 'escalations';

/** What happened the last time this section was fetched from the server. */
export type FetchOutcome =
  | { kind: 'ok'; at: string }
  | { kind: 'denied'; at: string; reason: string }
  | { kind: 'unavailable'; at: string; reason: string }
  | { kind: 'login-required'; at: string };

/** One cached section of one patient (or the worklist, with patientId WORKLIST_KEY). */
export interface SectionRecord {
  patientId: string;
  section: SectionName;
  /** When the sealed data was last confirmed by the server. Absent: never fetched. */
  fetchedAt?: string;
  /** Cached data is deleted after this time (a shift by default). */
  expiresAt?: string;
  /** Incremental pull high-water mark (the server's meta.lastUpdated). */
  checkpoint?: string;
  lastOutcome?: FetchOutcome;
  data?: Sealed;
}

export type OutboxState = 'pending' | 'sending' | 'parked' | 'conflict';

/**
 * One write waiting for the server's confirmation. Leaves the table only when confirmed.
 * `kind` names a kind registered in ./kinds/index.ts, which says what `data` holds.
 */
export interface OutboxItem<K extends string = string> {
  /** Insertion order; the drainer sends oldest first, whatever the kind. */
  seq?: number;
  /** The client-made id (for a set: its id, also the FHIR identifier prefix for conditional create). */
  id: string;
  patientId: string;
  kind: K;
  state: OutboxState;
  /**
   * The FHIR base (normalised) the write was recorded for: it is sent there and nowhere
   * else. Absent only on items a v5 upgrade could not bind (never sent).
   */
  server?: string;
  /** The tenant (municipality) it was recorded for, where the server names one. */
  tenant?: string;
  createdAt: string;
  attempts: number;
  /** Earliest time the drainer may try this item again (backoff). */
  nextTryAt?: string;
  /** Norwegian text from the server's OperationOutcome (parked) or the conflict. */
  problem?: string;
  /**
   * The id of another item whose payload this one carries and sends (its kind's `holds`):
   * that item is never sent alone while this one waits, and leaves with it. Not indexed.
   */
  holds?: string;
  /** The id of an item the server must have first (its kind's `after`). Not indexed. */
  after?: string;
  /** The kind's payload (for 'vitals' the VitalSignsSet), sealed. */
  data: Sealed;
}

/** A read of cached patient data without the server (uploaded as an AuditEvent). */
export interface AuditLogRecord {
  seq?: number;
  id: string;
  patientId: string;
  /** The server whose data was read: the read is uploaded there only. */
  server?: string;
  at: string;
  /** Sealed {what, who}. */
  data: Sealed;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export const WORKLIST_KEY = '_worklist';

export const SCHEMA_V1 = {
  sections: '[patientId+section], patientId, expiresAt',
  outbox: '++seq, &id, patientId',
  meta: 'key',
};

export const SCHEMA_V2 = {
  sections: '[patientId+section], patientId, expiresAt',
  outbox: '++seq, &id, patientId, state',
  auditLog: '++seq, &id, patientId',
  meta: 'key',
};

export const SCHEMA_V5 = {
  sections: '[patientId+section], patientId, expiresAt',
  outbox: '++seq, &id, patientId, state, server, [server+state]',
  auditLog: '++seq, &id, patientId, server',
  meta: 'key',
};

export type VardeDb = Dexie & {
  sections: Table<SectionRecord, [string, string]>;
  outbox: EntityTable<OutboxItem, 'seq'>;
  auditLog: EntityTable<AuditLogRecord, 'seq'>;
  meta: EntityTable<MetaRecord, 'key'>;
};

/** An IndexedDB other than the browser's own: the memory store of an online session. */
export interface IdbBackend {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

/**
 * A fresh IndexedDB that lives in this page's memory only: fake-indexeddb, a pure-JS
 * implementation of the W3C IndexedDB API (the one the unit tests run on). Nothing of it
 * reaches the disk, and it is gone when the page is. Each call is a new, empty one. Loaded
 * on demand: only an online session (an EHR launch on a desktop) needs it.
 */
export async function memoryBackend(): Promise<IdbBackend> {
  const fake = await import('fake-indexeddb');
  return {
    indexedDB: new fake.IDBFactory() as unknown as IDBFactory,
    IDBKeyRange: fake.IDBKeyRange as unknown as typeof IDBKeyRange,
  };
}

/**
 * scope: the store's own server, to which a v5 upgrade binds what is queued (see above).
 * backend: another IndexedDB than the browser's (memoryBackend()); the same schema.
 */
export function openVardeDb(name = 'varde', scope?: StoreScope, backend?: IdbBackend): VardeDb {
  const db = (
    backend
      ? new Dexie(name, { indexedDB: backend.indexedDB, IDBKeyRange: backend.IDBKeyRange })
      : new Dexie(name)
  ) as VardeDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade((tx) =>
      tx
        .table('outbox')
        .toCollection()
        .modify((item: Partial<OutboxItem>) => {
          item.state ??= 'pending';
          item.attempts ??= 0;
        }),
    );
  // Cache only: the outbox (unsent writes) is never touched by this upgrade.
  db.version(3)
    .stores(SCHEMA_V2)
    .upgrade((tx) =>
      tx
        .table('sections')
        .filter((rec: SectionRecord) => rec.section === 'vitals')
        .delete(),
    );
  // Cache only, as in v3: the outbox is never touched.
  db.version(4)
    .stores(SCHEMA_V2)
    .upgrade((tx) =>
      tx
        .table('sections')
        .filter((rec: SectionRecord) => rec.section === 'vitals')
        .delete(),
    );
  // Binds queued writes and offline reads to the store's server; nothing is dropped.
  db.version(5)
    .stores(SCHEMA_V5)
    .upgrade(async (tx) => {
      if (!scope) return;
      const { server, tenant } = bindingOf(scope);
      await tx
        .table('outbox')
        .toCollection()
        .modify((item: OutboxItem) => {
          item.server ??= server;
          if (tenant !== undefined) item.tenant ??= tenant;
        });
      await tx
        .table('auditLog')
        .toCollection()
        .modify((rec: AuditLogRecord) => {
          rec.server ??= server;
        });
      await tx.table('meta').put({ key: META.scope, value: scope } satisfies MetaRecord);
    });
  return db;
}

// Meta keys, in one place so two modules never disagree on a spelling.
export const META = {
  keyEnvelope: 'keyEnvelope',
  pinAttempts: 'pinAttempts',
  drainLock: 'drainLock',
  engine: 'engineState',
  /** The StoreScope the store belongs to (server, issuer, tenant, user, label). */
  scope: 'scope',
  /** On a store of the old naming: the name of the store that took its contents over. */
  adoptedBy: 'adoptedBy',
} as const;

export async function getMeta<T>(db: VardeDb, key: string): Promise<T | undefined> {
  const rec = await db.meta.get(key);
  return rec?.value as T | undefined;
}

export async function setMeta(db: VardeDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
