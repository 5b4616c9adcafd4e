// Monitoring plans for municipal care (issue #11 point 2, DOMAIN.md §4 and §8).
//
// RCP's intervals (12-hourly at 0, 4–6-hourly at 1–4, hourly, continuous) are ward rules;
// applied to home care they make every stable patient overdue. The steering document's rule
// for municipal care is "NEWS2 bør tas minst årlig, men alltid ved endring": a routine
// interval per patient (weekly, monthly, ...), set by a nurse or doctor with who and when,
// and the municipality's default of 12 months ("minst årlig") when none is set. The RCP
// urgency applies on top of the routine when a set is elevated (./monitoringState.ts).
import { z } from 'zod';
import type { ClinicalActor } from '../actor';
import { parseInstant } from '../time/oslo';
import { boundedText, clinicalActorSchema, isoInstant, issuesOf, notInFuture } from '../validation';
import type { Checked, Issue } from '../validation';

/** FHIR Timing units: day, week, month, year. */
export type IntervalUnit = 'd' | 'wk' | 'mo' | 'a';

export interface RoutineInterval {
  /** A whole number of `unit`s, at least 1. */
  value: number;
  unit: IntervalUnit;
}

/** "NEWS2 bør tas minst årlig": the municipality's default when no plan is set. */
export const MUNICIPAL_DEFAULT_INTERVAL: RoutineInterval = Object.freeze({ value: 12, unit: 'mo' });

/** The longest routine interval: "minst årlig" allows no longer. */
export const MAX_INTERVAL_MONTHS = 12;

export const MONITORING_PLAN_REASON_MAX_LENGTH = 500;

export interface MonitoringPlan {
  /** Client-made identifier (UUID); the FHIR identifier conditional create keys on. */
  id: string;
  patientId: string;
  interval: RoutineInterval;
  /** The nurse or doctor who set it, with role. */
  setBy: ClinicalActor;
  /** When it was set; it applies from then. ISO 8601. */
  setAt: string;
  /** Why, optional ("Stabil, ukentlig besøk"). */
  reason?: string;
  /** When it was withdrawn; from then the municipal default (or a newer plan) applies. */
  endedAt?: string;
}

function monthsOf(interval: RoutineInterval): number {
  switch (interval.unit) {
    case 'd':
      return interval.value / 30.44;
    case 'wk':
      return (interval.value * 7) / 30.44;
    case 'mo':
      return interval.value;
    case 'a':
      return interval.value * 12;
  }
}

const UNIT_NAMES: Readonly<Record<IntervalUnit, string>> = { d: 'dag', wk: 'uke', mo: 'måned', a: 'år' };

/** "hver dag", "hver 7. dag", "hver uke", "hver 2. uke", "hver måned", "hver 12. måned". */
export function intervalText(interval: RoutineInterval): string {
  const unit = UNIT_NAMES[interval.unit];
  return interval.value === 1 ? `hver ${unit}` : `hver ${interval.value}. ${unit}`;
}

const intervalSchema = z.strictObject(
  {
    value: z
      .number({ error: 'Intervallet må være et tall' })
      .int('Intervallet må være et helt tall')
      .min(1, 'Intervallet må være minst 1'),
    unit: z.enum(['d', 'wk', 'mo', 'a'], { error: 'Enheten må være dager, uker, måneder eller år' }),
  },
  { error: 'Velg hvor ofte NEWS2 skal tas' },
);

const planSchema = z.strictObject({
  id: z.string({ error: 'Planen mangler id' }).regex(/^\S{1,128}$/, 'Planens id er ugyldig'),
  patientId: z.string({ error: 'Pasient mangler' }).regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Pasient-id er ugyldig'),
  interval: intervalSchema,
  setBy: clinicalActorSchema('Det mangler hvem som satte planen'),
  setAt: isoInstant,
  reason: boundedText({
    required: 'Begrunnelsen er tom',
    label: 'Begrunnelsen',
    max: MONITORING_PLAN_REASON_MAX_LENGTH,
  }).optional(),
  endedAt: isoInstant.optional(),
});

export type MonitoringPlanField = keyof MonitoringPlan | 'input';
const FIELDS: readonly MonitoringPlanField[] = [
  'id',
  'patientId',
  'interval',
  'setBy',
  'setAt',
  'reason',
  'endedAt',
  'input',
];

/**
 * Validates a monitoring plan: a whole interval of at most 12 months ("minst årlig"), who
 * (with role) and when (not in the future), an optional reason of at most 500 characters.
 */
export function validateMonitoringPlan(
  input: unknown,
  opts: { now: string },
): Checked<MonitoringPlan, MonitoringPlanField> {
  const now = parseInstant(opts.now, 'now');
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: issuesOf(parsed.error, FIELDS, 'input', 'Planen må være et objekt') };
  }
  const plan = parsed.data as MonitoringPlan;
  const errors: Issue<MonitoringPlanField>[] = [];
  if (monthsOf(plan.interval) > MAX_INTERVAL_MONTHS + 1e-9) {
    errors.push({
      field: 'interval',
      message: `Intervallet kan være høyst ${MAX_INTERVAL_MONTHS} måneder: NEWS2 skal tas minst årlig`,
    });
  }
  if (!notInFuture(plan.setAt, now))
    errors.push({ field: 'setAt', message: 'Tidspunktet ligger fram i tid' });
  if (plan.endedAt !== undefined && Date.parse(plan.endedAt) < Date.parse(plan.setAt)) {
    errors.push({ field: 'endedAt', message: 'Planen kan ikke avsluttes før den ble satt' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: plan };
}

/** True when the plan applies at `at`: set at or before it and not ended by then. */
export function monitoringPlanAppliesAt(plan: MonitoringPlan, at: number): boolean {
  if (parseInstant(plan.setAt, 'setAt') > at) return false;
  return plan.endedAt === undefined || parseInstant(plan.endedAt, 'endedAt') > at;
}

/** The patient's plan in force at `now`: the most recently set one that applies, if any. */
export function monitoringPlanInForce(
  plans: readonly MonitoringPlan[],
  opts: { now: string; patientId: string },
): MonitoringPlan | undefined {
  const now = parseInstant(opts.now, 'now');
  let best: MonitoringPlan | undefined;
  for (const p of plans) {
    if (p.patientId !== opts.patientId || !monitoringPlanAppliesAt(p, now)) continue;
    if (best === undefined || Date.parse(p.setAt) >= Date.parse(best.setAt)) best = p;
  }
  return best;
}
