// 5. Outbox drain: 200 vital-signs sets recorded while the network is off, then the network
// returns; time until every set is confirmed by the platform (status "synced"). Baseline in
// the same run: the same number of sets POSTed directly in ONE transaction Bundle.
// Runs in Node: the real sync engine over fake-indexeddb (not a browser's IndexedDB), the
// real platform (PGlite in process) over 127.0.0.1.
import 'fake-indexeddb/auto';
import { vitalSignsSetToObservations } from '../../src/core/fhir/toObservation';
import type { VitalSignsSet } from '../../src/core/vitals/types';
import type { SyncStatus } from '../../src/offline/api';
import { createOfflineClient, type ClientEnvironment } from '../../src/offline/client';
import { startPlatform, TENANT } from '../fault/platformFixture';
import { median, type BenchContext, type BenchSection } from './figures';

const SETS = 200;

function makeSets(run: string, n: number): VitalSignsSet[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: `bench5-${run}-${i}`,
    patientId: 'p-anna',
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

function transactionOf(sets: VitalSignsSet[]) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: sets.flatMap((s) =>
      vitalSignsSetToObservations(s).map((o) => ({
        resource: o,
        request: {
          method: 'POST',
          url: 'Observation',
          ifNoneExist: `identifier=https://varde.no/fhir/sid/vital-signs-set|${o.identifier?.[0]?.value}`,
        },
      })),
    ),
  };
}

export async function outboxDrain(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = { id: '5', title: `Outbox drain (${SETS} sets)`, figures: [], notes: [] };
  const running = await startPlatform();
  try {
    const drains: number[] = [];
    const direct: number[] = [];
    // Each run takes a minute or more on a shared 2-core machine: at most 3 (1 with --quick).
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    for (let r = 0; r < runs; r++) {
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
      const client = createOfflineClient({
        fhirBaseUrl: running.fhirBase,
        getAccessToken: async () => 'nurse',
        practitionerId: 'prac-nurse',
        dbName: `bench5-${Date.now()}-${r}`,
        environment: env,
        pbkdf2Iterations: 1000,
        idleLockMs: 0,
        syncIntervalMs: 3_600_000,
        // Network off: every request fails the way fetch does without a network.
        fetch: (input, init) =>
          online ? fetch(input, init) : Promise.reject(new TypeError('Failed to fetch')),
      });
      try {
        await client.setupPin('2468');
        for (const set of makeSets(`${Date.now()}-${r}-o`, SETS)) await client.recordVitals(set);
        const synced = new Promise<number>((resolve) => {
          client.watchSyncStatus((s: SyncStatus) => {
            if (s.kind === 'synced' && online) resolve(performance.now());
          });
        });
        const t0 = performance.now();
        online = true;
        listeners.forEach((l) => l());
        const t1 = await synced;
        drains.push(t1 - t0);
      } finally {
        client.close();
      }

      const bundle = transactionOf(makeSets(`${Date.now()}-${r}-d`, SETS));
      const t2 = performance.now();
      const res = await fetch(running.fhirBase, {
        method: 'POST',
        headers: { authorization: 'Bearer nurse', 'content-type': 'application/fhir+json' },
        body: JSON.stringify(bundle),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`direct transaction answered ${res.status}`);
      direct.push(performance.now() - t2);
      ctx.log(
        `5: run ${r + 1}: drain ${drains[r].toFixed(0)} ms, one transaction ${direct[r].toFixed(0)} ms`,
      );
    }
    const d = median(drains);
    const b = median(direct);
    section.figures.push(
      { id: '5.drain', label: `drain ${SETS} sets until "synced"`, value: d / 1000, unit: 's', runs: drains },
      { id: '5.per-set', label: 'drain, per set', value: d / SETS, unit: 'ms' },
      {
        id: '5.direct',
        label: `same ${SETS} sets in one transaction`,
        value: b / 1000,
        unit: 's',
        runs: direct,
      },
      { id: '5.ratio', label: 'drain / one transaction', value: d / b, unit: '×' },
    );
    section.notes.push(
      `Node + fake-indexeddb client, platform on in-process PGlite, tenant ${TENANT}; the engine sends one transaction per set`,
    );
  } finally {
    await running.close();
  }
  return section;
}
