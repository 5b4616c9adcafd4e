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
