// The "Hva ble gjort?" form as data: what the nurse has chosen and typed, turned into core's
// EscalationRecord and checked with core's validateEscalation (the rules the outbox and the
// platform apply too), so a refusal is shown at the field before anything is stored.
import type { CallOption } from '../../../core/escalation/contacts';
import {
  validateEscalation,
  type ContactKind,
  type EscalationField,
  type EscalationRecord,
} from '../../../core/escalation/escalation';
import type { Issue } from '../../../core/validation';
import { toTheSecond } from '../vitals/vitalsDraft';

export interface EscalationDraft {
  outcome: '' | 'contacted' | 'not-escalated';
  /** Which of the call options was used, or 'other'. */
  contactKind: '' | ContactKind;
  contactName: string;
  /** null: the moment of saving; else a datetime-local value. */
  contactedAt: string | null;
  advice: string;
  keepIsbar: boolean;
  reason: string;
}

export const emptyEscalationDraft: EscalationDraft = {
  outcome: '',
  contactKind: '',
  contactName: '',
  contactedAt: null,
  advice: '',
  keepIsbar: true,
  reason: '',
};

/** The name a chosen call option fills in ("Per Olsen", "Bergen legevakt", "AMK"). */
export function contactNameOf(option: CallOption | undefined): string {
  if (!option) return '';
  if (option.kind === 'fastlege' && option.name.startsWith('ukjent')) return '';
  // "Per Olsen, Kalfaret legekontor": the person is the contact, the office is context.
  return option.kind === 'fastlege' ? (option.name.split(', ')[0] ?? option.name) : option.name;
}

export interface DraftContext {
  id: string;
  patientId: string;
  setId: string;
  recordedBy: { reference: string; display?: string };
  options: readonly CallOption[];
  isbar: string;
}

export type EscalationCheck =
  { ok: true; record: EscalationRecord } | { ok: false; errors: Issue<EscalationField>[] };

/** The record the draft makes at `now`, checked by core. */
export function checkEscalationDraft(d: EscalationDraft, ctx: DraftContext, now: Date): EscalationCheck {
  const at = toTheSecond(now);
  const base = {
    id: ctx.id,
    patientId: ctx.patientId,
    setId: ctx.setId,
    recordedBy: ctx.recordedBy,
    recordedAt: at,
  };
  let input: unknown;
  if (d.outcome === 'not-escalated') {
    input = { ...base, kind: 'not-escalated', reason: d.reason };
  } else if (d.outcome === 'contacted') {
    const option = ctx.options.find((o) => o.kind === d.contactKind);
    const phone = option?.numbers[0]?.number;
    const reference = option?.reference;
    const when = d.contactedAt === null ? now : new Date(d.contactedAt);
    input = {
      ...base,
      kind: 'contacted',
      contact: d.contactKind
        ? {
            kind: d.contactKind,
            name: d.contactName,
            ...(reference && d.contactKind !== 'other' ? { reference } : {}),
            ...(phone && d.contactKind !== 'other' ? { phone } : {}),
          }
        : undefined,
      contactedAt: Number.isNaN(when.getTime()) ? (d.contactedAt ?? '') : toTheSecond(when),
      advice: d.advice,
      ...(d.keepIsbar ? { isbar: ctx.isbar } : {}),
    };
  } else {
    input = { ...base };
  }
  const checked = validateEscalation(input, { now: now.toISOString() });
  return checked.ok ? { ok: true, record: checked.value } : { ok: false, errors: checked.errors };
}

/** The first reason for a field ('contact' also covers its name). */
export function errorFor(
  errors: readonly Issue<EscalationField>[],
  field: EscalationField,
): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}
