// Scale 2 decisions as recorded changes (issue #12 point 6, DOMAIN.md §4): Scale 2 is made
// and changed only with who, when and why, by the roles the municipality allows (the
// platform decides who; see docs/platform-api.md). A change is its own record, appended and
// never edited:
// - 'start': Scale 2 applies to the patient from `at`, decided by `by`, because `reason`;
// - 'end': the decision `ends` names no longer applies from `at`, ended by `by`, because
//   `reason`. Ending is a record of its own (who, when, why), not an edit of the decision.
// There is no per-set switch: a set's SpO2 scale follows the decision in force when it was
// measured (./scale2.ts spo2ScaleFor).
import { z } from 'zod';
import type { ClinicalActor } from '../actor';
import { parseInstant } from '../time/oslo';
import { boundedText, clinicalActorSchema, isoInstant, issuesOf, notInFuture } from '../validation';
import type { Checked, Issue } from '../validation';
import { scale2AppliesAt, scale2DecisionAt } from './scale2';
import type { Scale2Decision } from './scale2';

export const SCALE2_REASON_MAX_LENGTH = 500;

/** Which decision an end record ends: its FHIR Flag id, or the client-made identifier. */
export interface Scale2DecisionRef {
  /** FHIR Flag id (a decision read from the server). */
  id?: string;
  /** The decision's client-made identifier (one recorded in Varde, maybe still unsent). */
  identifier?: string;
}

interface ChangeBase {
  /** Client-made identifier (UUID): the FHIR identifier the conditional create keys on. */
  id: string;
  patientId: string;
  by: ClinicalActor;
  at: string;
  reason: string;
}

export interface Scale2Start extends ChangeBase {
  kind: 'start';
}

export interface Scale2End extends ChangeBase {
  kind: 'end';
  ends: Scale2DecisionRef;
}

export type Scale2Change = Scale2Start | Scale2End;

export type Scale2ChangeField = 'kind' | 'id' | 'patientId' | 'by' | 'at' | 'reason' | 'ends' | 'input';
const FIELDS: readonly Scale2ChangeField[] = [
  'kind',
  'id',
  'patientId',
  'by',
  'at',
  'reason',
  'ends',
  'input',
];

const common = {
  id: z.string({ error: 'Beslutningen mangler id' }).regex(/^\S{1,128}$/, 'Beslutningens id er ugyldig'),
  patientId: z.string({ error: 'Pasient mangler' }).regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Pasient-id er ugyldig'),
  by: clinicalActorSchema('Det mangler hvem som tok beslutningen'),
  at: isoInstant,
};

const changeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('start'),
      ...common,
      reason: boundedText({
        required: 'Skriv hvorfor skala 2 skal brukes',
        label: 'Begrunnelsen',
        max: SCALE2_REASON_MAX_LENGTH,
      }),
    }),
    z.strictObject({
      kind: z.literal('end'),
      ...common,
      reason: boundedText({
        required: 'Skriv hvorfor skala 2 avsluttes',
        label: 'Begrunnelsen',
        max: SCALE2_REASON_MAX_LENGTH,
      }),
      ends: z
        .strictObject({
          id: z
            .string()
            .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Ugyldig id')
            .optional(),
          identifier: z
            .string()
            .regex(/^\S{1,128}$/, 'Ugyldig id')
            .optional(),
        })
        .refine((r) => r.id !== undefined || r.identifier !== undefined, 'Velg beslutningen som avsluttes'),
    }),
  ],
  { error: 'Velg om skala 2 skal besluttes eller avsluttes' },
);

/**
 * Checks one change on its own: who (with role), when (not in the future), why (at most
 * 500 characters), and for an end which decision it ends. Norwegian reasons per field.
 */
export function validateScale2Change(
  input: unknown,
  opts: { now: string },
): Checked<Scale2Change, Scale2ChangeField> {
  const now = parseInstant(opts.now, 'now');
  const parsed = changeSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: issuesOf(parsed.error, FIELDS, 'input', 'Beslutningen må være et objekt'),
    };
  }
  const change = parsed.data as Scale2Change;
  const errors: Issue<Scale2ChangeField>[] = [];
  if (!notInFuture(change.at, now)) errors.push({ field: 'at', message: 'Tidspunktet ligger fram i tid' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: change };
}

/** True when `ref` names `decision` (by Flag id or by client-made identifier). */
export function refersTo(ref: Scale2DecisionRef, decision: Scale2Decision): boolean {
  return (
    (ref.id !== undefined && ref.id === decision.id) ||
    (ref.identifier !== undefined && ref.identifier === decision.identifier)
  );
}

/** The reference an end record uses for a decision: its Flag id when known, else its identifier. */
export function decisionRef(decision: Scale2Decision): Scale2DecisionRef | undefined {
  if (decision.id !== undefined) return { id: decision.id };
  if (decision.identifier !== undefined) return { identifier: decision.identifier };
  return undefined;
}

/**
 * Checks a change against the patient's decisions as known: a start while another decision
 * is in force at that time is refused (end it first), and an end must name a decision of
 * the patient that is in force at that time. Issues in Norwegian, on `kind` or `ends`.
 */
export function checkScale2ChangeAgainst(
  change: Scale2Change,
  decisions: readonly Scale2Decision[],
): Issue<Scale2ChangeField>[] {
  const mine = decisions.filter((d) => d.patientId === change.patientId);
  const inForce = scale2DecisionAt(mine, { at: change.at });
  if (change.kind === 'start') {
    return inForce
      ? [{ field: 'kind', message: 'Skala 2 er allerede besluttet for pasienten. Avslutt den først.' }]
      : [];
  }
  const target = mine.find((d) => refersTo(change.ends, d));
  if (!target) return [{ field: 'ends', message: 'Fant ikke beslutningen om skala 2 som skal avsluttes' }];
  if (!scale2AppliesAt(target, change.at)) {
    return [{ field: 'ends', message: 'Beslutningen om skala 2 gjelder ikke lenger' }];
  }
  return [];
}

/** A start as the decision it makes. */
export function decisionOfStart(start: Scale2Start): Scale2Decision {
  const decision: Scale2Decision = {
    identifier: start.id,
    patientId: start.patientId,
    decidedBy: { ...start.by },
    decidedAt: start.at,
    reason: start.reason,
  };
  return decision;
}

/**
 * The decisions with changes applied, in the given order: each start adds its decision
 * (unless one with the same identifier is there already), each end ends the decision it
 * names at its time (the earlier end wins) with who and why. An end that names no known
 * decision changes nothing. Inputs are not modified.
 */
export function applyScale2Changes(
  decisions: readonly Scale2Decision[],
  changes: readonly Scale2Change[],
): Scale2Decision[] {
  const out = decisions.map((d) => ({ ...d }));
  for (const c of changes) {
    if (c.kind === 'start') {
      if (!out.some((d) => d.identifier === c.id)) out.push(decisionOfStart(c));
      continue;
    }
    for (const d of out) {
      if (d.patientId !== c.patientId || !refersTo(c.ends, d)) continue;
      endDecision(d, c);
    }
  }
  return out;
}

/** Ends `d` (in place) by an end record, unless it already ended earlier. */
export function endDecision(
  d: Scale2Decision,
  end: { at: string; by: Scale2Decision['decidedBy']; reason?: string },
): void {
  if (d.endedAt !== undefined && Date.parse(end.at) > Date.parse(d.endedAt)) return;
  d.endedAt = end.at;
  d.endedBy = { ...end.by };
  if (end.reason !== undefined) d.endReason = end.reason;
}
