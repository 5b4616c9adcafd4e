// EventStore over the SQL Database interface, so PGlite and PostgreSQL share one
// implementation. Writes take a per-tenant advisory lock: conditional creates are then
// check-then-insert without races, on a pooled server as well as on PGlite.
import { randomUUID } from 'node:crypto';
import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import type { Database, Queryable } from '../db/types';
import { searchColumns } from './projection';
import type {
  AppendInput,
  AuditQuery,
  DateFilter,
  EventStore,
  EventWriter,
  IngestHook,
  ResourceQuery,
  RowSearchResult,
  StoredResource,
} from './types';

/**
 * Rows per INSERT statement in bulk loads. Rows travel as one JSON array parameter
 * (jsonb_to_recordset): one multi-row INSERT per chunk, about twice as fast on PGlite as
 * VALUES lists with thousands of bound parameters, and far from PostgreSQL's 65535-parameter cap.
 */
const CHUNK = 2000;

export interface PreparedEvent {
  tenant: string;
  eventType: 'create' | 'update';
  resource: Resource & { id: string };
  versionId: number;
  sourceSystem: string;
  author: string | null;
  recordedAt: string;
  receivedAt: string;
}

export function lockKey(tenant: string): string {
  return `varde-tenant-write:${tenant}`;
}

export async function insertEvents(q: Queryable, events: PreparedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    const rows = events.slice(i, i + CHUNK).map((e) => ({
      tenant: e.tenant,
      event_type: e.eventType,
      resource_type: e.resource.resourceType,
      resource_id: e.resource.id,
      version_id: e.versionId,
      source_system: e.sourceSystem,
      author: e.author,
      recorded_at: e.recordedAt,
      received_at: e.receivedAt,
      payload: e.resource,
    }));
    await q.query(
      `INSERT INTO events (tenant, event_type, resource_type, resource_id, version_id, source_system,
         author, recorded_at, received_at, payload)
       SELECT tenant, event_type, resource_type, resource_id, version_id, source_system,
         author, recorded_at, received_at, payload
       FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, event_type text, resource_type text,
         resource_id text, version_id integer, source_system text, author text,
         recorded_at timestamptz, received_at timestamptz, payload jsonb)`,
      [JSON.stringify(rows)],
    );
  }
}

/** Upserts projections; the caller passes at most one row per resource. */
export async function upsertProjections(q: Queryable, tenant: string, resources: Resource[]): Promise<void> {
  for (let i = 0; i < resources.length; i += CHUNK) {
    const rows = resources.slice(i, i + CHUNK).map((r) => {
      const s = searchColumns(r);
      return {
        resource_type: r.resourceType,
        id: r.id,
        version_id: Number(r.meta?.versionId ?? 1),
        last_updated: r.meta?.lastUpdated,
        patient: s.patient,
        codes: s.codes,
        categories: s.categories,
        identifiers: s.identifiers,
        refs: s.refs,
        effective: s.effective,
        restricted: s.restricted,
        set_id: s.setId,
        content: r,
      };
    });
    await q.query(
      `INSERT INTO resources (tenant, resource_type, id, version_id, last_updated, patient, codes,
         categories, identifiers, refs, effective, restricted, set_id, content)
       SELECT $1, resource_type, id, version_id, last_updated, patient, codes, categories,
         identifiers, refs, effective, restricted, set_id, content
       FROM jsonb_to_recordset($2::jsonb) AS x(resource_type text, id text, version_id integer,
         last_updated timestamptz, patient text, codes text[], categories text[], identifiers text[],
         refs text[], effective timestamptz, restricted boolean, set_id text, content jsonb)
       ON CONFLICT (tenant, resource_type, id) DO UPDATE SET
         version_id = EXCLUDED.version_id, last_updated = EXCLUDED.last_updated,
         patient = EXCLUDED.patient, codes = EXCLUDED.codes, categories = EXCLUDED.categories,
         identifiers = EXCLUDED.identifiers, refs = EXCLUDED.refs, effective = EXCLUDED.effective,
         restricted = EXCLUDED.restricted, set_id = EXCLUDED.set_id, content = EXCLUDED.content`,
      [tenant, JSON.stringify(rows)],
    );
  }
}

/** Stored version of each input that names its id, keyed "Type/id". */
export async function currentVersions(
  q: Queryable,
  tenant: string,
  inputs: AppendInput[],
): Promise<Map<string, number>> {
  const ids = [...new Set(inputs.map((i) => i.resource.id).filter((id): id is string => !!id))];
  const current = new Map<string, number>();
  if (!ids.length) return current;
  const r = await q.query<{ resource_type: string; id: string; version_id: number }>(
    `SELECT resource_type, id, version_id FROM resources WHERE tenant = $1 AND id = ANY($2::text[])`,
    [tenant, ids],
  );
  for (const row of r.rows) current.set(`${row.resource_type}/${row.id}`, Number(row.version_id));
  return current;
}

/**
 * The events of one append: ids assigned, versions counted on from `current` (key
 * "Type/id"), meta set by the store. `latest` holds each resource's last version, for the
 * projections. Shared by appendMany and the bulk loader, so both write the same rows.
 */
export function prepareAppend(
  tenant: string,
  inputs: AppendInput[],
  current: Map<string, number>,
  receivedAt: string,
): { prepared: PreparedEvent[]; latest: Resource[] } {
  const prepared: PreparedEvent[] = [];
  const latest = new Map<string, Resource>();
  for (const input of inputs) {
    const id = input.resource.id ?? randomUUID();
    const key = `${input.resource.resourceType}/${id}`;
    const versionId = (current.get(key) ?? 0) + 1;
    current.set(key, versionId);
    const { versionId: _v, lastUpdated: _l, ...meta } = input.resource.meta ?? {};
    const resource = {
      ...input.resource,
      id,
      meta: { ...meta, versionId: String(versionId), lastUpdated: receivedAt, source: input.sourceSystem },
    } as Resource & { id: string };
    prepared.push({
      tenant,
      eventType: versionId === 1 ? 'create' : 'update',
      resource,
      versionId,
      sourceSystem: input.sourceSystem,
      author: input.author ?? null,
      recordedAt: input.recordedAt ?? receivedAt,
      receivedAt,
    });
    latest.set(key, resource);
  }
  return { prepared, latest: [...latest.values()] };
}

function parseContent<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

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

  async findVitalSignsSets(setIds: string[]): Promise<Resource[]> {
    if (!setIds.length) return [];
    const r = await this.q.query<{ content: unknown }>(
      `SELECT content FROM resources WHERE tenant = $1 AND set_id = ANY($2::text[]) AND resource_type = 'Observation'`,
      [this.tenant, setIds],
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
    await insertEvents(this.q, prepared);
    await upsertProjections(this.q, this.tenant, latest);
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

async function readResource(
  q: Queryable,
  tenant: string,
  type: string,
  id: string,
): Promise<StoredResource | undefined> {
  const r = await q.query<{ content: unknown; restricted: boolean }>(
    `SELECT content, restricted FROM resources WHERE tenant = $1 AND resource_type = $2 AND id = $3`,
    [tenant, type, id],
  );
  const row = r.rows[0];
  return row ? { resource: parseContent<Resource>(row.content), restricted: row.restricted } : undefined;
}

const SORT_COLUMN = { effective: 'effective', lastUpdated: 'last_updated' } as const;

async function searchRows(q: Queryable, tenant: string, query: ResourceQuery): Promise<RowSearchResult> {
  const params: unknown[] = [tenant, query.type];
  const where = ['tenant = $1', 'resource_type = $2'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (query.ids) where.push(`id = ANY(${p(query.ids)}::text[])`);
  if (query.patients) where.push(`patient = ANY(${p(query.patients)}::text[])`);
  if (query.codes) where.push(`codes && ${p(query.codes)}::text[]`);
  if (query.categories) where.push(`categories && ${p(query.categories)}::text[]`);
  if (query.identifiers) where.push(`identifiers && ${p(query.identifiers)}::text[]`);
  if (query.refs) where.push(`refs && ${p(query.refs)}::text[]`);
  const dates = (col: string, filters: DateFilter[] | undefined) => {
    for (const f of filters ?? []) where.push(`${col} ${f.op} ${p(f.value)}::timestamptz`);
  };
  dates('effective', query.effective);
  dates('last_updated', query.lastUpdated);
  if (query.onlyRestricted) where.push('restricted');
  else if (!query.includeRestricted) where.push('NOT restricted');
  const order = (query.sort ?? [])
    .map((s) => `${SORT_COLUMN[s.field]} ${s.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`)
    .concat(['id ASC']);
  const count = query.count ?? 100;
  // content::text: the JSON text leaves the database as it is, never parsed here.
  const r = await q.query<{ resource_type: string; id: string; patient: string | null; json: string }>(
    `SELECT resource_type, id, patient, content::text AS json FROM resources
     WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}
     LIMIT ${p(count + 1)} OFFSET ${p(query.offset ?? 0)}`,
    params,
  );
  const rows = r.rows.slice(0, count).map((row) => ({
    resourceType: row.resource_type,
    id: row.id,
    patient: row.patient,
    json: row.json,
  }));
  return { rows, hasMore: r.rows.length > count };
}

export interface SqlEventStoreOptions {
  /** Clock for received times; injected so tests can pin it. */
  now?: () => Date;
  /** Derives more resources in the same transaction as each write (NEWS2 scores). */
  onAppend?: IngestHook;
}

export function createSqlEventStore(db: Database, opts: SqlEventStoreOptions = {}): EventStore {
  const now = opts.now ?? (() => new Date());

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

    async searchAudit(tenant: string, query: AuditQuery) {
      const count = query.count ?? 100;
      const params: unknown[] = [tenant];
      let where = 'tenant = $1';
      if (query.patient) {
        params.push(query.patient);
        where += ` AND patient = $${params.length}`;
      }
      params.push(count + 1, query.offset ?? 0);
      const r = await db.query<{ content: unknown }>(
        `SELECT content FROM audit_events WHERE ${where} ORDER BY seq DESC
         LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      const events = r.rows.map((row) => parseContent<AuditEvent>(row.content));
      return { events: events.slice(0, count), hasMore: events.length > count };
    },
  };
}

async function insertAudit(
  q: Queryable,
  tenant: string,
  event: AuditEvent,
  now: () => Date,
): Promise<AuditEvent> {
  const recorded = event.recorded ?? now().toISOString();
  const stored: AuditEvent = { ...event, id: event.id ?? randomUUID(), recorded };
  const json = JSON.stringify(stored);
  // A retried upload of the same record (same id) is a no-op, never a second copy. A new
  // record (every server-made one) is answered from the text just written instead of
  // RETURNING its jsonb: a search's record lists up to 200 references, and reading them
  // back on every read would cost more than writing them.
  const ins = await q.query(
    `INSERT INTO audit_events (tenant, id, patient, recorded_at, content)
     VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb) ON CONFLICT (tenant, id) DO NOTHING RETURNING seq`,
    [tenant, stored.id, auditPatient(stored), recorded, json],
  );
  if (ins.rows.length) return JSON.parse(json) as AuditEvent;
  const kept = await q.query<{ content: unknown }>(
    'SELECT content FROM audit_events WHERE tenant = $1 AND id = $2',
    [tenant, stored.id],
  );
  return kept.rows[0] ? parseContent<AuditEvent>(kept.rows[0].content) : stored;
}

/** The patient an AuditEvent is about: the first entity that references a Patient. */
export function auditPatient(event: AuditEvent): string | null {
  for (const e of event.entity ?? []) {
    const ref = e.what?.reference;
    if (ref?.startsWith('Patient/')) return ref.slice('Patient/'.length);
  }
  return null;
}
