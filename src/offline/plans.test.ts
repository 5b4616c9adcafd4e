// Plans and Scale 2 decisions through the whole OfflineClient (issues #11 point 2, #12
// points 5 and 6): written offline first, shown at once, sent exactly once, kept on screen
// after the server confirms them, readable offline; a refused one is never used; the
// worklist triages by the plans the prefetch brought.
import type { CarePlan, CareTeam, Flag } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { monitoringPlanToCarePlan } from '../core/fhir/carePlan';
import { vitalSignsSetToObservations } from '../core/fhir/toObservation';
import { WORKFLOW_SYSTEM } from '../core/fhir/workflowCodes';
import { spo2ScaleFor } from '../core/news2/scale2';
import type { Scale2Change } from '../core/news2/scale2Change';
import type { MonitoringPlan } from '../core/plan/monitoringPlan';
import type { PersonalPlan } from '../core/plan/personalPlan';
import type { VitalSignsSet } from '../core/vitals/types';
import type { PatientPlans, PatientView, Section, WorklistEntry } from './api';
import { createOfflineClient } from './client';
import { InvalidWriteError } from './outbox';
import { collect, openedClients, shownData, testClientOptions } from './testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from './testing/fakeFhirServer';
import { manualClock, TEST_PIN, uniqueDbName } from './testing/harness';
import { PATIENT } from './testing/patients';

vi.setConfig({ testTimeout: 30_000 });

const clients = openedClients();
afterEach(() => clients.closeAll());

async function setup() {
  const server = createFakeFhirServer({ pageSize: 50 });
  const clock = manualClock('2026-11-25T08:00:00Z');
  const client = clients.add(
    createOfflineClient(
      testClientOptions({ now: clock.now, dbName: uniqueDbName('plans'), transport: server }),
    ),
  );
  await client.setupPin(TEST_PIN);
  server.put(PATIENT);
  return { client, server, clock };
}

const nurse = { reference: 'Practitioner/nurse-1', display: 'Kari Nordmann', role: 'nurse' as const };
const doctor = { reference: 'Practitioner/lege-1', display: 'Anders Hansen', role: 'doctor' as const };

const weekly: MonitoringPlan = {
  id: 'mp-1',
  patientId: 'pas-1',
  interval: { value: 1, unit: 'wk' },
  setBy: nurse,
  setAt: '2026-11-25T07:30:00Z',
  reason: 'Stabil',
};

const kolsPlan: PersonalPlan = {
  id: 'pp-1',
  patientId: 'pas-1',
  setBy: doctor,
  setAt: '2026-11-25T07:00:00Z',
  reason: 'Kjent KOLS, vanlig NEWS2 5',
  validUntil: '2027-02-01T00:00:00Z',
  usualValues: { news2Total: { usual: 5, low: 4, high: 6 } },
  alerts: [{ parameter: 'news2Total', comparator: '>=', value: 7, zone: 'red', action: 'Ring fastlege' }],
};

const plansOf = (v: PatientView): PatientPlans | undefined => shownData(v.plans);
const carePlansWith = (server: FakeFhirServer, id: string) =>
  server.resources('CarePlan').filter((c) => (c as CarePlan).identifier?.some((i) => i.value === id));

describe('plans through the outbox', () => {
  it('a monitoring plan set offline is shown at once, sent exactly once on reconnect, and stays shown', async () => {
    const { client, server } = await setup();
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    await view.until((v) => v.identity.kind === 'ready');
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    await client.recordMonitoringPlan(weekly);
    const offline = await view.until((v) => plansOf(v)?.monitoring.some((p) => p.id === 'mp-1') === true);
    expect(offline.planWrites).toEqual([{ id: 'mp-1', kind: 'monitoringPlan', syncState: 'pending' }]);
    expect(carePlansWith(server, 'mp-1')).toHaveLength(0);

    // Back online, but the first answer is lost after the server stored the plan.
    server.intercept = undefined;
    server.script({ kind: 'lost-response' });
    await client.syncNow();
    expect(carePlansWith(server, 'mp-1')).toHaveLength(1);
    expect((await view.until((v) => v.planWrites?.length === 1)).planWrites?.[0]?.syncState).toBe('pending');
    await client.syncNow();
    expect(carePlansWith(server, 'mp-1')).toHaveLength(1);
    // Confirmed: out of the outbox, and still shown (the server's copy went to the cache).
    const sent = await view.until(
      (v) => (v.planWrites ?? []).length === 0 && (plansOf(v)?.monitoring.length ?? 0) > 0,
    );
    expect(plansOf(sent)?.monitoring).toEqual([weekly]);
    view.stop();
  });

  it("refuses an invalid plan at once with core's reason, and stores nothing", async () => {
    const { client, server } = await setup();
    await expect(
      client.recordPersonalPlan({
        ...kolsPlan,
        id: 'pp-bad',
        reason: ' ',
        spo2Target: { low: 92, high: 88 },
      }),
    ).rejects.toThrow(InvalidWriteError);
    await expect(
      client.recordMonitoringPlan({ ...weekly, id: 'mp-bad', interval: { value: 2, unit: 'a' } }),
    ).rejects.toThrow('Intervallet kan være høyst 12 måneder');
    await client.syncNow();
    expect(server.resources('CarePlan')).toHaveLength(0);
  });

  it('a plan the server refuses is parked with its reason and never used', async () => {
    const { client, server } = await setup();
    server.intercept = (req) =>
      req.method === 'POST'
        ? {
            kind: 'http-error',
            status: 403,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [
                { severity: 'error', code: 'forbidden', diagnostics: 'Bare lege kan sette personlig plan' },
              ],
            },
          }
        : undefined;
    await client.recordPersonalPlan({ ...kolsPlan, setBy: nurse });
    await client.syncNow();
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.plans?.kind === 'ready' && (x.planWrites ?? []).length === 1);
    expect(v.planWrites).toEqual([
      {
        id: 'pp-1',
        kind: 'personalPlan',
        syncState: 'needs-attention',
        problem: 'Bare lege kan sette personlig plan',
      },
    ]);
    expect(plansOf(v)?.personal).toEqual([]);
    view.stop();
    await client.dismissProblem('pp-1');
    await client.syncNow();
    expect(carePlansWith(server, 'pp-1')).toHaveLength(0);
  });

  it('a Scale 2 decision and its end, made offline, apply at once and reach the server once each', async () => {
    const { client, server } = await setup();
    server.intercept = () => ({ kind: 'network-error', message: 'offline' });
    const start: Scale2Change = {
      kind: 'start',
      id: 'dec-1',
      patientId: 'pas-1',
      by: doctor,
      at: '2026-11-25T07:00:00Z',
      reason: 'KOLS med hyperkapni',
    };
    const end: Scale2Change = {
      kind: 'end',
      id: 'end-1',
      patientId: 'pas-1',
      by: doctor,
      at: '2026-11-25T07:50:00Z',
      reason: 'Feil pasient',
      ends: { identifier: 'dec-1' },
    };
    await client.recordScale2Change(start);
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const decided = await view.until((v) => (shownData(v.scale2) ?? []).length === 1);
    expect(spo2ScaleFor(shownData(decided.scale2)!, { at: '2026-11-25T07:30:00Z' })).toBe(2);
    await client.recordScale2Change(end);
    const ended = await view.until((v) => shownData(v.scale2)?.[0]?.endedAt !== undefined);
    expect(shownData(ended.scale2)).toMatchObject([
      { identifier: 'dec-1', endedAt: end.at, endReason: 'Feil pasient' },
    ]);
    expect(spo2ScaleFor(shownData(ended.scale2)!, { at: '2026-11-25T07:55:00Z' })).toBe(1);

    server.intercept = undefined;
    await client.syncNow();
    const flags = server.resources('Flag') as Flag[];
    expect(flags.map((f) => f.identifier?.[0]?.value).sort()).toEqual(['dec-1', 'end-1']);
    const after = await view.until(
      (v) =>
        (v.planWrites ?? []).length === 0 && v.scale2.kind === 'ready' && shownData(v.scale2)?.length === 1,
    );
    expect(shownData(after.scale2)).toMatchObject([{ identifier: 'dec-1', endedAt: end.at }]);
    view.stop();
  });
});

describe('the worklist by plan', () => {
  const full = (id: string, at: string, over: Partial<VitalSignsSet['vitals']> = {}): VitalSignsSet => ({
    id,
    patientId: 'pas-1',
    effectiveDateTime: at,
    vitals: {
      respirationRate: 16,
      spo2: 97,
      spo2Scale: 1,
      onOxygen: false,
      systolicBP: 130,
      pulse: 70,
      consciousness: 'A',
      temperature: 37,
      ...over,
    },
  });

  it('the prefetch brings the plans: a weekly patient is due by her plan, not by ward intervals', async () => {
    const { client, server } = await setup();
    server.put({
      resourceType: 'CareTeam',
      id: 'ct-1',
      subject: { reference: 'Patient/pas-1' },
      participant: [{ member: { reference: 'Practitioner/nurse-1' } }],
    } satisfies CareTeam);
    // NEWS2 0 three days ago: RCP's 12-hourly ward rule would call it overdue.
    for (const o of vitalSignsSetToObservations(full('s-1', '2026-11-22T10:00:00Z')))
      server.put({ ...o, id: `o-${o.identifier![0]!.value!.replace('/', '-')}` });
    server.put({ ...monitoringPlanToCarePlan({ ...weekly, setAt: '2026-11-01T08:00:00Z' }), id: 'cp-1' });
    await client.prefetchWorklist(() => {});
    expect(server.requests.some((r) => r.url.startsWith('CarePlan?patient=pas-1'))).toBe(true);
    const list = collect<Section<WorklistEntry[]>>((cb) => client.watchWorklist(cb));
    const l = await list.until((x) => x.kind === 'ready' && x.data.length === 1);
    const entry = shownData(l)![0]!;
    expect(entry.plansKnown).toBe(true);
    expect(entry.overdue).toBe(false);
    expect(entry.triage).toMatchObject({
      band: 'low',
      requiresAction: false,
      monitoring: { kind: 'ok', basis: { kind: 'routine', source: 'plan' } },
    });
    list.stop();
  });

  it('without plans on the device the row says the plan is not known', async () => {
    const { client, server } = await setup();
    server.put({
      resourceType: 'CareTeam',
      id: 'ct-1',
      subject: { reference: 'Patient/pas-1' },
      participant: [{ member: { reference: 'Practitioner/nurse-1' } }],
    } satisfies CareTeam);
    server.intercept = (req) => (req.url.startsWith('CarePlan') ? { kind: 'timeout' } : undefined);
    await client.prefetchWorklist(() => {});
    const list = collect<Section<WorklistEntry[]>>((cb) => client.watchWorklist(cb));
    const l = await list.until((x) => x.kind === 'ready' && x.data.length === 1);
    expect(shownData(l)![0]!.plansKnown).toBe(false);
    list.stop();
  });

  it('a personal threshold crossed adds "Krever handling" beside the standard band, never lowering it', async () => {
    const { client, server } = await setup();
    server.put({
      resourceType: 'CareTeam',
      id: 'ct-1',
      subject: { reference: 'Patient/pas-1' },
      participant: [{ member: { reference: 'Practitioner/nurse-1' } }],
    } satisfies CareTeam);
    // Respiration 25 (3), SpO2 93 (2 on Scale 1), pulse 112 (2): NEWS2 7, high by RCP.
    const ill = full('s-2', '2026-11-25T07:40:00Z', { respirationRate: 25, spo2: 93, pulse: 112 });
    for (const o of vitalSignsSetToObservations(ill))
      server.put({ ...o, id: `o-${o.identifier![0]!.value!.replace('/', '-')}` });
    await client.recordPersonalPlan(kolsPlan);
    await client.syncNow();
    await client.prefetchWorklist(() => {});
    const list = collect<Section<WorklistEntry[]>>((cb) => client.watchWorklist(cb));
    const l = await list.until((x) => x.kind === 'ready' && x.data.length === 1);
    const row = shownData(l)![0]!.triage!;
    expect(row.band).toBe('high');
    expect(row.actionReasons.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['risk', 'personal-threshold']),
    );
    // The plan's usual values are the baseline the row compares with: "vanlig 5 (+2)".
    expect(row.deviation).toMatchObject({ usual: 5, difference: 2 });
    list.stop();
    expect(carePlansWith(server, 'pp-1')).toHaveLength(1);
    expect(
      (server.resources('CarePlan') as CarePlan[]).every((c) =>
        c.identifier?.every((i) => i.system === WORKFLOW_SYSTEM.personalPlan),
      ),
    ).toBe(true);
  });
});
