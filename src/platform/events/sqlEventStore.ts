// EventStore over the SQL Database interface, so PGlite and PostgreSQL share one
// implementation. Writes take a per-tenant advisory lock: conditional creates are then
// check-then-insert without races, on a pooled server as well as on PGlite. The rows an
// append writes are built in appendRows.ts, reads and searches run in resourceQueries.ts,
// the audit log lives in sqlAuditLog.ts.
import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import type { Database, Queryable } from '../db/types';
import {
  currentVersions,
  insertEventsAndProjections,
  lockKey,
  prepareAppend,
  upsertProjections,
} from './appendRows';
import { parseContent, readResource, searchRows } from './resourceQueries';
import { createAuditQueue, insertAudit, searchAudit } from './sqlAuditLog';
import type { AppendInput, AuditQuery, EventStore, EventWriter, IngestHook, StoredResource } from './types';

class SqlWriter implements EventWriter {
  private inHook = false;

  constructor(
    readonly tenant: string,
    private readonly q: Queryable,
    private readonly now: () => Date,
    private readonly hook: IngestHook | undefined,
  ) {}

  read(type: string, id: string): Promise<StoredResource | undefined> {
    return readResource(this.q, this.tenant, type, id);
  }

  async findByIdentifier(type: string, token: string): Promise<Resource[]> {
    const r = await this.q.query<{ content: unknown }>(
      `SELECT content FROM resources WHERE tenant = $1 AND resource_type = $2 AND identifiers @> ARRAY[$3::text]`,
      [this.tenant, type, token],
    );
    return r.rows.map((row) => parseContent<Resource>(row.content));
  }

  async findByIdentifiers(type: string, tokens: string[]): Promise<Map<string, Resource[]>> {
    const asked = [...new Set(tokens)];
    const out = new Map<string, Resource[]>(asked.map((t) => [t, []]));
    if (!asked.length) return out;
    const r = await this.q.query<{ content: unknown; identifiers: string[] }>(
      `SELECT content, identifiers FROM resources WHERE tenant = $1 AND resource_type = $2 AND identifiers && $3::text[]`,
      [this.tenant, type, asked],
    );
    for (const row of r.rows) {
      const resource = parseContent<Resource>(row.content);
      for (const token of new Set(row.identifiers)) out.get(token)?.push(resource);
    }
    return out;
  }

  async findVitalSignsSets(setIds: string[], exceptIds: string[] = []): Promise<Resource[]> {
    if (!setIds.length) return [];
    const r = await this.q.query<{ content: unknown }>(
      `SELECT content FROM resources WHERE tenant = $1 AND set_id = ANY($2::text[]) AND resource_type = 'Observation'
         AND NOT (id = ANY($3::text[]))`,
      [this.tenant, setIds, exceptIds],
    );
    return r.rows.map((row) => parseContent<Resource>(row.content));
  }

  appendAudit(event: AuditEvent): Promise<AuditEvent> {
    return insertAudit(this.q, this.tenant, event, this.now);
  }

  async append(input: AppendInput): Promise<Resource> {
    const [r] = await this.appendMany([input]);
    return r;
  }

  async appendMany(inputs: AppendInput[]): Promise<Resource[]> {
    if (inputs.length === 0) return [];
    const receivedAt = this.now().toISOString();
    const current = await currentVersions(this.q, this.tenant, inputs);
    const { prepared, latest } = prepareAppend(this.tenant, inputs, current, receivedAt);
    await insertEventsAndProjections(this.q, this.tenant, prepared, latest);
    const appended = prepared.map((p) => p.resource);
    if (this.hook && !this.inHook) {
      this.inHook = true;
      try {
        const derived = await this.hook(appended, this);
        if (derived.length) await this.appendMany(derived);
      } finally {
        this.inHook = false;
      }
    }
    return appended;
  }
}

export interface SqlEventStoreOptions {
  /** Clock for received times; injected so tests can pin it. */
  now?: () => Date;
  /** Derives more resources in the same transaction as each write (NEWS2 scores). */
  onAppend?: IngestHook;
}

export function createSqlEventStore(db: Database, opts: SqlEventStoreOptions = {}): EventStore {
  const now = opts.now ?? (() => new Date());
  const audits = createAuditQueue(db, now);

  const write = <T>(tenant: string, fn: (w: EventWriter) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(tenant)]);
      return fn(new SqlWriter(tenant, tx, now, opts.onAppend));
    });

  return {
    write,
    appendBatch: (tenant, inputs) => write(tenant, (w) => w.appendMany(inputs)),
    read: (tenant, type, id) => readResource(db, tenant, type, id),

    searchRows: (tenant, query) => searchRows(db, tenant, query),

    async search(tenant, query) {
      const r = await searchRows(db, tenant, query);
      return { resources: r.rows.map((row) => JSON.parse(row.json) as Resource), hasMore: r.hasMore };
    },

    async rebuildProjections(tenant: string): Promise<number> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(tenant)]);
        await tx.query('DELETE FROM resources WHERE tenant = $1', [tenant]);
        const r = await tx.query<{ payload: unknown }>(
          `SELECT DISTINCT ON (resource_type, resource_id) payload FROM events WHERE tenant = $1
           ORDER BY resource_type, resource_id, version_id DESC`,
          [tenant],
        );
        const resources = r.rows.map((row) => parseContent<Resource>(row.payload));
        await upsertProjections(tx, tenant, resources);
        return resources.length;
      });
    },

    async countEvents(tenant?: string): Promise<number> {
      const r = tenant
        ? await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM events WHERE tenant = $1', [
            tenant,
          ])
        : await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM events');
      return Number(r.rows[0]?.n ?? 0);
    },

    appendAudit: (tenant, event) => insertAudit(db, tenant, event, now),

    recordAudits: (tenant, events) => audits.add(tenant, events),

    searchAudit: (tenant: string, query: AuditQuery) => searchAudit(db, tenant, query),
  };
}
