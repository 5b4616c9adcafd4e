// Wiring for offline unit tests: a fresh database, an unlocked vault with a cheap KDF, the
// scripted server, and a clock the test moves by hand.
import type { VitalSignsSet } from '../../core/vitals/types';
import { openVardeDb, type VardeDb } from '../db';
import { outboxKinds, type OutboxPayloads } from '../kinds/index';
import { createOutbox, type Outbox } from '../outbox';
import { createPatientCache, type PatientCache } from '../patientCache';
import { createIdbLock } from '../sync/drainLock';
import { createSyncEngine, type SyncEngine, type SyncEngineDeps } from '../sync/engine';
import { createEngineStateStore } from '../sync/engineState';
import { createVault, type Vault } from '../vault';
import { createFakeFhirServer, testSetToObservations, type FakeFhirServer } from './fakeFhirServer';

export const TEST_PIN = '2468';
/** The FHIR base the harness's writes are bound to (the fake server answers any). */
export const TEST_SERVER = 'http://fake/fhir';
/** Few PBKDF2 rounds: the tests check the construction, not its cost. */
export const TEST_ITERATIONS = 1_000;

export interface Clock {
  now: () => Date;
  advance(ms: number): void;
}

export function manualClock(start = '2026-11-25T08:00:00Z'): Clock {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

let dbCounter = 0;
export function uniqueDbName(prefix = 'varde-test'): string {
  dbCounter += 1;
  return `${prefix}-${dbCounter}-${crypto.randomUUID()}`;
}

export interface Harness {
  /** The raw tables, for tests that look underneath the store modules. */
  db: VardeDb;
  vault: Vault;
  outbox: Outbox<OutboxPayloads>;
  cache: PatientCache;
  /** What the engine was made of: a second engine (another tab) reuses it. */
  deps: SyncEngineDeps;
  server: FakeFhirServer;
  engine: SyncEngine;
  clock: Clock;
  dbName: string;
}

export async function makeHarness(
  opts: { dbName?: string; server?: FakeFhirServer; clock?: Clock; engine?: Partial<SyncEngineDeps> } = {},
): Promise<Harness> {
  const dbName = opts.dbName ?? uniqueDbName();
  const db = openVardeDb(dbName);
  const vault = createVault(db, { iterations: TEST_ITERATIONS });
  if ((await vault.state()) === 'setup-required') await vault.setup(TEST_PIN);
  else await vault.unlock(TEST_PIN);
  const server = opts.server ?? createFakeFhirServer();
  const clock = opts.clock ?? manualClock();
  const kinds = outboxKinds({ toObservations: testSetToObservations });
  const binding = { server: TEST_SERVER };
  const outbox = createOutbox(db, vault, { now: clock.now, kinds, binding });
  const cache = createPatientCache(db, vault, { now: clock.now, cacheTtlMs: 3600_000 });
  const deps: SyncEngineDeps = {
    outbox,
    state: createEngineStateStore(db),
    vault,
    transport: server,
    kinds,
    lock: createIdbLock(db, { now: clock.now }),
    now: clock.now,
    random: () => 0.5,
    ...opts.engine,
  };
  const engine = createSyncEngine(deps);
  return { db, vault, outbox, cache, deps, server, engine, clock, dbName };
}

export function sampleSet(id: string, patientId = 'pas-1', pulse = 88): VitalSignsSet {
  return {
    id,
    patientId,
    effectiveDateTime: '2026-11-25T07:55:00+01:00',
    vitals: { respirationRate: 18, spo2: 96, systolicBP: 128, pulse, consciousness: 'A', temperature: 37.2 },
  };
}
