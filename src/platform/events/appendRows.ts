// The rows one append writes: its events (ids assigned, versions counted on) and the
// resources' projections with their search columns. Shared by the event store's writer
// and the bulk loader (bulkLoad.ts), so both write the same rows.
import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types';
import { searchColumns } from './projection';
import type { AppendInput } from './types';

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

const EVENT_COLUMNS = `tenant, event_type, resource_type, resource_id, version_id, source_system,
  author, recorded_at, received_at, payload`;
const EVENT_RECORD = `x(tenant text, event_type text, resource_type text, resource_id text,
  version_id integer, source_system text, author text, recorded_at timestamptz,
  received_at timestamptz, payload jsonb)`;
const PROJECTION_COLUMNS = `tenant, resource_type, id, version_id, last_updated, patient, codes,
  categories, identifiers, refs, effective, restricted, set_id, content`;
/** A projection row's columns but its content (which comes from the event's payload or rides along). */
const PROJECTION_RECORD = `resource_type text, id text, version_id integer, last_updated timestamptz,
  patient text, codes text[], categories text[], identifiers text[], refs text[],
  effective timestamptz, restricted boolean, set_id text`;
const PROJECTION_UPSERT = `ON CONFLICT (tenant, resource_type, id) DO UPDATE SET
  version_id = EXCLUDED.version_id, last_updated = EXCLUDED.last_updated,
  patient = EXCLUDED.patient, codes = EXCLUDED.codes, categories = EXCLUDED.categories,
  identifiers = EXCLUDED.identifiers, refs = EXCLUDED.refs, effective = EXCLUDED.effective,
  restricted = EXCLUDED.restricted, set_id = EXCLUDED.set_id, content = EXCLUDED.content`;

function eventRow(e: PreparedEvent) {
  return {
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
  };
}

/** The projection columns of a resource (searchColumns decides them), without its content. */
function projectionRow(r: Resource) {
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
  };
}

export async function insertEvents(q: Queryable, events: PreparedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    const rows = events.slice(i, i + CHUNK).map(eventRow);
    await q.query(
      `INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS ${EVENT_RECORD}`,
      [JSON.stringify(rows)],
    );
  }
}

/** Upserts projections; the caller passes at most one row per resource. */
export async function upsertProjections(q: Queryable, tenant: string, resources: Resource[]): Promise<void> {
  for (let i = 0; i < resources.length; i += CHUNK) {
    const rows = resources.slice(i, i + CHUNK).map((r) => ({ ...projectionRow(r), content: r }));
    await q.query(
      `INSERT INTO resources (${PROJECTION_COLUMNS})
       SELECT $1, resource_type, id, version_id, last_updated, patient, codes, categories,
         identifiers, refs, effective, restricted, set_id, content
       FROM jsonb_to_recordset($2::jsonb) AS x(${PROJECTION_RECORD}, content jsonb)
       ${PROJECTION_UPSERT}`,
      [tenant, JSON.stringify(rows)],
    );
  }
}

/**
 * The events of one append and the projections of its latest versions (`latest`, as
 * prepareAppend gives them), in one statement per chunk: the projection's content is the
 * payload the event insert returns, so each resource is serialised and parsed once, not
 * twice (insertEvents + upsertProjections write the same rows).
 */
export async function insertEventsAndProjections(
  q: Queryable,
  tenant: string,
  events: PreparedEvent[],
  latest: Resource[],
): Promise<void> {
  const isLatest = new Set<Resource>(latest);
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK);
    const projected = chunk.filter((e) => isLatest.has(e.resource)).map((e) => projectionRow(e.resource));
    await q.query(
      `WITH ins AS (
         INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS ${EVENT_RECORD}
         RETURNING resource_type, resource_id, version_id, payload)
       INSERT INTO resources (${PROJECTION_COLUMNS})
       SELECT $2, p.resource_type, p.id, p.version_id, p.last_updated, p.patient, p.codes, p.categories,
         p.identifiers, p.refs, p.effective, p.restricted, p.set_id, ins.payload
       FROM jsonb_to_recordset($3::jsonb) AS p(${PROJECTION_RECORD})
       JOIN ins ON ins.resource_type = p.resource_type AND ins.resource_id = p.id AND ins.version_id = p.version_id
       ${PROJECTION_UPSERT}`,
      [JSON.stringify(chunk.map(eventRow)), tenant, JSON.stringify(projected)],
    );
  }
}

/** Stored version of each input that names its id, keyed "Type/id". */
export async function currentVersions(
  q: Queryable,
  tenant: string,
  inputs: AppendInput[],
): Promise<Map<string, number>> {
  const keys = new Map<string, { type: string; id: string }>();
  for (const { resource } of inputs) {
    if (resource.id)
      keys.set(`${resource.resourceType}/${resource.id}`, { type: resource.resourceType, id: resource.id });
  }
  const current = new Map<string, number>();
  if (!keys.size) return current;
  // By (type, id) pairs, so each is one primary-key lookup; by id alone the lookup scanned
  // every row of the tenant in the key's index.
  const pairs = [...keys.values()];
  const r = await q.query<{ resource_type: string; id: string; version_id: number }>(
    `SELECT r.resource_type, r.id, r.version_id FROM resources r
     JOIN unnest($2::text[], $3::text[]) AS k(resource_type, id)
       ON r.tenant = $1 AND r.resource_type = k.resource_type AND r.id = k.id`,
    [tenant, pairs.map((k) => k.type), pairs.map((k) => k.id)],
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
