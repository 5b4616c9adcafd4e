// Random sequences of writes, faults, drains, clock jumps, reloads and two-tab drains end
// with every write on the scripted server exactly once (or parked with a reason, if the
// server refused it), and nothing else left in the outbox.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeFhirServer, testSetToObservations, type Fault } from '../testing/fakeFhirServer';
import { makeHarness, manualClock, sampleSet, uniqueDbName, type Harness } from '../testing/harness';
import { createIdbLock } from './drainLock';
import { createSyncEngine } from './engine';

type Action =
  | { kind: 'write'; pulse: number }
  | { kind: 'fault'; fault: Fault }
  | { kind: 'drain'; force: boolean }
  | { kind: 'twoTabs' }
  | { kind: 'advance'; ms: number }
  | { kind: 'restart' }
  | { kind: 'crashMidSend' };

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'network-error' }),
  fc.constant<Fault>({ kind: 'lost-response' }),
  fc.constant<Fault>({ kind: 'timeout' }),
  fc.constant<Fault>({ kind: 'timeout-after-commit' }),
  fc.constant<Fault>({ kind: 'login-required' }),
  fc.constantFrom(500, 502, 503, 429).map<Fault>((status) => ({ kind: 'status', status })),
  fc
    .integer({ min: 1, max: 120 })
    .map<Fault>((s) => ({ kind: 'status', status: 503, retryAfterMs: s * 1000 })),
  fc.constant<Fault>({
    kind: 'status',
    status: 422,
    outcome: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Avvist' }],
    },
  }),
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.integer({ min: 30, max: 180 }).map<Action>((pulse) => ({ kind: 'write', pulse })),
  },
  { weight: 3, arbitrary: faultArb.map<Action>((fault) => ({ kind: 'fault', fault })) },
  { weight: 3, arbitrary: fc.boolean().map<Action>((force) => ({ kind: 'drain', force })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'twoTabs' }) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 600_000 }).map<Action>((ms) => ({ kind: 'advance', ms })),
  },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'restart' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'crashMidSend' }) },
);

async function run(actions: Action[]): Promise<void> {
  const server = createFakeFhirServer();
  const clock = manualClock();
  const dbName = uniqueDbName('prop');
  let h: Harness = await makeHarness({ dbName, server, clock });
  const written: string[] = [];
  try {
    for (const a of actions) {
      switch (a.kind) {
        case 'write': {
          const id = `set-${written.length}`;
          written.push(id);
          await h.outbox.enqueue('vitals', sampleSet(id, 'pas-1', a.pulse));
          break;
        }
        case 'fault':
          server.script(a.fault);
          break;
        case 'drain':
          await h.engine.drain({ force: a.force });
          break;
        case 'twoTabs': {
          const other = createSyncEngine({
            ...h.deps,
            lock: createIdbLock(h.db, { now: clock.now }),
            random: undefined,
          });
          await Promise.all([h.engine.drain({ force: true }), other.drain({ force: true })]);
          break;
        }
        case 'advance':
          clock.advance(a.ms);
          break;
        case 'crashMidSend': {
          // A tab died after marking an item 'sending' (the request may or may not have left).
          const first = await h.db.outbox.orderBy('seq').first();
          if (first && first.state === 'pending') await h.db.outbox.update(first.seq!, { state: 'sending' });
          h.db.close();
          h = await makeHarness({ dbName, server, clock });
          break;
        }
        case 'restart':
          h.db.close();
          h = await makeHarness({ dbName, server, clock });
          break;
      }
    }
    // No new faults (leftover scripted ones are consumed by the retries); time passes and
    // the engine keeps trying until the queue settles.
    for (let i = 0; i < 40; i++) {
      clock.advance(10 * 60_000);
      await h.engine.drain({ force: true });
      const sendable = await h.db.outbox.where('state').anyOf(['pending', 'sending']).count();
      if (sendable === 0) break;
    }
    const outbox = await h.db.outbox.toArray();
    expect(outbox.filter((i) => i.state === 'pending' || i.state === 'sending')).toEqual([]);
    for (const id of written) {
      const onServer = server.count(`${id}/pulse`);
      const parked = outbox.find((i) => i.id === id);
      // Exactly once on the server, or kept on the device with the server's reason; never
      // twice, never lost. (A refusal of a retry after the server had already committed
      // leaves both: the copy on the server and the item shown as needing attention.)
      if (parked) {
        expect(onServer).toBeLessThanOrEqual(1);
        expect(parked.state).toBe('parked');
        expect(parked.problem).toBe('Avvist');
      } else {
        expect(onServer).toBe(1);
      }
    }
    const perSet = testSetToObservations(sampleSet('x')).length;
    const setsOnServer = written.filter((id) => server.count(`${id}/pulse`) === 1).length;
    expect(server.observations()).toHaveLength(setsOnServer * perSet);
  } finally {
    h.db.close();
  }
}

describe('outbox and sync engine, property-based', () => {
  it('delivers every write exactly once (or parks it with the reason) whatever happens on the way', async () => {
    await fc.assert(fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 30 }), run), {
      numRuns: 60,
    });
  }, 60_000);
});
