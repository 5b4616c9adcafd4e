// The patient's plans as the screens use them (view-model helpers; the rules are core's).
import type { ClinicianBaseline } from '../../../core/baseline/baseline';
import { monitoringPlanInForce, type MonitoringPlan } from '../../../core/plan/monitoringPlan';
import {
  clinicianBaselineFromPlan,
  currentPersonalPlan,
  personalPlanStatus,
  type PersonalPlan,
} from '../../../core/plan/personalPlan';
import type { PatientPlans, PatientView, PlanWrite } from '../../../offline/api';

/** The plans on the device (server's and this device's unsent), or undefined when not known. */
export function plansOf(view: Pick<PatientView, 'plans'>): PatientPlans | undefined {
  const s = view.plans;
  if (s?.kind === 'ready') return s.data;
  if (s?.kind === 'unavailable') return s.cached?.data;
  return undefined;
}

/** The monitoring plan in force now (core's rule), if any. */
export function monitoringPlanNow(
  plans: PatientPlans | undefined,
  patientId: string,
  now: Date,
): MonitoringPlan | undefined {
  return plans ? monitoringPlanInForce(plans.monitoring, { now: now.toISOString(), patientId }) : undefined;
}

/** The current personal plan (active, else the latest expired: core's currentPersonalPlan). */
export function personalPlanNow(
  plans: PatientPlans | undefined,
  patientId: string,
  now: Date,
): PersonalPlan | undefined {
  return plans ? currentPersonalPlan(plans.personal, { now: now.toISOString(), patientId }) : undefined;
}

/** The personal plan's usual values as the clinician baseline, while the plan is active. */
export function planBaseline(plan: PersonalPlan | undefined, now: Date): ClinicianBaseline | undefined {
  return plan && personalPlanStatus(plan, now.toISOString()) === 'active'
    ? clinicianBaselineFromPlan(plan)
    : undefined;
}

/** This device's write of the plan or decision with this id, when it has not been confirmed. */
export function writeOf(
  view: Pick<PatientView, 'planWrites'>,
  id: string | undefined,
): PlanWrite | undefined {
  return id === undefined ? undefined : view.planWrites?.find((w) => w.id === id);
}
