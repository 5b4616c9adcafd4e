// Bench page for benchmarks 3, 4 and 5: the app's real offline client (createOfflineClient:
// Dexie on the browser's IndexedDB, Web Crypto sealing, the sync engine) in Chromium,
// against the platform that serves this page (same origin, as the app). The bench drives it
// through window.vardeSync from Playwright; nothing here is part of the app's bundle.
import type { Bundle } from '@medplum/fhirtypes';
import { vitalSignsSetToObservations } from '../../../src/core/fhir/toObservation';
import type { VitalSignsSet } from '../../../src/core/vitals/types';
import type { PatientView, SyncStatus } from '../../../src/offline/api';
import { createOfflineClient, type ClientEnvironment } from '../../../src/offline/client';
import { openVardeDb, type SectionRecord } from '../../../src/offline/db';
import { busyClock } from '../busyClock';

const TOKEN = 'nurse';
const quiet: ClientEnvironment = { isOnline: () => true, onTrigger: () => () => {} };

/**
 * fetch with the time a request is in flight, the body included (server + transfer). The
 * bodies received are kept in `bodies` (for the static floor, ./staticFloor below).
 */
function timedFetch(online: () => boolean = () => true) {
  const clock = busyClock();
  const wire = { bytes: 0, bodies: [] as ArrayBuffer[] };
  const f: typeof fetch = async (input, init) => {
    // Network off: fail the way fetch does without a network.
    if (!online()) throw new TypeError('Failed to fetch');
    clock.enter();
    try {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      wire.bytes += body.byteLength;
      wire.bodies.push(body);
      return new Response(body, { status: res.status, headers: res.headers });
    } finally {
      clock.leave();
    }
  };
  return { fetch: f, clock, wire };
}

function client(fhirBase: string, dbName: string, fetchImpl: typeof fetch, env = quiet) {
  return createOfflineClient({
    fhirBaseUrl: fhirBase,
    getAccessToken: async () => TOKEN,
    practitionerId: 'prac-nurse',
    dbName,
    environment: env,
    // The PIN's key derivation is benchmark 2's; here it only has to exist.
    pbkdf2Iterations: 1000,
    idleLockMs: 0,
    syncIntervalMs: 3_600_000,
    fetch: fetchImpl,
  });
}

function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The baseline: the same section records put into a fresh database with the raw
 * IndexedDB API, in one transaction (no Dexie, no sealing). Returns milliseconds.
 */
async function rawBulkWrite(dbName: string, rows: SectionRecord[]): Promise<number> {
  const open = indexedDB.open(dbName, 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore('sections', { keyPath: ['patientId', 'section'] });
  const db = await idbRequest(open);
  const t0 = performance.now();
  const tx = db.transaction('sections', 'readwrite');
  const store = tx.objectStore('sections');
  for (const row of rows) store.put(row);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/**
 * The network half of the sync benchmarks' floor: the same bytes the sync received, as one
 * static response from the same server (uploaded first, then fetched and read whole, with
 * the same compression as the FHIR answers). Returns milliseconds.
 */
async function staticFloor(name: string, bodies: ArrayBuffer[]): Promise<number> {
  const put = await fetch(`/bench-static/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Blob(bodies),
  });
  if (put.status !== 204) throw new Error(`bench-static upload answered ${put.status}`);
  const t0 = performance.now();
  const res = await fetch(`/bench-static/${name}`, { cache: 'no-store' });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  const expected = bodies.reduce((n, b) => n + b.byteLength, 0);
  if (body.byteLength !== expected)
    throw new Error(`bench-static returned ${body.byteLength} of ${expected} bytes`);
  return ms;
}

/** What the device store holds: sealed bytes of its records, and the browser's usage estimate. */
async function storeSize(rows: SectionRecord[]): Promise<{ sealedBytes: number; usageBytes: number }> {
  const sealedBytes = rows.reduce((n, r) => n + (r.data ? r.data.ct.length + r.data.iv.length : 0), 0);
  const usageBytes = (await navigator.storage.estimate()).usage ?? 0;
  return { sealedBytes, usageBytes };
}

async function sectionRows(dbName: string): Promise<SectionRecord[]> {
  const db = openVardeDb(dbName);
  try {
    return await db.sections.toArray();
  } finally {
    db.close();
  }
}

function makeSets(run: string, patientId: string, n: number): VitalSignsSet[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: `bench5-${run}-${i}`,
    patientId,
    effectiveDateTime: new Date(now - (n - i) * 60_000).toISOString(),
    vitals: {
      respirationRate: 14 + (i % 6),
      spo2: 94 + (i % 5),
      onOxygen: false,
      systolicBP: 110 + (i % 40),
      pulse: 60 + (i % 30),
      consciousness: 'A',
      temperature: 36.5 + (i % 10) / 10,
    },
    sourceSystem: 'varde',
  }));
}

/** Complete sets per direct transaction: 7 entries each, under the platform's 500. */
const DIRECT_SETS_PER_TRANSACTION = 70;

function transactionOf(sets: VitalSignsSet[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: sets.flatMap((s) =>
      vitalSignsSetToObservations(s).map((o) => ({
        resource: o,
        request: {
          method: 'POST' as const,
          url: 'Observation',
          ifNoneExist: `identifier=https://varde.no/fhir/sid/vital-signs-set|${o.identifier?.[0]?.value}`,
        },
      })),
    ),
  };
}

/** The client of the last sync, kept open until afterSync(). */
let held:
  | { close: () => void; dbName: string; bodies: ArrayBuffer[]; view?: () => PatientView | undefined }
  | undefined;

const vardeSync = {
  /**
   * 3: the nurse's worklist pulled into the store (prefetchWorklist). The client stays open
   * (the driver reads the heap), and afterSync() then closes it and measures the floor.
   */
  async worklist(fhirBase: string, dbName: string) {
    const { fetch: f, clock, wire } = timedFetch();
    const c = client(fhirBase, dbName, f);
    let total = 0;
    held = { close: () => c.close(), dbName, bodies: wire.bodies };
    await c.setupPin('2468');
    const t0 = performance.now();
    await c.prefetchWorklist((p) => (total = p.total));
    const ms = performance.now() - t0;
    return { ms, fetchMs: clock.ms, wireBytes: wire.bytes, requests: wire.bodies.length, patients: total };
  },

  /**
   * After 3 or 4: closes the client, then the store's size and the floor (the same records
   * written raw, the same bytes fetched as one static response).
   */
  async afterSync() {
    if (!held) throw new Error('no sync to measure');
    const { close, dbName, bodies } = held;
    held = undefined;
    close();
    const rows = await sectionRows(dbName);
    const bytes = rows.reduce((n, r) => n + JSON.stringify(r).length, 0);
    const size = await storeSize(rows);
    const rawMs = await rawBulkWrite(`${dbName}-raw`, rows);
    const staticMs = await staticFloor(dbName, bodies);
    return { records: rows.length, bytes, ...size, rawMs, staticMs };
  },

  /**
   * 4: one patient's year pulled and stored (refreshPatient), then read back (watchPatient).
   * The client stays open with the view in memory; afterSync() closes it.
   */
  async oneYear(fhirBase: string, dbName: string, patientId: string) {
    const { fetch: f, clock, wire } = timedFetch();
    const c = client(fhirBase, dbName, f);
    // The view stays referenced until afterSync(), so the heap is measured with the year in memory.
    const keep: { view?: PatientView } = {};
    held = { close: () => c.close(), dbName, bodies: wire.bodies, view: () => keep.view };
    await c.setupPin('2468');
    const t0 = performance.now();
    await c.refreshPatient(patientId);
    const pullMs = performance.now() - t0;
    const fetchMs = clock.ms;
    // The floor is for the pull's bytes; watchPatient below may refresh in the background.
    const pulled = wire.bodies.slice();
    held.bodies = pulled;
    const wireBytes = pulled.reduce((n, b) => n + b.byteLength, 0);
    const t1 = performance.now();
    const view = await new Promise<PatientView>((resolve) => {
      const stop = c.watchPatient(patientId, (v) => {
        if (v.vitals.kind === 'ready') {
          resolve(v);
          queueMicrotask(() => stop());
        }
      });
    });
    const readMs = performance.now() - t1;
    keep.view = view;
    const sets = view.vitals.kind === 'ready' ? view.vitals.data.length : 0;
    return { pullMs, fetchMs, readMs, sets, wireBytes, requests: pulled.length };
  },

  /**
   * 5: sets recorded with the network off, then the network returns: time until the
   * status says "synced". Then the same number of other sets in ONE transaction Bundle.
   */
  async drain(fhirBase: string, dbName: string, patientId: string, n: number) {
    let online = false;
    const listeners = new Set<() => void>();
    const env: ClientEnvironment = {
      isOnline: () => online,
      onTrigger: (kind, l) => {
        if (kind !== 'online') return () => {};
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const { fetch: f, clock, wire } = timedFetch(() => online);
    const c = client(fhirBase, dbName, f, env);
    let drainMs: number;
    let fetchMs = 0;
    let requests = 0;
    try {
      await c.setupPin('2468');
      for (const set of makeSets(`${dbName}-o`, patientId, n)) await c.recordVitals(set);
      const synced = new Promise<number>((resolve) => {
        c.watchSyncStatus((s: SyncStatus) => {
          if (s.kind === 'synced' && online) resolve(performance.now());
        });
      });
      const t0 = performance.now();
      clock.reset();
      wire.bodies.length = 0;
      online = true;
      listeners.forEach((l) => l());
      drainMs = (await synced) - t0;
      fetchMs = clock.ms;
      requests = wire.bodies.length;
    } finally {
      c.close();
    }
    // As few transactions as the platform takes: at most 500 entries each
    // (MAX_BUNDLE_ENTRIES in src/platform/fhir/body.ts), so 70 complete sets of 7.
    const sets = makeSets(`${dbName}-d`, patientId, n);
    const bodies: string[] = [];
    for (let i = 0; i < sets.length; i += DIRECT_SETS_PER_TRANSACTION) {
      bodies.push(JSON.stringify(transactionOf(sets.slice(i, i + DIRECT_SETS_PER_TRANSACTION))));
    }
    const t1 = performance.now();
    for (const body of bodies) {
      const res = await fetch(fhirBase, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/fhir+json' },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`direct transaction answered ${res.status}`);
    }
    const directMs = performance.now() - t1;
    return { drainMs, fetchMs, requests, directMs };
  },
};

export type VardeSync = typeof vardeSync;
(window as unknown as { vardeSync: VardeSync }).vardeSync = vardeSync;
