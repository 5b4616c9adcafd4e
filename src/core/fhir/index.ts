// FHIR R4 mapping of Varde's clinical core. Type-only dependency on @medplum/fhirtypes.
export * from './codes';
export { vitalSignsSetToObservations, news2ScoreObservation } from './toObservation';
export {
  SET_IDENTIFIER_SYSTEM,
  VITAL_SIGNS_PARTS,
  NEWS2_PART,
  partIdentifier,
  partIdentifierValue,
  parsePartIdentifierValue,
  setIdentifierValue,
  setPartOf,
  setIdentifierQuery,
  setIdentifierToken,
} from './setIdentifier';
export type { SetPart, VitalSignsPart } from './setIdentifier';
export { observationsToVitalSignsSets } from './fromObservation';
export {
  SAME_SET_TOLERANCE_MS,
  ACVPU_CODED,
  ACVPU_WORDS,
  AIR_OR_OXYGEN_CODED,
  acvpuFromText,
  readKindOf,
  readsValueText,
} from './vitalsMapping';
export type { ReadKind } from './vitalsMapping';
export { servicesFromFhir, municipalServiceToFhir, servicesInputFromBundle } from './services';
export type { ServicesFhirInput, MunicipalServiceFhirOptions, MunicipalServiceFhir } from './services';
export { parseCoverageOutcome, coverageOutcomeEntry, taggedNotCovered } from './coverage';
export type { CoverageOutcome } from './coverage';
export {
  scale2DecisionToFlag,
  scale2DecisionsFromFlags,
  scale2ChangeToFlag,
  scale2EndFromFlag,
  isScale2EndFlag,
  scale2RefToReference,
  scale2RefFromReference,
  mergeScale2Flags,
} from './scale2Flag';
export type { Scale2EndRecord } from './scale2Flag';
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
  CORRECT_SET_OPERATION,
  COMMENT_SET_OPERATION,
  CORRECT_SET_URL,
  COMMENT_SET_URL,
  correctSetParameters,
  commentSetParameters,
  readCorrectSetParameters,
  readCommentSetParameters,
} from './setOperations';
export type { CorrectSetRequest, CommentSetRequest, ParametersRead } from './setOperations';
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
export {
  fastlegeFromFhir,
  legevaktFromFhir,
  isLegevaktService,
  patientContactsFromFhir,
  workPhone,
} from './contacts';
export {
  RESTRICTED_BY_PATIENT,
  WITHHELD_TEXT,
  restrictedByPatientLabel,
  isRestrictedByPatient,
  withheldOutcomeEntry,
  bundleWithheld,
} from './withheld';
export { clinicalRoleFromPractitionerRoles } from './practitionerRole';
