// The vitals form's input as typed, and its conversion to a VitalSignsSet. Text stays text
// until saved, so nothing the nurse typed is lost to a parse; validation is core's
// (validateVitalSignsSet), with one app-side step: "37,5" and "37.5" both read as 37.5.
import type { Consciousness } from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { validateVitalSignsSet, type FieldIssue, type ValidationField } from '../../../core/vitals/validate';
import { parseDecimal } from '../../format/norwegian';

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
  };
}

export function isDraftEmpty(d: VitalsDraft): boolean {
  return numericFields.every((f) => d.text[f].trim() === '') && !d.air && !d.consciousness && !d.pulseRhythm;
}

export type DraftCheck =
  | { ok: true; set: VitalSignsSet; warnings: FieldIssue[] }
  | { ok: false; errors: FieldIssue[]; partial: VitalSignsSet };

const notANumber: Record<NumericField, string> = {
  respirationRate: 'Respirasjonsfrekvens må være et tall',
  spo2: 'Oksygenmetning må være et tall',
  systolicBP: 'Systolisk blodtrykk må være et tall',
  diastolicBP: 'Diastolisk blodtrykk må være et tall',
  pulse: 'Puls må være et tall',
  temperature: 'Temperatur må være et tall',
  oxygenFlowLpm: 'Oksygenflow må være et tall',
};

/**
 * Builds the set and checks it. `partial` holds every value that parsed, so the live score
 * can show what is known while the nurse is still typing. Unless the nurse entered a time,
 * the set is measured at `now`: call it again at the moment of saving.
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
    if (Number.isNaN(value)) errors.push({ field: f, message: notANumber[f] });
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
  };
  // Drop absent keys: the stored set carries only what was measured.
  set.vitals = Object.fromEntries(Object.entries(set.vitals).filter(([, v]) => v !== undefined));
  const clean = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)) as VitalSignsSet;
  const result = validateVitalSignsSet(clean, { now: now.toISOString() });
  if (!result.ok || errors.length) {
    const fromCore = result.ok ? [] : result.errors.filter((e) => !errors.some((x) => x.field === e.field));
    return { ok: false, errors: [...errors, ...fromCore], partial: clean };
  }
  return { ok: true, set: result.value, warnings: result.warnings };
}

export function issueFor(issues: FieldIssue[], field: ValidationField): string | undefined {
  return issues.find((i) => i.field === field)?.message;
}
