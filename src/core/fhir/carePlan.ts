// Monitoring plans and personal plans as FHIR R4 CarePlans (issue #11 point 2, issue #12
// point 5). New codes and extensions are in ./workflowCodes.ts.
//
// Monitoring plan (./monitoringPlanCarePlan.ts): one CarePlan with one activity, a
// ServiceRequest for the NEWS2 total on a scheduledTiming.repeat.
//
// Personal plan (./personalPlanCarePlan.ts): HL7 Norway's zone-plan approach, with the zone
// Conditions, zone CarePlans and the SpO2-target Goal contained in ONE plan CarePlan; that
// file's header says why and where Varde goes beyond the draft.
//
// What both share (parameter codes and units, references, the CarePlan header both start
// from, the reader's verdict type) is in ./carePlanCommon.ts. This module is the public
// entry point; importers keep using it.
export { PLAN_PARAMETER_CODING, type FromFhir } from './carePlanCommon';
export {
  monitoringPlanToCarePlan,
  monitoringPlanFromCarePlan,
  isMonitoringPlanCarePlan,
} from './monitoringPlanCarePlan';
export {
  GREEN_ZONE_ACTION,
  personalPlanToCarePlan,
  personalPlanFromCarePlan,
  isPersonalPlanCarePlan,
} from './personalPlanCarePlan';
