// Public API of the clinical core: pure and isomorphic (browser, service worker, Node).
export * from './news2/index';
export type { VitalSignsSet } from './vitals/types';
export type { MunicipalService, ServiceContact, ServiceStatus } from './services/types';
export * from './fhir/index';
export { validateVitals, validateVitalSignsSet, NUMERIC_RULES } from './vitals/validate';
export type {
  FieldIssue,
  ValidationField,
  ValidationResult,
  VitalsField,
  ValidateSetOptions,
} from './vitals/validate';
