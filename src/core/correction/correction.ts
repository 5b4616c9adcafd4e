// Corrections ("registrert feil") and comments on vital-signs sets (issue #11 point 4,
// DOMAIN.md §8).
//
// The rule: a set marked entered-in-error is kept (append-only, struck through in the
// history with who and why) and counts nowhere else. applyCorrections marks the sets;
// every clinical rule of core reads sets through usableSets (vitals/order.ts), which
// leaves marked sets out of scores, baselines, trends, "latest" and the worklist.
//
// Bounds: a comment holds at most COMMENT_MAX_LENGTH (500) characters, counted as a person
// counts them (code points): enough for what the numbers cannot say ("pasienten nettopp
// kommet inn fra kulda"), short enough to stay a comment on a set and not a journal note.
// A correction's reason is required and bounded the same way.
import { z } from 'zod';
import type { VitalSignsSet } from '../vitals/types';
import { actorSchema, boundedText, isoInstant, issuesOf, notInFuture } from '../validation';
import type { Checked } from '../validation';
import { parseInstant } from '../time/oslo';
import { validateVitalSignsSet, type FieldIssue, type ValidationResult } from '../vitals/validate';
import type { SetComment, SetCorrection } from './types';

export const COMMENT_MAX_LENGTH = 500;
export const CORRECTION_REASON_MAX_LENGTH = 500;

const setId = z
  .string({ error: 'Det mangler hvilken måling det gjelder' })
  .min(1, 'Det mangler hvilken måling det gjelder')
  .max(128, 'Målingens id er for lang')
  .regex(/^\S+$/, 'Målingens id kan ikke inneholde mellomrom');
const patientId = z
  .string({ error: 'Pasient mangler' })
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Pasient-id er ugyldig');

const correctionSchema = z.strictObject({
  setId,
  patientId,
  reason: boundedText({
    required: 'Skriv hvorfor målingen er registrert feil',
    label: 'Begrunnelsen',
    max: CORRECTION_REASON_MAX_LENGTH,
  }),
  correctedBy: actorSchema('Det mangler hvem som retter målingen'),
  correctedAt: isoInstant,
});

const commentSchema = z.strictObject({
  setId,
  patientId,
  text: boundedText({ required: 'Kommentaren er tom', label: 'Kommentaren', max: COMMENT_MAX_LENGTH }),
  author: actorSchema('Det mangler hvem som skrev kommentaren'),
  writtenAt: isoInstant,
});

export type CorrectionField = keyof SetCorrection | 'input';
export type CommentField = keyof SetComment | 'input';

const CORRECTION_FIELDS: readonly CorrectionField[] = [
  'setId',
  'patientId',
  'reason',
  'correctedBy',
  'correctedAt',
  'input',
];
const COMMENT_FIELDS: readonly CommentField[] = [
  'setId',
  'patientId',
  'text',
  'author',
  'writtenAt',
  'input',
];

/** Validates a correction: reason required (≤ 500 characters), who, and when (not in the future). */
export function validateSetCorrection(
  input: unknown,
  opts: { now: string },
): Checked<SetCorrection, CorrectionField> {
  const now = parseInstant(opts.now, 'now');
  const parsed = correctionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: issuesOf(parsed.error, CORRECTION_FIELDS, 'input', 'Rettingen må være et objekt'),
    };
  }
  if (!notInFuture(parsed.data.correctedAt, now)) {
    return {
      ok: false,
      errors: [{ field: 'correctedAt', message: 'Tidspunktet for rettingen ligger fram i tid' }],
    };
  }
  return { ok: true, value: parsed.data };
}

/** Validates a comment: not blank, at most COMMENT_MAX_LENGTH characters, who and when. */
export function validateSetComment(input: unknown, opts: { now: string }): Checked<SetComment, CommentField> {
  const now = parseInstant(opts.now, 'now');
  const parsed = commentSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: issuesOf(parsed.error, COMMENT_FIELDS, 'input', 'Kommentaren må være et objekt'),
    };
  }
  if (!notInFuture(parsed.data.writtenAt, now)) {
    return {
      ok: false,
      errors: [{ field: 'writtenAt', message: 'Tidspunktet for kommentaren ligger fram i tid' }],
    };
  }
  return { ok: true, value: parsed.data };
}

/**
 * A set as the nurse saves it, with the comments she wrote in the form before saving:
 * core's set validation (validateVitalSignsSet) for everything but `comments`, and
 * validateSetComment for each comment, which must be about this set and patient. A set
 * marked entered-in-error is never saved as such: a correction is its own write.
 * Comment issues are reported on the field `input` with the comment's reason.
 */
export function validateSetWithComments(
  input: unknown,
  opts: { now: string },
): ValidationResult<VitalSignsSet> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return validateVitalSignsSet(input, opts);
  }
  const { comments, ...rest } = input as { comments?: unknown };
  const checked = validateVitalSignsSet(rest, opts);
  if (comments === undefined || comments === null) return checked;
  const errors: FieldIssue[] = checked.ok ? [] : [...checked.errors];
  const valid: SetComment[] = [];
  if (!Array.isArray(comments)) {
    errors.push({ field: 'input', message: 'Kommentarene må være en liste' });
  } else {
    const set = rest as { id?: unknown; patientId?: unknown };
    for (const c of comments) {
      const r = validateSetComment(c, opts);
      if (!r.ok) errors.push(...r.errors.map((e) => ({ field: 'input' as const, message: e.message })));
      else if (r.value.setId !== set.id || r.value.patientId !== set.patientId)
        errors.push({ field: 'input', message: 'Kommentaren gjelder en annen måling' });
      else valid.push(r.value);
    }
  }
  if (errors.length || !checked.ok) return { ok: false, errors };
  return {
    ok: true,
    value: valid.length ? { ...checked.value, comments: valid } : checked.value,
    warnings: checked.warnings,
  };
}

/**
 * The sets with `enteredInError` set from the corrections that concern them (same set id
 * and same patient; a correction naming another patient is ignored, the platform refuses
 * it). The earliest correction of a set is kept. Copies; the input is not changed.
 */
export function applyCorrections<T extends VitalSignsSet>(
  sets: readonly T[],
  corrections: readonly SetCorrection[],
): T[] {
  const bySet = new Map<string, SetCorrection>();
  for (const c of corrections) {
    const known = bySet.get(c.setId);
    if (known === undefined || Date.parse(c.correctedAt) < Date.parse(known.correctedAt))
      bySet.set(c.setId, c);
  }
  return sets.map((set) => {
    const c = bySet.get(set.id);
    if (c === undefined || c.patientId !== set.patientId || set.enteredInError !== undefined) return set;
    return { ...set, enteredInError: c };
  });
}

/** The sets with their comments attached (oldest first, duplicates once). Copies. */
export function applyComments<T extends VitalSignsSet>(
  sets: readonly T[],
  comments: readonly SetComment[],
): T[] {
  const bySet = new Map<string, SetComment[]>();
  for (const c of comments) bySet.set(c.setId, [...(bySet.get(c.setId) ?? []), c]);
  return sets.map((set) => {
    const mine = (bySet.get(set.id) ?? []).filter((c) => c.patientId === set.patientId);
    if (mine.length === 0) return set;
    return { ...set, comments: mergeComments(set.comments ?? [], mine) };
  });
}

const commentKey = (c: SetComment) => `${c.writtenAt}\u0000${c.author.reference}\u0000${c.text}`;

/** Union of two comment lists, oldest first, each comment once. */
export function mergeComments(a: readonly SetComment[], b: readonly SetComment[]): SetComment[] {
  const seen = new Map<string, SetComment>();
  for (const c of [...a, ...b]) if (!seen.has(commentKey(c))) seen.set(commentKey(c), c);
  return [...seen.values()].sort((x, y) => Date.parse(x.writtenAt) - Date.parse(y.writtenAt));
}
