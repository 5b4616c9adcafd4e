// Public API of the clinical core: pure and isomorphic (browser, service worker, Node).
export * from './news2/index';
export type { VitalSignsSet } from './vitals/types';
export type { MunicipalService, ServiceContact, ServiceStatus } from './services/types';
export * from './fhir/index';
export { validateVitals, validateVitalSignsSet, notANumberMessage } from './vitals/validate';
export { VITAL_PARAMETERS, parameterSpec, labelInSentence, labelsOf } from './vitals/parameters';
export type { VitalParameter, VitalParameterSpec, SoftLimits } from './vitals/parameters';
export type {
  FieldIssue,
  NumericField,
  ValidationField,
  ValidationResult,
  VitalsField,
  ValidateSetOptions,
} from './vitals/validate';
export { latestCompleteSet } from './vitals/latest';
export type { LatestCompleteSet } from './vitals/latest';
export {
  BASELINE_PARAMETERS,
  deriveBaseline,
  personalBaseline,
  describeBaseline,
  norwegianDate,
  quantile,
} from './baseline/baseline';
export type {
  Baseline,
  BaselineOptions,
  BaselineParameter,
  BaselineValues,
  ClinicianBaseline,
  DerivedBaseline,
  NotEnoughData,
  UsualValue,
} from './baseline/baseline';
export { deviationFromBaseline, deviationOf, BASELINE_PARAMETER_LABELS } from './baseline/deviation';
export type { Deviation, RangePosition, SetDeviation } from './baseline/deviation';
