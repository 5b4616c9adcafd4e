// A clinician-set personal plan (issue #12 point 5, DOMAIN.md §4 and §8): usual values,
// a target SpO2 range (e.g. 88–92 % on Scale 2), personal alert thresholds with what to do
// ("ring fastlege ved NEWS2 ≥ 7"), who set it (with role), when, why and until when.
//
// SAFETY RULE: a plan is shown beside the standard NEWS2 score, risk band and response,
// never instead of them. Nothing here returns or changes a score, risk or response: its
// thresholds ADD reasons to act (the worklist's "Krever handling" takes the standard bands
// OR a crossed personal threshold), and its usual values feed the baseline display only.
// An expired or withdrawn plan reads as such and is not used at all.
//
// Limits: thresholds and usual values must lie within the physiological limits core
// accepts for a measurement (NUMERIC_RULES hard limits; NEWS2 total 0–20), so a plan can
// never name a value no measurement can have. A plan must be reviewed within 12 months.
import { z } from 'zod';
import { actorText } from '../actor';
import type { ClinicalActor } from '../actor';
import type { BaselineValues, ClinicianBaseline, UsualValue } from '../baseline/baseline';
import { norwegianDate } from '../baseline/baseline';
import type { News2Score } from '../news2/index';
import { scoreNews2 } from '../news2/score';
import { addMonths, osloDateOf, parseInstant } from '../time/oslo';
import type { VitalSignsSet } from '../vitals/types';
import { NUMERIC_RULES } from '../vitals/validate';
import { boundedText, clinicalActorSchema, isoInstant, issuesOf, notInFuture } from '../validation';
import type { Checked, Issue } from '../validation';

/** What a personal threshold or usual value may be about. */
export const PLAN_PARAMETERS = [
  'news2Total',
  'respirationRate',
  'spo2',
  'systolicBP',
  'pulse',
  'temperature',
] as const;
export type PlanParameter = (typeof PLAN_PARAMETERS)[number];

export type PlanZone = 'yellow' | 'red';
export type ThresholdComparator = '>=' | '<=';

export interface PersonalAlert {
  parameter: PlanParameter;
  comparator: ThresholdComparator;
  value: number;
  /** Yellow: act soon (e.g. call the GP); red: act at once. Both count as "Krever handling". */
  zone: PlanZone;
  /** What to do, Norwegian, e.g. "Ring fastlege". */
  action: string;
}

export interface Spo2Target {
  low: number;
  high: number;
  /** The SpO2 scale the target belongs to (88–92 % goes with Scale 2). */
  scale?: 1 | 2;
}

export interface PersonalPlan {
  /** Client-made identifier (UUID); the FHIR identifier conditional create keys on. */
  id: string;
  patientId: string;
  setBy: ClinicalActor;
  setAt: string;
  /** Why the plan was made ("Kjent KOLS, vanlig NEWS2 5"). */
  reason: string;
  /** Review/expiry date-time: from then the plan reads "utløpt" and is not used. */
  validUntil: string;
  /** Usual values or ranges per parameter; they replace the derived baseline as a whole. */
  usualValues?: Partial<Record<PlanParameter, UsualValue>>;
  spo2Target?: Spo2Target;
  alerts: PersonalAlert[];
  /** Set when the plan was withdrawn before its expiry. */
  endedAt?: string;
}

export const PLAN_REASON_MAX_LENGTH = 500;
export const PLAN_ACTION_MAX_LENGTH = 300;
export const PLAN_MAX_VALIDITY_MONTHS = 12;

/** Norwegian names and units for texts: "NEWS2 ≥ 7", "puls ≥ 120 /min". */
export const PLAN_PARAMETER_TEXT: Readonly<Record<PlanParameter, { label: string; unit: string }>> = {
  news2Total: { label: 'NEWS2', unit: '' },
  respirationRate: { label: 'respirasjonsfrekvens', unit: ' /min' },
  spo2: { label: 'SpO₂', unit: ' %' },
  systolicBP: { label: 'systolisk blodtrykk', unit: ' mmHg' },
  pulse: { label: 'puls', unit: ' /min' },
  temperature: { label: 'temperatur', unit: ' °C' },
};

/** Physiological limits of a parameter: what a measurement can be (NEWS2 total 0–20). */
export function physiologicalLimits(p: PlanParameter): [min: number, max: number] {
  return p === 'news2Total' ? [0, 20] : [...NUMERIC_RULES[p].hard];
}

const nb = (x: number) => String(x).replace('.', ',');

function outsideLimits(p: PlanParameter, value: number): string | undefined {
  const [min, max] = physiologicalLimits(p);
  if (value >= min && value <= max) return undefined;
  const { label, unit } = PLAN_PARAMETER_TEXT[p];
  return `${label[0]!.toUpperCase()}${label.slice(1)} må ligge mellom ${nb(min)} og ${nb(max)}${unit}`;
}

const number = z.number({ error: 'Må være et tall' }).refine(Number.isFinite, 'Må være et tall');

const alertSchema = z.strictObject({
  parameter: z.enum(PLAN_PARAMETERS, { error: 'Velg hva grensen gjelder' }),
  comparator: z.enum(['>=', '<='], { error: 'Velg om grensen gjelder over eller under verdien' }),
  value: number,
  zone: z.enum(['yellow', 'red'], { error: 'Velg gul eller rød sone' }),
  action: boundedText({
    required: 'Skriv hva som skal gjøres',
    label: 'Tiltaket',
    max: PLAN_ACTION_MAX_LENGTH,
  }),
});

const usualSchema = z.strictObject({ usual: number, low: number.optional(), high: number.optional() });

const planSchema = z.strictObject({
  id: z.string({ error: 'Planen mangler id' }).regex(/^\S{1,128}$/, 'Planens id er ugyldig'),
  patientId: z.string({ error: 'Pasient mangler' }).regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Pasient-id er ugyldig'),
  setBy: clinicalActorSchema('Det mangler hvem som satte planen'),
  setAt: isoInstant,
  reason: boundedText({
    required: 'Skriv hvorfor planen settes',
    label: 'Begrunnelsen',
    max: PLAN_REASON_MAX_LENGTH,
  }),
  validUntil: z.string({ error: 'Planen må ha en dato for revurdering' }).pipe(isoInstant),
  usualValues: z.partialRecord(z.enum(PLAN_PARAMETERS), usualSchema).optional(),
  spo2Target: z
    .strictObject({ low: number, high: number, scale: z.union([z.literal(1), z.literal(2)]).optional() })
    .optional(),
  alerts: z
    .array(alertSchema, { error: 'Varslingsgrensene må være en liste' })
    .max(20, 'Høyst 20 varslingsgrenser'),
  endedAt: isoInstant.optional(),
});

export type PersonalPlanField = keyof PersonalPlan | 'input';
const FIELDS: readonly PersonalPlanField[] = [
  'id',
  'patientId',
  'setBy',
  'setAt',
  'reason',
  'validUntil',
  'usualValues',
  'spo2Target',
  'alerts',
  'endedAt',
  'input',
];

/**
 * Validates a personal plan. Refused, with Norwegian reasons: no who (with role), why or
 * review date; a review date not after the plan was set or more than 12 months later; a
 * threshold, usual value or target outside the physiological limits; a usual value
 * outside its own range; a target SpO2 range that is not a range; a plan that says nothing.
 */
export function validatePersonalPlan(
  input: unknown,
  opts: { now: string },
): Checked<PersonalPlan, PersonalPlanField> {
  const now = parseInstant(opts.now, 'now');
  const withAlerts =
    typeof input === 'object' && input !== null && !Array.isArray(input) && !('alerts' in input)
      ? { ...input, alerts: [] }
      : input;
  const parsed = planSchema.safeParse(withAlerts);
  if (!parsed.success) {
    return { ok: false, errors: issuesOf(parsed.error, FIELDS, 'input', 'Planen må være et objekt') };
  }
  const plan = parsed.data as PersonalPlan;
  const errors: Issue<PersonalPlanField>[] = [];
  const setAt = Date.parse(plan.setAt);
  const until = Date.parse(plan.validUntil);
  if (!notInFuture(plan.setAt, now))
    errors.push({ field: 'setAt', message: 'Tidspunktet ligger fram i tid' });
  if (until <= setAt) {
    errors.push({ field: 'validUntil', message: 'Revurderingsdatoen må ligge etter datoen planen ble satt' });
  } else if (osloDateOf(until) > addMonths(osloDateOf(setAt), PLAN_MAX_VALIDITY_MONTHS)) {
    errors.push({
      field: 'validUntil',
      message: `Planen må revurderes innen ${PLAN_MAX_VALIDITY_MONTHS} måneder`,
    });
  }
  plan.alerts.forEach((a, i) => {
    const message = outsideLimits(a.parameter, a.value);
    if (message)
      errors.push({
        field: 'alerts',
        message: `Varslingsgrense ${i + 1}: ${message}`,
        path: ['alerts', i, 'value'],
      });
    if (a.parameter === 'news2Total' && !Number.isInteger(a.value)) {
      errors.push({
        field: 'alerts',
        message: `Varslingsgrense ${i + 1}: NEWS2 er et helt tall`,
        path: ['alerts', i, 'value'],
      });
    }
  });
  for (const [p, u] of Object.entries(plan.usualValues ?? {}) as [PlanParameter, UsualValue][]) {
    const values = [u.low, u.usual, u.high].filter((x): x is number => x !== undefined);
    const message = values.map((x) => outsideLimits(p, x)).find((m) => m !== undefined);
    const label = PLAN_PARAMETER_TEXT[p].label;
    if (message)
      errors.push({ field: 'usualValues', message: `Vanlig verdi: ${message}`, path: ['usualValues', p] });
    else if ((u.low !== undefined && u.low > u.usual) || (u.high !== undefined && u.high < u.usual)) {
      errors.push({
        field: 'usualValues',
        message: `Vanlig verdi for ${label} må ligge innenfor det vanlige området`,
        path: ['usualValues', p],
      });
    }
  }
  const t = plan.spo2Target;
  if (t !== undefined) {
    const message = outsideLimits('spo2', t.low) ?? outsideLimits('spo2', t.high);
    if (message) errors.push({ field: 'spo2Target', message: `Målområdet: ${message}` });
    else if (t.low >= t.high) {
      errors.push({
        field: 'spo2Target',
        message: 'Målområdet for SpO₂ må være et område: nedre grense lavere enn øvre',
      });
    }
  }
  if (plan.alerts.length === 0 && Object.keys(plan.usualValues ?? {}).length === 0 && t === undefined) {
    errors.push({
      field: 'input',
      message: 'Planen må ha vanlige verdier, et målområde for SpO₂ eller en varslingsgrense',
    });
  }
  if (plan.endedAt !== undefined && Date.parse(plan.endedAt) < setAt) {
    errors.push({ field: 'endedAt', message: 'Planen kan ikke avsluttes før den ble satt' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: plan };
}

export type PersonalPlanStatus = 'active' | 'expired' | 'ended' | 'not-yet-valid';

/** Where the plan stands at `now`: expired from validUntil, ended from endedAt. */
export function personalPlanStatus(plan: PersonalPlan, now: string): PersonalPlanStatus {
  const t = parseInstant(now, 'now');
  if (plan.endedAt !== undefined && parseInstant(plan.endedAt, 'endedAt') <= t) return 'ended';
  if (parseInstant(plan.validUntil, 'validUntil') <= t) return 'expired';
  if (parseInstant(plan.setAt, 'setAt') > t) return 'not-yet-valid';
  return 'active';
}

/**
 * The patient's current plan at `now`: the most recently set one that is active, else the
 * most recently set expired one (so the screen can say it has expired), else undefined.
 * Withdrawn plans are not returned.
 */
export function currentPersonalPlan(
  plans: readonly PersonalPlan[],
  opts: { now: string; patientId: string },
): PersonalPlan | undefined {
  const mine = plans
    .filter((p) => p.patientId === opts.patientId)
    .sort((a, b) => Date.parse(b.setAt) - Date.parse(a.setAt));
  return (
    mine.find((p) => personalPlanStatus(p, opts.now) === 'active') ??
    mine.find((p) => personalPlanStatus(p, opts.now) === 'expired')
  );
}

/** The plan's usual values as a clinician baseline (for the baseline display), if it has any. */
export function clinicianBaselineFromPlan(plan: PersonalPlan): ClinicianBaseline | undefined {
  const values: BaselineValues = { ...plan.usualValues };
  if (Object.keys(values).length === 0) return undefined;
  return {
    kind: 'clinician',
    patientId: plan.patientId,
    setBy: plan.setBy,
    setAt: plan.setAt,
    reason: plan.reason,
    values,
    validUntil: plan.endedAt !== undefined && plan.endedAt < plan.validUntil ? plan.endedAt : plan.validUntil,
    planId: plan.id,
  };
}

export interface CrossedAlert {
  alert: PersonalAlert;
  /** The measured value (for NEWS2: the total, or the partial sum of an incomplete set). */
  value: number;
  /** True when the value is the partial sum of an incomplete set (a lower bound). */
  partial: boolean;
  /** "NEWS2 ≥ 7: Ring fastlege". */
  text: string;
}

/** Fields a plan result must never carry: it adds reasons to act, it never re-scores. */
interface NoClinicalOverride {
  risk?: never;
  level?: never;
  total?: never;
  parts?: never;
}

export type PlanEvaluation = NoClinicalOverride &
  (
    | { kind: 'no-plan' }
    /** The plan has expired (or was withdrawn): shown as such and not used. */
    | { kind: 'not-in-force'; plan: PersonalPlan; status: Exclude<PersonalPlanStatus, 'active'> }
    | {
        kind: 'evaluated';
        plan: PersonalPlan;
        /** The thresholds the set crosses, red first. */
        crossed: CrossedAlert[];
        /** Where the set's SpO2 lies against the target range, when both are known. */
        spo2Target?: 'below' | 'within' | 'above';
      }
  );

function valueFor(
  set: VitalSignsSet,
  score: News2Score,
  p: PlanParameter,
): { value: number; partial: boolean } | undefined {
  if (p === 'news2Total') return { value: score.total, partial: !score.complete };
  const v = set.vitals[p];
  return typeof v === 'number' && Number.isFinite(v) ? { value: v, partial: false } : undefined;
}

/** "NEWS2 ≥ 7", "puls ≤ 45 /min". */
export function thresholdText(alert: Pick<PersonalAlert, 'parameter' | 'comparator' | 'value'>): string {
  const { label, unit } = PLAN_PARAMETER_TEXT[alert.parameter];
  return `${label} ${alert.comparator === '>=' ? '≥' : '≤'} ${nb(alert.value)}${unit}`;
}

/** "NEWS2 ≥ 7: Ring fastlege". */
export function alertText(alert: PersonalAlert): string {
  return `${thresholdText(alert)}: ${alert.action}`;
}

/**
 * The set against the plan's thresholds and target, at `now`. A partial sum of an
 * incomplete set crosses a "NEWS2 ≥" threshold when it already reaches it (missing
 * parameters only add points); it never decides a "NEWS2 ≤" one. `score` must be
 * scoreNews2(set.vitals); it is read, never changed.
 */
export function evaluatePersonalPlan(
  plan: PersonalPlan | undefined,
  set: VitalSignsSet,
  opts: { now: string; score?: News2Score },
): PlanEvaluation {
  if (plan === undefined || plan.patientId !== set.patientId) return { kind: 'no-plan' };
  const status = personalPlanStatus(plan, opts.now);
  if (status !== 'active') return { kind: 'not-in-force', plan, status };
  const score = opts.score ?? scoreNews2(set.vitals);
  const crossed: CrossedAlert[] = [];
  for (const alert of plan.alerts) {
    const v = valueFor(set, score, alert.parameter);
    if (v === undefined) continue;
    if (v.partial && alert.comparator === '<=') continue;
    const hit = alert.comparator === '>=' ? v.value >= alert.value : v.value <= alert.value;
    if (hit) crossed.push({ alert, value: v.value, partial: v.partial, text: alertText(alert) });
  }
  crossed.sort((a, b) => (a.alert.zone === b.alert.zone ? 0 : a.alert.zone === 'red' ? -1 : 1));
  const out: PlanEvaluation = { kind: 'evaluated', plan, crossed };
  const spo2 = set.vitals.spo2;
  if (plan.spo2Target !== undefined && typeof spo2 === 'number') {
    out.spo2Target = spo2 < plan.spo2Target.low ? 'below' : spo2 > plan.spo2Target.high ? 'above' : 'within';
  }
  return out;
}

function usualText(p: PlanParameter, u: UsualValue): string {
  const { label, unit } = PLAN_PARAMETER_TEXT[p];
  const range = u.low !== undefined && u.high !== undefined ? ` (${nb(u.low)}–${nb(u.high)})` : '';
  return `vanlig ${label} ${nb(u.usual)}${range}${unit}`;
}

/**
 * The plan as one Norwegian line to show beside the standard response, e.g. "Personlig plan
 * (lege Kari Hansen, 01.11.2026, gjelder til 01.02.2027): NEWS2 ≥ 7: Ring fastlege. ..."
 * An expired or withdrawn plan says so and that it is not used.
 */
export function describePersonalPlan(plan: PersonalPlan, now: string): string {
  const who = `${actorText(plan.setBy)}, ${norwegianDate(plan.setAt)}`;
  const status = personalPlanStatus(plan, now);
  if (status === 'expired') {
    return `Personlig plan (${who}) utløpt ${norwegianDate(plan.validUntil)}: brukes ikke. Standard NEWS2 gjelder.`;
  }
  if (status === 'ended') {
    return `Personlig plan (${who}) avsluttet ${norwegianDate(plan.endedAt!)}: brukes ikke. Standard NEWS2 gjelder.`;
  }
  const parts = [
    ...plan.alerts.map((a) => `${alertText(a)}.`),
    ...(plan.spo2Target
      ? [
          `Målområde SpO₂ ${nb(plan.spo2Target.low)}–${nb(plan.spo2Target.high)} %${plan.spo2Target.scale ? ` (skala ${plan.spo2Target.scale})` : ''}.`,
        ]
      : []),
    ...(Object.entries(plan.usualValues ?? {}) as [PlanParameter, UsualValue][]).map(
      ([p, u]) => `${usualText(p, u)[0]!.toUpperCase()}${usualText(p, u).slice(1)}.`,
    ),
  ];
  const period =
    status === 'not-yet-valid'
      ? `gjelder fra ${norwegianDate(plan.setAt)} til ${norwegianDate(plan.validUntil)}`
      : `gjelder til ${norwegianDate(plan.validUntil)}`;
  return `Personlig plan (${who}, ${period}): ${parts.join(' ')}`;
}
