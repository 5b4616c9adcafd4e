import type { CareTeam, Flag } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vitalSignsSetToObservations } from '../core/fhir/toObservation';
import type { DeviceVitalSignsSet, PatientView, Section, SyncStatus, WorklistEntry } from './api';
import { createOfflineClient, UnsentDataError, type VardeOfflineClient } from './client';
import {
  collect,
  fakeEnvironment,
  openedClients,
  seedPatient,
  shownData,
  testClientOptions,
} from './testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from './testing/fakeFhirServer';
import { PATIENT } from './testing/patients';
import { manualClock, sampleSet, TEST_PIN, uniqueDbName, type Clock } from './testing/harness';
import { LockedError } from './vault';

// Waits below are generous: the machine running the suite may be busy.
vi.setConfig({ testTimeout: 30_000 });

interface Setup {
  client: VardeOfflineClient;
  server: FakeFhirServer;
  clock: Clock;
  env: ReturnType<typeof fakeEnvironment>;
  dbName: string;
}

const clients = openedClients();
afterEach(() => clients.closeAll());

async function setup(
  opts: {
    server?: FakeFhirServer;
    dbName?: string;
    clock?: Clock;
    pin?: boolean;
    idleLockMs?: number;
    /** Each request waits this long (a slow network). */
    transportDelayMs?: number;
  } = {},
): Promise<Setup> {
  const server = opts.server ?? createFakeFhirServer({ pageSize: 3 });
  const clock = opts.clock ?? manualClock();
  const env = fakeEnvironment();
  const dbName = opts.dbName ?? uniqueDbName('client');
  const client = clients.add(
    createOfflineClient(
      testClientOptions({
        now: clock.now,
        dbName,
        transport: opts.transportDelayMs
          ? {
              request: async (req) => {
                await new Promise((r) => setTimeout(r, opts.transportDelayMs));
                return server.request(req);
              },
            }
          : server,
        environment: env,
        idleLockMs: opts.idleLockMs ?? 0,
      }),
    ),
  );
  if (opts.pin !== false) {
    if ((await client.lockState()) === 'setup-required') await client.setupPin(TEST_PIN);
    else expect(await client.unlock(TEST_PIN)).toBe(true);
  }
  return { client, server, clock, env, dbName };
}

const setsOf = (s: Section<DeviceVitalSignsSet[]>): DeviceVitalSignsSet[] => shownData(s) ?? [];

const ready = <T>(s: Section<T>): s is Extract<Section<T>, { kind: 'ready' }> => s.kind === 'ready';

describe('OfflineClient: reads', () => {
  it('shows a patient from the server, cached with the time fetched, without free text', async () => {
    const { client, server, clock } = await setup();
    seedPatient(server);
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => ready(x.identity) && ready(x.vitals) && ready(x.services));
    expect(v.identity).toMatchObject({
      kind: 'ready',
      data: { name: 'Kari Nordmann', fnr: '01015012345' },
      fetchedAt: clock.now().toISOString(),
      stale: false,
    });
    expect(v.services).toMatchObject({
      kind: 'ready',
      data: [{ id: 'eoc-1', typeCode: '15', status: 'active' }],
    });
    expect(v.vitals).toMatchObject({
      kind: 'ready',
      data: [{ id: 'srv-1', syncState: 'confirmed', vitals: { pulse: 88 } }],
    });
    // No Flag on the server: no Scale 2 decision (Scale 1 applies).
    expect(v.scale2).toMatchObject({ kind: 'ready', data: [] });
    view.stop();
  });

  it('covered with no services reads none-since; not covered is its own state', async () => {
    const { client, server } = await setup();
    server.put({ ...PATIENT, id: 'pas-2' });
    server.put({ ...PATIENT, id: 'pas-3' });
    server.coverage.set('pas-2', { code: 'covered', since: '2026-02-01' });
    server.coverage.set('pas-3', { code: 'not-covered', since: '2026-02-01' });
    const a = collect<PatientView>((cb) => client.watchPatient('pas-2', cb));
    expect((await a.until((x) => x.services.kind !== 'loading')).services).toMatchObject({
      kind: 'none-since',
      since: '2026-02-01',
    });
    const b = collect<PatientView>((cb) => client.watchPatient('pas-3', cb));
    expect((await b.until((x) => x.services.kind !== 'loading')).services.kind).toBe('not-covered');
    a.stop();
    b.stop();
  });

  it('offline: sections read from the device are labelled unavailable with cached data and age, and the read is logged', async () => {
    const { client, server, clock } = await setup();
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
    expect(v.identity).toMatchObject({ kind: 'unavailable', cached: { data: { name: 'Kari Nordmann' } } });
    view.stop();
    // Uploaded as an AuditEvent with the next push.
    server.intercept = undefined;
    await client.syncNow();
    expect(server.auditEvents.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(server.auditEvents[0])).toContain('Patient/pas-1');
    expect(JSON.stringify(server.auditEvents[0])).toContain('Practitioner/nurse-1');
  });

  it('403 is denied (not "no data") and the section cache is removed', async () => {
    const { client, server } = await setup();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    server.intercept = (req) =>
      req.url.startsWith('EpisodeOfCare')
        ? {
            kind: 'http-error',
            status: 403,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Ingen tjenstlig behov' }],
            },
          }
        : undefined;
    await client.refreshPatient('pas-1');
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.services.kind === 'denied');
    expect(v.services).toEqual({ kind: 'denied', reason: 'Ingen tjenstlig behov' });
    view.stop();
  });

  it('deletes cached data past the cache expiry (a shift), keeping the age until then', async () => {
    const { client, server, clock } = await setup();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    const fetchedAt = clock.now().toISOString();
    server.intercept = () => ({ kind: 'timeout' });
    clock.advance(11 * 3600_000);
    await client.refreshPatient('pas-1');
    const before = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await before.until((x) => x.vitals.kind === 'unavailable');
    expect(v.vitals).toMatchObject({ reason: 'Serveren svarte ikke i tide.', cached: { fetchedAt } });
    before.stop();
    clock.advance(3600_000 + 1);
    await client.refreshPatient('pas-1');
    const after = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const e = await after.until((x) => x.identity.kind === 'unavailable');
    expect(e.identity).toMatchObject({ kind: 'unavailable', cached: undefined });
    expect(e.vitals).toMatchObject({ kind: 'unavailable', cached: undefined });
    after.stop();
  });

  it('pulls vitals incrementally, paging through next links', async () => {
    const { client, server } = await setup();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    for (const o of vitalSignsSetToObservations({
      ...sampleSet('srv-2'),
      effectiveDateTime: '2026-11-25T08:30:00+01:00',
    })) {
      server.put({ ...o, id: `o-${o.identifier![0].value}` });
    }
    server.requests.length = 0;
    await client.refreshPatient('pas-1');
    const obsRequests = server.requests.filter((r) => r.url.includes('Observation'));
    expect(obsRequests[0].url).toMatch(/_lastUpdated=ge/);
    expect(obsRequests.length).toBeGreaterThan(1);
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => ready(x.vitals) && x.vitals.data.length === 2);
    expect(ready(v.vitals) && v.vitals.data.map((s) => s.id)).toEqual(['srv-1', 'srv-2']);
    view.stop();
  });

  it('reads the Scale 2 decision from the Flag', async () => {
    const { client, server } = await setup();
    seedPatient(server);
    const flag: Flag = {
      resourceType: 'Flag',
      id: 'f1',
      status: 'active',
      code: { coding: [{ system: 'https://varde.no/fhir/CodeSystem/flag', code: 'news2-spo2-scale-2' }] },
      subject: { reference: 'Patient/pas-1' },
      author: { reference: 'Practitioner/lege-1', display: 'Lege Hansen' },
      period: { start: '2026-10-01T10:00:00+02:00' },
    };
    server.put(flag);
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => ready(x.scale2) && x.scale2.data.length > 0);
    // Core's Flag reader: who (reference and name), when, the Flag id and the patient.
    expect(ready(v.scale2) && v.scale2.data).toEqual([
      {
        id: 'f1',
        patientId: 'pas-1',
        decidedBy: { reference: 'Practitioner/lege-1', display: 'Lege Hansen' },
        decidedAt: '2026-10-01T10:00:00+02:00',
      },
    ]);
    view.stop();
  });
});

describe('OfflineClient: writes and sync status', () => {
  it('refuses to write while locked; after the PIN, writes reach the server once and the status says synced', async () => {
    const { client, server } = await setup({ pin: false });
    expect(await client.lockState()).toBe('setup-required');
    await expect(client.recordVitals(sampleSet('w-1'))).rejects.toBeInstanceOf(LockedError);
    await client.setupPin(TEST_PIN);
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await client.recordVitals(sampleSet('w-1'));
    await client.syncNow();
    await status.until((s) => s.kind === 'synced' && !!s.at);
    expect(server.count('w-1/pulse')).toBe(1);
    status.stop();
  });

  it('offline: the write shows at once as pending, the status counts it, and it goes when the network returns', async () => {
    const { client, server, env } = await setup();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    env.setOnline(false);
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    await client.recordVitals(sampleSet('w-off', 'pas-1', 101));
    await status.until((s) => s.kind === 'offline' && s.waiting === 1);
    await view.until(
      (x) =>
        (x.vitals.kind === 'ready' || x.vitals.kind === 'unavailable') &&
        JSON.stringify(x.vitals).includes('"w-off"'),
    );
    server.intercept = undefined;
    env.setOnline(true);
    await status.until((s) => s.kind === 'synced');
    expect(server.count('w-off/pulse')).toBe(1);
    // After confirmation the set stays visible (the server's copy), now confirmed, once.
    const v = await view.until((x) =>
      setsOf(x.vitals).some((s) => s.id === 'w-off' && s.syncState === 'confirmed'),
    );
    expect(
      setsOf(v.vitals)
        .filter((s) => s.id === 'w-off')
        .map((s) => s.syncState),
    ).toEqual(['confirmed']);
    status.stop();
    view.stop();
  });

  it('no answer from the server reads as offline even where the browser says online, and the queue goes when coverage returns without any online event', async () => {
    const { client, server, clock } = await setup();
    seedPatient(server);
    server.intercept = () => ({ kind: 'network-error', message: 'no route' });
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    await view.until((v) => v.identity.kind === 'unavailable');
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await client.recordVitals(sampleSet('w-liefi'));
    await client.syncNow(); // settles every drain started so far, all of them failing
    // navigator.onLine stays true here (env never fires 'offline'): a weak cell or a reload.
    await status.until((s) => s.kind === 'offline' && s.waiting === 1);
    status.stop();
    expect(server.count('w-liefi/pulse')).toBe(0);
    server.intercept = undefined;
    // The client tries again when the backoff ends (15 s at most without coverage), on its
    // own timer: no 'online', focus or visibility event is fired.
    clock.advance(16_000);
    const after = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await after.until((s) => s.kind === 'synced' && !!s.at, 20_000);
    expect(server.count('w-liefi/pulse')).toBe(1);
    after.stop();
    // The server answers again, so the patient on screen is fetched again at once.
    await view.until((v) => v.identity.kind === 'ready', 20_000);
    view.stop();
  });

  it('a parked write shows needs-attention with the server text until the nurse dismisses it', async () => {
    const { client, server } = await setup();
    server.script({
      kind: 'status',
      status: 422,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Pasienten er død' }],
      },
    });
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await client.recordVitals(sampleSet('w-park'));
    await client.syncNow();
    await status.until((s) => s.kind === 'needs-attention' && s.count === 1);
    await client.dismissProblem('w-park');
    await status.until((s) => s.kind === 'synced');
    status.stop();
  });

  it('a write survives a restart of the app (new client, same database)', async () => {
    const server = createFakeFhirServer();
    const first = await setup({ server });
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    await first.client.recordVitals(sampleSet('w-restart'));
    await first.client.syncNow();
    clients.close(first.client);
    server.intercept = undefined;
    const second = await setup({ server, dbName: first.dbName });
    await second.client.syncNow();
    expect(server.count('w-restart/pulse')).toBe(1);
  });

  it('wipe refuses while writes wait, then clears everything and destroys the key when confirmed', async () => {
    const { client, server } = await setup();
    seedPatient(server);
    await client.refreshPatient('pas-1');
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    await client.recordVitals(sampleSet('w-wipe'));
    await expect(client.wipe()).rejects.toBeInstanceOf(UnsentDataError);
    await client.wipe({ discardUnsent: true });
    expect(await client.lockState()).toBe('setup-required');
    await client.setupPin('9876');
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.identity.kind === 'unavailable');
    expect(v.identity).toMatchObject({ cached: undefined });
    view.stop();
  });

  it('locks after the idle time and shows nothing until unlocked', async () => {
    const { client, server } = await setup({ idleLockMs: 30 });
    seedPatient(server);
    const lock = collect<string>((cb) => client.watchLock(cb));
    await lock.until((s) => s === 'unlocked');
    client.noteActivity();
    await lock.until((s) => s === 'locked');
    expect(await client.unlock('0000')).toBe(false);
    expect(await client.unlock(TEST_PIN)).toBe(true);
    lock.stop();
  });
});

describe('OfflineClient: worklist', () => {
  it("prefetches the nurse's patients with progress and lists them with their latest NEWS2", async () => {
    const { client, server } = await setup();
    seedPatient(server);
    server.put({ ...PATIENT, id: 'pas-2', name: [{ given: ['Ola'], family: 'Hansen' }] });
    const team = (id: string, p: string): CareTeam => ({
      resourceType: 'CareTeam',
      id,
      subject: { reference: `Patient/${p}` },
      participant: [{ member: { reference: 'Practitioner/nurse-1' } }],
    });
    server.put(team('ct-1', 'pas-1'));
    server.put(team('ct-2', 'pas-2'));
    const progress: string[] = [];
    await client.prefetchWorklist((p) => progress.push(`${p.done}/${p.total}`));
    expect(progress[0]).toBe('0/2');
    expect(progress).toContain('1/2');
    expect(progress.at(-1)).toBe('2/2');
    const done = progress.map((p) => Number(p.split('/')[0]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    // The worklist search brought both identities: no Patient read per patient after it.
    expect(server.requests.filter((r) => r.url.startsWith('Patient/'))).toEqual([]);
    const list = collect<Section<WorklistEntry[]>>((cb) => client.watchWorklist(cb));
    const l = await list.until((x) => ready(x) && x.data.length === 2);
    expect(ready(l) && l.data.map((e) => e.patient.name)).toEqual(['Kari Nordmann', 'Ola Hansen']);
    expect(ready(l) && l.data[0].latest).toMatchObject({ complete: false, total: null });
    list.stop();
  });

  it('a long background prefetch does not keep the device unlocked: the idle lock comes and stops it', async () => {
    // 30 patients, a few at a time, each request 40 ms: well over the 150 ms idle time.
    // Before the fix every finished patient counted as activity and the lock never came.
    const { client, server } = await setup({ idleLockMs: 150, transportDelayMs: 40 });
    for (let i = 1; i <= 30; i++) {
      server.put({ ...PATIENT, id: `pas-${i}` });
      server.put({
        resourceType: 'CareTeam',
        id: `ct-${i}`,
        subject: { reference: `Patient/pas-${i}` },
        participant: [{ member: { reference: 'Practitioner/nurse-1' } }],
      } satisfies CareTeam);
    }
    client.noteActivity();
    const progress: number[] = [];
    await expect(client.prefetchWorklist((p) => progress.push(p.done))).rejects.toBeInstanceOf(LockedError);
    expect(await client.lockState()).toBe('locked');
    expect(Math.max(...progress)).toBeLessThan(30);
  });
});
