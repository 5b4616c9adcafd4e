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

/** fetch with the time a request is in flight, the body included (server + transfer). */
function timedFetch(online: () => boolean = () => true) {
  const clock = busyClock();
  const wire = { bytes: 0 };
  const f: typeof fetch = async (input, init) => {
    // Network off: fail the way fetch does without a network.
    if (!online()) throw new TypeError('Failed to fetch');
    clock.enter();
    try {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      wire.bytes += body.byteLength;
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

const vardeSync = {
  /** 3: the nurse's worklist pulled into the store (prefetchWorklist), then the raw baseline. */
  async worklist(fhirBase: string, dbName: string) {
    const { fetch: f, clock, wire } = timedFetch();
    const c = client(fhirBase, dbName, f);
    let total = 0;
    let ms: number;
    try {
      await c.setupPin('2468');
      const t0 = performance.now();
      await c.prefetchWorklist((p) => (total = p.total));
      ms = performance.now() - t0;
    } finally {
      c.close();
    }
    const rows = await sectionRows(dbName);
    const bytes = rows.reduce((n, r) => n + JSON.stringify(r).length, 0);
    const rawMs = await rawBulkWrite(`${dbName}-raw`, rows);
    return {
      ms,
      fetchMs: clock.ms,
      wireBytes: wire.bytes,
      patients: total,
      records: rows.length,
      bytes,
      rawMs,
    };
  },

  /** 4: one patient's year pulled and stored (refreshPatient), then read back (watchPatient). */
  async oneYear(fhirBase: string, dbName: string, patientId: string) {
    const { fetch: f, clock, wire } = timedFetch();
    const c = client(fhirBase, dbName, f);
    try {
      await c.setupPin('2468');
      const t0 = performance.now();
      await c.refreshPatient(patientId);
      const pullMs = performance.now() - t0;
      const fetchMs = clock.ms;
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
      const rows = await sectionRows(dbName);
      const rawMs = await rawBulkWrite(`${dbName}-raw`, rows);
      const sets = view.vitals.kind === 'ready' ? view.vitals.data.length : 0;
      const bytes = rows.reduce((n, r) => n + JSON.stringify(r).length, 0);
      return { pullMs, fetchMs, readMs, sets, rawMs, records: rows.length, bytes, wireBytes: wire.bytes };
    } finally {
      c.close();
    }
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
    const { fetch: f } = timedFetch(() => online);
    const c = client(fhirBase, dbName, f, env);
    let drainMs: number;
    try {
      await c.setupPin('2468');
      for (const set of makeSets(`${dbName}-o`, patientId, n)) await c.recordVitals(set);
      const synced = new Promise<number>((resolve) => {
        c.watchSyncStatus((s: SyncStatus) => {
          if (s.kind === 'synced' && online) resolve(performance.now());
        });
      });
      const t0 = performance.now();
      online = true;
      listeners.forEach((l) => l());
      drainMs = (await synced) - t0;
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
    return { drainMs, directMs };
  },
};

export type VardeSync = typeof vardeSync;
(window as unknown as { vardeSync: VardeSync }).vardeSync = vardeSync;
