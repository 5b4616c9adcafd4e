// The links of a searchset Bundle and the query pattern its audit records name.
import type { Query } from '../searchParams';

/** The query as a pattern for the audit: type and parameter names, never values. */
export function queryPattern(type: string, query: Query): string {
  return `${type}?${Object.keys(query).sort().join('&')}`;
}

/**
 * The URL of the page at `offset` of this search; with the cursor of the row before it
 * (keyset paging: the same rows, found by index), when the store gave one.
 */
export function pageLink(base: string, type: string, query: Query, offset: number, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === '_offset' || k === '_cursor' || v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  }
  params.set('_offset', String(offset));
  if (cursor !== undefined) params.set('_cursor', cursor);
  return `${base}/${type}?${params.toString()}`;
}

/** The URL of this search as asked. */
export function selfLink(base: string, type: string, query: Query): string {
  return `${base}/${type}${Object.keys(query).length ? `?${new URLSearchParams(flatQuery(query)).toString()}` : ''}`;
}

/** The query as name/value pairs, repeated names kept (for self and next links). */
export function flatQuery(query: Query): [string, string][] {
  return Object.entries(query).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
  );
}
