// A clinician-set personal plan (issue #12 point 5): usual values, a target SpO2 range and
// personal thresholds with actions, with who, when, why and a review date. One CarePlan in
// HL7 Norway's zone-plan shape (src/core/fhir/carePlan.ts), created once on its identifier.
// The device checks it by core's rules; the platform checks them again and decides who may.
import { personalPlanFromCarePlan, personalPlanToCarePlan } from '../../core/fhir/carePlan';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import { validatePersonalPlan, type PersonalPlan } from '../../core/plan/personalPlan';
import { carePlanKind } from './carePlanKind';

export const personalPlanKind = carePlanKind<PersonalPlan>({
  validate: validatePersonalPlan,
  toCarePlan: personalPlanToCarePlan,
  fromCarePlan: personalPlanFromCarePlan,
  identifierSystem: WORKFLOW_SYSTEM.personalPlan,
  texts: {
    the: 'Den personlige planen',
    duplicate: 'En annen personlig plan med samme id ligger allerede på enheten.',
    conflict:
      'Serveren har allerede en personlig plan med samme id, men med annet innhold. Serverens plan er beholdt.',
    refused: (status) => `Serveren avviste den personlige planen (${status}).`,
  },
});
