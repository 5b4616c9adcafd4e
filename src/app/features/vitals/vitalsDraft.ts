// The vitals form's input as typed, and its conversion to a VitalSignsSet. Text stays text
// until saved, so nothing the nurse typed is lost to a parse; validation is core's
// (validateVitalSignsSet), with one app-side step: "37,5" and "37.5" both read as 37.5.
import type { Consciousness } from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import {
  notANumberMessage,
  validateVitalSignsSet,
  type FieldIssue,
  type ValidationField,
} from '../../../core/vitals/validate';
import { parseDecimal } from '../../format/norwegian';
import { validateSetComment } from '../../../core/correction/correction';
import type { SetComment } from '../../../core/correction/types';

export const numericFields = [
  'respirationRate',
  'spo2',
  'systolicBP',
  'diastolicBP',
  'pulse',
  'temperature',
  'oxygenFlowLpm',
] as const;
export type NumericField = (typeof numericFields)[number];

export interface VitalsDraft {
  text: Record<NumericField, string>;
  air: '' | 'air' | 'oxygen';
  consciousness: '' | Consciousness;
  pulseRhythm: '' | 'regular' | 'irregular';
  spo2Scale: 1 | 2;
  /**
   * null: measured when saved (the time of saving is stamped then, issue #11 point 7).
   * Otherwise the time the nurse entered, a datetime-local value in the device's time zone.
   */
  measuredAt: string | null;
  /** A comment written with the set (Observation.note), '' for none. */
  comment: string;
}

/** A datetime-local value (device time zone) to the second: what the "Målt" field edits. */
export function localDateTimeValue(at: Date): string {
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/** The instant to the second: measured times are kept to the second, never finer or coarser. */
export function toTheSecond(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
}

export function emptyDraft(scale: 1 | 2): VitalsDraft {
  return {
    text: {
      respirationRate: '',
      spo2: '',
      systolicBP: '',
      diastolicBP: '',
      pulse: '',
      temperature: '',
      oxygenFlowLpm: '',
    },
    air: '',
    consciousness: '',
    pulseRhythm: '',
    spo2Scale: scale,
    measuredAt: null,
    comment: '',
  };
}

export function isDraftEmpty(d: VitalsDraft): boolean {
  return (
    numericFields.every((f) => d.text[f].trim() === '') &&
    !d.air &&
    !d.consciousness &&
    !d.pulseRhythm &&
    d.comment.trim() === ''
  );
}

export type DraftCheck =
  | { ok: true; set: VitalSignsSet; warnings: FieldIssue[] }
  /** commentError: the comment's own reason (core's), shown at the comment field. */
  | { ok: false; errors: FieldIssue[]; partial: VitalSignsSet; commentError?: string };

/**
 * Builds the set and checks it. `partial` holds every value that parsed, so the live score
 * can show what is known while the nurse is still typing. Unless the nurse entered a time,
 * the set is measured at `now`: call it again at the moment of saving. `now` is also the
 * set's entry time (recordedAt, to the second: it orders two sets saved in the same
 * minute, issue #11 point 7), and the time of a comment written with it.
 */
export function checkDraft(
  d: VitalsDraft,
  ids: { id: string; patientId: string; performer?: { reference: string; display?: string } },
  now: Date,
): DraftCheck {
  const errors: FieldIssue[] = [];
  const n: Partial<Record<NumericField, number>> = {};
  for (const f of numericFields) {
    const value = parseDecimal(d.text[f]);
    if (value === undefined) continue;
    if (Number.isNaN(value)) errors.push({ field: f, message: notANumberMessage(f) });
    else n[f] = value;
  }
  const measured = d.measuredAt === null ? now : new Date(d.measuredAt);
  const set: VitalSignsSet = {
    id: ids.id,
    patientId: ids.patientId,
    effectiveDateTime: Number.isNaN(measured.getTime()) ? (d.measuredAt ?? '') : toTheSecond(measured),
    vitals: {
      respirationRate: n.respirationRate,
      spo2: n.spo2,
      spo2Scale: n.spo2 === undefined ? undefined : d.spo2Scale,
      onOxygen: d.air === '' ? undefined : d.air === 'oxygen',
      systolicBP: n.systolicBP,
      pulse: n.pulse,
      consciousness: d.consciousness || undefined,
      temperature: n.temperature,
    },
    diastolicBP: n.diastolicBP,
    oxygenFlowLpm: n.oxygenFlowLpm,
    pulseIrregular: d.pulseRhythm === '' ? undefined : d.pulseRhythm === 'irregular',
    performer: ids.performer,
    sourceSystem: 'varde',
    recordedAt: toTheSecond(now),
  };
  // Drop absent keys: the stored set carries only what was measured.
  set.vitals = Object.fromEntries(Object.entries(set.vitals).filter(([, v]) => v !== undefined));
  const clean = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)) as VitalSignsSet;
  const result = validateVitalSignsSet(clean, { now: now.toISOString() });
  const comment = commentOf(d, ids, toTheSecond(now));
  const commentCheck = comment ? validateSetComment(comment, { now: now.toISOString() }) : undefined;
  const commentError =
    d.comment.trim() !== '' && !ids.performer
      ? 'Kommentaren kan ikke lagres: det er ukjent hvem som er logget inn'
      : commentCheck && !commentCheck.ok
        ? commentCheck.errors[0]?.message
        : undefined;
  if (!result.ok || errors.length || commentError) {
    const fromCore = result.ok ? [] : result.errors.filter((e) => !errors.some((x) => x.field === e.field));
    return {
      ok: false,
      errors: [...errors, ...fromCore],
      partial: clean,
      ...(commentError ? { commentError } : {}),
    };
  }
  const comments = commentCheck?.ok ? [commentCheck.value] : undefined;
  return {
    ok: true,
    set: comments ? { ...result.value, comments } : result.value,
    warnings: result.warnings,
  };
}

/** The comment written in the form, by the performer, at the entry time; none when empty. */
function commentOf(
  d: VitalsDraft,
  ids: { id: string; patientId: string; performer?: { reference: string; display?: string } },
  at: string,
): SetComment | undefined {
  if (d.comment.trim() === '' || !ids.performer) return undefined;
  return { setId: ids.id, patientId: ids.patientId, text: d.comment, author: ids.performer, writtenAt: at };
}

export function issueFor(issues: FieldIssue[], field: ValidationField): string | undefined {
  return issues.find((i) => i.field === field)?.message;
}
