// The `_cursor` of the platform's next links (keyset paging): where the previous page ended,
// as the sort columns' values and the id of its last row, so the next page starts there
// instead of walking and sorting every row before it (`_offset`). Opaque to clients
// (base64url of a JSON array); one the platform did not write is refused with a 400.
import type { SearchCursor } from '../events/types';
import { FhirError } from './outcome';

/** An instant as the store writes it in a cursor: UTC, to the microsecond. */
const INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function validInstant(v: string): boolean {
  if (!INSTANT.test(v)) return false;
  const ms = `${v.slice(0, 23)}Z`;
  const d = new Date(ms);
  // Date rolls 2026-02-31 over into March: a value that does not round-trip is not a date.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === v.slice(0, 19);
}

export function encodeCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify([...c.values, c.id]), 'utf8').toString('base64url');
}

/** The cursor of `_cursor=…`, for a search sorted by `sortKeys` keys (then id). */
export function decodeCursor(raw: string, sortKeys: number): SearchCursor {
  const refuse = () =>
    FhirError.of(400, 'invalid', 'Ugyldig _cursor: bruk next-lenken slik serveren ga den.', ['_cursor']);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(raw)) throw refuse();
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== sortKeys + 1) throw refuse();
  const id: unknown = parsed[sortKeys];
  const values: unknown[] = parsed.slice(0, sortKeys);
  if (typeof id !== 'string' || id === '' || id.includes('\u0000')) throw refuse();
  if (!values.every((v) => v === null || (typeof v === 'string' && validInstant(v)))) throw refuse();
  return { values: values as (string | null)[], id };
}
