// Escalation records (issue #11 point 3): an app may create a Communication of core's
// escalation shape, conditionally on its own identifier, about a set of the same patient in
// the same municipality, for a patient the user may write for. Everything else is refused
// with a Norwegian OperationOutcome, and every refusal is audited.
import type { AuditEvent, Bundle, Communication } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, firstIssue, openTestRouter, type TestRouter } from '../../../../test/helpers/fhirRouter';
import type { EscalationRecord } from '../../../core/escalation/escalation';
import {
  escalationFromCommunication,
  escalationToCommunication,
  vitalSignsSetToObservations,
} from '../../../core/fhir';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { testAccess, testVerifier } from '../../testing/fixtures';

const ESCALATION_SYSTEM = 'https://varde.no/fhir/sid/escalation';
const ESCALATION_CATEGORY = 'https://varde.no/fhir/CodeSystem/communication-category|news2-escalation';

let t: TestRouter;
let n = 0;

beforeAll(async () => {
  const access = testAccess();
  t = await openTestRouter({
    verifier: testVerifier({
      ...access,
      // The app's scopes now (src/app/auth/smartLaunch.ts): Communication.c included.
      nurse: { ...access.nurse, scopes: [...access.nurse.scopes, 'user/Communication.c'] },
      'nurse-without-communication': access.nurse,
      'doctor-anna': { ...access['doctor-anna']!, scopes: ['patient/*.rs', 'patient/Communication.c'] },
      'doctor-bjorn-c': { ...access['doctor-bjorn']!, scopes: ['patient/*.rs', 'patient/Communication.c'] },
    }),
  });
}, 120_000);
afterAll(async () => {
  await t?.db.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function set(patientId = 'p-anna'): VitalSignsSet {
  return {
    id: `esc-set-${++n}`,
    patientId,
    effectiveDateTime: minutesAgo(20),
    vitals: {
      respirationRate: 26,
      spo2: 93,
      spo2Scale: 1,
      onOxygen: false,
      systolicBP: 105,
      pulse: 112,
      consciousness: 'A',
      temperature: 38.4,
    },
  };
}

async function storeSet(s: VitalSignsSet, token = 'nurse'): Promise<void> {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: vitalSignsSetToObservations(s).map((resource) => ({
      resource,
      request: {
        method: 'POST',
        url: 'Observation',
        ifNoneExist: `identifier=${resource.identifier![0]!.system}|${resource.identifier![0]!.value}`,
      },
    })),
  };
  const r = await t.call('POST', BASE, token, bundle);
  expect(r.status, JSON.stringify(r.resource)).toBe(200);
}

function contacted(s: VitalSignsSet, over: Partial<EscalationRecord> = {}): EscalationRecord {
  return {
    kind: 'contacted',
    id: `esc-${++n}`,
    patientId: s.patientId,
    setId: s.id,
    recordedBy: { reference: 'Practitioner/prac-nurse', display: 'Kari Nordmann' },
    recordedAt: minutesAgo(5),
    contact: { kind: 'fastlege', name: 'Per Olsen', reference: 'Practitioner/gp-1', phone: '55 55 05 11' },
    contactedAt: minutesAgo(10),
    advice: 'Kommer på sykebesøk innen en time. Mål NEWS2 hver time til da.',
    isbar: 'I – Identifikasjon: …',
    ...over,
  } as EscalationRecord;
}

/** The record as the outbox sends it: one conditional create in a transaction. */
function upload(
  c: Communication,
  ifNoneExist = `identifier=${ESCALATION_SYSTEM}|${c.identifier?.[0]?.value}`,
) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [{ resource: c, request: { method: 'POST', url: 'Communication', ifNoneExist } }],
  } satisfies Bundle;
}

async function auditOf(patient: string): Promise<AuditEvent[]> {
  return (await t.store.searchAudit('4601', { patient, count: 10_000 })).events;
}

async function communications(patient: string, token = 'nurse'): Promise<Communication[]> {
  const r = await t.call(
    'GET',
    `${BASE}/Communication?patient=${patient}&category=${ESCALATION_CATEGORY}`,
    token,
  );
  expect(r.status).toBe(200);
  return ((r.resource as Bundle).entry ?? []).map((e) => e.resource as Communication);
}

/** Sends `body`: refused with `status` and a Norwegian reason, nothing stored, the refusal audited. */
async function expectRefused(
  body: unknown,
  status: number,
  why: RegExp,
  auditedUnder = 'p-anna',
  token = 'nurse',
) {
  const stored = (await communications('p-anna')).length;
  const before = (await auditOf(auditedUnder)).length;
  const r = await t.call('POST', BASE, token, body);
  expect(r.status, JSON.stringify(r.resource)).toBe(status);
  expect(r.resource?.resourceType).toBe('OperationOutcome');
  expect(firstIssue(r)?.diagnostics).toMatch(why);
  const after = await auditOf(auditedUnder);
  expect(after.length, 'the refusal is audited').toBe(before + 1);
  expect(after[0]?.outcome).not.toBe('0');
  expect((await communications('p-anna')).length, 'nothing stored').toBe(stored);
  return after[0]!;
}

describe('escalation records (Communication)', () => {
  it('stores a record about a set of the patient once, audits it, and reads it back with core', async () => {
    const s = set();
    await storeSet(s);
    const record = contacted(s);
    const c = escalationToCommunication(record, s);
    const auditBefore = (await auditOf('p-anna')).length;

    const first = await t.call('POST', BASE, 'nurse', upload(c));
    expect(first.status, JSON.stringify(first.resource)).toBe(200);
    expect((first.resource as Bundle).entry?.[0]?.response?.status).toBe('201 Created');
    // A resend after a lost answer: 200, the same resource, no copy.
    const again = await t.call('POST', BASE, 'nurse', upload(c));
    expect((again.resource as Bundle).entry?.[0]?.response?.status).toBe('200 OK');
    const mine = (await communications('p-anna')).filter((x) =>
      x.identifier?.some((i) => i.value === record.id),
    );
    expect(mine).toHaveLength(1);
    expect(escalationFromCommunication(mine[0]!)).toEqual({ ok: true, value: record });
    expect(mine[0]!.meta?.source).toBe('varde');

    const audit = await auditOf('p-anna');
    const created = audit
      .slice(0, audit.length - auditBefore)
      .find((e) => e.action === 'E' || e.action === 'C');
    expect(created?.outcome).toBe('0');
    expect(created?.entity?.some((x) => x.what?.reference === `Communication/${mine[0]!.id}`)).toBe(true);
  });

  it('takes "ikke eskalert" with a reason, and from a doctor in launch context', async () => {
    const s = set();
    await storeSet(s);
    const record: EscalationRecord = {
      kind: 'not-escalated',
      id: `esc-${++n}`,
      patientId: 'p-anna',
      setId: s.id,
      recordedBy: { reference: 'Practitioner/prac-doctor' },
      recordedAt: minutesAgo(1),
      reason: 'Kjent tilstand, verdier som vanlig; avtalt med fastlege i går.',
    };
    const r = await t.call('POST', BASE, 'doctor-anna', upload(escalationToCommunication(record, s)));
    expect(r.status, JSON.stringify(r.resource)).toBe(200);
  });

  it('refuses "ikke eskalert" without a reason, in Norwegian, and audits it', async () => {
    const s = set();
    await storeSet(s);
    const c = escalationToCommunication(
      { ...contacted(s), kind: 'not-escalated', reason: 'x' } as EscalationRecord,
      s,
    );
    delete c.statusReason;
    const audit = await expectRefused(upload(c), 422, /Skriv hvorfor du ikke eskalerer/);
    expect(audit.outcomeDesc ?? JSON.stringify(audit)).toMatch(/Eskaleringsregistrering avvist/);
  });

  it('refuses a record about a set of another municipality', async () => {
    // The set is stored in Stavanger (1103); the record is sent to Bergen (4601).
    const stavanger = set('p-stav');
    await t.store.appendBatch(
      '1103',
      vitalSignsSetToObservations(stavanger).map((resource) => ({ resource, sourceSystem: 'varde' })),
    );
    const record = contacted({ ...stavanger, patientId: 'p-anna' });
    const c = escalationToCommunication(record, { ...stavanger, patientId: 'p-anna' });
    await expectRefused(upload(c), 422, /finnes ikke hos denne pasienten i kommune 4601/);
  });

  it('refuses a record about another patient’s set', async () => {
    const s = set();
    await storeSet(s);
    // p-bjorn has no care relationship with the nurse, so this goes through the doctor in
    // his launch context: the set is Anna's.
    const bjorn = { ...s, patientId: 'p-bjorn' };
    const record = contacted(bjorn, { recordedBy: { reference: 'Practitioner/prac-doctor' } });
    await expectRefused(
      upload(escalationToCommunication(record, bjorn)),
      422,
      /finnes ikke hos denne pasienten/,
      'p-bjorn',
      'doctor-bjorn-c',
    );
  });

  it('refuses a patient outside the user’s access (no care relationship) with 403, audited', async () => {
    const s = set('p-carl');
    const record = contacted(s);
    const audit = await expectRefused(
      upload(escalationToCommunication(record, s)),
      403,
      /behandlingsrelasjon/,
      'p-carl',
    );
    expect(audit.outcome).toBe('4');
  });

  it('refuses a patient of another municipality by name', async () => {
    const s = set('p-stav');
    await expectRefused(
      upload(escalationToCommunication(contacted(s), s)),
      422,
      /Patient\/p-stav finnes ikke i kommune 4601/,
      'p-stav',
    );
  });

  it('refuses another sender than the token’s user', async () => {
    const s = set();
    await storeSet(s);
    const record = contacted(s, { recordedBy: { reference: 'Practitioner/prac-doctor' } });
    await expectRefused(upload(escalationToCommunication(record, s)), 403, /sender må være deg selv/);
  });

  it('refuses a create without ifNoneExist on its own identifier', async () => {
    const s = set();
    await storeSet(s);
    const c = escalationToCommunication(contacted(s), s);
    await expectRefused(upload(c, ''), 422, /opprettes betinget/);
    await expectRefused(
      upload(c, `identifier=${ESCALATION_SYSTEM}|something-else`),
      422,
      /opprettes betinget/,
    );
  });

  it('refuses anything beyond the escalation shape, and other Communications', async () => {
    const s = set();
    await storeSet(s);
    const c = escalationToCommunication(contacted(s), s);
    await expectRefused(upload({ ...c, priority: 'stat' }), 422, /følger ikke formen.*priority/);
    await expectRefused(
      upload({ ...c, payload: [{ contentString: 'a' }, { contentString: 'b' }] }),
      422,
      /følger ikke formen.*payload/,
    );
    await expectRefused(
      upload({ ...c, category: [{ text: 'melding' }] }),
      422,
      /category news2-escalation/,
      'p-anna',
    );
  });

  it('refuses a time ahead of the platform clock and texts over the limit', async () => {
    const s = set();
    await storeSet(s);
    const ahead = contacted(s, { recordedAt: new Date(Date.now() + 3600_000).toISOString() });
    await expectRefused(upload(escalationToCommunication(ahead, s)), 422, /fram i tid/);
    const long = contacted(s, { advice: 'x'.repeat(1001) });
    await expectRefused(upload(escalationToCommunication(long, s)), 422, /Rådet kan være høyst 1000 tegn/);
  });

  it('refuses a token without Communication.c', async () => {
    const s = set();
    await storeSet(s);
    const r = await t.call(
      'POST',
      BASE,
      'nurse-without-communication',
      upload(escalationToCommunication(contacted(s), s)),
    );
    expect(r.status).toBe(403);
    expect(firstIssue(r)?.diagnostics).toMatch(/Communication\.c/);
  });

  it('serves the records only with a patient, and not to another patient’s launch', async () => {
    const r = await t.call('GET', `${BASE}/Communication`, 'nurse');
    expect(r.status).toBe(400);
    const denied = await t.call('GET', `${BASE}/Communication?patient=p-carl`, 'nurse');
    expect(denied.status).toBe(403);
  });
});

describe('whom to call: the reads behind the escalation panel', () => {
  beforeAll(async () => {
    await t.store.appendBatch(
      '4601',
      (
        [
          {
            resourceType: 'Organization',
            id: 'gpo-test',
            name: 'Kalfaret legekontor',
            telecom: [{ system: 'phone', value: '55 55 05 10', use: 'work' }],
          },
          {
            resourceType: 'Practitioner',
            id: 'gp-test',
            name: [{ given: ['Per'], family: 'Olsen' }],
            telecom: [{ system: 'phone', value: '55 55 05 11', use: 'work' }],
          },
          {
            resourceType: 'Patient',
            id: 'p-gp',
            name: [{ given: ['Gunn'], family: 'Pedersen' }],
            generalPractitioner: [
              { reference: 'Practitioner/gp-test', display: 'Per Olsen' },
              { reference: 'Organization/gpo-test', display: 'Kalfaret legekontor' },
            ],
            address: [{ use: 'home', line: ['Kalfarveien 12'], postalCode: '5018', city: 'Bergen' }],
          },
          {
            resourceType: 'CareTeam',
            id: 'ct-gp',
            status: 'active',
            subject: { reference: 'Patient/p-gp' },
            participant: [{ member: { reference: 'Practitioner/prac-nurse' } }],
          },
          {
            resourceType: 'HealthcareService',
            id: 'hs-legevakt-test',
            active: true,
            name: 'Bergen legevakt',
            type: [
              {
                coding: [
                  { system: 'https://varde.no/fhir/CodeSystem/healthcare-service-type', code: 'legevakt' },
                ],
              },
            ],
            telecom: [{ system: 'phone', value: '55 55 02 00', use: 'work' }],
          },
        ] as const
      ).map((resource) => ({ resource: resource as never, sourceSystem: 'Gerica' })),
    );
  });

  it('serves the patient with the fastlege and the office in one search, audited under the patient', async () => {
    const before = (await auditOf('p-gp')).length;
    const r = await t.call('GET', `${BASE}/Patient?_id=p-gp&_include=Patient:general-practitioner`, 'nurse');
    expect(r.status).toBe(200);
    const types = ((r.resource as Bundle).entry ?? []).map(
      (e) => `${e.resource?.resourceType}/${e.resource?.id}`,
    );
    expect(types.sort()).toEqual(['Organization/gpo-test', 'Patient/p-gp', 'Practitioner/gp-test']);
    const audit = await auditOf('p-gp');
    expect(audit.length).toBe(before + 1);
    expect(audit[0]?.outcome).toBe('0');
    // Outside the user's access: refused and audited, no GP leaks.
    const denied = await t.call(
      'GET',
      `${BASE}/Patient?_id=p-carl&_include=Patient:general-practitioner`,
      'nurse',
    );
    expect(denied.status).toBe(403);
  });

  it('finds the legevakt by type', async () => {
    const r = await t.call(
      'GET',
      `${BASE}/HealthcareService?type=https://varde.no/fhir/CodeSystem/healthcare-service-type|legevakt`,
      'nurse',
    );
    expect(r.status).toBe(200);
    expect(((r.resource as Bundle).entry ?? []).map((e) => e.resource?.id)).toEqual(['hs-legevakt-test']);
  });
});
