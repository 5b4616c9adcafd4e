// Validation of a personal plan (Norwegian reasons): who, why and review date present,
// review within 12 months, thresholds, usual values and the SpO2 target within the
// physiological limits core accepts for a measurement (NEWS2 total 0–20).
import { z } from 'zod';
import type { UsualValue } from '../baseline/baseline';
import { addMonths, osloDateOf, parseInstant } from '../time/oslo';
import { VITAL_PARAMETERS } from '../vitals/parameters';
import { boundedText, clinicalActorSchema, isoInstant, issuesOf, notInFuture } from '../validation';
import type { Checked, Issue } from '../validation';
import { nb, PLAN_PARAMETER_TEXT } from './personalPlanText';
import {
  PLAN_ACTION_MAX_LENGTH,
  PLAN_MAX_VALIDITY_MONTHS,
  PLAN_PARAMETERS,
  PLAN_REASON_MAX_LENGTH,
} from './personalPlanTypes';
import type { PersonalPlan, PlanParameter } from './personalPlanTypes';

/** Physiological limits of a parameter: what a measurement can be (NEWS2 total 0–20). */
export function physiologicalLimits(p: PlanParameter): [min: number, max: number] {
  return p === 'news2Total' ? [0, 20] : [...VITAL_PARAMETERS[p].hard];
}

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
