// The escalation kind (issue #11 point 3) through the whole OfflineClient and the scripted
// server: recorded offline after the set, shown at once as waiting, sent exactly once when
// coverage returns (after the set, oldest first), kept in the patient's cached records; a
// record the form should have refused is refused here too, and one the server refuses is
// parked with the server's words, never dropped.
import type {
  Bundle,
  Communication,
  HealthcareService,
  Organization,
  Practitioner,
} from '@medplum/fhirtypes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DoctorContacted, NotEscalated } from '../../core/escalation/escalation';
import { escalationFromCommunication } from '../../core/fhir/communication';
import { LEGEVAKT_SERVICE_TYPE, WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import type { DeviceEscalationRecord, PatientView, Section, SyncStatus } from '../api';
import { createOfflineClient } from '../client';
import {
  collect,
  fakeEnvironment,
  openedClients,
  shownData,
  testClientOptions,
} from '../testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from '../testing/fakeFhirServer';
import { makeHarness, sampleSet, TEST_PIN, uniqueDbName, manualClock } from '../testing/harness';
import { PATIENT } from '../testing/patients';
import { outboxKinds } from './index';

vi.setConfig({ testTimeout: 30_000 });

const clients = openedClients();
afterEach(() => clients.closeAll());

async function setup(server = createFakeFhirServer()) {
  const clock = manualClock();
  const env = fakeEnvironment();
  const client = clients.add(
    createOfflineClient(
      testClientOptions({
        now: clock.now,
        dbName: uniqueDbName('escalation'),
        transport: server,
        environment: env,
      }),
    ),
  );
  await client.setupPin(TEST_PIN);
  return { client, server, env, clock };
}

const nurse = { reference: 'Practitioner/nurse-1', display: 'Kari Nordmann' };

function contacted(setId: string, over: Partial<DoctorContacted> = {}): DoctorContacted {
  return {
    kind: 'contacted',
    id: `esc-${setId}`,
    patientId: 'pas-1',
    setId,
    recordedBy: nurse,
    recordedAt: '2026-11-25T07:58:00Z',
    contact: { kind: 'fastlege', name: 'Per Olsen', reference: 'Practitioner/gp-1', phone: '55 55 05 11' },
    contactedAt: '2026-11-25T07:57:00Z',
    advice: 'Kommer innen en time.',
    isbar: 'I – Identifikasjon: Jeg heter Kari Nordmann.',
    ...over,
  };
}

const records = (s: Section<DeviceEscalationRecord[]> | undefined): DeviceEscalationRecord[] =>
  shownData(s) ?? [];

const onServer = (server: FakeFhirServer, id: string) =>
  server
    .resources('Communication')
    .filter((c) =>
      (c as Communication).identifier?.some((i) => i.system === WORKFLOW_SYSTEM.escalation && i.value === id),
    );

describe('escalation kind', () => {
  it('offline: waits after its set, shows at once, reaches the server exactly once, and stays cached', async () => {
    const { client, server, env } = await setup();
    server.put(PATIENT);
    await client.refreshPatient('pas-1');
    env.setOnline(false);
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));

    const set = sampleSet('set-esc');
    const record = contacted(set.id);
    await client.recordVitals(set);
    await client.recordEscalation(record, set);
    await status.until((s) => s.kind === 'offline' && s.waiting === 2);
    const waiting = await view.until((v) => records(v.escalations).some((r) => r.id === record.id));
    expect(records(waiting.escalations).find((r) => r.id === record.id)).toMatchObject({
      kind: 'contacted',
      syncState: 'pending',
      advice: 'Kommer innen en time.',
    });
    expect(onServer(server, record.id)).toHaveLength(0);

    const triedOffline = server.requests.length;
    server.intercept = undefined;
    env.setOnline(true);
    await status.until((s) => s.kind === 'synced' && !!s.at);
    // The set first, then the record about it; each once.
    const posts = server.requests.slice(triedOffline).filter((r) => r.method === 'POST');
    const firstOf = (b: unknown) => (b as Bundle).entry?.[0]?.resource?.resourceType;
    // (The offline reads' audit upload goes after them.)
    expect(posts.map((p) => firstOf(p.body)).filter((t) => t !== 'AuditEvent')).toEqual([
      'Observation',
      'Communication',
    ]);
    expect(server.count('set-esc/pulse')).toBe(1);
    const stored = onServer(server, record.id);
    expect(stored).toHaveLength(1);
    expect(escalationFromCommunication(stored[0] as Communication)).toEqual({ ok: true, value: record });

    // Confirmed, from the cache (the ISBAR text read out is not kept on the device).
    const after = await view.until((v) =>
      records(v.escalations).some((r) => r.id === record.id && r.syncState === 'confirmed'),
    );
    const cached = records(after.escalations).filter((r) => r.id === record.id);
    expect(cached).toHaveLength(1);
    expect(cached[0]).not.toHaveProperty('isbar');
    view.stop();
    status.stop();
  });

  it('a lost answer is retried without a second copy', async () => {
    const h = await makeHarness();
    const set = sampleSet('set-lost');
    await h.outbox.enqueue('vitals', set);
    await h.outbox.enqueue('escalation', { record: contacted(set.id), set });
    h.server.script({ kind: 'lost-response' }, { kind: 'lost-response' });
    expect(await h.engine.drain()).toMatchObject({ kind: 'stopped', why: 'retry' });
    expect(await h.engine.drain({ force: true })).toMatchObject({ kind: 'stopped', why: 'retry' });
    expect(await h.engine.drain({ force: true })).toEqual({ kind: 'done', sent: 2, parked: 0 });
    expect(onServer(h.server, `esc-${set.id}`)).toHaveLength(1);
    expect(await h.outbox.count()).toBe(0);
    h.db.close();
  });

  it('refuses "ikke eskalert" without a reason before anything is stored', async () => {
    const { client } = await setup();
    const set = sampleSet('set-noreason');
    const record: NotEscalated = {
      kind: 'not-escalated',
      id: 'esc-noreason',
      patientId: 'pas-1',
      setId: set.id,
      recordedBy: nurse,
      recordedAt: '2026-11-25T07:58:00Z',
      reason: '   ',
    };
    await expect(client.recordEscalation(record, set)).rejects.toThrow('Skriv hvorfor du ikke eskalerer');
    await expect(client.recordEscalation(contacted(set.id), { ...set, id: 'another-set' })).rejects.toThrow(
      'annen måling',
    );
  });

  it('a record the server refuses is parked with its words and shown as needing attention', async () => {
    const { client, server } = await setup();
    server.put(PATIENT);
    server.intercept = (req) =>
      req.method === 'POST' && (req.body as Bundle).entry?.[0]?.resource?.resourceType === 'Communication'
        ? {
            kind: 'http-error',
            status: 422,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'business-rule',
                  diagnostics:
                    'Målingen registreringen gjelder finnes ikke hos denne pasienten i kommune 4601.',
                },
              ],
            },
          }
        : undefined;
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const set = sampleSet('set-refused');
    await client.recordVitals(set);
    await client.recordEscalation(contacted(set.id), set);
    await client.syncNow();
    const v = await view.until((x) => records(x.escalations).some((r) => r.syncState === 'needs-attention'));
    expect(records(v.escalations)[0]?.problem).toMatch(/finnes ikke hos denne pasienten/);
    expect(onServer(server, `esc-${set.id}`)).toHaveLength(0);
    view.stop();
  });

  it('is a conditional create on its own identifier, about the set', () => {
    const set = sampleSet('set-wire');
    const bundle = outboxKinds().escalation.bundle({ record: contacted(set.id), set });
    expect(bundle.entry).toHaveLength(1);
    expect(bundle.entry?.[0]?.request).toEqual({
      method: 'POST',
      url: 'Communication',
      ifNoneExist: `identifier=${WORKFLOW_SYSTEM.escalation}|esc-set-wire`,
    });
    const c = bundle.entry?.[0]?.resource as Communication;
    // sampleSet has no air/oxygen: incomplete, so `about` names its parts.
    expect(c.about?.map((a) => a.identifier?.value)).toContain('set-wire/pulse');
  });
});

describe('whom to call, cached with the patient', () => {
  it('pulls the fastlege, the office and the local legevakt, and keeps the legevakt when its search fails', async () => {
    const server = createFakeFhirServer();
    const gp: Practitioner = {
      resourceType: 'Practitioner',
      id: 'gp-1',
      name: [{ given: ['Per'], family: 'Olsen' }],
      telecom: [{ system: 'phone', value: '55 55 05 11', use: 'work' }],
    };
    const office: Organization = {
      resourceType: 'Organization',
      id: 'gpo-1',
      name: 'Kalfaret legekontor',
      telecom: [{ system: 'phone', value: '55 55 05 10' }],
    };
    const legevakt: HealthcareService = {
      resourceType: 'HealthcareService',
      id: 'hs-lv',
      name: 'Bergen legevakt',
      type: [{ coding: [{ system: WORKFLOW_SYSTEM.healthcareServiceType, code: LEGEVAKT_SERVICE_TYPE }] }],
      telecom: [{ system: 'phone', value: '55 55 02 00' }],
    };
    server.put({
      ...PATIENT,
      generalPractitioner: [{ reference: 'Practitioner/gp-1' }, { reference: 'Organization/gpo-1' }],
      address: [{ use: 'home', line: ['Kalfarveien 12'], postalCode: '5018', city: 'Bergen' }],
    });
    server.put(legevakt);
    // The scripted server does not do _include: answer the Patient search as the platform does.
    server.intercept = (req) =>
      req.method === 'GET' && req.url.startsWith('Patient?')
        ? {
            kind: 'ok',
            status: 200,
            body: {
              resourceType: 'Bundle',
              type: 'searchset',
              entry: [...server.resources('Patient'), gp, office].map((resource) => ({ resource })),
            } satisfies Bundle,
          }
        : undefined;
    const { client, clock } = await setup(server);
    await client.refreshPatient('pas-1');
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.contacts?.kind === 'ready');
    expect(v.contacts).toMatchObject({
      kind: 'ready',
      data: {
        fastlege: {
          name: 'Per Olsen',
          reference: 'Practitioner/gp-1',
          phone: '55 55 05 11',
          office: { name: 'Kalfaret legekontor', phone: '55 55 05 10' },
        },
        legevakt: { name: 'Bergen legevakt', phone: '55 55 02 00' },
        homeAddress: 'Kalfarveien 12, 5018 Bergen',
      },
    });
    // The legevakt search fails next time: the legevakt cached before is kept.
    const patientOnly = server.intercept;
    server.intercept = (req) =>
      req.url.startsWith('HealthcareService?')
        ? { kind: 'http-error', status: 500, outcome: undefined }
        : patientOnly?.(req);
    clock.advance(60_000);
    // Twice: the first may join the background refresh the watch started a minute ago.
    await client.refreshPatient('pas-1');
    await client.refreshPatient('pas-1');
    const again = await view.until(
      (x) => x.contacts?.kind === 'ready' && x.contacts.fetchedAt === clock.now().toISOString(),
    );
    expect(again.contacts).toMatchObject({ data: { legevakt: { name: 'Bergen legevakt' } } });
    view.stop();
  });
});
