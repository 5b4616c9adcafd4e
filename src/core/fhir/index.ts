// FHIR R4 mapping of Varde's clinical core. Type-only dependency on @medplum/fhirtypes.
export * from './codes';
export {
  vitalSignsSetToObservations,
  news2ScoreObservation,
  partIdentifierValue,
  VITAL_SIGNS_PARTS,
  NEWS2_PART,
} from './toObservation';
export type { VitalSignsPart } from './toObservation';
export { observationsToVitalSignsSets } from './fromObservation';
export { servicesFromFhir, municipalServiceToFhir, servicesInputFromBundle } from './services';
export type { ServicesFhirInput, MunicipalServiceFhirOptions, MunicipalServiceFhir } from './services';
export { parseCoverageOutcome, coverageOutcomeEntry } from './coverage';
export type { CoverageOutcome } from './coverage';
export { scale2DecisionToFlag, scale2DecisionsFromFlags } from './scale2Flag';
export * from './workflowCodes';
export {
  setIdentifierOf,
  belongsToSet,
  correctSetObservations,
  correctionFromObservation,
  commentToAnnotation,
  commentSetObservations,
  commentsFromObservations,
  observationsToSetsWithHistory,
} from './correction';
export {
  PLAN_PARAMETER_CODING,
  GREEN_ZONE_ACTION,
  monitoringPlanToCarePlan,
  monitoringPlanFromCarePlan,
  isMonitoringPlanCarePlan,
  personalPlanToCarePlan,
  personalPlanFromCarePlan,
  isPersonalPlanCarePlan,
} from './carePlan';
export type { FromFhir } from './carePlan';
export {
  escalationToCommunication,
  escalationFromCommunication,
  isEscalationCommunication,
} from './communication';
