// A vital-signs set against the patient's personal plan: the thresholds it crosses and
// where its SpO2 lies against the target. SAFETY RULE (./personalPlan.ts): the result adds
// reasons to act and never carries a score, risk or response (type-enforced below).
import type { News2Score } from '../news2/types';
import { scoreNews2 } from '../news2/score';
import type { VitalSignsSet } from '../vitals/types';
import { personalPlanStatus } from './personalPlanStatus';
import type { PersonalPlanStatus } from './personalPlanStatus';
import { alertText } from './personalPlanText';
import type { PersonalAlert, PersonalPlan, PlanParameter } from './personalPlanTypes';

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
