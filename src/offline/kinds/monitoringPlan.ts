// A monitoring plan (issue #11 point 2): how often the patient's NEWS2 is taken, set by a
// nurse or doctor. One CarePlan in core's mapping (src/core/fhir/carePlan.ts), created
// once on its client-made identifier; confirmed when the server holds the same plan.
import { monitoringPlanFromCarePlan, monitoringPlanToCarePlan } from '../../core/fhir/carePlan';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import { validateMonitoringPlan, type MonitoringPlan } from '../../core/plan/monitoringPlan';
import { carePlanKind } from './carePlanKind';

export const monitoringPlanKind = carePlanKind<MonitoringPlan>({
  validate: validateMonitoringPlan,
  toCarePlan: monitoringPlanToCarePlan,
  fromCarePlan: monitoringPlanFromCarePlan,
  identifierSystem: WORKFLOW_SYSTEM.monitoringPlan,
  texts: {
    the: 'Overvåkingsplanen',
    duplicate: 'En annen overvåkingsplan med samme id ligger allerede på enheten.',
    conflict:
      'Serveren har allerede en overvåkingsplan med samme id, men med annet innhold. Serverens plan er beholdt.',
    refused: (status) => `Serveren avviste overvåkingsplanen (${status}).`,
  },
});
