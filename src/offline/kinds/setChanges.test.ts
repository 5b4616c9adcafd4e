// The correction and comment kinds through the real outbox and engine, against the scripted
// server (which answers $correct-set / $comment-set as the platform does): offline first,
// exactly once, and the rule for a set still in the outbox: it reaches the server with its
// correction, in one transaction, or not at all.
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { observationsToSetsWithHistory } from '../../core/fhir/correction';
import { COMMENT_SET_URL, CORRECT_SET_URL } from '../../core/fhir/setOperations';
import type { SetComment, SetCorrection } from '../../core/correction/types';
import { InvalidWriteError } from '../outbox';
import type { PatientCache } from '../patientCache';
import { addConfirmedObservations } from '../sync/pullVitals';
import { FAKE_USER } from '../testing/fakeFhirServer';
import { makeHarness, sampleSet, type Harness } from '../testing/harness';
import type { CorrectionWrite } from './correction';

const opened: Harness[] = [];
afterEach(() => {
  for (const h of opened.splice(0)) h.db.close();
});
/** A harness whose engine caches the server's copies, as the client wires it. */
async function harness() {
  const ref: { cache?: PatientCache } = {};
  const h = await makeHarness({
    engine: {
      onServerObservations: (patientId, obs) => addConfirmedObservations(ref.cache!, patientId, obs),
    },
  });
  ref.cache = h.cache;
  opened.push(h);
  return h;
}

const nurse = { reference: 'Practitioner/nurse-1', display: 'Kari Nordmann' };
function correctionOf(setId: string, over: Partial<SetCorrection> = {}): SetCorrection {
  return {
    setId,
    patientId: 'pas-1',
    reason: 'Feil pasient',
    correctedBy: nurse,
    correctedAt: '2026-11-25T07:59:00Z',
    ...over,
  };
}
function commentOf(setId: string, over: Partial<SetComment> = {}): SetComment {
  return {
    setId,
    patientId: 'pas-1',
    text: 'Pasienten nettopp kommet inn fra kulda',
    author: nurse,
    writtenAt: '2026-11-25T07:58:00Z',
    ...over,
  };
}

/** The set's Observations on the server, latest version each. */
function onServer(h: Harness, setId: string): Observation[] {
  return h.server.observations().filter((o) => o.identifier?.[0]?.value?.startsWith(`${setId}/`));
}

/** What each POST carried: "set:<id>" for conditional creates of a set, and the operations. */
function posts(h: Harness): string[][] {
  return h.server.requests
    .filter((r) => r.method === 'POST')
    .map((r) =>
      ((r.body as Bundle).entry ?? []).map((e) =>
        e.request?.ifNoneExist ? `set:${e.request.ifNoneExist.split('|')[1].split('/')[0]}` : e.request!.url,
      ),
    )
    .map((entries) => [...new Set(entries)]);
}

async function cachedSets(h: Harness) {
  const rec = await h.cache.get('pas-1', 'vitals');
  const data = await h.cache.read<'vitals'>(rec);
  return observationsToSetsWithHistory(data?.observations ?? []);
}

describe('correction of a set the server has', () => {
  it('is sent alone, withdraws the set on the server and in the cache, exactly once', async () => {
    const h = await harness();
    await h.outbox.enqueue('vitals', sampleSet('s1'));
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 1 });
    await h.outbox.enqueue('correction', { id: 'c1', correction: correctionOf('s1') });
    // The answer is lost after the server committed: the resend writes nothing new.
    h.server.script({ kind: 'lost-response' });
    expect(await h.engine.drain()).toMatchObject({ kind: 'stopped', why: 'retry' });
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'done', sent: 1 });
    expect(posts(h)).toEqual([['set:s1'], [CORRECT_SET_URL], [CORRECT_SET_URL]]);
    const stored = onServer(h, 's1');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((o) => o.status === 'entered-in-error' && o.meta?.versionId === '2')).toBe(true);
    expect(await h.outbox.all()).toEqual([]);
    const [cached] = await cachedSets(h);
    expect(cached.enteredInError).toMatchObject({ reason: 'Feil pasient', correctedBy: FAKE_USER });
  });
});

describe('correction of a set still in the outbox', () => {
  it('carries the set, holds its item, and sends both in one transaction', async () => {
    const h = await harness();
    const set = sampleSet('s2');
    await h.outbox.enqueue('vitals', set);
    await h.outbox.enqueue('correction', { id: 'c2', correction: correctionOf('s2'), set });
    const [setItem, correctionItem] = await h.outbox.all();
    expect(correctionItem.holds).toBe('s2');
    // The set is not the next to send: it goes inside its correction.
    expect((await h.outbox.next())?.id).toBe('c2');
    expect(setItem.state).toBe('pending');

    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 1 });
    expect(posts(h)).toEqual([['set:s2', CORRECT_SET_URL]]);
    expect(onServer(h, 's2').every((o) => o.status === 'entered-in-error')).toBe(true);
    // Both left the outbox with the one confirmation.
    expect(await h.outbox.all()).toEqual([]);
    const [cached] = await cachedSets(h);
    expect(cached.id).toBe('s2');
    expect(cached.enteredInError?.reason).toBe('Feil pasient');
  });

  it('is exactly once when the answer is lost after the server committed', async () => {
    const h = await harness();
    const set = sampleSet('s3');
    await h.outbox.enqueue('vitals', set);
    await h.outbox.enqueue('correction', { id: 'c3', correction: correctionOf('s3'), set });
    h.server.script({ kind: 'lost-response' });
    await h.engine.drain();
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'done', sent: 1 });
    for (const part of ['respirationRate', 'spo2', 'systolicBP', 'pulse', 'temperature'])
      expect(h.server.count(`s3/${part}`)).toBe(1);
    expect(onServer(h, 's3').every((o) => o.status === 'entered-in-error')).toBe(true);
    expect(await h.outbox.all()).toEqual([]);
  });

  it('keeps a refused correction queued with its reason, and the set never reaches the server alone', async () => {
    const h = await harness();
    const set = sampleSet('s4');
    await h.outbox.enqueue('vitals', set);
    await h.outbox.enqueue('correction', { id: 'c4', correction: correctionOf('s4'), set });
    h.server.script({
      kind: 'status',
      status: 403,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'forbidden', diagnostics: 'Ingen behandlingsrelasjon til pasienten.' },
        ],
      },
    });
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', parked: 1 });
    // Later drains send nothing: the correction waits for the nurse, the set with it.
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'done', sent: 0, parked: 0 });
    expect(h.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(onServer(h, 's4')).toEqual([]);
    const items = await h.outbox.all();
    expect(items.map((i) => [i.id, i.state, i.problem])).toEqual([
      ['s4', 'pending', undefined],
      ['c4', 'parked', 'Ingen behandlingsrelasjon til pasienten.'],
    ]);
    expect(await h.outbox.counts()).toEqual({ pending: 1, parked: 1 });
    // The set cannot be dismissed on its own; the refused correction takes it along.
    await expect(h.outbox.dismiss('s4')).rejects.toThrow(/venter fortsatt/);
    await h.outbox.dismiss('c4');
    expect(await h.outbox.all()).toEqual([]);
  });

  it('keeps a comment on the held set behind it, so the comment never arrives before the set', async () => {
    const h = await harness();
    const set = sampleSet('s5');
    await h.outbox.enqueue('vitals', set);
    await h.outbox.enqueue('comment', { id: 'k5', comment: commentOf('s5') });
    await h.outbox.enqueue('correction', { id: 'c5', correction: correctionOf('s5'), set });
    expect((await h.outbox.all()).find((i) => i.id === 'k5')?.after).toBe('s5');
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 2 });
    expect(posts(h)).toEqual([['set:s5', CORRECT_SET_URL], [COMMENT_SET_URL]]);
    const stored = onServer(h, 's5');
    expect(stored.every((o) => o.status === 'entered-in-error' && o.note?.length === 1)).toBe(true);
  });

  it('lets a set already on its way go as it was, and the correction carrying it withdraws it', async () => {
    const h = await harness();
    const set = sampleSet('s6');
    await h.outbox.enqueue('vitals', set);
    // The drainer takes the set before the nurse corrects it.
    const taken = await h.outbox.next();
    expect(taken?.id).toBe('s6');
    await h.outbox.enqueue('correction', { id: 'c6', correction: correctionOf('s6'), set });
    // That drainer marked it sending and then died: the correction goes first, carrying the
    // set; the held item, left by the confirmation because someone was sending it, is sent
    // after and answered 200: nothing on the server changes back.
    await h.outbox.update(taken!.seq!, { state: 'sending' });
    expect(await h.outbox.next()).toMatchObject({ id: 'c6' });
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', sent: 2 });
    expect(posts(h)).toEqual([['set:s6', CORRECT_SET_URL], ['set:s6']]);
    expect(onServer(h, 's6').every((o) => o.status === 'entered-in-error')).toBe(true);
    expect(await h.outbox.all()).toEqual([]);
    const [cached] = await cachedSets(h);
    expect(cached.enteredInError?.reason).toBe('Feil pasient');
  });
});

describe('comment on a saved set', () => {
  it('adds the note on the server once, also after a lost answer', async () => {
    const h = await harness();
    await h.outbox.enqueue('vitals', sampleSet('s7'));
    await h.engine.drain();
    await h.outbox.enqueue('comment', { id: 'k7', comment: commentOf('s7') });
    h.server.script({ kind: 'lost-response' });
    await h.engine.drain();
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'done', sent: 1 });
    const stored = onServer(h, 's7');
    expect(stored.every((o) => o.note?.length === 1 && o.status === 'final')).toBe(true);
    const [cached] = await cachedSets(h);
    expect(cached.comments?.map((c) => c.text)).toEqual([commentOf('s7').text]);
  });

  it('is parked with the server reason when the set is unknown there', async () => {
    const h = await harness();
    await h.outbox.enqueue('comment', { id: 'k8', comment: commentOf('ukjent') });
    expect(await h.engine.drain()).toMatchObject({ kind: 'done', parked: 1 });
    expect((await h.outbox.all())[0]).toMatchObject({
      state: 'parked',
      problem: 'Målingen finnes ikke hos serveren.',
    });
  });
});

describe('validated before anything is stored (Norwegian reasons)', () => {
  it('refuses a correction without a reason, a comment over the limit, and a carried set of another id', async () => {
    const h = await harness();
    await expect(
      h.outbox.enqueue('correction', { id: 'c9', correction: correctionOf('s9', { reason: ' ' }) }),
    ).rejects.toThrow(new InvalidWriteError('Skriv hvorfor målingen er registrert feil'));
    await expect(
      h.outbox.enqueue('comment', { id: 'k9', comment: commentOf('s9', { text: 'x'.repeat(501) }) }),
    ).rejects.toThrow('Kommentaren kan være høyst 500 tegn (nå 501)');
    const wrong: CorrectionWrite = { id: 'c10', correction: correctionOf('s9'), set: sampleSet('annen') };
    await expect(h.outbox.enqueue('correction', wrong)).rejects.toThrow(/annen måling/);
    expect(await h.outbox.all()).toEqual([]);
  });
});
