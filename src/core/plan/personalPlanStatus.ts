// Where a personal plan stands at a moment (active, expired, withdrawn, not yet valid) and
// which of a patient's plans is the current one. An expired or withdrawn plan is not used.
import { parseInstant } from '../time/oslo';
import type { PersonalPlan } from './personalPlanTypes';

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
