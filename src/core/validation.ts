// Shared shape of the validators of plans, corrections, comments and escalation records:
// a value or Norwegian reasons per field, never an exception (STYLE.md point 4). The
// field names are the input's own keys, so a form can put each reason beside its field.
import { z } from 'zod';
import { CLINICAL_ROLES } from './actor';
import { isoInstant } from './vitals/validate';

export interface Issue<F extends string> {
  field: F;
  message: string;
  /** Where inside the field, when deeper than the top level, e.g. ['alerts', 1, 'value']. */
  path?: readonly (string | number)[];
}

export type Checked<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Issue<F>[] };

/** Length as a person counts it: code points, so "æøå" and emoji count one each. */
export function textLength(text: string): number {
  return [...text].length;
}

/**
 * Free text, trimmed; `required` is the reason when it is missing or blank, and the text
 * may hold at most `max` characters.
 */
export function boundedText(opts: { required: string; label: string; max: number }) {
  return z
    .string({ error: opts.required })
    .trim()
    .min(1, opts.required)
    .superRefine((s, ctx) => {
      const length = textLength(s);
      if (length > opts.max) {
        ctx.addIssue({
          code: 'custom',
          message: `${opts.label} kan være høyst ${opts.max} tegn (nå ${length})`,
        });
      }
    });
}

const REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

/** A FHIR reference to a person, e.g. Practitioner/abc, with an optional display name. */
export function actorSchema(missing: string) {
  return z.strictObject(
    {
      reference: z
        .string({ error: missing })
        .regex(REFERENCE, 'Må være en gyldig referanse, for eksempel Practitioner/abc'),
      display: z.string().trim().min(1).max(200, 'Navnet er for langt').optional(),
    },
    { error: missing },
  );
}

/** An actor with a clinical role (doctor or nurse). */
export function clinicalActorSchema(missing: string) {
  return actorSchema(missing).extend({
    role: z.enum(CLINICAL_ROLES, { error: 'Rollen må være lege eller sykepleier' }),
  });
}

export { isoInstant };

/**
 * The issues of a zod error, one per place (the first, the most basic), on the top-level
 * key it concerns, with the full path when deeper; anything else (not an object, unknown keys) goes to `fallback`.
 */
export function issuesOf<F extends string>(
  error: z.ZodError,
  fields: readonly F[],
  fallback: F,
  notAnObject: string,
): Issue<F>[] {
  const known: ReadonlySet<string> = new Set(fields);
  const out: Issue<F>[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fallback, message: `Ukjent felt: ${key}` });
      continue;
    }
    const head = issue.path[0];
    const field = typeof head === 'string' && known.has(head) ? (head as F) : fallback;
    const message = issue.path.length === 0 ? notAnObject : issue.message;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = path.join('.');
    if (seen.has(key) && field !== fallback) continue;
    seen.add(key);
    out.push(path.length > 1 ? { field, message, path } : { field, message });
  }
  return out;
}

/** Refusal when `at` lies beyond `now` plus the allowed clock skew (5 minutes). */
export function notInFuture(at: string, now: number, skewMinutes = 5): boolean {
  return Date.parse(at) <= now + skewMinutes * 60_000;
}
