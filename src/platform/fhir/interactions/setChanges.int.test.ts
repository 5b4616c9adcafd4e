// $correct-set and $comment-set against the real router, event store and NEWS2 hook (PGlite):
// a correction is appended as events, the projections and the derived NEWS2 show it,
// rebuildProjections gives the same, retries write nothing, refusals are audited.
import type { Bundle, Observation, OperationOutcome, Parameters, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../../core/correction/correction';
import { correctionFromObservation, commentsFromObservations } from '../../../core/fhir/correction';
import {
  COMMENT_SET_URL,
  CORRECT_SET_URL,
  commentSetParameters,
  correctSetParameters,
} from '../../../core/fhir/setOperations';
import { partIdentifierValue, SET_IDENTIFIER_SYSTEM } from '../../../core/fhir/setIdentifier';
import { vitalSignsSetToObservations } from '../../../core/fhir/toObservation';
import { WORKFLOW_EXTENSION } from '../../../core/fhir/workflowCodes';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { DEFAULT_TENANTS } from '../../config';
import { openDatabase } from '../../db/open';
import type { Database } from '../../db/types';
import { createDirectory } from '../../directoryStore';
import { createSqlEventStore } from '../../events/sqlEventStore';
import type { EventStore } from '../../events/types';
import { IMPORT_TOKEN, loadFixtures, testAccess, testVerifier } from '../../testing/fixtures';
import { news2OnIngest } from '../news2Derivation';
import { createFhirRouter, type FhirRouter } from '../router';

const B = '/fhir/4601';
// Test clock: the sets below are measured in the morning of 1 March 2026.
const NOW = new Date('2026-03-01T12:00:00+01:00');
let db: Database;
let store: EventStore;
let router: FhirRouter;

const tokens = {
  ...testAccess(),
  // Another vendor's app used by the same nurse.
  'nurse-other-app': { ...testAccess().nurse, clientId: 'annen-app' },
};

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  return router.handle({
    method,
    path,
    query: {},
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

const COMPLETE: VitalSignsSet['vitals'] = {
  respirationRate: 22,
  spo2: 95,
  onOxygen: false,
  systolicBP: 105,
  pulse: 95,
  consciousness: 'A',
  temperature: 38.4,
};

function set(id: string, patientId = 'p-anna', at = '2026-03-01T08:00:00+01:00'): VitalSignsSet {
  return {
    id,
    patientId,
    effectiveDateTime: at,
    recordedAt: at,
    vitals: COMPLETE,
    sourceSystem: 'varde',
    performer: { reference: 'Practitioner/prac-nurse', display: 'Kari Nordmann' },
  };
}

function creates(s: VitalSignsSet) {
  return vitalSignsSetToObservations(s).map((o) => ({
    resource: o,
    request: {
      method: 'POST' as const,
      url: 'Observation',
      ifNoneExist: `identifier=${SET_IDENTIFIER_SYSTEM}|${o.identifier?.[0]?.value}`,
    },
  }));
}

function tx(entries: Bundle['entry']): Bundle {
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

async function record(s: VitalSignsSet, token = 'nurse') {
  const r = await call('POST', B, token, tx(creates(s)));
  expect(r.status, JSON.stringify(r.resource)).toBe(200);
}

function correction(setId: string, over: Partial<Record<string, string>> = {}): Parameters {
  return correctSetParameters({
    setId,
    patientId: 'p-anna',
    reason: 'Feil pasient',
    correctedAt: '2026-03-01T11:00:00+01:00',
    ...over,
  });
}

function comment(setId: string, over: Partial<Record<string, string>> = {}): Parameters {
  return commentSetParameters({
    setId,
    patientId: 'p-anna',
    text: 'Pasienten nettopp kommet inn fra kulda',
    writtenAt: '2026-03-01T10:00:00+01:00',
    ...over,
  });
}

/** The set's Observations as projected now: parts and NEWS2 score. */
async function projected(setId: string, patient = 'p-anna'): Promise<Observation[]> {
  const r = await store.search('4601', { type: 'Observation', patients: [patient], count: 1000 });
  return (r.resources as Observation[]).filter((o) =>
    o.identifier?.some((i) => i.system === SET_IDENTIFIER_SYSTEM && i.value?.startsWith(`${setId}/`)),
  );
}

const news2Of = (obs: Observation[]) =>
  obs.find(
    (o) =>
      o.identifier?.[0]?.value === partIdentifierValue(obs[0]!.identifier![0]!.value!.split('/')[0], 'news2'),
  );

function diagnostics(r: Resource | undefined): string {
  return ((r as OperationOutcome | undefined)?.issue ?? []).map((i) => i.diagnostics).join(' | ');
}

async function auditCount(): Promise<number> {
  return (await store.searchAudit('4601', { patient: 'p-anna', count: 10_000 })).events.length;
}

async function lastAudit() {
  return (await store.searchAudit('4601', { count: 1 })).events[0];
}

beforeAll(async () => {
  db = await openDatabase({});
  store = createSqlEventStore(db, { onAppend: news2OnIngest });
  await loadFixtures(store);
  router = createFhirRouter({
    store,
    directory: createDirectory(store, DEFAULT_TENANTS),
    verifier: testVerifier(tokens),
    tenants: DEFAULT_TENANTS,
    publicUrl: 'http://test',
    importToken: IMPORT_TOKEN,
    now: () => NOW,
  });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('$correct-set: a correction is a new event', () => {
  it('appends new versions of every Observation of the set, withdraws its NEWS2, and keeps the original', async () => {
    await record(set('c1'));
    const before = await projected('c1');
    expect(before).toHaveLength(8); // 7 parts + the platform's NEWS2
    expect(news2Of(before)?.status).toBe('final');
    const events = await store.countEvents('4601');

    const r = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', correction('c1'));
    expect(r.status, diagnostics(r.resource)).toBe(200);
    const answer = r.resource as Bundle;
    expect(answer.type).toBe('collection');
    expect(answer.entry).toHaveLength(8);

    // Appended, never changed: one new event per Observation, the first versions kept.
    expect(await store.countEvents('4601')).toBe(events + 8);
    const after = await projected('c1');
    for (const o of after) {
      expect(o.status).toBe('entered-in-error');
      expect(o.meta?.versionId).toBe('2');
      expect(correctionFromObservation(o)).toEqual({
        setId: 'c1',
        patientId: 'p-anna',
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/prac-nurse', display: 'kari nordmann' },
        correctedAt: '2026-03-01T11:00:00+01:00',
      });
    }
    expect(news2Of(after)?.meta?.source).toBe('varde-platform');
    const firsts = await db.query<{ payload: Observation }>(
      `SELECT payload FROM events WHERE tenant = '4601' AND version_id = 1 AND resource_id = ANY($1::text[])`,
      [after.map((o) => o.id)],
    );
    expect(
      firsts.rows.map((x) => (typeof x.payload === 'string' ? JSON.parse(x.payload) : x.payload).status),
    ).toEqual(Array(8).fill('final'));
    // The store's append-only guard still holds.
    await expect(db.query(`UPDATE events SET author = 'x' WHERE tenant = '4601'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('gives the same projections after rebuildProjections', async () => {
    const snapshot = async () =>
      (
        await db.query<{ resource_type: string; id: string; version_id: number; content: unknown }>(
          `SELECT resource_type, id, version_id, content FROM resources WHERE tenant = '4601' ORDER BY resource_type, id`,
        )
      ).rows;
    const before = await snapshot();
    expect(before.some((r) => JSON.stringify(r.content).includes('entered-in-error'))).toBe(true);
    await store.rebuildProjections('4601');
    expect(await snapshot()).toEqual(before);
  });

  it('writes nothing on a retry, nor for a second correction: the first stands, answered 200', async () => {
    const events = await store.countEvents('4601');
    const again = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', correction('c1'));
    expect(again.status).toBe(200);
    const other = await call(
      'POST',
      `${B}/${CORRECT_SET_URL}`,
      'doctor-anna',
      correction('c1', { reason: 'Skrivefeil' }),
    );
    expect(other.status).toBe(200);
    expect(await store.countEvents('4601')).toBe(events);
    for (const o of await projected('c1')) expect(correctionFromObservation(o)?.reason).toBe('Feil pasient');
  });

  it('lets a colleague with access to the patient correct it, named as the corrector', async () => {
    await record(set('c2', 'p-anna', '2026-03-01T08:30:00+01:00'));
    const r = await call('POST', `${B}/${CORRECT_SET_URL}`, 'doctor-anna', correction('c2'));
    expect(r.status, diagnostics(r.resource)).toBe(200);
    const [part] = await projected('c2');
    expect(correctionFromObservation(part)?.correctedBy.reference).toBe('Practitioner/prac-doctor');
    expect(part.performer?.[0]?.reference).toBe('Practitioner/prac-nurse');
  });

  it('audits the correction under the patient', async () => {
    const before = await auditCount();
    await record(set('c3', 'p-anna', '2026-03-01T08:40:00+01:00'));
    await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', correction('c3'));
    const last = await lastAudit();
    expect(await auditCount()).toBe(before + 2);
    expect(last?.outcomeDesc).toMatch(/registrert feil/);
    expect(last?.entity?.some((e) => e.what?.reference === 'Patient/p-anna')).toBe(true);
  });
});

describe('a set and its correction in one transaction (a set corrected while still in the outbox)', () => {
  it('stores the set already corrected, its NEWS2 withdrawn, all in one transaction', async () => {
    const s = set('t1', 'p-anna', '2026-03-01T09:00:00+01:00');
    const r = await call(
      'POST',
      B,
      'nurse',
      tx([...creates(s), { resource: correction('t1'), request: { method: 'POST', url: CORRECT_SET_URL } }]),
    );
    expect(r.status, diagnostics(r.resource)).toBe(200);
    const entries = (r.resource as Bundle).entry!;
    expect(entries).toHaveLength(8);
    expect(entries.slice(0, 7).map((e) => e.response?.status)).toEqual(Array(7).fill('201 Created'));
    expect(entries[7].response?.status).toBe('200 OK');
    const stored = await projected('t1');
    expect(stored).toHaveLength(8);
    expect(stored.every((o) => o.status === 'entered-in-error')).toBe(true);

    // The outbox sends it again after a lost answer: nothing new.
    const events = await store.countEvents('4601');
    const again = await call(
      'POST',
      B,
      'nurse',
      tx([...creates(s), { resource: correction('t1'), request: { method: 'POST', url: CORRECT_SET_URL } }]),
    );
    expect(again.status).toBe(200);
    expect((again.resource as Bundle).entry!.slice(0, 7).map((e) => e.response?.status)).toEqual(
      Array(7).fill('200 OK'),
    );
    expect(await store.countEvents('4601')).toBe(events);
  });

  it('stores neither when the correction is refused: the wrong set never arrives alone', async () => {
    const s = set('t2', 'p-anna', '2026-03-01T09:10:00+01:00');
    const r = await call(
      'POST',
      B,
      'nurse',
      tx([
        ...creates(s),
        { resource: correction('t2', { reason: '  ' }), request: { method: 'POST', url: CORRECT_SET_URL } },
      ]),
    );
    expect(r.status).toBe(422);
    expect(diagnostics(r.resource)).toMatch(/Skriv hvorfor målingen er registrert feil/);
    expect(await projected('t2')).toEqual([]);
  });
});

describe('$comment-set', () => {
  it('adds the note to every Observation of the set once, as new versions', async () => {
    await record(set('k1', 'p-anna', '2026-03-01T09:20:00+01:00'));
    const events = await store.countEvents('4601');
    const r = await call('POST', `${B}/${COMMENT_SET_URL}`, 'nurse', comment('k1'));
    expect(r.status, diagnostics(r.resource)).toBe(200);
    expect(await store.countEvents('4601')).toBe(events + 8);
    const stored = await projected('k1');
    expect(stored.every((o) => o.status === 'final' && o.note?.length === 1)).toBe(true);
    expect(commentsFromObservations(stored).map((c) => [c.text, c.author.reference])).toEqual([
      ['Pasienten nettopp kommet inn fra kulda', 'Practitioner/prac-nurse'],
    ]);
    // Retried: nothing more.
    expect((await call('POST', `${B}/${COMMENT_SET_URL}`, 'nurse', comment('k1'))).status).toBe(200);
    expect(await store.countEvents('4601')).toBe(events + 8);
  });

  it(`refuses a comment over ${COMMENT_MAX_LENGTH} characters, an empty one and one in the future (422, Norwegian)`, async () => {
    const long = await call(
      'POST',
      `${B}/${COMMENT_SET_URL}`,
      'nurse',
      comment('k1', { text: 'x'.repeat(501) }),
    );
    expect(long.status).toBe(422);
    expect(diagnostics(long.resource)).toMatch(/Kommentaren kan være høyst 500 tegn \(nå 501\)/);
    const empty = await call('POST', `${B}/${COMMENT_SET_URL}`, 'nurse', comment('k1', { text: ' ' }));
    expect(empty.status).toBe(422);
    expect(diagnostics(empty.resource)).toMatch(/Kommentaren er tom/);
    const future = await call(
      'POST',
      `${B}/${COMMENT_SET_URL}`,
      'nurse',
      comment('k1', { writtenAt: '2026-03-01T13:00:00+01:00' }),
    );
    expect(future.status).toBe(422);
    expect(diagnostics(future.resource)).toMatch(/fram i tid/);
  });

  it('accepts a comment written in the form with the set, and refuses one claiming another author', async () => {
    const s = {
      ...set('k2', 'p-anna', '2026-03-01T09:30:00+01:00'),
      comments: [
        {
          setId: 'k2',
          patientId: 'p-anna',
          text: 'Målt etter trappen',
          author: { reference: 'Practitioner/prac-nurse' },
          writtenAt: '2026-03-01T09:30:00+01:00',
        },
      ],
    };
    await record(s);
    const stored = await projected('k2');
    expect(stored.filter((o) => o.note?.[0]?.text === 'Målt etter trappen')).toHaveLength(7);
    expect(
      stored.every(
        (o) => o.issued === '2026-03-01T09:30:00+01:00' || o.identifier?.[0]?.value?.endsWith('/news2'),
      ),
    ).toBe(true);
    const forged = {
      ...s,
      id: 'k3',
      comments: [{ ...s.comments[0], setId: 'k3', author: { reference: 'Practitioner/prac-doctor' } }],
    };
    const r = await call('POST', B, 'nurse', tx(creates(forged)));
    expect(r.status).toBe(403);
    expect(await projected('k3')).toEqual([]);
  });
});

describe('refusals (OperationOutcome in Norwegian, audited)', () => {
  it('refuses a correction without a reason (422)', async () => {
    await record(set('r1', 'p-anna', '2026-03-01T10:00:00+01:00'));
    const r = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', correction('r1', { reason: '' }));
    expect(r.status).toBe(422);
    expect(diagnostics(r.resource)).toMatch(/Skriv hvorfor målingen er registrert feil/);
    expect((await projected('r1')).every((o) => o.status === 'final')).toBe(true);
  });

  it('refuses a set of another municipality as not found here, audited', async () => {
    // A set in Stavanger (tenant 1103), written there by an app.
    await store.appendBatch(
      '1103',
      vitalSignsSetToObservations(set('stav-1', 'p-stav')).map((resource) => ({
        resource,
        sourceSystem: 'varde',
      })),
    );
    const before = (await store.searchAudit('4601', { count: 10_000 })).events.length;
    const wrongPatient = await call(
      'POST',
      `${B}/${CORRECT_SET_URL}`,
      'nurse',
      correction('stav-1', { patientId: 'p-stav' }),
    );
    expect(wrongPatient.status).toBe(404);
    expect(diagnostics(wrongPatient.resource)).toMatch(/finnes ikke i kommune 4601/);
    const named = await call('POST', `${B}/${COMMENT_SET_URL}`, 'nurse', comment('stav-1'));
    expect(named.status).toBe(404);
    expect(diagnostics(named.resource)).toMatch(/Målingen finnes ikke i kommune 4601/);
    const audits = (await store.searchAudit('4601', { count: 10_000 })).events;
    expect(audits.length).toBe(before + 2);
    expect(audits[0]?.outcomeDesc).toMatch(/Avvist/);
    // The Bergen token at Stavanger's base: refused by the access step, audited there.
    const across = await call('POST', `/fhir/1103/${CORRECT_SET_URL}`, 'nurse', correction('stav-1'));
    expect(across.status).toBe(403);
    expect((await projected('stav-1', 'p-stav')).length).toBe(0); // not in Bergen's projections
    const inStavanger = await store.search('1103', { type: 'Observation', patients: ['p-stav'] });
    expect((inStavanger.resources as Observation[]).every((o) => o.status === 'final')).toBe(true);
  });

  it("refuses a patient outside the user's access (403), audited", async () => {
    await store.appendBatch(
      '4601',
      vitalSignsSetToObservations(set('carl-1', 'p-carl')).map((resource) => ({
        resource,
        sourceSystem: 'varde',
      })),
    );
    const before = (await store.searchAudit('4601', { patient: 'p-carl' })).events.length;
    const r = await call(
      'POST',
      `${B}/${CORRECT_SET_URL}`,
      'nurse',
      correction('carl-1', { patientId: 'p-carl' }),
    );
    expect(r.status).toBe(403);
    expect((r.resource as OperationOutcome).issue?.[0]?.code).toBe('forbidden');
    const after = (await store.searchAudit('4601', { patient: 'p-carl' })).events;
    expect(after.length).toBe(before + 1);
    expect(after[0]?.outcomeDesc).toMatch(/Tilgang avslått/);
    const stored = await projected('carl-1', 'p-carl');
    expect(stored.every((o) => o.status === 'final')).toBe(true);
    // The administrator has no clinical scope at all.
    expect((await call('POST', `${B}/${CORRECT_SET_URL}`, 'admin', correction('c2'))).status).toBe(403);
  });

  it('refuses a set named with another patient', async () => {
    const r = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', correction('carl-1'));
    expect(r.status).toBe(422);
    expect(diagnostics(r.resource)).toMatch(/annen pasient/);
  });

  it("refuses another system's set: imported from Gerica, or written by another app", async () => {
    await store.appendBatch(
      '4601',
      vitalSignsSetToObservations({ ...set('ger-1'), sourceSystem: 'Gerica' }).map((resource) => ({
        resource,
        sourceSystem: 'Gerica',
      })),
    );
    const gerica = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', correction('ger-1'));
    expect(gerica.status).toBe(422);
    expect(diagnostics(gerica.resource)).toMatch(/registrert i Gerica.*gjør det i Gerica/);
    const comm = await call('POST', `${B}/${COMMENT_SET_URL}`, 'nurse', comment('ger-1'));
    expect(comm.status).toBe(422);
    const otherApp = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse-other-app', correction('r1'));
    expect(otherApp.status).toBe(422);
    expect(diagnostics(otherApp.resource)).toMatch(/registrert i varde/);
    expect((await projected('ger-1')).every((o) => o.status === 'final')).toBe(true);
  });

  it('refuses a set created as entered-in-error (use $correct-set), and malformed parameters (400)', async () => {
    const s = set('e1', 'p-anna', '2026-03-01T10:30:00+01:00');
    const bad = creates(s).map((e) => ({
      ...e,
      resource: { ...e.resource, status: 'entered-in-error' as const },
    }));
    const r = await call('POST', B, 'nurse', tx(bad));
    expect(r.status).toBe(422);
    expect(diagnostics(r.resource)).toMatch(/\$correct-set/);
    const malformed = await call('POST', `${B}/${CORRECT_SET_URL}`, 'nurse', {
      resourceType: 'Parameters',
      parameter: [{ name: 'setId', valueString: 'e1' }],
    });
    expect(malformed.status).toBe(400);
    expect(diagnostics(malformed.resource)).toMatch(/mangler/);
  });

  it('refuses a correction dated before the set was measured', async () => {
    const r = await call(
      'POST',
      `${B}/${CORRECT_SET_URL}`,
      'nurse',
      correction('r1', { correctedAt: '2026-03-01T07:00:00+01:00' }),
    );
    expect(r.status).toBe(422);
    expect(diagnostics(r.resource)).toMatch(/før målingen/);
  });
});

describe('CapabilityStatement', () => {
  it('states both operations on Observation', async () => {
    const r = await call('GET', `${B}/metadata`, undefined);
    const obs = (
      r.resource as { rest: { resource: { type: string; operation?: { name: string }[] }[] }[] }
    ).rest[0].resource.find((x) => x.type === 'Observation');
    expect(obs?.operation?.map((o) => o.name)).toEqual(['validate', 'correct-set', 'comment-set']);
  });
});

// Keep the extension URL in use so a rename is noticed here too.
void WORKFLOW_EXTENSION.enteredInError;
