// Corrections and comments through the whole OfflineClient (issue #11 point 4): written to
// the outbox first, the view applies a waiting correction at once (the set counts nowhere
// and stays in the history with who and why), and a refused correction keeps it so.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SetCorrection } from '../core/correction/types';
import type { DeviceVitalSignsSet, PatientView, Section, SyncStatus } from './api';
import { createOfflineClient } from './client';
import { collect, openedClients, shownData, testClientOptions } from './testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from './testing/fakeFhirServer';
import { EPISODE, PATIENT } from './testing/patients';
import { manualClock, sampleSet, TEST_PIN, uniqueDbName } from './testing/harness';

vi.setConfig({ testTimeout: 30_000 });

const clients = openedClients();
afterEach(() => clients.closeAll());

async function setup() {
  const server = createFakeFhirServer();
  server.put(PATIENT);
  server.put(EPISODE);
  const clock = manualClock();
  const client = clients.add(
    createOfflineClient(
      testClientOptions({ now: clock.now, dbName: uniqueDbName('corrections'), transport: server }),
    ),
  );
  await client.setupPin(TEST_PIN);
  return { client, server, clock };
}

const setsOf = (s: Section<DeviceVitalSignsSet[]> | undefined): DeviceVitalSignsSet[] => shownData(s) ?? [];

const correction = (setId: string): SetCorrection => ({
  setId,
  patientId: 'pas-1',
  reason: 'Feil pasient',
  correctedBy: { reference: 'Practitioner/nurse-1', display: 'Kari Nordmann' },
  correctedAt: '2026-11-25T07:59:00Z',
});

function offline(server: FakeFhirServer) {
  server.intercept = () => ({ kind: 'network-error', message: 'offline' });
}

describe('a correction recorded offline', () => {
  it('withdraws the set from every clinical view at once and keeps it struck through in the history', async () => {
    const { client, server } = await setup();
    offline(server);
    await client.recordVitals({ ...sampleSet('s1'), recordedAt: '2026-11-25T07:55:05Z' });
    await client.recordVitals({ ...sampleSet('s0'), effectiveDateTime: '2026-11-25T07:00:00+01:00' });
    await client.correctSet({ id: 'c1', correction: correction('s1') });
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => setsOf(x.history).some((s) => s.enteredInError));
    expect(setsOf(v.vitals).map((s) => s.id)).toEqual(['s0']);
    const [, wrong] = setsOf(v.history);
    expect(wrong).toMatchObject({
      id: 's1',
      enteredInError: { reason: 'Feil pasient' },
      localCorrection: { id: 'c1', syncState: 'pending' },
    });
    view.stop();

    // Back online: the set and its correction reach the server together.
    server.intercept = undefined;
    await client.syncNow();
    await client.refreshPatient('pas-1');
    const onServer = server.observations().filter((o) => o.identifier?.[0]?.value?.startsWith('s1/'));
    expect(onServer.length).toBeGreaterThan(0);
    expect(onServer.every((o) => o.status === 'entered-in-error')).toBe(true);
    const after = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const w = await after.until((x) => setsOf(x.history).some((s) => s.enteredInError && !s.localCorrection));
    expect(setsOf(w.vitals).map((s) => s.id)).toEqual(['s0']);
    expect(setsOf(w.history).find((s) => s.id === 's1')?.enteredInError?.reason).toBe('Feil pasient');
    after.stop();
  });

  it('refused by the server: stays queued with its reason, and the set is still never shown as valid', async () => {
    const { client, server } = await setup();
    offline(server);
    await client.recordVitals(sampleSet('s2'));
    await client.correctSet({ id: 'c2', correction: correction('s2') });
    server.intercept = (req) =>
      req.method === 'POST'
        ? {
            kind: 'http-error',
            status: 403,
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Ingen behandlingsrelasjon.' }],
            },
          }
        : undefined;
    await client.syncNow();
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await status.until((s) => s.kind === 'needs-attention');
    status.stop();
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) =>
      setsOf(x.history).some((s) => s.localCorrection?.syncState === 'needs-attention'),
    );
    expect(setsOf(v.vitals)).toEqual([]);
    expect(setsOf(v.history)[0]).toMatchObject({
      id: 's2',
      enteredInError: { reason: 'Feil pasient' },
      localCorrection: { syncState: 'needs-attention', problem: 'Ingen behandlingsrelasjon.' },
    });
    expect(server.observations().filter((o) => o.identifier?.[0]?.value?.startsWith('s2/'))).toEqual([]);
    view.stop();
  });

  it('refuses a second correction of the same set while one waits (Norwegian)', async () => {
    const { client, server } = await setup();
    offline(server);
    await client.recordVitals(sampleSet('s3'));
    await client.correctSet({ id: 'c3', correction: correction('s3') });
    await expect(client.correctSet({ id: 'c3b', correction: correction('s3') })).rejects.toThrow(
      'Målingen er allerede markert som registrert feil på denne enheten.',
    );
    // The same write again (a double tap) is a no-op, not an error.
    await client.correctSet({ id: 'c3', correction: correction('s3') });
  });
});

describe('a comment recorded offline', () => {
  it('is shown as waiting, then as the server holds it', async () => {
    const { client, server } = await setup();
    await client.recordVitals(sampleSet('s4'));
    await client.syncNow();
    await client.refreshPatient('pas-1');
    offline(server);
    const comment = {
      setId: 's4',
      patientId: 'pas-1',
      text: 'Målt etter trappen',
      author: { reference: 'Practitioner/nurse-1', display: 'Kari Nordmann' },
      writtenAt: '2026-11-25T07:58:00Z',
    };
    await client.commentSet({ id: 'k4', comment });
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => setsOf(x.history).some((s) => s.pendingComments?.length));
    expect(setsOf(v.vitals)[0].pendingComments).toEqual([{ ...comment, id: 'k4', syncState: 'pending' }]);
    view.stop();
    server.intercept = undefined;
    await client.syncNow();
    await client.refreshPatient('pas-1');
    const after = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const w = await after.until((x) => setsOf(x.vitals).some((s) => s.comments?.length));
    expect(setsOf(w.vitals)[0].comments?.map((c) => c.text)).toEqual(['Målt etter trappen']);
    expect(setsOf(w.vitals)[0].pendingComments).toBeUndefined();
    after.stop();
  });
});
