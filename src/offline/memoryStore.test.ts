// An online session (issue #12 point 3): the same OfflineClient with its store in memory.
// No PIN, nothing in the browser's IndexedDB, and the same behaviour as the device store
// where it matters: freshness labels, offline reads logged and uploaded, writes kept until
// the server confirms them (in memory), the withheld marker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vitalSignsSetToObservations } from '../core/fhir/toObservation';
import { restrictedByPatientLabel } from '../core/fhir/withheld';
import type { PatientView, SyncStatus } from './api';
import { openOfflineClient, type MemoryStoreOptions } from './client';
import {
  collect,
  fakeEnvironment,
  openedClients,
  seedPatient,
  testClientOptions,
} from './testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from './testing/fakeFhirServer';
import { manualClock, sampleSet, TEST_PIN, type Clock } from './testing/harness';

vi.setConfig({ testTimeout: 30_000 });

const clients = openedClients();
afterEach(() => clients.closeAll());

const SCOPE = { issuer: 'http://fake', tenant: '4601', user: 'Practitioner/lege-1', label: 'Bergen' };

async function session(
  opts: { memory?: MemoryStoreOptions; server?: FakeFhirServer; clock?: Clock; idleLockMs?: number } = {},
) {
  const server = opts.server ?? createFakeFhirServer();
  const clock = opts.clock ?? manualClock();
  const env = fakeEnvironment();
  const client = clients.add(
    await openOfflineClient({
      ...testClientOptions({
        now: clock.now,
        practitionerId: 'lege-1',
        scope: SCOPE,
        transport: server,
        environment: env,
        // Unless the test says: the client's own default (a session of the EPJ has none).
        idleLockMs: opts.idleLockMs,
        memory: opts.memory ?? {},
      }),
      legacyDbName: 'varde-4601',
    }),
  );
  return { client, server, clock, env };
}

/** Every database the browser's IndexedDB holds (fake-indexeddb/auto in the test setup). */
async function browserDatabases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

describe('an online session: the store in memory', () => {
  it('asks for no PIN: unlocked at once, no PIN to set, and it never locks on its own', async () => {
    const { client } = await session({ idleLockMs: 10 });
    expect(await client.lockState()).toBe('unlocked');
    await expect(client.setupPin(TEST_PIN)).rejects.toThrow(/ingen PIN/);
    client.lock();
    client.noteActivity();
    await new Promise((r) => setTimeout(r, 50));
    expect(await client.lockState()).toBe('unlocked');
  });

  it('shows the patient with the same sections and freshness, and writes nothing to the browser', async () => {
    const before = await browserDatabases();
    // A device store of the old naming exists: the session must not take it over.
    const legacy = indexedDB.open('varde-4601');
    await new Promise((r) => (legacy.onsuccess = r));
    legacy.result.close();
    const { client, server, clock } = await session();
    seedPatient(server);
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until(
      (x) => x.identity.kind === 'ready' && x.vitals.kind === 'ready' && x.services.kind === 'ready',
    );
    expect(v.identity).toMatchObject({
      kind: 'ready',
      data: { name: 'Kari Nordmann', fnr: '01015012345' },
      fetchedAt: clock.now().toISOString(),
      stale: false,
    });
    expect(v.vitals).toMatchObject({ kind: 'ready', data: [{ id: 'srv-1', syncState: 'confirmed' }] });
    expect(v.withheld).toEqual({ services: false, vitals: false });
    await client.recordVitals(sampleSet('w-mem', 'pas-1'));
    await client.syncNow();
    expect(server.count('w-mem/pulse')).toBe(1);
    view.stop();
    // Nothing new in the browser's IndexedDB, and the old store is left as it was.
    expect((await browserDatabases()).sort()).toEqual([...before, 'varde-4601'].sort());
    indexedDB.deleteDatabase('varde-4601');
  });

  it('two sessions of the same user and server share nothing', async () => {
    const a = await session();
    seedPatient(a.server);
    await a.client.refreshPatient('pas-1');
    const b = await session({ server: a.server });
    a.server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    const view = collect<PatientView>((cb) => b.client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.identity.kind === 'unavailable');
    expect(v.identity).toMatchObject({ kind: 'unavailable' });
    expect(v.identity.kind === 'unavailable' && v.identity.cached).toBeUndefined();
    view.stop();
  });

  it('offline: cached data labelled with its age, the read logged and uploaded when the server answers', async () => {
    const { client, server, clock } = await session();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    const fetchedAt = clock.now().toISOString();
    clock.advance(60_000);
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    await client.refreshPatient('pas-1');
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.vitals.kind === 'unavailable');
    expect(v.vitals).toMatchObject({
      kind: 'unavailable',
      reason: 'Ingen forbindelse med serveren.',
      cached: { fetchedAt },
    });
    view.stop();
    server.intercept = undefined;
    await client.syncNow();
    expect(server.auditEvents.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(server.auditEvents[0])).toContain('Patient/pas-1');
    expect(JSON.stringify(server.auditEvents[0])).toContain('Practitioner/lege-1');
  });

  it('a write that cannot be sent waits in memory, is counted, and goes once when the server answers', async () => {
    const { client, server, env } = await session();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    env.setOnline(false);
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await client.recordVitals(sampleSet('w-wait', 'pas-1', 101));
    await status.until((s) => s.kind === 'offline' && s.waiting === 1);
    // A logout would lose it: refused like on a tablet.
    await expect(client.wipe()).rejects.toThrow(/ikke sendt/);
    server.intercept = undefined;
    env.setOnline(true);
    await status.until((s) => s.kind === 'synced');
    expect(server.count('w-wait/pulse')).toBe(1);
    status.stop();
  });

  it("says what the server withheld at the patient's request", async () => {
    const { client, server } = await session();
    seedPatient(server);
    for (const o of vitalSignsSetToObservations(sampleSet('srv-r')))
      server.put({
        ...o,
        id: `o-${o.identifier![0].value}`,
        meta: { security: [restrictedByPatientLabel()] },
      });
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.vitals.kind === 'ready' && x.services.kind === 'ready');
    expect(v.withheld).toEqual({ services: false, vitals: true });
    expect(v.vitals.kind === 'ready' && v.vitals.data.map((s) => s.id)).toEqual(['srv-1']);
    view.stop();
  });

  it("with the deployment's idle lock: a PIN for this session, and the lock after the idle time", async () => {
    const { client } = await session({ memory: { lock: 'idle' }, idleLockMs: 30 });
    expect(await client.lockState()).toBe('setup-required');
    await client.setupPin(TEST_PIN);
    expect(await client.lockState()).toBe('unlocked');
    const lock = collect<string>((cb) => client.watchLock(cb));
    await lock.until((s) => s === 'locked', 5_000);
    expect(await client.unlock(TEST_PIN)).toBe(true);
    lock.stop();
  });
});
