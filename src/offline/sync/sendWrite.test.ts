// Writes to a server without transactions (issue #13 point 6): each part a conditional create
// of its own, still exactly once, and the set "sendt" only when every part is confirmed.
import type { Observation } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeFhirServer, type FakeFhirServer } from '../testing/fakeFhirServer';
import { makeHarness, sampleSet, type Harness } from '../testing/harness';
import { capabilitiesFrom, createCapabilitiesSource } from './capabilities';

let h: Harness | undefined;
afterEach(() => h?.db.close());

const PARTS = Object.keys(sampleSet('x').vitals).filter((k) => k !== 'consciousness').length;

async function plainServer(): Promise<{ h: Harness; server: FakeFhirServer }> {
  const server = createFakeFhirServer({ transaction: false, batch: false });
  h = await makeHarness({ server, engine: { capabilities: createCapabilitiesSource(server) } });
  return { h, server };
}

describe('a server whose CapabilityStatement has no transaction', () => {
  it('gets each part as its own conditional create, and the set is confirmed once all are', async () => {
    const { h, server } = await plainServer();
    await h.outbox.enqueue('vitals', sampleSet('s1'));
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 1 });
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(PARTS);
    expect(posts.every((r) => r.url === 'Observation' && r.ifNoneExist?.startsWith('identifier='))).toBe(
      true,
    );
    expect(server.observations()).toHaveLength(PARTS);
    expect(await h.outbox.count()).toBe(0);
    expect(server.metadataReads).toBe(1);
  });

  it('a lost answer mid-set: not sendt, and the retry stores no part twice', async () => {
    const { h, server } = await plainServer();
    await h.outbox.enqueue('vitals', sampleSet('s2'));
    // Part 1 is taken, part 2 is taken but its answer is lost.
    server.script({ kind: 'none' }, { kind: 'lost-response' });
    const first = await h.engine.drain();
    expect(first).toMatchObject({ kind: 'stopped', why: 'retry', sent: 0 });
    expect(await h.outbox.count()).toBe(1);
    expect(server.observations()).toHaveLength(2);
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'done', sent: 1 });
    expect(server.observations()).toHaveLength(PARTS);
    for (const o of server.observations()) expect(server.count(o.identifier![0]!.value!)).toBe(1);
    expect(await h.outbox.count()).toBe(0);
    // Resent parts were answered 200 (already there), and nothing more was sent afterwards.
    const again = await h.engine.drain({ force: true });
    expect(again).toMatchObject({ kind: 'done', sent: 0 });
    expect(server.observations()).toHaveLength(PARTS);
  });

  it('a part refused: parked with how many parts the server took, never "sendt"', async () => {
    const { h, server } = await plainServer();
    await h.outbox.enqueue('vitals', sampleSet('s3'));
    server.script(
      { kind: 'none' },
      {
        kind: 'status',
        status: 422,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Ugyldig verdi' }],
        },
      },
    );
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 0, parked: 1 });
    const [item] = await h.outbox.all();
    expect(item).toMatchObject({ state: 'parked' });
    expect(item!.problem).toContain('Ugyldig verdi');
    expect(item!.problem).toContain(`tok imot 1 av ${PARTS} deler`);
  });

  it('several sets drained together: sent part by part; a refused set is parked alone, the others sendt once', async () => {
    const { h, server } = await plainServer();
    for (const id of ['sb1', 'sb2', 'sb3']) await h.outbox.enqueue('vitals', sampleSet(id));
    // The server refuses every part of sb2, as a real one refuses content.
    server.intercept = (req) =>
      req.method === 'POST' &&
      (req.body as Observation | undefined)?.identifier?.[0]?.value?.startsWith('sb2/')
        ? {
            kind: 'http-error',
            status: 422,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Ugyldig verdi' }],
            },
          }
        : undefined;
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 2, parked: 1 });
    const [item] = await h.outbox.all();
    expect(item).toMatchObject({ id: 'sb2', state: 'parked' });
    expect(item!.problem).toContain('Ugyldig verdi');
    expect(server.observations()).toHaveLength(2 * PARTS);
    for (const o of server.observations()) {
      expect(o.identifier![0]!.value!).toMatch(/^sb[13]\//);
      expect(server.count(o.identifier![0]!.value!)).toBe(1);
    }
  });

  it('the offline-read log goes as plain creates', async () => {
    const server = createFakeFhirServer({ transaction: false });
    const reads = [{ id: 'r1', patientId: 'p1', at: '2026-11-25T08:00:00Z', what: ['vitals'] }];
    let removed = false;
    h = await makeHarness({
      server,
      engine: {
        capabilities: createCapabilitiesSource(server),
        auditBatch: async () => (removed ? null : { reads, remove: async () => void (removed = true) }),
      },
    });
    expect(await h.engine.drain()).toMatchObject({ kind: 'done' });
    expect(server.auditEvents).toHaveLength(1);
    expect(removed).toBe(true);
  });

  it('a server that does state transaction still gets one transaction Bundle', async () => {
    const server = createFakeFhirServer();
    h = await makeHarness({ server, engine: { capabilities: createCapabilitiesSource(server) } });
    await h.outbox.enqueue('vitals', sampleSet('s4'));
    await h.engine.drain();
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual(['']);
  });
});

describe('reading a CapabilityStatement', () => {
  it('takes transaction and batch from rest.interaction, and nothing from anything else', () => {
    expect(
      capabilitiesFrom({
        resourceType: 'CapabilityStatement',
        rest: [{ mode: 'server', interaction: [{ code: 'batch' }, { code: 'transaction' }] }],
      }),
    ).toEqual({ transaction: true, batch: true });
    expect(capabilitiesFrom({ resourceType: 'CapabilityStatement', rest: [{ mode: 'server' }] })).toEqual({
      transaction: false,
      batch: false,
    });
    expect(capabilitiesFrom('<html>')).toEqual({ transaction: false, batch: false });
    expect(capabilitiesFrom({ resourceType: 'Bundle' })).toEqual({ transaction: false, batch: false });
  });
});
