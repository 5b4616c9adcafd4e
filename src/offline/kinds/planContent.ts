// Whether the server's copy of a plan or decision holds what we sent: the domain values core
// reads from both, compared with instants as instants (a server may spell a time another way).
import type { FromFhir } from '../../core/fhir/carePlan';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** JSON of a value with every ISO instant as epoch ms, keys sorted. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'string' && INSTANT.test(v)) return Date.parse(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return v;
  });
}

export function samePlan<T>(mine: FromFhir<T>, theirs: FromFhir<T>): boolean {
  return mine.ok && theirs.ok && canonical(mine.value) === canonical(theirs.value);
}
