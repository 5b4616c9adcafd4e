// Reads of the current resources (the `resources` projection table) over the SQL Database
// interface: one resource by id, and the search columns' query behind every FHIR search.
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types';
import type { DateFilter, ResourceQuery, RowSearchResult, StoredResource } from './types';

/** A jsonb column's value, whether the driver hands it back parsed or as text. */
export function parseContent<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export async function readResource(
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

export async function searchRows(
  q: Queryable,
  tenant: string,
  query: ResourceQuery,
): Promise<RowSearchResult> {
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
