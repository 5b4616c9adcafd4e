// A bulk loader for large synthetic datasets (benchmark 6: 10,000 patients, ~2 M resources).
// It writes the rows ingest writes — events, projections and what the ingest hook derives
// (NEWS2) — with the store's own code (prepareAppend, insertEvents, upsertProjections, the
// hook), but it skips what only live ingest needs:
// - the hook runs on the batch in memory instead of reading the set's parts back from the
//   database, so every vital-signs set must arrive whole in one batch (checked);
// - many batches go into one transaction and one multi-row INSERT per 2,000 rows;
// - optionally the tables' secondary indexes are dropped for the load and built again
//   after, from their own definitions, which is much cheaper than growing GIN indexes row
//   by row. Only for a database nobody else is using meanwhile (a bench or a first start).
// bulkLoad.int.test.ts proves that a bulk load reads back exactly as the normal ingest.
import type { Resource } from '@medplum/fhirtypes';
import type { Database } from '../db/types';
import { searchColumns } from './projection';
import { currentVersions, insertEvents, lockKey, prepareAppend, upsertProjections } from './appendRows';
import type { AppendInput, EventWriter, IngestHook } from './types';

export interface BulkLoadOptions {
  /** The ingest hook of the store the data is meant for (news2OnIngest). */
  hook?: IngestHook;
  /** Clock for received times, as in createSqlEventStore. */
  now?: () => Date;
  /** Resources per transaction (default 40,000). */
  resourcesPerTransaction?: number;
  /** Drop the secondary indexes of events and resources for the load, then rebuild them. */
  deferIndexes?: boolean;
  /** Called after each transaction with the resources written so far. */
  onProgress?: (written: number) => void;
}

export interface BulkLoadResult {
  /** Resources written, derived ones included. */
  resources: number;
  /** Of them, derived by the hook. */
  derived: number;
}

function notInBulk(name: string): never {
  throw new Error(`bulkLoad: the ingest hook called ${name}, which a bulk load does not offer`);
}

/**
 * An EventWriter for the hook that answers findVitalSignsSets from the batch in memory:
 * all a set's parts are in the batch (bulkLoad checks), so the answer is what the
 * database would give after the batch's insert.
 */
function batchWriter(tenant: string, batch: Resource[]): EventWriter {
  return {
    tenant,
    async findVitalSignsSets(setIds, exceptIds = []) {
      const wanted = new Set(setIds);
      const except = new Set(exceptIds);
      return batch.filter((r) => {
        const s = r.resourceType === 'Observation' ? searchColumns(r).setId : null;
        return s !== null && wanted.has(s) && !except.has(r.id as string);
      });
    },
    read: () => notInBulk('read'),
    findByIdentifier: () => notInBulk('findByIdentifier'),
    findByIdentifiers: () => notInBulk('findByIdentifiers'),
    append: () => notInBulk('append'),
    appendMany: () => notInBulk('appendMany'),
    appendAudit: () => notInBulk('appendAudit'),
  };
}

interface IndexDef {
  name: string;
  sql: string;
}

/** Secondary (non-constraint) indexes of the tables, with the SQL that builds each again. */
async function secondaryIndexes(db: Database): Promise<IndexDef[]> {
  const r = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN ('events', 'resources')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  return r.rows.map((row) => ({ name: row.indexname, sql: row.indexdef }));
}

/**
 * Loads batches of resources into one tenant as ingest would (one appendBatch per batch),
 * in large transactions. Each batch must hold every part of the vital-signs sets in it.
 */
export async function bulkLoad(
  db: Database,
  tenant: string,
  batches: Iterable<AppendInput[]>,
  opts: BulkLoadOptions = {},
): Promise<BulkLoadResult> {
  const now = opts.now ?? (() => new Date());
  const perTx = opts.resourcesPerTransaction ?? 40_000;
  const indexes = opts.deferIndexes ? await secondaryIndexes(db) : [];
  for (const ix of indexes) await db.exec(`DROP INDEX ${ix.name}`);
  const setsSeen = new Set<string>();
  let resources = 0;
  let derived = 0;
  try {
    const it = batches[Symbol.iterator]();
    let next = it.next();
    while (!next.done) {
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(tenant)]);
        let inTx = 0;
        while (!next.done && inTx < perTx) {
          const inputs = next.value;
          const batch = prepareAppend(
            tenant,
            inputs,
            await currentVersions(tx, tenant, inputs),
            now().toISOString(),
          );
          const appended = batch.prepared.map((p) => p.resource);
          const batchSets = new Set<string>();
          for (const r of appended) {
            const s = r.resourceType === 'Observation' ? searchColumns(r).setId : null;
            if (s === null || batchSets.has(s)) continue;
            if (setsSeen.has(s)) throw new Error(`bulkLoad: vital-signs set ${s} spans two batches`);
            batchSets.add(s);
          }
          for (const s of batchSets) setsSeen.add(s);
          const more = opts.hook ? await opts.hook(appended, batchWriter(tenant, appended)) : [];
          // Derived resources carry no ids, so they are new: version 1, as appendMany makes them.
          const extra = prepareAppend(tenant, more, new Map(), now().toISOString());
          await insertEvents(tx, [...batch.prepared, ...extra.prepared]);
          await upsertProjections(tx, tenant, [...batch.latest, ...extra.latest]);
          inTx += appended.length + more.length;
          resources += appended.length + more.length;
          derived += more.length;
          next = it.next();
        }
      });
      opts.onProgress?.(resources);
    }
  } finally {
    for (const ix of indexes) await db.exec(ix.sql);
    if (indexes.length) await db.exec('ANALYZE events; ANALYZE resources');
  }
  return { resources, derived };
}
