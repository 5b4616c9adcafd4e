// Client-reported AuditEvents (offline reads uploaded later) cannot be forged: only for a
// patient the user may read, with the user from the token, at a bounded time; every
// refusal is itself audited, and innsyn shows the accepted ones as client-reported.
import type { AuditEvent, Bundle, BundleEntry } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, firstIssue, openTestRouter, type TestRouter } from '../../../../test/helpers/fhirRouter';
import { vitalSignsSetToObservations } from '../../../core/fhir';
import { MAX_CLOCK_SKEW_MS, MAX_REPORT_AGE_MS } from './clientAudit';

let t: TestRouter;
let n = 0;

beforeAll(async () => {
  t = await openTestRouter();
}, 120_000);
afterAll(async () => {
  await t?.db.close();
});

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** An offline read as the PWA reports it (src/offline/sync/push.ts buildAuditBundle). */
function offlineRead(change: (e: AuditEvent) => void = () => {}): AuditEvent {
  const id = `offline-read-${++n}`;
  const e: AuditEvent = {
    resourceType: 'AuditEvent',
    id,
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
    action: 'R',
    recorded: ago(2 * HOUR),
    outcome: '0',
    agent: [{ who: { reference: 'Practitioner/prac-nurse' }, requestor: true }],
    source: { observer: { display: 'Varde (frakoblet lesing fra enhetens lager)' } },
    entity: [
      { what: { reference: 'Patient/p-anna' } },
      {
        what: { identifier: { system: 'https://varde.no/fhir/sid/offline-read', value: id } },
        description: 'vitals',
      },
    ],
  };
  change(e);
  return e;
}

function upload(...resources: (AuditEvent | BundleEntry['resource'])[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'POST', url: resource?.resourceType ?? 'AuditEvent' },
    })),
  };
}

async function auditOf(patient: string): Promise<AuditEvent[]> {
  return (await t.store.searchAudit('4601', { patient, count: 10_000 })).events;
}

const clientReported = (events: AuditEvent[]) =>
  events.filter((e) => e.meta?.tag?.some((tag) => tag.code === 'client-reported'));

/** Sends a forged upload: refused with `status`, nothing client-reported stored, the refusal audited. */
async function expectRefused(event: AuditEvent, status: number, auditedUnder: string, why: RegExp) {
  const reportedBefore =
    clientReported(await auditOf('p-anna')).length + clientReported(await auditOf('p-carl')).length;
  const auditBefore = (await auditOf(auditedUnder)).length;
  const r = await t.call('POST', BASE, 'nurse', upload(event));
  expect(r.status).toBe(status);
  expect(r.resource?.resourceType).toBe('OperationOutcome');
  expect(firstIssue(r)?.diagnostics).toBeTruthy();
  const reportedAfter =
    clientReported(await auditOf('p-anna')).length + clientReported(await auditOf('p-carl')).length;
  expect(reportedAfter).toBe(reportedBefore);
  const after = await auditOf(auditedUnder);
  expect(after.length).toBe(auditBefore + 1);
  const refusal = after[0];
  expect(refusal.outcome).toBe('4');
  expect(refusal.outcomeDesc).toMatch(why);
  expect(refusal.agent?.[0]?.who?.reference).toBe('Practitioner/prac-nurse');
  expect(clientReported([refusal])).toHaveLength(0);
  return r;
}

describe('an honest offline read', () => {
  it('is stored with the user from the token, the client claim and the receipt time', async () => {
    const event = offlineRead((e) => {
      // The device may not know the practitioner id: a display only is fine.
      e.agent = [{ who: { display: 'ukjent' }, requestor: true, altId: 'someone.else' }];
    });
    const r = await t.call('POST', BASE, 'nurse', upload(event));
    expect(r.status).toBe(200);
    const stored = clientReported(await auditOf('p-anna')).find((e) => JSON.stringify(e).includes(event.id!));
    expect(stored?.recorded).toBe(event.recorded);
    expect(stored?.agent?.[0]).toMatchObject({
      requestor: true,
      who: { reference: 'Practitioner/prac-nurse', display: 'kari.nordmann' },
      altId: 'kari.nordmann',
    });
    const received = stored?.meta?.extension?.find((x) => x.url.endsWith('/received-at'))?.valueInstant;
    expect(Date.parse(received!)).toBeGreaterThan(Date.parse(event.recorded));
    expect(stored?.source?.type?.[0]?.code).toBe('1');
  });

  it('shows in innsyn as reported by the device', async () => {
    const r = await t.call('GET', `${BASE}/AuditEvent?patient=p-anna&_count=1000`, 'nurse');
    const reported = clientReported(
      ((r.resource as Bundle).entry ?? []).map((e) => e.resource as AuditEvent),
    );
    expect(reported.length).toBeGreaterThan(0);
    for (const e of reported) {
      expect(e.outcomeDesc).toMatch(/Rapportert av enheten/);
      expect(e.meta?.extension?.some((x) => x.url.endsWith('/received-at'))).toBe(true);
    }
  });

  it('is accepted a little ahead of the server clock (device clock skew)', async () => {
    const r = await t.call(
      'POST',
      BASE,
      'nurse',
      upload(offlineRead((e) => (e.recorded = new Date(Date.now() + MAX_CLOCK_SKEW_MS / 2).toISOString()))),
    );
    expect(r.status).toBe(200);
  });

  it('is stored once however often it is uploaded', async () => {
    const event = offlineRead();
    for (let i = 0; i < 3; i++) expect((await t.call('POST', BASE, 'nurse', upload(event))).status).toBe(200);
    const copies = clientReported(await auditOf('p-anna')).filter((e) =>
      JSON.stringify(e).includes(event.id!),
    );
    expect(copies).toHaveLength(1);
  });
});

describe('a forged AuditEvent', () => {
  it('for a patient the user has no care relationship with is refused (403) and audited under that patient', async () => {
    await expectRefused(
      offlineRead((e) => (e.entity![0].what = { reference: 'Patient/p-carl' })),
      403,
      'p-carl',
      /Tilgang avslått/,
    );
  });

  it('naming another user as the one who read is refused (403) and audited', async () => {
    const r = await expectRefused(
      offlineRead((e) => (e.agent = [{ who: { reference: 'Practitioner/prac-doctor' }, requestor: true }])),
      403,
      'p-anna',
      /annen bruker/,
    );
    expect(firstIssue(r)?.expression).toEqual(['Bundle.entry[0].resource.AuditEvent.agent']);
    await expectRefused(
      offlineRead((e) =>
        e.agent!.push({
          who: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '1234567' } },
          requestor: false,
        }),
      ),
      403,
      'p-anna',
      /annen bruker/,
    );
  });

  it('dated in the future is refused (422) and audited', async () => {
    const r = await expectRefused(
      offlineRead((e) => (e.recorded = new Date(Date.now() + MAX_CLOCK_SKEW_MS + HOUR).toISOString())),
      422,
      'p-anna',
      /fram i tid/,
    );
    expect(firstIssue(r)?.expression).toEqual(['Bundle.entry[0].resource.AuditEvent.recorded']);
  });

  it('dated further back than the device can have kept it is refused (422) and audited', async () => {
    await expectRefused(
      offlineRead((e) => (e.recorded = ago(MAX_REPORT_AGE_MS + HOUR))),
      422,
      'p-anna',
      /30 dager/,
    );
    await expectRefused(
      offlineRead((e) => (e.recorded = '2001-01-01T00:00:00Z')),
      422,
      'p-anna',
      /30 dager/,
    );
  });

  it('claiming anything but a successful read is refused (422) and audited', async () => {
    await expectRefused(
      offlineRead((e) => (e.action = 'D')),
      422,
      'p-anna',
      /action/,
    );
    await expectRefused(
      offlineRead((e) => (e.subtype = [{ code: 'delete' }])),
      422,
      'p-anna',
      /subtype/,
    );
    await expectRefused(
      offlineRead((e) => (e.outcome = '4')),
      422,
      'p-anna',
      /outcome/,
    );
  });

  it('naming two patients, another kind of resource or no patient is refused (422)', async () => {
    for (const entity of [
      [{ what: { reference: 'Patient/p-anna' } }, { what: { reference: 'Patient/p-bjorn' } }],
      [{ what: { reference: 'Patient/p-anna' } }, { what: { reference: 'Observation/obs-temp-1' } }],
      [{ what: { reference: 'https://elsewhere.example/fhir/Patient/p-anna' } }],
      [{ what: { identifier: { value: 'x' } } }],
    ]) {
      const auditBefore = (await t.store.searchAudit('4601', { count: 10_000 })).events.length;
      const r = await t.call('POST', BASE, 'nurse', upload(offlineRead((e) => (e.entity = entity))));
      expect(r.status, JSON.stringify(entity)).toBe(422);
      expect(firstIssue(r)?.expression).toEqual(['Bundle.entry[0].resource.AuditEvent.entity']);
      expect((await t.store.searchAudit('4601', { count: 10_000 })).events.length).toBe(auditBefore + 1);
    }
  });

  it('refuses the whole transaction it came in, vital signs included', async () => {
    const [obs] = vitalSignsSetToObservations({
      id: 'with-forged-audit',
      patientId: 'p-anna',
      effectiveDateTime: ago(HOUR),
      vitals: { pulse: 77 },
      sourceSystem: 'varde',
    });
    const before = await t.store.countEvents('4601');
    const r = await t.call(
      'POST',
      BASE,
      'nurse',
      upload(
        obs,
        offlineRead((e) => (e.entity![0].what = { reference: 'Patient/p-carl' })),
      ),
    );
    expect(r.status).toBe(403);
    expect(await t.store.countEvents('4601')).toBe(before);
  });

  it('posted on its own is checked the same way', async () => {
    const r = await t.call(
      'POST',
      `${BASE}/AuditEvent`,
      'nurse',
      offlineRead((e) => (e.recorded = '2001-01-01T00:00:00Z')),
    );
    expect(r.status).toBe(422);
    expect(firstIssue(r)?.expression).toEqual(['AuditEvent.recorded']);
  });
});
