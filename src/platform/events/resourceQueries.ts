// Reads of the current resources (the `resources` projection table) over the SQL Database
// interface: one resource by id, and the search columns' query behind every FHIR search.
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types';
import type { DateFilter, ResourceQuery, RowSearchResult, SearchCursor, StoredResource } from './types';

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

/** A sort column's value in a cursor: the UTC instant to the microsecond, exactly as stored. */
const cursorText = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface SortKey {
  col: string;
  desc: boolean;
}

/**
 * The rows after `after` in the order of `keys` then id (keyset paging). ASC sorts put NULLs
 * first and DESC sorts put them last (the ORDER BY below). Where every key ascends and no
 * cursor value is NULL, one row comparison, which an index in that order answers directly;
 * otherwise the same condition spelled out key by key.
 */
function afterCondition(keys: SortKey[], after: SearchCursor, p: (v: unknown) => string): string {
  if (after.values.length !== keys.length) throw new Error('cursor does not match the sort');
  const vals = after.values;
  if (keys.every((k, i) => !k.desc && vals[i] !== null)) {
    const left = [...keys.map((k) => k.col), 'id'].join(', ');
    const right = [...vals.map((v) => `${p(v)}::timestamptz`), p(after.id)].join(', ');
    return `(${left}) > (${right})`;
  }
  const equal = (k: SortKey, v: string | null) =>
    v === null ? `${k.col} IS NULL` : `${k.col} = ${p(v)}::timestamptz`;
  const later = (k: SortKey, v: string | null) => {
    if (k.desc) return v === null ? 'FALSE' : `(${k.col} < ${p(v)}::timestamptz OR ${k.col} IS NULL)`;
    return v === null ? `${k.col} IS NOT NULL` : `${k.col} > ${p(v)}::timestamptz`;
  };
  const terms: string[] = [];
  for (let i = 0; i <= keys.length; i++) {
    const same = keys.slice(0, i).map((k, j) => equal(k, vals[j]));
    const last = i < keys.length ? later(keys[i], vals[i]) : `id > ${p(after.id)}`;
    terms.push(`(${[...same, last].join(' AND ')})`);
  }
  return `(${terms.join(' OR ')})`;
}

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
  // One value as `=`: PostgreSQL 15 reads rows in an index's order only for an equality,
  // not for `= ANY(array)`, so a patient's page then needs no sort.
  const anyOf = (col: string, vs: string[]) =>
    vs.length === 1 ? `${col} = ${p(vs[0])}` : `${col} = ANY(${p(vs)}::text[])`;
  if (query.ids) where.push(anyOf('id', query.ids));
  if (query.patients) where.push(anyOf('patient', query.patients));
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
  const keys: SortKey[] = (query.sort ?? []).map((s) => ({ col: SORT_COLUMN[s.field], desc: s.desc }));
  if (query.after) where.push(afterCondition(keys, query.after, p));
  const order = keys
    .map((k) => `${k.col} ${k.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`)
    .concat(['id ASC']);
  const count = query.count ?? 100;
  const offset = query.after ? 0 : (query.offset ?? 0);
  // content::text: the JSON text leaves the database as it is, never parsed here. The sort
  // columns as text only for the cursor of the next page.
  const r = await q.query<
    { resource_type: string; id: string; patient: string | null; json: string } & Record<
      string,
      string | null
    >
  >(
    `SELECT resource_type, id, patient, content::text AS json${keys.map((k, i) => `, ${cursorText(k.col)} AS k${i}`).join('')}
     FROM resources WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}
     LIMIT ${p(count + 1)} OFFSET ${p(offset)}`,
    params,
  );
  const rows = r.rows.slice(0, count).map((row) => ({
    resourceType: row.resource_type,
    id: row.id,
    patient: row.patient,
    json: row.json,
  }));
  const hasMore = r.rows.length > count;
  const last = r.rows[count - 1];
  const next =
    hasMore && last ? { values: keys.map((_, i) => last[`k${i}`] ?? null), id: last.id } : undefined;
  return { rows, hasMore, ...(next ? { next } : {}) };
}
