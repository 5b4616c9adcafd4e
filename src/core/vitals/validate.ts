// Input validation of vital signs before they are stored or scored.
//
// Two tiers, per field:
// - errors: not a number, not a whole number where the device shows whole numbers, or
//   physiologically impossible (outside HARD limits). The value is refused with a Norwegian
//   reason; the caller keeps the user's input so nothing is lost.
// - warnings: extreme but possible (outside SOFT limits). The value is accepted, and the UI
//   asks the user to confirm it before saving (a typing slip such as 19 for 91 is likelier
//   than a true value there, but a true one must never be blocked).
// Returns a value, never throws. null or undefined fields count as not measured.
import { z } from 'zod';
import type { Consciousness, VitalSigns } from '../news2/index';
import type { VitalSignsSet } from './types';

export type VitalsField = keyof VitalSigns | Exclude<keyof VitalSignsSet, 'vitals'>;
/** `input` is the whole input (not an object, unknown field, nothing measured). */
export type ValidationField = VitalsField | 'input';

export interface FieldIssue {
  field: ValidationField;
  message: string;
}

export type ValidationResult<T> =
  { ok: true; value: T; warnings: FieldIssue[] } | { ok: false; errors: FieldIssue[] };

interface NumericRule {
  label: string; // as the start of a sentence
  unit: string;
  integer: boolean;
  hard: [min: number, max: number];
  soft: [min: number, max: number];
  low: string; // warning text below soft min
  high: string; // warning text above soft max
}

/**
 * Limits: HARD = impossible outside, SOFT = extreme outside (confirm). The HARD limits match
 * what the platform accepts (src/platform/fhir/validation.ts), so a set the app accepts is
 * never refused on upload. A cuff cannot read a systolic below 20 mmHg.
 */
export const NUMERIC_RULES = {
  respirationRate: {
    label: 'Respirasjonsfrekvens',
    unit: '/min',
    integer: true,
    hard: [0, 80],
    soft: [6, 45],
    low: 'svært lav',
    high: 'svært høy',
  },
  spo2: {
    label: 'Oksygenmetning',
    unit: '%',
    integer: true,
    hard: [0, 100],
    soft: [70, 100],
    low: 'svært lav',
    high: '',
  },
  systolicBP: {
    label: 'Systolisk blodtrykk',
    unit: 'mmHg',
    integer: true,
    hard: [20, 300],
    soft: [60, 250],
    low: 'svært lavt',
    high: 'svært høyt',
  },
  pulse: {
    label: 'Puls',
    unit: '/min',
    integer: true,
    hard: [0, 300],
    soft: [30, 200],
    low: 'svært lav',
    high: 'svært høy',
  },
  temperature: {
    label: 'Temperatur',
    unit: '°C',
    integer: false,
    hard: [25, 45],
    soft: [32, 42],
    low: 'svært lav',
    high: 'svært høy',
  },
  diastolicBP: {
    label: 'Diastolisk blodtrykk',
    unit: 'mmHg',
    integer: true,
    hard: [10, 250],
    soft: [30, 150],
    low: 'svært lavt',
    high: 'svært høyt',
  },
  oxygenFlowLpm: {
    label: 'Oksygenflow',
    unit: 'L/min',
    integer: false,
    hard: [0, 60],
    soft: [0, 15],
    low: '',
    high: 'uvanlig høy',
  },
} as const satisfies Record<string, NumericRule>;

type NumericField = keyof typeof NUMERIC_RULES;

/** Norwegian number text: decimal comma. */
function nb(value: number): string {
  return String(value).replace('.', ',');
}

function numberSchema(rule: NumericRule) {
  const [min, max] = rule.hard;
  let schema = z.number({ error: `${rule.label} må være et tall` });
  if (rule.integer) schema = schema.int(`${rule.label} må være et helt tall`);
  return schema
    .min(min, `${rule.label} kan ikke være under ${nb(min)} ${rule.unit}`)
    .max(max, `${rule.label} kan ikke være over ${nb(max)} ${rule.unit}`);
}

const CONSCIOUSNESS: readonly Consciousness[] = ['A', 'C', 'V', 'P', 'U'];

const vitalSignsSchema = z.strictObject({
  respirationRate: numberSchema(NUMERIC_RULES.respirationRate).optional(),
  spo2: numberSchema(NUMERIC_RULES.spo2).optional(),
  spo2Scale: z.union([z.literal(1), z.literal(2)], { error: 'SpO₂-skala må være 1 eller 2' }).optional(),
  onOxygen: z.boolean({ error: 'Luft eller oksygen må være ja eller nei' }).optional(),
  systolicBP: numberSchema(NUMERIC_RULES.systolicBP).optional(),
  pulse: numberSchema(NUMERIC_RULES.pulse).optional(),
  consciousness: z.enum(CONSCIOUSNESS, { error: 'Bevissthet må være A, C, V, P eller U' }).optional(),
  temperature: numberSchema(NUMERIC_RULES.temperature).optional(),
});

const referenceSchema = z.strictObject({
  reference: z.string().regex(/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/),
  display: z.string().optional(),
});

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const isoInstant = z
  .string({ error: 'Tidspunkt mangler' })
  .regex(ISO_WITH_OFFSET, 'Tidspunktet må ha dato, klokkeslett og tidssone')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Tidspunktet er ikke en gyldig dato');

const setFieldsSchema = z.strictObject({
  id: z
    .string({ error: 'Målingen mangler id' })
    .min(1, 'Målingen mangler id')
    .max(128, 'Målingens id er for lang')
    .regex(/^\S+$/, 'Målingens id kan ikke inneholde mellomrom'),
  patientId: z.string({ error: 'Pasient mangler' }).regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Pasient-id er ugyldig'),
  effectiveDateTime: isoInstant,
  vitals: z.unknown(),
  pulseIrregular: z.boolean({ error: 'Pulsrytme må være regelmessig eller uregelmessig' }).optional(),
  diastolicBP: numberSchema(NUMERIC_RULES.diastolicBP).optional(),
  oxygenFlowLpm: numberSchema(NUMERIC_RULES.oxygenFlowLpm).optional(),
  performer: referenceSchema.optional(),
  sourceSystem: z.string().min(1, 'Kildesystem kan ikke være tomt').optional(),
  receivedAt: isoInstant.optional(),
  recordedAt: isoInstant.optional(),
});

function withoutNulls(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

const FIELD_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(vitalSignsSchema.shape),
  ...Object.keys(setFieldsSchema.shape),
]);

function issuesOf(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: 'input', message: `Ukjent felt: ${key}` });
      continue;
    }
    const head = issue.path[0];
    const field: ValidationField =
      typeof head === 'string' && FIELD_NAMES.has(head) ? (head as VitalsField) : 'input';
    const message =
      field === 'input' && issue.path.length === 0 ? 'Målingen må være et objekt med verdier' : issue.message;
    if (field === 'performer' && issue.path.length > 1) {
      if (!seen.has('performer')) out.push({ field, message: 'Utført av må være en gyldig referanse' });
      seen.add('performer');
      continue;
    }
    // One reason per field is enough for the user; the first is the most basic one.
    if (seen.has(field) && field !== 'input') continue;
    seen.add(field);
    out.push({ field, message });
  }
  return out;
}

function extremeWarning(field: NumericField, value: number): FieldIssue | undefined {
  const rule: NumericRule = NUMERIC_RULES[field];
  const [low, high] = rule.soft;
  const confirm = 'Kontroller målingen og bekreft at verdien er riktig.';
  if (value < low)
    return { field, message: `${rule.label} ${nb(value)} ${rule.unit} er ${rule.low}. ${confirm}` };
  if (value > high)
    return { field, message: `${rule.label} ${nb(value)} ${rule.unit} er ${rule.high}. ${confirm}` };
  return undefined;
}

function warningsFor(values: Partial<Record<NumericField, number | undefined>>): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const field of Object.keys(NUMERIC_RULES) as NumericField[]) {
    const value = values[field];
    if (value === undefined) continue;
    const w = extremeWarning(field, value);
    if (w) out.push(w);
  }
  return out;
}

/** Validates the NEWS2 parameters of one measurement (all optional: a single value is fine). */
export function validateVitals(input: unknown): ValidationResult<VitalSigns> {
  const parsed = vitalSignsSchema.safeParse(withoutNulls(input));
  if (!parsed.success) return { ok: false, errors: issuesOf(parsed.error) };
  const value = parsed.data as VitalSigns;
  return { ok: true, value, warnings: warningsFor(value) };
}

export interface ValidateSetOptions {
  /** The current time, ISO 8601. */
  now: string;
  /** How far in the future a measurement may lie (device clocks drift). Default 5 minutes. */
  maxClockSkewMinutes?: number;
  /** Older than this asks for confirmation (late entry). Default 24 hours. */
  confirmOlderThanHours?: number;
}

/**
 * Validates a whole set: its fields, its vitals, and the rules across fields (diastolic
 * below systolic, oxygen flow only on oxygen, something measured, time not in the future).
 */
export function validateVitalSignsSet(
  input: unknown,
  opts: ValidateSetOptions,
): ValidationResult<VitalSignsSet> {
  const now = Date.parse(opts.now);
  if (Number.isNaN(now))
    throw new RangeError(`now is not an ISO 8601 date-time: ${JSON.stringify(opts.now)}`);
  const fields = setFieldsSchema.safeParse(withoutNulls(input));
  const vitalsInput =
    typeof input === 'object' && input !== null ? (input as { vitals?: unknown }).vitals : undefined;
  const vitals = validateVitals(vitalsInput ?? {});
  const errors: FieldIssue[] = [
    ...(fields.success ? [] : issuesOf(fields.error)),
    ...(vitals.ok ? [] : vitals.errors),
  ];
  if (!fields.success || !vitals.ok) return { ok: false, errors };

  const set = { ...fields.data, vitals: vitals.value } as VitalSignsSet;
  const v = set.vitals;
  if (set.diastolicBP !== undefined && v.systolicBP !== undefined && set.diastolicBP >= v.systolicBP) {
    errors.push({ field: 'diastolicBP', message: 'Diastolisk blodtrykk må være lavere enn systolisk' });
  }
  if (set.oxygenFlowLpm !== undefined && v.onOxygen !== true) {
    errors.push({
      field: 'oxygenFlowLpm',
      message: 'Oksygenflow er oppgitt, men pasienten er ikke registrert på oksygen',
    });
  }
  if (set.oxygenFlowLpm === 0) {
    errors.push({
      field: 'oxygenFlowLpm',
      message: 'Oksygenflow må være over 0 L/min, eller la feltet stå tomt',
    });
  }
  if (Object.keys(v).filter((k) => k !== 'spo2Scale').length === 0 && set.diastolicBP === undefined) {
    errors.push({ field: 'input', message: 'Målingen inneholder ingen verdier' });
  }
  const measured = Date.parse(set.effectiveDateTime);
  const skewMs = (opts.maxClockSkewMinutes ?? 5) * 60_000;
  if (measured > now + skewMs) {
    errors.push({ field: 'effectiveDateTime', message: 'Målingstidspunktet ligger fram i tid' });
  }
  if (errors.length > 0) return { ok: false, errors };

  const warnings = [
    ...vitals.warnings,
    ...warningsFor({ diastolicBP: set.diastolicBP, oxygenFlowLpm: set.oxygenFlowLpm }),
  ];
  const lateHours = opts.confirmOlderThanHours ?? 24;
  if (now - measured > lateHours * 3_600_000) {
    const ago = lateHours === 24 ? 'ett døgn' : `${nb(lateHours)} timer`;
    warnings.push({
      field: 'effectiveDateTime',
      message: `Målingstidspunktet er mer enn ${ago} tilbake i tid. Bekreft at tidspunktet er riktig.`,
    });
  }
  return { ok: true, value: set, warnings };
}
