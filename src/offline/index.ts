// Public surface of src/offline for the app: the client, its seam types and its errors.
export * from './api';
export { createOfflineClient, openOfflineClient, browserEnvironment, UnsentDataError } from './client';
export { deviceStoreName, normalizeFhirBase, type StoreScope } from './storeScope';
export type {
  OfflineClientOptions,
  ClientEnvironment,
  MemoryStoreOptions,
  VardeOfflineClient,
} from './client';
export { LockedError } from './vault';
export { InvalidWriteError } from './outbox';
export { deriveSyncStatus } from './sync/syncStatus';
export { DEFAULT_STALE_AFTER_MS } from './sections/freshness';
export { DEFAULT_CACHE_TTL_MS } from './patientCache';
