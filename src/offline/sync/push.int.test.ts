// The offline client against the real platform FHIR router on PGlite, in process: one
// round trip per request, no port opened (STYLE.md point 7). The only stand-in is the
// transport adapter below, which turns our request into the router's and back.
import type { Observation, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANTS } from '../../platform/config';
import { openDatabase } from '../../platform/db/open';
import type { Database } from '../../platform/db/types';
import { createDirectory } from '../../platform/directoryStore';
import { createSqlEventStore } from '../../platform/events/sqlEventStore';
import type { EventStore } from '../../platform/events/types';
import { news2OnIngest } from '../../platform/fhir/news2Derivation';
import { createFhirRouter, type FhirRouter } from '../../platform/fhir/router';
import { IMPORT_TOKEN, loadFixtures, testVerifier } from '../../platform/testing/fixtures';
import type { PatientView } from '../api';
import { createOfflineClient, type ClientEnvironment, type VardeOfflineClient } from '../client';
import { sampleSet, TEST_ITERATIONS, TEST_PIN, uniqueDbName } from '../testing/harness';
import { buildAuditBundle } from './push';
import type { FhirResult, FhirTransport } from './transport';

const BASE = 'http://test/fhir/4601';
let db: Database;
let store: EventStore;
let router: FhirRouter;

function routerTransport(token: string): FhirTransport & { loseNextResponse: boolean } {
  const t = {
    loseNextResponse: false,
    async request(req: { method: 'GET' | 'POST'; url: string; body?: unknown }): Promise<FhirResult> {
      const full = /^https?:\/\//.test(req.url) ? req.url : `${BASE}/${req.url}`;
      const u = new URL(full);
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of u.searchParams) {
        const prev = query[k];
        query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
      }
      const res = await router.handle({
        method: req.method,
        path: u.pathname.replace(/\/$/, ''),
        query,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        headers: { authorization: `Bearer ${token}`, prefer: 'return=representation' },
      });
      if (t.loseNextResponse) {
        t.loseNextResponse = false;
        return { kind: 'network-error', message: 'connection reset after commit' };
      }
      if (res.status === 401) return { kind: 'login-required' };
      if (res.status >= 200 && res.status < 300)
        return { kind: 'ok', status: res.status, body: res.resource };
      const retryAfter = res.headers?.['retry-after'];
      return {
        kind: 'http-error',
        status: res.status,
        outcome:
          res.resource?.resourceType === 'OperationOutcome' ? (res.resource as OperationOutcome) : undefined,
        retryAfterMs: retryAfter ? Number(retryAfter) * 1000 : undefined,
      };
    },
  };
  return t;
}

const quietEnvironment: ClientEnvironment = { isOnline: () => true, onTrigger: () => () => {} };

async function client(transport: FhirTransport): Promise<VardeOfflineClient> {
  const c = createOfflineClient({
    fhirBaseUrl: BASE,
    getAccessToken: async () => 'unused',
    practitionerId: 'prac-nurse',
    dbName: uniqueDbName('int'),
    transport,
    environment: quietEnvironment,
    pbkdf2Iterations: TEST_ITERATIONS,
    idleLockMs: 0,
    syncIntervalMs: 3_600_000,
  });
  await c.setupPin(TEST_PIN);
  return c;
}

function nextView(
  c: VardeOfflineClient,
  patientId: string,
  pred: (v: PatientView) => boolean,
): Promise<PatientView> {
  return new Promise((resolve, reject) => {
    let last: PatientView | undefined;
    const stop = c.watchPatient(patientId, (v) => {
      last = v;
      if (pred(v)) {
        stop();
        resolve(v);
      }
    });
    setTimeout(() => {
      stop();
      reject(new Error(`timed out; last ${JSON.stringify(last)}`));
    }, 10_000);
  });
}

async function partsOf(setId: string): Promise<Observation[]> {
  const all = await store.search('4601', { type: 'Observation', patients: ['p-anna'], count: 1000 });
  return (all.resources as Observation[]).filter((o) => o.identifier?.[0]?.value?.startsWith(`${setId}/`));
}

beforeAll(async () => {
  db = await openDatabase({});
  store = createSqlEventStore(db, { onAppend: news2OnIngest });
  await loadFixtures(store);
  router = createFhirRouter({
    store,
    directory: createDirectory(store, DEFAULT_TENANTS),
    verifier: testVerifier(),
    tenants: DEFAULT_TENANTS,
    publicUrl: 'http://test',
    importToken: IMPORT_TOKEN,
  });
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe('offline client against the platform FHIR router', () => {
  it('sends a recorded set once; a lost response and a retry do not duplicate it; the platform scores it', async () => {
    const transport = routerTransport('nurse');
    const c = await client(transport);
    const set = {
      ...sampleSet('int-set-1', 'p-anna'),
      vitals: {
        respirationRate: 22,
        spo2: 95,
        onOxygen: false,
        systolicBP: 105,
        pulse: 95,
        consciousness: 'A' as const,
        temperature: 38.4,
      },
    };
    transport.loseNextResponse = true;
    await c.recordVitals(set);
    await c.syncNow();
    await c.syncNow();
    const parts = await partsOf('int-set-1');
    const ids = parts.map((o) => o.identifier?.[0]?.value).sort();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('int-set-1/pulse');
    expect(ids).toContain('int-set-1/news2');
    expect(await c.engine.state()).toMatchObject({ loginRequired: false, failures: 0 });
    c.close();
  }, 60_000);

  it('the same set id with other values from another device is a conflict, shown and not overwritten', async () => {
    const first = await client(routerTransport('nurse'));
    await first.recordVitals({ ...sampleSet('int-conflict', 'p-anna'), vitals: { pulse: 72 } });
    await first.syncNow();
    first.close();
    const second = await client(routerTransport('nurse'));
    await second.recordVitals({ ...sampleSet('int-conflict', 'p-anna'), vitals: { pulse: 131 } });
    await second.syncNow();
    const v = await nextView(
      second,
      'p-anna',
      (x) => x.vitals.kind === 'ready' && JSON.stringify(x.vitals).includes('"conflict":true'),
    );
    const sets =
      v.vitals.kind === 'ready'
        ? v.vitals.data
        : v.vitals.kind === 'unavailable'
          ? (v.vitals.cached?.data ?? [])
          : [];
    const mine = sets.filter((s) => s.id === 'int-conflict');
    expect(mine.map((s) => [s.syncState, s.vitals.pulse])).toEqual(
      expect.arrayContaining([
        ['confirmed', 72],
        ['needs-attention', 131],
      ]),
    );
    const pulses = (await partsOf('int-conflict')).filter(
      (o) => o.identifier?.[0]?.value === 'int-conflict/pulse',
    );
    expect(pulses.map((o) => o.valueQuantity?.value)).toEqual([72]);
    second.close();
  }, 60_000);

  it('pulls identity, services with coverage and vitals; shows our sent set as confirmed', async () => {
    const c = await client(routerTransport('nurse'));
    const v = await nextView(
      c,
      'p-anna',
      (x) => x.identity.kind === 'ready' && x.vitals.kind === 'ready' && x.services.kind !== 'loading',
    );
    expect(v.identity).toMatchObject({ kind: 'ready', data: { name: 'Anna Hansen', fnr: '01015012345' } });
    expect(v.services.kind).toMatch(/ready|none-since/);
    const sets = v.vitals.kind === 'ready' ? v.vitals.data : [];
    expect(sets.some((s) => s.id === 'int-set-1' && s.syncState === 'confirmed')).toBe(true);
    // The restricted Observation is neither returned nor cached.
    expect(JSON.stringify(sets)).not.toContain('36.9');
    c.close();
  }, 60_000);

  it('a patient without a care relationship is denied, not empty', async () => {
    const c = await client(routerTransport('nurse'));
    const v = await nextView(c, 'p-carl', (x) => x.identity.kind === 'denied');
    expect(v.identity.kind).toBe('denied');
    c.close();
  }, 60_000);

  it('a refused write is parked with the platform text; an unknown token asks for login and keeps the queue', async () => {
    const c = await client(routerTransport('nurse'));
    // The outbox refuses what core's validation refuses (pulse -5 never leaves the form), so the
    // refusal comes from what only the platform knows: no care relationship with this patient.
    await c.recordVitals(sampleSet('int-bad', 'p-carl'));
    await c.syncNow();
    const parked = await new Promise<string | undefined>((resolve) => {
      const stop = c.watchSyncStatus((s) => {
        if (s.kind === 'needs-attention') {
          stop();
          resolve(s.kind);
        }
      });
    });
    expect(parked).toBe('needs-attention');
    c.close();

    const expired = await client(routerTransport('expired'));
    await expired.recordVitals(sampleSet('int-401', 'p-anna'));
    await expired.syncNow();
    expect(await expired.engine.state()).toMatchObject({ loginRequired: true });
    expect(await partsOf('int-401')).toHaveLength(0);
    expired.close();
  }, 60_000);

  it('uploads offline reads as client-reported AuditEvents the platform accepts', async () => {
    const transport = routerTransport('nurse');
    const c = await client(transport);
    await c.refreshPatient('p-anna');
    const down = transport.request.bind(transport);
    transport.request = async () => ({ kind: 'network-error', message: 'offline' });
    await c.refreshPatient('p-anna');
    transport.request = down;
    const before = (await store.searchAudit('4601', { patient: 'p-anna' })).events.length;
    await c.syncNow();
    const audit = await store.searchAudit('4601', { patient: 'p-anna' });
    expect(audit.events.length).toBeGreaterThan(before);
    expect(JSON.stringify(audit.events)).toContain('offline');
    c.close();
  }, 60_000);

  it('an offline-read audit upload retried after a lost response is stored once', async () => {
    const transport = routerTransport('nurse');
    const bundle = buildAuditBundle([
      // Two hours ago: the platform accepts client-reported reads of the last 30 days only.
      {
        id: 'offline-read-retry-1',
        patientId: 'p-anna',
        at: new Date(Date.now() - 2 * 3600_000).toISOString(),
        what: ['vitals'],
      },
    ]);
    const count = async () =>
      (await store.searchAudit('4601', { patient: 'p-anna', count: 1000 })).events.filter((e) =>
        JSON.stringify(e).includes('offline-read-retry-1'),
      ).length;
    transport.loseNextResponse = true;
    expect((await transport.request({ method: 'POST', url: '', body: bundle })).kind).toBe('network-error');
    expect((await transport.request({ method: 'POST', url: '', body: bundle })).kind).toBe('ok');
    expect(await count()).toBe(1);
  }, 60_000);
});

describe('corrections and comments from the outbox against the platform (issue #11 point 4)', () => {
  const complete = {
    respirationRate: 22,
    spo2: 95,
    onOxygen: false,
    systolicBP: 105,
    pulse: 95,
    consciousness: 'A' as const,
    temperature: 38.4,
  };

  it('a set corrected while still in the outbox reaches the platform with its correction: set and NEWS2 withdrawn, once', async () => {
    const transport = routerTransport('nurse');
    const c = await client(transport);
    const set = { ...sampleSet('int-wrong', 'p-anna'), vitals: complete, sourceSystem: 'varde' };
    await c.recordVitals(set);
    await c.correctSet({
      id: 'int-wrong-correction',
      correction: {
        setId: 'int-wrong',
        patientId: 'p-anna',
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/prac-nurse', display: 'Kari Nordmann' },
        correctedAt: new Date().toISOString(),
      },
    });
    transport.loseNextResponse = true;
    await c.syncNow();
    await c.syncNow();
    const stored = await partsOf('int-wrong');
    const ids = stored.map((o) => o.identifier?.[0]?.value);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('int-wrong/news2');
    expect(stored.every((o) => o.status === 'entered-in-error')).toBe(true);
    const v = await nextView(c, 'p-anna', (x) => x.history?.kind === 'ready');
    const history = v.history?.kind === 'ready' ? v.history.data : [];
    expect(history.find((s) => s.id === 'int-wrong')?.enteredInError?.reason).toBe('Feil pasient');
    expect(v.vitals.kind === 'ready' && v.vitals.data.some((s) => s.id === 'int-wrong')).toBe(false);
    c.close();
  }, 60_000);

  it('a comment on a sent set lands as a note on every part; one on a set the platform does not hold is parked', async () => {
    const c = await client(routerTransport('nurse'));
    await c.recordVitals({ ...sampleSet('int-comment', 'p-anna'), vitals: complete, sourceSystem: 'varde' });
    await c.syncNow();
    const comment = {
      setId: 'int-comment',
      patientId: 'p-anna',
      text: 'Målt etter trappen',
      author: { reference: 'Practitioner/prac-nurse' },
      writtenAt: new Date().toISOString(),
    };
    await c.commentSet({ id: 'int-comment-1', comment });
    await c.syncNow();
    const stored = await partsOf('int-comment');
    expect(stored.every((o) => o.note?.map((n) => n.text).join() === 'Målt etter trappen')).toBe(true);
    // The platform refuses it (404, audited): parked with the reason, never retried forever.
    await c.commentSet({ id: 'int-comment-2', comment: { ...comment, setId: 'ukjent-sett' } });
    await c.syncNow();
    const status = await new Promise<string>((resolve) => {
      const stop = c.watchSyncStatus((s) => {
        if (s.kind === 'needs-attention') {
          stop();
          resolve(s.kind);
        }
      });
    });
    expect(status).toBe('needs-attention');
    c.close();
  }, 60_000);
});
