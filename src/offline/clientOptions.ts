// What an OfflineClient is made with (./client.ts): the server and its token, whose store
// it is, the clock, the limits, and the parts tests replace.
import type { AccessToken } from './api';
import type { IdbBackend } from './db';
import type { ClientEnvironment } from './environment';
import type { StaleAfter } from './sections/freshness';
import type { StoreScope } from './storeScope';
import type { CapabilitiesSource } from './sync/capabilities';
import type { DrainLock } from './sync/drainLock';
import type { ToObservations } from './sync/push';
import type { FhirTransport } from './sync/transport';

/**
 * An online session (an EHR launch on a desktop, issue #12 point 3): the same client, its
 * store in this page's memory only. Nothing is sealed on the device, so there is nothing at
 * rest to protect with a PIN; a write that cannot be sent waits in memory (the app warns
 * before the window closes). Offline-read audit, freshness, expiry and the outbox's rules
 * are the same code as on a tablet, over another IndexedDB.
 */
export interface MemoryStoreOptions {
  /**
   * 'epj' (default): the EPJ's session governs locking: no PIN, no idle lock.
   * 'idle': a PIN chosen for this session and the idle lock, as on a tablet.
   */
  lock?: 'epj' | 'idle';
  /** The in-memory IndexedDB (db.ts memoryBackend()); openOfflineClient makes one. */
  backend?: IdbBackend;
}

export interface OfflineClientOptions {
  /** The FHIR base every write of this client is bound to and sent to. */
  fhirBaseUrl: string;
  /** A valid token, refreshed when needed; see AccessToken in ./api.ts for the other answers. */
  getAccessToken: () => Promise<AccessToken>;
  /** The signed-in practitioner's id (worklist, audit of offline reads). */
  practitionerId?: string;
  /** Whose store it is besides the FHIR base: names the store (one per server and user). */
  scope?: Omit<StoreScope, 'fhirBase'>;
  /** Default: deviceStoreName({ fhirBase: fhirBaseUrl, ...scope }). */
  dbName?: string;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Replaces the fetch transport (tests, or an in-process platform). */
  transport?: FhirTransport;
  /** Cached patient data is deleted after this long (default 12 h, a shift). */
  cacheTtlMs?: number;
  staleAfterMs?: Partial<StaleAfter>;
  /** Lock after this long without activity (default 5 min; 0 turns it off). */
  idleLockMs?: number;
  pbkdf2Iterations?: number;
  /** How often to try the outbox and expire the cache (default 30 s). */
  syncIntervalMs?: number;
  environment?: ClientEnvironment;
  toObservations?: ToObservations;
  lock?: DrainLock;
  random?: () => number;
  /** An online session: the store in memory only (see MemoryStoreOptions). Absent: the device store. */
  memory?: MemoryStoreOptions;
  /**
   * Whether the login may create this resource type (the granted scope). Absent: all. A
   * write holding a type it may not create is refused before it is stored
   * (WriteNotGrantedError), and offline reads wait on the device while AuditEvent is not granted.
   */
  mayWrite?: (resourceType: string) => boolean;
  /**
   * Whether the server takes transaction and batch Bundles. Default: read from its
   * CapabilityStatement (`GET metadata`) once per client (./sync/capabilities.ts).
   */
  capabilities?: CapabilitiesSource;
}
