// A clinician-set personal plan (issue #12 point 5): usual values, a target SpO2 range and
// personal thresholds with actions, with who, when, why and a review date. One CarePlan in
// HL7 Norway's zone-plan shape (src/core/fhir/carePlan.ts), created once on its identifier.
// The device checks it by core's rules; the platform checks them again and decides who may.
import type { CarePlan } from '@medplum/fhirtypes';
import { personalPlanFromCarePlan, personalPlanToCarePlan } from '../../core/fhir/carePlan';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import { validatePersonalPlan, type PersonalPlan } from '../../core/plan/personalPlan';
import { InvalidWriteError } from '../outbox';
import { conditionalCreate, decidePush } from '../sync/push';
import type { OutboxKind } from './kind';
import { samePlan } from './planContent';

export const personalPlanKind: OutboxKind<PersonalPlan> = {
  texts: {
    the: 'Den personlige planen',
    duplicate: 'En annen personlig plan med samme id ligger allerede på enheten.',
  },
  validate(plan, { now }) {
    const checked = validatePersonalPlan(plan, { now: now.toISOString() });
    if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
  },
  id: (plan) => plan.id,
  patientId: (plan) => plan.patientId,
  bundle: (plan) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      conditionalCreate(personalPlanToCarePlan(plan), {
        system: WORKFLOW_SYSTEM.personalPlan,
        value: plan.id,
      }),
    ],
  }),
  decide: (sent, result) =>
    decidePush(sent, result, {
      sameContent: (mine, theirs) =>
        samePlan(personalPlanFromCarePlan(mine as CarePlan), personalPlanFromCarePlan(theirs as CarePlan)),
      conflict:
        'Serveren har allerede en personlig plan med samme id, men med annet innhold. Serverens plan er beholdt.',
      refused: (status) => `Serveren avviste den personlige planen (${status}).`,
    }),
};
