import type { AuditEvent, Bundle, Observation } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { setIdentifierValue } from '../../core/fhir/setIdentifier';
import { openVardeDb } from '../db';
import { createFakeFhirServer } from '../testing/fakeFhirServer';
import { makeHarness, sampleSet, type Harness } from '../testing/harness';
import { createIdbLock } from './drainLock';
import { BATCH_WRITES, createSyncEngine } from './engine';
import type { FhirRequest } from './transport';

const opened: Harness[] = [];
async function harness(...args: Parameters<typeof makeHarness>) {
  const h = await makeHarness(...args);
  opened.push(h);
  return h;
}
afterEach(async () => {
  for (const h of opened.splice(0)) h.db.close();
});

async function record(h: Harness, id: string, pulse = 88, patientId = 'pas-1') {
  await h.outbox.enqueue('vitals', sampleSet(id, patientId, pulse));
}

/** The set ids a request carried, in order (from the set identifier of each entry). */
function setsIn(req: FhirRequest): string[] {
  const ids = ((req.body as Bundle | undefined)?.entry ?? []).map(
    (e) => setIdentifierValue((e.resource as Observation).identifier)?.split('/')[0] ?? '?',
  );
  return [...new Set(ids)];
}
const holds = (req: FhirRequest, setId: string) => setsIn(req).includes(setId);
const posts = (h: Harness) => h.server.requests.filter((r) => r.method === 'POST').map(setsIn);

describe('sync engine: the happy path', () => {
  it('sends a set as one transaction and removes it only after the server confirmed it', async () => {
    const h = await harness();
    await record(h, 'set-a');
    expect(await h.outbox.counts()).toEqual({ pending: 1, parked: 0 });
    const report = await h.engine.drain();
    expect(report).toEqual({ kind: 'done', sent: 1, parked: 0 });
    expect(h.server.count('set-a/pulse')).toBe(1);
    expect(await h.db.outbox.count()).toBe(0);
    expect((await h.engine.state()).lastSuccessAt).toBe(h.clock.now().toISOString());
  });

  it('hands the server copy to the cache before removing the item', async () => {
    const seen: string[] = [];
    const h = await harness({
      engine: {
        onServerObservations: async (patientId, obs) => {
          seen.push(`${patientId}:${obs.length}:${obs.every((o) => o.id?.startsWith('obs-'))}`);
        },
      },
    });
    await record(h, 'set-cache');
    await h.engine.drain();
    expect(seen).toEqual(['pas-1:5:true']);
  });
});

describe('sync engine: every failure kind keeps the write', () => {
  const retryCases = [
    {
      name: 'network error',
      fault: { kind: 'network-error' as const },
      reason: 'Ingen forbindelse med serveren.',
    },
    { name: 'timeout', fault: { kind: 'timeout' as const }, reason: 'Serveren svarte ikke i tide.' },
    { name: '500', fault: { kind: 'status' as const, status: 500 }, reason: 'Serverfeil (500).' },
    { name: '429', fault: { kind: 'status' as const, status: 429 }, reason: 'Serveren ber oss vente.' },
  ];
  for (const c of retryCases) {
    it(`${c.name}: keeps the item, backs off, and delivers it once on the next try`, async () => {
      const h = await harness();
      // A set id has no spaces (core's validation): 'network error' -> set-network-error.
      const id = `set-${c.name.replace(/\s/g, '-')}`;
      await record(h, id);
      h.server.script(c.fault);
      const first = await h.engine.drain();
      expect(first).toMatchObject({ kind: 'stopped', why: 'retry' });
      const s = await h.engine.state();
      expect(s.lastError).toBe(c.reason);
      expect(s.failures).toBe(1);
      expect(Date.parse(s.nextTryAt!)).toBeGreaterThan(h.clock.now().getTime());
      expect(await h.outbox.counts()).toEqual({ pending: 1, parked: 0 });
      // Not before the backoff, unless forced.
      expect((await h.engine.drain()).kind).toBe('waiting');
      h.clock.advance(10 * 60_000);
      expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 1, parked: 0 });
      expect(h.server.count(`${id}/pulse`)).toBe(1);
      expect((await h.engine.state()).failures).toBe(0);
    });
  }

  it('backs off further after each consecutive failure', async () => {
    const h = await harness();
    await record(h, 'set-backoff');
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      h.server.script({ kind: 'network-error' });
      await h.engine.drain({ force: true });
      waits.push(Date.parse((await h.engine.state()).nextTryAt!) - h.clock.now().getTime());
    }
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[3]).toBeGreaterThan(waits[2]);
  });

  it('no answer at all: marked unreachable, retried within 15 s however often it failed; any answer clears it', async () => {
    const h = await harness();
    await record(h, 'set-unreachable');
    for (let i = 0; i < 8; i++) {
      h.server.script({ kind: 'network-error' });
      await h.engine.drain({ force: true });
      const s = await h.engine.state();
      expect(s.unreachable).toBe(true);
      expect(Date.parse(s.nextTryAt!) - h.clock.now().getTime()).toBeLessThanOrEqual(15_000);
    }
    h.server.script({ kind: 'status', status: 500 });
    await h.engine.drain({ force: true });
    const s = await h.engine.state();
    expect(s.unreachable).toBe(false);
    // A server error is no coverage problem: the long backoff applies again.
    expect(Date.parse(s.nextTryAt!) - h.clock.now().getTime()).toBeGreaterThan(15_000);
  });

  it('503 with Retry-After: waits exactly as long as the server asked, even when forced', async () => {
    const h = await harness();
    await record(h, 'set-503');
    h.server.script({ kind: 'status', status: 503, retryAfterMs: 120_000 });
    await h.engine.drain();
    const s = await h.engine.state();
    expect(Date.parse(s.nextTryAt!) - h.clock.now().getTime()).toBe(120_000);
    expect((await h.engine.drain({ force: true })).kind).toBe('waiting');
    h.clock.advance(120_001);
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 1 });
  });

  it('401: keeps the queue, reports login required, and sends after login', async () => {
    const h = await harness();
    await record(h, 'set-401');
    h.server.script({ kind: 'login-required' });
    expect(await h.engine.drain()).toMatchObject({ kind: 'stopped', why: 'login-required' });
    expect((await h.engine.state()).loginRequired).toBe(true);
    expect(await h.outbox.counts()).toEqual({ pending: 1, parked: 0 });
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'done', sent: 1 });
    expect((await h.engine.state()).loginRequired).toBe(false);
  });

  it('400 with an OperationOutcome: parks the item with the server text and goes on with the next', async () => {
    const h = await harness();
    await record(h, 'set-bad');
    await record(h, 'set-good');
    // The server refuses every transaction that holds set-bad (as a real one refuses content).
    h.server.intercept = (req) =>
      req.method === 'POST' && holds(req, 'set-bad')
        ? {
            kind: 'http-error',
            status: 400,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'value',
                  diagnostics: 'Puls utenfor gyldig område',
                  expression: ['Observation.valueQuantity'],
                },
              ],
            },
          }
        : undefined;
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 1, parked: 1 });
    const parked = await h.db.outbox.where('id').equals('set-bad').first();
    expect(parked?.state).toBe('parked');
    expect(parked?.problem).toBe('Puls utenfor gyldig område (Observation.valueQuantity)');
    expect(h.server.count('set-good/pulse')).toBe(1);
    // Parked items are not sent again on their own.
    expect(await h.engine.drain({ force: true })).toEqual({ kind: 'done', sent: 0, parked: 0 });
  });

  it('200 for an existing identifier with other values: a conflict, shown and not overwritten', async () => {
    const h = await harness();
    // Another device already sent a set with this id, with another pulse.
    const other = await harness({ server: h.server });
    await other.outbox.enqueue('vitals', sampleSet('set-same', 'pas-1', 120));
    await other.engine.drain();
    await record(h, 'set-same', 88);
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 0, parked: 1 });
    const item = await h.db.outbox.where('id').equals('set-same').first();
    expect(item?.state).toBe('conflict');
    expect(item?.problem).toMatch(/andre verdier/);
    expect(
      h.server.observations().filter((o) => o.identifier?.[0].value === 'set-same/pulse')[0].valueQuantity
        ?.value,
    ).toBe(120);
  });

  it('200 for an existing identifier with the same values: confirmed', async () => {
    const h = await harness();
    await record(h, 'set-twice');
    h.server.script({ kind: 'lost-response' });
    await h.engine.drain();
    expect(await h.engine.drain({ force: true })).toEqual({ kind: 'done', sent: 1, parked: 0 });
  });
});

describe('sync engine: crashes, restarts and concurrency', () => {
  it('crash between send and confirm: the server committed, the response was lost; the retry does not duplicate', async () => {
    const h = await harness();
    await record(h, 'set-crash');
    h.server.script({ kind: 'lost-response' });
    await h.engine.drain();
    expect(h.server.count('set-crash/pulse')).toBe(1);
    expect(await h.outbox.counts()).toEqual({ pending: 1, parked: 0 });
    await h.engine.drain({ force: true });
    expect(h.server.count('set-crash/pulse')).toBe(1);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('a tab that died mid-send left the item "sending": a restart sends it again, once', async () => {
    const h = await harness();
    await record(h, 'set-died');
    const seq = (await h.db.outbox.toArray())[0].seq!;
    await h.db.outbox.update(seq, { state: 'sending' });
    h.db.close();
    const restarted = await harness({ dbName: h.dbName, server: h.server });
    expect(await restarted.outbox.counts()).toEqual({ pending: 1, parked: 0 });
    expect(await restarted.engine.drain()).toMatchObject({ kind: 'done', sent: 1 });
    expect(h.server.count('set-died/pulse')).toBe(1);
  });

  it('reload: queued items are still there after the database is reopened', async () => {
    const h = await harness();
    await record(h, 'set-r1');
    await record(h, 'set-r2');
    h.db.close();
    const reopened = openVardeDb(h.dbName);
    expect((await reopened.outbox.orderBy('seq').toArray()).map((i) => i.id)).toEqual(['set-r1', 'set-r2']);
    reopened.close();
  });

  it('two drainers at once (two tabs): only one sends', async () => {
    const h = await harness();
    await record(h, 'set-two-1');
    await record(h, 'set-two-2');
    const secondTab = createSyncEngine({
      ...h.deps,
      lock: createIdbLock(h.db, { now: h.clock.now }),
      random: undefined,
    });
    const [a, b] = await Promise.all([h.engine.drain(), secondTab.drain()]);
    const kinds = [a.kind, b.kind].sort();
    expect(kinds).toEqual(['busy', 'done']);
    // Both sets went in one transaction, once.
    expect(h.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(h.server.count('set-two-1/pulse')).toBe(1);
    expect(h.server.count('set-two-2/pulse')).toBe(1);
  });

  it('a lease left by a dead tab expires', async () => {
    const h = await harness();
    await record(h, 'set-lease');
    await h.db.meta.put({
      key: 'drainLock',
      value: { owner: 'dead-tab', expiresAt: h.clock.now().getTime() + 30_000 },
    });
    expect((await h.engine.drain()).kind).toBe('busy');
    h.clock.advance(30_001);
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 1 });
  });

  it('an unreadable item is parked with a reason and does not block the next one', async () => {
    const h = await harness();
    await record(h, 'set-broken');
    await record(h, 'set-after');
    const first = (await h.db.outbox.orderBy('seq').first())!;
    await h.db.outbox.update(first.seq!, { data: { iv: first.data.iv, ct: 'AAAA' } });
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 1, parked: 1 });
    expect(await h.db.outbox.get(first.seq!)).toMatchObject({
      state: 'parked',
      problem: 'Målingen kan ikke leses på denne enheten.',
    });
    expect(h.server.count('set-after/pulse')).toBe(1);
  });

  it('does not drain while the device is locked, and loses nothing', async () => {
    const h = await harness();
    await record(h, 'set-locked');
    h.vault.lock();
    expect(await h.engine.drain()).toEqual({ kind: 'locked' });
    expect(await h.db.outbox.count()).toBe(1);
    expect(h.server.requests).toHaveLength(0);
  });

  it('uploads offline reads as AuditEvents with the next push and deletes them only when accepted', async () => {
    const server = createFakeFhirServer();
    let log = [
      { id: 'r1', patientId: 'pas-1', at: '2026-11-25T07:00:00Z', what: ['vitals'], who: 'Practitioner/p1' },
    ];
    const h = await harness({
      server,
      engine: {
        auditBatch: async () => ({ reads: log, remove: async () => void (log = []) }),
      },
    });
    server.script({ kind: 'status', status: 503 });
    await h.engine.drain();
    expect(log).toHaveLength(1);
    await h.engine.drain();
    expect(log).toHaveLength(0);
    expect(server.auditEvents).toHaveLength(1);
  });

  it('a read the server refuses is sent alone, dropped once refused alone (the server audits the refusal), and never holds back the others', async () => {
    const server = createFakeFhirServer();
    let log = [
      { id: 'old', patientId: 'pas-1', at: '2026-09-01T07:00:00Z', what: ['vitals'] },
      { id: 'new', patientId: 'pas-1', at: '2026-11-25T07:00:00Z', what: ['vitals'] },
    ];
    const h = await harness({
      server,
      engine: {
        auditBatch: async () =>
          log.length === 0
            ? null
            : {
                reads: log,
                remove: async (ids?: readonly string[]) =>
                  void (log = ids ? log.filter((r) => !ids.includes(r.id)) : []),
              },
      },
    });
    // The platform refuses any Bundle holding the read older than it accepts.
    server.intercept = (req) =>
      JSON.stringify(req.body).includes('2026-09-01')
        ? {
            kind: 'http-error',
            status: 422,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'business-rule' }],
            },
          }
        : undefined;
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 0, parked: 0 });
    expect(log).toEqual([]);
    expect(server.auditEvents.map((e) => (e as AuditEvent).recorded)).toEqual(['2026-11-25T07:00:00Z']);
  });

  it('offline reads that cannot reach the server stay, and the drain backs off as for a set', async () => {
    const server = createFakeFhirServer();
    let log = [{ id: 'r2', patientId: 'pas-1', at: '2026-11-25T07:00:00Z', what: ['vitals'] }];
    const h = await harness({
      server,
      engine: { auditBatch: async () => ({ reads: log, remove: async () => void (log = []) }) },
    });
    server.script({ kind: 'network-error' });
    expect(await h.engine.drain()).toEqual({ kind: 'stopped', sent: 0, parked: 0, why: 'retry' });
    expect(log).toHaveLength(1);
    const s = await h.engine.state();
    expect(s.unreachable).toBe(true);
    expect(s.nextTryAt).toBeDefined();
    h.clock.advance(20_000);
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 0, parked: 0 });
    expect(log).toHaveLength(0);
    expect((await h.engine.state()).unreachable).toBe(false);
  });
});

describe('sync engine: several sets in one transaction', () => {
  const refusal = {
    kind: 'http-error' as const,
    status: 422,
    outcome: {
      resourceType: 'OperationOutcome' as const,
      issue: [
        { severity: 'error' as const, code: 'business-rule' as const, diagnostics: 'Pasienten er utskrevet' },
      ],
    },
  };

  it(`sends up to ${BATCH_WRITES} sets per transaction, each exactly once, and caches one write per patient`, async () => {
    const cached: string[] = [];
    const h = await harness({
      engine: {
        onServerObservations: async (patientId, obs) => void cached.push(`${patientId}:${obs.length}`),
      },
    });
    const B = BATCH_WRITES;
    const ids = Array.from({ length: 2 * B + 5 }, (_, i) => `set-b${i}`);
    for (const [i, id] of ids.entries()) await record(h, id, 80 + (i % 10), i % 2 ? 'pas-2' : 'pas-1');
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 2 * B + 5, parked: 0 });
    // Oldest first, in three transactions.
    expect(posts(h)).toEqual([ids.slice(0, B), ids.slice(B, 2 * B), ids.slice(2 * B)]);
    for (const id of ids) expect(h.server.count(`${id}/pulse`)).toBe(1);
    expect(await h.db.outbox.count()).toBe(0);
    // Each transaction's server copies go to the cache once per patient (5 parts a set).
    const half = (B / 2) * 5;
    expect(cached).toEqual([
      `pas-1:${half}`,
      `pas-2:${half}`,
      `pas-1:${half}`,
      `pas-2:${half}`,
      'pas-1:15',
      'pas-2:10',
    ]);
  });

  it('batched drain parks a refused set alone with the server reason; the others are confirmed once', async () => {
    const h = await harness();
    const ids = ['set-p1', 'set-p2', 'set-refused', 'set-p4', 'set-p5'];
    for (const id of ids) await record(h, id);
    // The server refuses any transaction that holds set-refused, and only those.
    h.server.intercept = (req) => (req.method === 'POST' && holds(req, 'set-refused') ? refusal : undefined);
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 4, parked: 1 });
    // One transaction of all five, refused as a whole; then each on its own, in order.
    expect(posts(h)).toEqual([ids, ...ids.map((id) => [id])]);
    expect(await h.db.outbox.toArray()).toMatchObject([
      { id: 'set-refused', state: 'parked', problem: 'Pasienten er utskrevet' },
    ]);
    for (const id of ids) expect(h.server.count(`${id}/pulse`)).toBe(id === 'set-refused' ? 0 : 1);
    // The parked one stays parked; later sets go in one transaction again.
    await record(h, 'set-later-1');
    await record(h, 'set-later-2');
    expect(await h.engine.drain({ force: true })).toEqual({ kind: 'done', sent: 2, parked: 0 });
    expect(posts(h).at(-1)).toEqual(['set-later-1', 'set-later-2']);
    expect(await h.outbox.counts()).toEqual({ pending: 0, parked: 1 });
  });

  it('one set in conflict inside a transaction: that one is kept as a conflict, the others confirmed', async () => {
    const h = await harness();
    const other = await harness({ server: h.server });
    await other.outbox.enqueue('vitals', sampleSet('set-c2', 'pas-1', 120));
    await other.engine.drain();
    for (const id of ['set-c1', 'set-c2', 'set-c3']) await record(h, id, 88);
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 2, parked: 1 });
    // The other device's set first, then ours in one transaction.
    expect(posts(h)).toEqual([['set-c2'], ['set-c1', 'set-c2', 'set-c3']]);
    expect(await h.db.outbox.toArray()).toMatchObject([{ id: 'set-c2', state: 'conflict' }]);
    expect(h.server.count('set-c2/pulse')).toBe(1);
  });

  it('a lost answer to a transaction: retried one set at a time until one is confirmed, then batched; nothing doubles', async () => {
    const h = await harness();
    const ids = ['set-l1', 'set-l2', 'set-l3', 'set-l4'];
    for (const id of ids) await record(h, id);
    h.server.script({ kind: 'lost-response' });
    expect(await h.engine.drain()).toMatchObject({ kind: 'stopped', why: 'retry', sent: 0 });
    expect(await h.outbox.counts()).toEqual({ pending: 4, parked: 0 });
    expect((await h.db.outbox.toArray()).map((i) => i.state)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(await h.engine.drain({ force: true })).toEqual({ kind: 'done', sent: 4, parked: 0 });
    expect(posts(h)).toEqual([ids, ['set-l1'], ['set-l2', 'set-l3', 'set-l4']]);
    for (const id of ids) expect(h.server.count(`${id}/pulse`)).toBe(1);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('an unreadable set ends a batch and is parked alone; the sets around it are sent', async () => {
    const h = await harness();
    for (const id of ['set-u1', 'set-u2', 'set-u3', 'set-u4']) await record(h, id);
    const items = await h.db.outbox.orderBy('seq').toArray();
    await h.db.outbox.update(items[2].seq!, { data: { iv: items[2].data.iv, ct: 'AAAA' } });
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 3, parked: 1 });
    expect(posts(h)).toEqual([['set-u1', 'set-u2'], ['set-u4']]);
    expect(await h.db.outbox.toArray()).toMatchObject([{ id: 'set-u3', state: 'parked' }]);
  });
});
