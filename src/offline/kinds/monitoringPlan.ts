// A monitoring plan (issue #11 point 2): how often the patient's NEWS2 is taken, set by a
// nurse or doctor. One CarePlan in core's mapping (src/core/fhir/carePlan.ts), created
// once on its client-made identifier; confirmed when the server holds the same plan.
import type { CarePlan } from '@medplum/fhirtypes';
import { monitoringPlanFromCarePlan, monitoringPlanToCarePlan } from '../../core/fhir/carePlan';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import { validateMonitoringPlan, type MonitoringPlan } from '../../core/plan/monitoringPlan';
import { InvalidWriteError } from '../outbox';
import { conditionalCreate, decidePush } from '../sync/push';
import type { OutboxKind } from './kind';
import { samePlan } from './planContent';

export const monitoringPlanKind: OutboxKind<MonitoringPlan> = {
  texts: {
    the: 'Overvåkingsplanen',
    duplicate: 'En annen overvåkingsplan med samme id ligger allerede på enheten.',
  },
  validate(plan, { now }) {
    const checked = validateMonitoringPlan(plan, { now: now.toISOString() });
    if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
  },
  id: (plan) => plan.id,
  patientId: (plan) => plan.patientId,
  bundle: (plan) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      conditionalCreate(monitoringPlanToCarePlan(plan), {
        system: WORKFLOW_SYSTEM.monitoringPlan,
        value: plan.id,
      }),
    ],
  }),
  decide: (sent, result) =>
    decidePush(sent, result, {
      sameContent: (mine, theirs) =>
        samePlan(
          monitoringPlanFromCarePlan(mine as CarePlan),
          monitoringPlanFromCarePlan(theirs as CarePlan),
        ),
      conflict:
        'Serveren har allerede en overvåkingsplan med samme id, men med annet innhold. Serverens plan er beholdt.',
      refused: (status) => `Serveren avviste overvåkingsplanen (${status}).`,
    }),
};
