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
// accepts for a measurement (the parameter table's hard limits; NEWS2 total 0–20), so a plan can
// never name a value no measurement can have. A plan must be reviewed within 12 months.
//
// The parts: the plan's shape (personalPlanTypes.ts), validation
// (personalPlanValidation.ts), status and the current plan (personalPlanStatus.ts),
// evaluation of a set (personalPlanEvaluation.ts), Norwegian texts (personalPlanText.ts).
// This module is the public entry point; importers keep using it.
import type { BaselineValues, ClinicianBaseline } from '../baseline/baseline';
import type { PersonalPlan } from './personalPlanTypes';

export {
  PLAN_PARAMETERS,
  PLAN_REASON_MAX_LENGTH,
  PLAN_ACTION_MAX_LENGTH,
  PLAN_MAX_VALIDITY_MONTHS,
} from './personalPlanTypes';
export type {
  PlanParameter,
  PlanZone,
  ThresholdComparator,
  PersonalAlert,
  Spo2Target,
  PersonalPlan,
} from './personalPlanTypes';
export { physiologicalLimits, validatePersonalPlan } from './personalPlanValidation';
export type { PersonalPlanField } from './personalPlanValidation';
export { personalPlanStatus, currentPersonalPlan } from './personalPlanStatus';
export type { PersonalPlanStatus } from './personalPlanStatus';
export { evaluatePersonalPlan } from './personalPlanEvaluation';
export type { CrossedAlert, PlanEvaluation } from './personalPlanEvaluation';
export { PLAN_PARAMETER_TEXT, thresholdText, alertText, describePersonalPlan } from './personalPlanText';

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
