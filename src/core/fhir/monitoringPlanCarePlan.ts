// A monitoring plan as a FHIR R4 CarePlan (issue #11 point 2): one CarePlan (category
// news2-monitoring-plan, identifier WORKFLOW_SYSTEM.monitoringPlan|{id}) with one activity:
// detail.kind ServiceRequest, code = the NEWS2 total (SNOMED CT UK),
// scheduledTiming.repeat {frequency 1, period n, periodUnit d|wk|mo|a}. created and
// period.start = when set, author = who, extension author-role = doctor|nurse,
// description = why; withdrawn = status revoked, period.end.
import type { CarePlan, CarePlanActivity } from '@medplum/fhirtypes';
import type { MonitoringPlan, IntervalUnit } from '../plan/monitoringPlan';
import { intervalText } from '../plan/monitoringPlan';
import { NEWS2_CODING, actorOf, patientIdOf, planCarePlan, type FromFhir } from './carePlanCommon';
import { hasCoding } from './codes';
import { CARE_PLAN_CATEGORY, WORKFLOW_SYSTEM } from './workflowCodes';

export function monitoringPlanToCarePlan(plan: MonitoringPlan): CarePlan {
  const activity: CarePlanActivity = {
    detail: {
      kind: 'ServiceRequest',
      code: { coding: [NEWS2_CODING()], text: 'NEWS2' },
      status: plan.endedAt === undefined ? 'scheduled' : 'stopped',
      scheduledTiming: {
        repeat: { frequency: 1, period: plan.interval.value, periodUnit: plan.interval.unit },
      },
      description: `NEWS2 ${intervalText(plan.interval)}, og alltid ved endring`,
    },
  };
  const cp: CarePlan = {
    ...planCarePlan('monitoring', plan, 'Overvåkingsplan NEWS2'),
    period: plan.endedAt === undefined ? { start: plan.setAt } : { start: plan.setAt, end: plan.endedAt },
    activity: [activity],
  };
  if (plan.reason !== undefined) cp.description = plan.reason;
  return cp;
}

const UNITS: readonly IntervalUnit[] = ['d', 'wk', 'mo', 'a'];

export function isMonitoringPlanCarePlan(cp: CarePlan): boolean {
  return (
    cp.category?.some((c) => hasCoding(c, WORKFLOW_SYSTEM.carePlanCategory, CARE_PLAN_CATEGORY.monitoring)) ??
    false
  );
}

export function monitoringPlanFromCarePlan(cp: CarePlan): FromFhir<MonitoringPlan> {
  if (!isMonitoringPlanCarePlan(cp)) return { ok: false, reason: 'not a NEWS2 monitoring plan' };
  if (cp.status === 'entered-in-error') return { ok: false, reason: 'entered in error' };
  const id = cp.identifier?.find((i) => i.system === WORKFLOW_SYSTEM.monitoringPlan)?.value;
  const patientId = patientIdOf(cp.subject);
  const setBy = actorOf(cp);
  const setAt = cp.created ?? cp.period?.start;
  const repeat = cp.activity?.[0]?.detail?.scheduledTiming?.repeat;
  const unit = repeat?.periodUnit as IntervalUnit | undefined;
  if (id === undefined || patientId === undefined) return { ok: false, reason: 'no identifier or patient' };
  if (setBy === undefined || setAt === undefined)
    return { ok: false, reason: 'no author with role, or no date' };
  if (
    repeat?.period === undefined ||
    unit === undefined ||
    !UNITS.includes(unit) ||
    (repeat.frequency ?? 1) !== 1
  ) {
    return { ok: false, reason: 'no readable interval' };
  }
  const plan: MonitoringPlan = { id, patientId, interval: { value: repeat.period, unit }, setBy, setAt };
  if (cp.description !== undefined) plan.reason = cp.description;
  if (cp.status === 'revoked' || cp.status === 'completed') plan.endedAt = cp.period?.end ?? setAt;
  return { ok: true, value: plan };
}
