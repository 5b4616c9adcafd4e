// One device store per server and user, and nothing sent to the wrong server (issue 13,
// point 1). Two FHIR servers whose bases both end in /fhir once shared the store
// `varde-fhir`: a set queued for A was posted to B, which accepted it.
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VitalSignsSet } from '../core/vitals/types';
import type { PatientView, SyncStatus } from './api';
import { createOfflineClient, openOfflineClient, type VardeOfflineClient } from './client';
import { openVardeDb, SCHEMA_V1, SCHEMA_V2, type VardeDb } from './db';
import { deviceStoreName, normalizeFhirBase } from './storeScope';
import { collect, fetchOver, openedClients, testClientOptions } from './testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from './testing/fakeFhirServer';
import { sampleSet, TEST_ITERATIONS, TEST_PIN } from './testing/harness';
import { createVault } from './vault';

vi.setConfig({ testTimeout: 30_000 });

const A = 'https://a.test/fhir';
const B = 'https://b.test/fhir';
const USER = 'Practitioner/nurse-1';

let serverA: FakeFhirServer;
let serverB: FakeFhirServer;
let net: ReturnType<typeof fetchOver>;
const clients = openedClients();

function fresh() {
  serverA = createFakeFhirServer();
  serverB = createFakeFhirServer();
  net = fetchOver({ [A]: serverA, [B]: serverB });
}
fresh();

afterEach(async () => {
  clients.closeAll();
  // A clean device for the next test: the status reads every store on the device.
  for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name);
  fresh();
});

type ClientOpts = { dbName?: string; legacyDbName?: string; user?: string };

async function login(fhirBase: string, opts: ClientOpts = {}, pin = TEST_PIN): Promise<VardeOfflineClient> {
  const options = testClientOptions({
    fhirBaseUrl: fhirBase,
    getAccessToken: async () => `token-for-${fhirBase}`,
    scope: {
      issuer: `${fhirBase}/auth`,
      user: opts.user ?? USER,
      label: fhirBase === A ? 'A kommune' : 'B kommune',
    },
    dbName: opts.dbName,
    fetch: net.fetch,
  });
  const client = opts.legacyDbName
    ? await openOfflineClient({ ...options, legacyDbName: opts.legacyDbName })
    : createOfflineClient(options);
  clients.add(client);
  if ((await client.lockState()) === 'setup-required') await client.setupPin(pin);
  else expect(await client.unlock(pin)).toBe(true);
  return client;
}

function logout(client: VardeOfflineClient) {
  clients.close(client);
}

const posts = (s: FakeFhirServer) => s.requests.filter((r) => r.method === 'POST');

async function statusOf(client: VardeOfflineClient, pred: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
  try {
    return await status.until(pred);
  } finally {
    status.stop();
  }
}

describe('one device store per server and user', () => {
  it('is named by the FHIR base in full, the issuer, the tenant and the user, never by a path segment', () => {
    expect(deviceStoreName({ fhirBase: A })).not.toBe(deviceStoreName({ fhirBase: B }));
    expect(deviceStoreName({ fhirBase: A, user: 'u1' })).not.toBe(
      deviceStoreName({ fhirBase: A, user: 'u2' }),
    );
    expect(deviceStoreName({ fhirBase: A, tenant: '4601' })).not.toBe(
      deviceStoreName({ fhirBase: A, tenant: '1103' }),
    );
    expect(deviceStoreName({ fhirBase: A, issuer: 'https://id.a.test' })).not.toBe(
      deviceStoreName({ fhirBase: A, issuer: 'https://id.b.test' }),
    );
    // One spelling per server.
    expect(deviceStoreName({ fhirBase: 'HTTPS://A.test:443/fhir/' })).toBe(deviceStoreName({ fhirBase: A }));
    expect(normalizeFhirBase('http://localhost:8203/fhir/4601/')).toBe('http://localhost:8203/fhir/4601');
    // The label is for people, not part of the key.
    expect(deviceStoreName({ fhirBase: A, label: 'x' })).toBe(deviceStoreName({ fhirBase: A, label: 'y' }));
  });

  it('two servers whose bases both end in /fhir: a set queued for A is never sent to B, and B says where it waits', async () => {
    const a = await login(A);
    net.offline = true;
    await a.recordVitals(sampleSet('set-for-a'));
    await a.syncNow();
    logout(a);

    net.offline = false;
    const b = await login(B);
    await b.syncNow();
    expect(posts(serverB)).toEqual([]);
    // B's own store is empty; the status says honestly that a set waits for A.
    expect(await statusOf(b, (s) => s.kind === 'waiting-elsewhere')).toEqual({
      kind: 'waiting-elsewhere',
      elsewhere: [{ server: A, label: 'A kommune', count: 1, sets: 1, otherUser: false }],
    });
    const view = collect<PatientView>((cb) => b.watchPatient('pas-1', cb));
    await view.until((v) => v.vitals.kind !== 'loading');
    expect(JSON.stringify(view.seen)).not.toContain('set-for-a');
    view.stop();
    logout(b);

    // Back on A: sent there, once, with A's token.
    const again = await login(A);
    await again.syncNow();
    expect(serverA.count('set-for-a/pulse')).toBe(1);
    expect(serverB.count('set-for-a/pulse')).toBe(0);
    expect(net.tokens.get(B) ?? []).not.toContain(`token-for-${A}`);
    expect(await statusOf(again, (s) => s.kind === 'synced')).toMatchObject({ kind: 'synced' });
  });

  it('another user on the same server has a store of their own and is told whose login sends the waiting set', async () => {
    const kari = await login(A, { user: 'Practitioner/kari' });
    net.offline = true;
    await kari.recordVitals(sampleSet('set-by-kari'));
    logout(kari);
    net.offline = false;
    const ola = await login(A, { user: 'Practitioner/ola' }, '1357');
    await ola.syncNow();
    expect(serverA.count('set-by-kari/pulse')).toBe(0);
    expect(await statusOf(ola, (s) => s.kind === 'waiting-elsewhere')).toMatchObject({
      elsewhere: [{ server: A, count: 1, otherUser: true }],
    });
  });

  it('logout leaves the store empty, not even saying whose it was', async () => {
    const a = await login(A);
    await a.recordVitals(sampleSet('set-sent'));
    await a.syncNow();
    await a.wipe();
    const db = openVardeDb(deviceStoreName({ fhirBase: A, issuer: `${A}/auth`, user: USER }));
    try {
      const counts = await Promise.all([
        db.sections.count(),
        db.outbox.count(),
        db.auditLog.count(),
        db.meta.count(),
      ]);
      expect(counts).toEqual([0, 0, 0, 0]);
    } finally {
      db.close();
    }
  });

  it('a store shared by force (the same database): the item bound to A stays queued for B with where it belongs', async () => {
    const dbName = 'varde-shared-by-force';
    const a = await login(A, { dbName });
    net.offline = true;
    await a.recordVitals(sampleSet('set-bound-to-a'));
    await a.syncNow();
    logout(a);
    net.offline = false;

    const b = await login(B, { dbName });
    // The drain runs, and finds nothing of B's to send.
    expect(await b.engine.drain({ force: true })).toEqual({ kind: 'done', sent: 0, parked: 0 });
    expect(posts(serverB)).toEqual([]);
    expect(await statusOf(b, (s) => s.kind === 'waiting-elsewhere')).toMatchObject({
      elsewhere: [{ server: A, count: 1 }],
    });
    const view = collect<PatientView>((cb) => b.watchPatient('pas-1', cb));
    const v = await view.until((x) => JSON.stringify(x.vitals).includes('set-bound-to-a'));
    const sets =
      v.vitals.kind === 'ready'
        ? v.vitals.data
        : v.vitals.kind === 'unavailable'
          ? v.vitals.cached?.data
          : [];
    expect(sets?.find((s) => s.id === 'set-bound-to-a')).toMatchObject({
      syncState: 'pending',
      problem: expect.stringContaining(`Lagret for ${A}`),
    });
    view.stop();
    // It cannot be dismissed as if it were a refused write: it is not lost.
    await expect(b.dismissProblem('set-bound-to-a')).rejects.toThrow(/venter fortsatt/);
    // (A drain still running would hold the store's drain lease past close, as a tab that dies does.)
    await b.syncNow();
    logout(b);

    const back = await login(A, { dbName });
    await back.syncNow();
    expect(serverA.count('set-bound-to-a/pulse')).toBe(1);
    expect(serverB.count('set-bound-to-a/pulse')).toBe(0);
  });
});

/** A store as the app left it before schema v5: `varde-{last path segment}`, a set queued. */
async function legacyStore(name: string, set: VitalSignsSet): Promise<void> {
  const v4 = new Dexie(name);
  v4.version(1).stores(SCHEMA_V1);
  v4.version(2).stores(SCHEMA_V2);
  v4.version(3).stores(SCHEMA_V2);
  v4.version(4).stores(SCHEMA_V2);
  const vault = createVault(v4 as VardeDb, { iterations: TEST_ITERATIONS });
  await vault.setup(TEST_PIN);
  await v4.table('outbox').add({
    id: set.id,
    patientId: set.patientId,
    kind: 'vitals',
    state: 'pending',
    createdAt: '2026-11-24T20:00:00Z',
    attempts: 0,
    data: await vault.seal(set),
  });
  await v4.table('auditLog').add({
    id: 'old-read',
    patientId: set.patientId,
    at: '2026-11-24T20:01:00Z',
    data: await vault.seal({ what: ['vitals'], who: USER }),
  });
  v4.close();
}

describe('an existing store of the old naming', () => {
  it('is taken over by the first login it belongs to: the queued set is kept, bound to that server and sent there once, never to B', async () => {
    await legacyStore('varde-fhir', sampleSet('set-from-before'));
    const a = await login(A, { legacyDbName: 'varde-fhir' });
    expect(await Dexie.exists('varde-fhir')).toBe(false);
    await a.syncNow();
    expect(serverA.count('set-from-before/pulse')).toBe(1);
    // The old offline read goes to A too.
    expect(JSON.stringify(serverA.auditEvents)).toContain('old-read');
    logout(a);

    // A login to B whose old store name is the same finds nothing to take over.
    const b = await login(B, { legacyDbName: 'varde-fhir' });
    await b.syncNow();
    expect(posts(serverB)).toEqual([]);
    expect(serverB.count('set-from-before/pulse')).toBe(0);
  });

  it('an old store another login has claimed is left to it', async () => {
    await legacyStore('varde-fhir', sampleSet('set-claimed'));
    const peek = new Dexie('varde-fhir');
    await peek.open();
    await peek.table('meta').put({ key: 'adoptedBy', value: deviceStoreName({ fhirBase: A, user: USER }) });
    peek.close();
    const b = await login(B, { legacyDbName: 'varde-fhir' });
    await b.syncNow();
    expect(posts(serverB)).toEqual([]);
    expect(await Dexie.exists('varde-fhir')).toBe(true);
  });
});
