// The outbox takes more than one kind of write. A second, dummy kind (a note about a patient,
// written as a Communication) is registered beside the vital-signs set, the way the clinical
// kinds will be: the engine drains both, oldest first, each exactly once, and a refused item
// is parked alone while the ones behind it go on.
import type { Bundle, Communication, Observation } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbox, InvalidWriteError } from '../outbox';
import { createSyncEngine } from '../sync/engine';
import { SET_IDENTIFIER_SYSTEM as VITAL_SIGNS_SET_SYSTEM } from '../../core/fhir/setIdentifier';
import { conditionalCreate, decidePush } from '../sync/push';
import { testSetToObservations } from '../testing/fakeFhirServer';
import { makeHarness, sampleSet, TEST_SERVER, type Harness } from '../testing/harness';
import { outboxKinds, type KindTable, type OutboxKind, type OutboxPayloads } from './index';

interface TestNote {
  id: string;
  patientId: string;
  text: string;
}

const NOTE_SYSTEM = 'https://varde.no/fhir/sid/test-note';

const noteKind: OutboxKind<TestNote> = {
  texts: { the: 'Notatet', duplicate: 'Et annet notat med samme id ligger allerede på enheten.' },
  validate(note) {
    if (!note.text.trim()) throw new InvalidWriteError('Notatet er tomt.');
  },
  id: (note) => note.id,
  patientId: (note) => note.patientId,
  bundle: (note) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      conditionalCreate(
        {
          resourceType: 'Communication',
          status: 'completed',
          identifier: [{ system: NOTE_SYSTEM, value: note.id }],
          subject: { reference: `Patient/${note.patientId}` },
          payload: [{ contentString: note.text }],
        } satisfies Communication,
        { system: NOTE_SYSTEM, value: note.id },
      ),
    ],
  }),
  decide: (sent, result) =>
    decidePush(sent, result, {
      sameContent: (mine, theirs) =>
        JSON.stringify((mine as Communication).payload) === JSON.stringify((theirs as Communication).payload),
      conflict: 'Serveren har et annet notat med samme id.',
      refused: (status) => `Serveren avviste notatet (${status}).`,
    }),
};

type Mixed = OutboxPayloads & { note: TestNote };

const opened: Harness[] = [];
afterEach(() => {
  for (const h of opened.splice(0)) h.db.close();
});

async function mixedSetup() {
  const h = await makeHarness();
  opened.push(h);
  const kinds: KindTable<Mixed> = {
    ...outboxKinds({ toObservations: testSetToObservations }),
    note: noteKind,
  };
  const outbox = createOutbox<Mixed>(h.db, h.vault, {
    now: h.clock.now,
    kinds,
    binding: { server: TEST_SERVER },
  });
  const engine = createSyncEngine({ ...h.deps, outbox, kinds });
  return { h, outbox, engine };
}

/** What each POST carried, in the order sent: the client-made identifier of its first entry. */
function sentOrder(h: Harness): string[] {
  return h.server.requests
    .filter((r) => r.method === 'POST')
    .map((r) => {
      const first = (r.body as Bundle).entry?.[0]?.resource as Observation | Communication;
      return first.identifier?.[0].value?.split('/')[0] ?? '?';
    });
}

const noteCount = (h: Harness, id: string) =>
  h.server
    .resources('Communication')
    .filter((c) => (c as Communication).identifier?.some((i) => i.system === NOTE_SYSTEM && i.value === id))
    .length;

describe('outbox kinds', () => {
  it('drains mixed kinds oldest first, each exactly once, and parks a refused item alone', async () => {
    const { h, outbox, engine } = await mixedSetup();
    await outbox.enqueue('vitals', sampleSet('set-1'));
    await outbox.enqueue('note', { id: 'note-1', patientId: 'pas-1', text: 'Slapp i dag' });
    await outbox.enqueue('vitals', sampleSet('set-2', 'pas-1', 92));
    await outbox.enqueue('note', { id: 'note-2', patientId: 'pas-1', text: 'Spiste godt' });
    await outbox.enqueue('vitals', sampleSet('set-3', 'pas-1', 96));
    // The status names three of the five waiting writes målinger.
    expect(await outbox.counts()).toEqual({ pending: 5, parked: 0 });
    expect(await outbox.setCounts()).toEqual({ pendingSets: 3, parkedSets: 0 });
    // The server refuses the second write it is sent (note-1), and only that one.
    let posts = 0;
    h.server.intercept = (req) =>
      req.method === 'POST' && ++posts === 2
        ? {
            kind: 'http-error',
            status: 422,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Pasienten er utskrevet' }],
            },
          }
        : undefined;

    expect(await engine.drain()).toEqual({ kind: 'done', sent: 4, parked: 1 });
    expect(sentOrder(h)).toEqual(['set-1', 'note-1', 'set-2', 'note-2', 'set-3']);
    expect(await h.db.outbox.toArray()).toMatchObject([
      { id: 'note-1', kind: 'note', state: 'parked', problem: 'Pasienten er utskrevet' },
    ]);
    for (const id of ['set-1', 'set-2', 'set-3']) expect(h.server.count(`${id}/pulse`)).toBe(1);
    expect(noteCount(h, 'note-1')).toBe(0);
    expect(noteCount(h, 'note-2')).toBe(1);
    // Parked means parked: a further drain does not send it again on its own.
    expect(await engine.drain({ force: true })).toEqual({ kind: 'done', sent: 0, parked: 0 });
    expect(await outbox.counts()).toEqual({ pending: 0, parked: 1 });
    expect(await outbox.setCounts()).toEqual({ pendingSets: 0, parkedSets: 0 });
  });

  it('sets next to each other share a transaction; a kind that is not batchable goes alone, in order', async () => {
    const { h, outbox, engine } = await mixedSetup();
    await outbox.enqueue('vitals', sampleSet('set-a'));
    await outbox.enqueue('vitals', sampleSet('set-b', 'pas-1', 92));
    await outbox.enqueue('note', { id: 'note-between', patientId: 'pas-1', text: 'Mellom målingene' });
    await outbox.enqueue('vitals', sampleSet('set-c', 'pas-1', 96));
    await outbox.enqueue('vitals', sampleSet('set-d', 'pas-1', 97));
    expect(await engine.drain()).toEqual({ kind: 'done', sent: 5, parked: 0 });
    const posts = h.server.requests
      .filter((r) => r.method === 'POST')
      .map((r) => [
        ...new Set(
          ((r.body as Bundle).entry ?? []).map(
            (e) => (e.resource as Observation | Communication).identifier?.[0].value?.split('/')[0],
          ),
        ),
      ]);
    expect(posts).toEqual([['set-a', 'set-b'], ['note-between'], ['set-c', 'set-d']]);
    expect(noteCount(h, 'note-between')).toBe(1);
    for (const id of ['set-a', 'set-b', 'set-c', 'set-d']) expect(h.server.count(`${id}/pulse`)).toBe(1);
  });

  it('a lost answer to a write of the new kind is retried without a second copy', async () => {
    const { h, outbox, engine } = await mixedSetup();
    await outbox.enqueue('note', { id: 'note-lost', patientId: 'pas-1', text: 'Ringte datter' });
    h.server.script({ kind: 'lost-response' });
    expect(await engine.drain()).toMatchObject({ kind: 'stopped', why: 'retry' });
    expect(noteCount(h, 'note-lost')).toBe(1);
    expect(await engine.drain({ force: true })).toEqual({ kind: 'done', sent: 1, parked: 0 });
    expect(noteCount(h, 'note-lost')).toBe(1);
    expect(await outbox.count()).toBe(0);
  });

  it('each kind checks its own payload and keeps its own ids apart', async () => {
    const { outbox } = await mixedSetup();
    await expect(outbox.enqueue('note', { id: 'note-x', patientId: 'pas-1', text: ' ' })).rejects.toThrow(
      'Notatet er tomt.',
    );
    await outbox.enqueue('note', { id: 'same-id', patientId: 'pas-1', text: 'Første' });
    // The same write again is a no-op; another with the same id is refused, whatever its kind.
    await outbox.enqueue('note', { id: 'same-id', patientId: 'pas-1', text: 'Første' });
    await expect(
      outbox.enqueue('note', { id: 'same-id', patientId: 'pas-1', text: 'Andre' }),
    ).rejects.toThrow('Et annet notat med samme id');
    await expect(outbox.enqueue('vitals', sampleSet('same-id'))).rejects.toThrow(
      'En annen måling med samme id',
    );
    expect(await outbox.count()).toBe(1);
  });

  it('an item of a kind this version does not know is parked with a reason, never dropped', async () => {
    const { h, outbox } = await mixedSetup();
    await outbox.enqueue('note', { id: 'note-future', patientId: 'pas-1', text: 'Fra en nyere versjon' });
    await outbox.enqueue('vitals', sampleSet('set-after'));
    // The production engine knows only the registered kinds.
    expect(await h.engine.drain()).toEqual({ kind: 'done', sent: 1, parked: 1 });
    expect(await h.db.outbox.toArray()).toMatchObject([
      { id: 'note-future', state: 'parked', problem: expect.stringContaining('Oppdater appen') },
    ]);
    expect(h.server.count('set-after/pulse')).toBe(1);
  });

  it('the vitals kind is unchanged on the wire: one conditional create per part on its set identifier', () => {
    const kinds = outboxKinds({ toObservations: testSetToObservations });
    const bundle = kinds.vitals.bundle(sampleSet('set-wire'));
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => e.request)).toContainEqual({
      method: 'POST',
      url: 'Observation',
      ifNoneExist: `identifier=${VITAL_SIGNS_SET_SYSTEM}|set-wire/pulse`,
    });
    expect(bundle.entry?.every((e) => e.request?.ifNoneExist?.startsWith('identifier='))).toBe(true);
  });
});
