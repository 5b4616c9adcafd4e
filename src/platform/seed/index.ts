// Synthetic Norwegian data for the reference platform (DESIGN.md "Synthetic data").
export {
  generateSyntheticData,
  archetypeOf,
  patientId,
  DEFAULT_SEED,
  DEFAULT_PATIENTS_PER_TENANT,
  DEFAULT_HISTORY_DAYS,
} from './generate';
export type {
  GenerateOptions,
  SeedRecord,
  SeedUser,
  SyntheticDataset,
  SyntheticSummary,
  SyntheticTenant,
  TenantSummary,
  Archetype,
  TenantId,
} from './generate';
export { loadSyntheticData, batchRecords } from './load';
export type { LoadOptions, LoadProgress, SeedTarget } from './load';
export { ARCHETYPES } from './vitals';
export { USERNAME_SYSTEM, ROLE_SYSTEM } from './directoryResources';
export { SHARING_SYSTEM, RESTRICTED_BY_PATIENT } from './services';
export { isSyntheticFnr, hasValidFnrControlDigits } from './fodselsnummer';
