// Fault-injection soak of the outbox: the real sync engine (createOfflineClient over
// fake-indexeddb) sends through a misbehaving proxy to the real platform. The client is
// killed (closed mid-drain, its engine abandoned) and reopened on the same IndexedDB.
// After all writes: each is on the server exactly once, the outbox is empty, and every
// time the status said "synced", everything recorded before was really on the server.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../src/core/fhir/toObservation';
import type { VitalSignsSet } from '../../src/core/vitals/types';
import type { SyncStatus } from '../../src/offline/api';
import {
  createOfflineClient,
  type ClientEnvironment,
  type VardeOfflineClient,
} from '../../src/offline/client';
import { openVardeDb } from '../../src/offline/db';
import { createIdbLock } from '../../src/offline/sync/drainLock';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import {
  identifierCounts,
  seededRandom,
  startPlatform,
  TENANT,
  type RunningPlatform,
} from './platformFixture';

const WRITES = Number(process.env.VARDE_SOAK_WRITES ?? 1000);
const SEED = Number(process.env.VARDE_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PIN = '2468';
const PATIENT = 'p-anna';

let running: RunningPlatform;
let proxy: FaultProxy;
const random = seededRandom(SEED);

beforeAll(async () => {
  running = await startPlatform();
  proxy = await startFaultProxy({ target: running.url, random });
  if (process.env.VARDE_SOAK_NOFAULT) proxy.setEnabled(false);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await running?.close();
});

const quietEnvironment: ClientEnvironment = { isOnline: () => true, onTrigger: () => () => {} };

function between(lo: number, hi: number, digits = 0): number {
  const m = 10 ** digits;
  return Math.round((lo + random() * (hi - lo)) * m) / m;
}

function randomSet(i: number, nowMs: number): VitalSignsSet {
  const full = random() < 0.4;
  const vitals: VitalSignsSet['vitals'] = full
    ? {
        respirationRate: between(10, 28),
        spo2: between(88, 100),
        onOxygen: false,
        systolicBP: between(95, 180),
        pulse: between(50, 125),
        consciousness: 'A',
        temperature: between(35.6, 39.4, 1),
      }
    : random() < 0.5
      ? { spo2: between(88, 100), pulse: between(50, 125) }
      : { systolicBP: between(95, 180) };
  return {
    id: `soak-${SEED}-${i}-${Math.floor(random() * 1e9).toString(36)}`,
    patientId: PATIENT,
    effectiveDateTime: new Date(nowMs - between(1, 600) * 60_000).toISOString(),
    vitals,
    sourceSystem: 'varde',
  };
}

it(`${WRITES} randomized writes through faults and client kills reach the server exactly once`, async () => {
  const dbName = `varde-soak-${SEED}`;
  const recorded: VitalSignsSet[] = [];
  let draining = false;
  let syncedSeen = 0;
  const violations: string[] = [];
  const checks: Promise<void>[] = [];
  let kills = 0;

  // "Synced" must be true when said: every set recorded before a drain phase began is on
  // the server. Only checked in drain phases, when no write is in flight.
  const onStatus = (s: SyncStatus) => {
    if (s.kind !== 'synced' || !draining) return;
    syncedSeen++;
    const expected = recorded.map((r) => r.id);
    checks.push(
      identifierCounts(running.platform.db).then((counts) => {
        const setsOnServer = new Set([...counts.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))));
        const missing = expected.filter((id) => !setsOnServer.has(id));
        if (missing.length)
          violations.push(`status synced while ${missing.length} sets were not on the server`);
      }),
    );
  };

  let client = undefined as unknown as VardeOfflineClient;
  let stopStatus: () => void = () => {};
  const open = async (first: boolean) => {
    // A browser releases Web Locks when a tab dies; the lease here is short for the same
    // effect, and lives in its own connection so a closed client cannot strand it.
    const lock = createIdbLock(openVardeDb(dbName), { ttlMs: 600 });
    client = createOfflineClient({
      fhirBaseUrl: `${proxy.url}/fhir/${TENANT}`,
      getAccessToken: async () => 'nurse',
      practitionerId: 'prac-nurse',
      dbName,
      environment: quietEnvironment,
      pbkdf2Iterations: 1000,
      idleLockMs: 0,
      syncIntervalMs: 60_000,
      lock,
    });
    if (first) await client.setupPin(PIN);
    else expect(await client.unlock(PIN)).toBe(true);
    stopStatus = client.watchSyncStatus(onStatus);
  };
  const kill = async () => {
    kills++;
    stopStatus();
    client.close();
    await open(false);
  };

  await open(true);
  let i = 0;
  while (i < WRITES) {
    draining = false;
    const burst = Math.min(WRITES - i, 1 + Math.floor(random() * 60));
    for (let k = 0; k < burst; k++, i++) {
      const set = randomSet(i, Date.now());
      await client.recordVitals(set); // also starts a drain, so sends overlap recording
      recorded.push(set);
      if (random() < 0.01) await kill();
    }
    await new Promise((r) => setTimeout(r, 30));
    draining = true;
    // Drain until the outbox is empty, killing the client mid-drain now and then.
    for (let round = 0; ; round++) {
      if (round > 500) throw new Error('the outbox did not drain in 500 rounds');
      const drain = client.syncNow();
      if (random() < 0.25) {
        await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
        await kill();
      } else {
        await drain;
      }
      const state = await client.engine.state();
      if (state.notBefore && Date.parse(state.notBefore) > Date.now()) {
        await new Promise((r) => setTimeout(r, Date.parse(state.notBefore!) - Date.now() + 5));
      }
      const status = await new Promise<SyncStatus>((resolve) => {
        const stop = client.watchSyncStatus((s) => {
          resolve(s);
          queueMicrotask(() => stop());
        });
      });
      if (status.kind === 'synced') break;
      if (status.kind === 'needs-attention') throw new Error(`a write was parked: ${JSON.stringify(status)}`);
    }
  }
  draining = false;
  await Promise.all(checks);

  // Exactly once: every part of every recorded set once, nothing else from this soak.
  const counts = await identifierCounts(running.platform.db);
  let expectedParts = 0;
  const wrong: string[] = [];
  for (const set of recorded) {
    for (const obs of vitalSignsSetToObservations(set)) {
      expectedParts++;
      const ident = obs.identifier![0].value!;
      const n = counts.get(ident) ?? 0;
      if (n !== 1) wrong.push(`${ident}: ${n}`);
    }
  }
  const news2Doubles = [...counts].filter(
    ([k, n]) => k.startsWith('soak-') && k.endsWith('/news2') && n !== 1,
  );
  const db = openVardeDb(dbName);
  const left = await db.outbox.count();
  db.close();
  client!.close();

  console.log(
    `[soak] seed ${SEED}: ${recorded.length} writes (${expectedParts} Observations), ` +
      `${kills} client kills, ${proxy.forwarded} requests reached the platform; faults: ` +
      Object.entries(proxy.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      `; status "synced" seen ${syncedSeen} times in drain phases, ${violations.length} untrue; ` +
      `${wrong.length} parts not exactly once; outbox left ${left}`,
  );
  expect(recorded.length).toBe(WRITES);
  expect(wrong.slice(0, 10)).toEqual([]);
  expect(news2Doubles).toEqual([]);
  expect(left).toBe(0);
  expect(violations).toEqual([]);
  expect(syncedSeen).toBeGreaterThan(0);
  expect(proxy.counts['cut-after-commit']).toBeGreaterThan(0);
}, 900_000);
