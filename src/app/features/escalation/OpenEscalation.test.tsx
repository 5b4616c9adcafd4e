import '../../testing/autoCleanup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEscalationRecord, PatientView } from '../../../offline/api';
import { createFakeOfflineClient } from '../../testing/fakeOfflineClient';
import { kari, readyView, septicVitals, vitalsSet } from '../../testing/fixtures';
import { renderApp, session } from '../../testing/renderApp';

afterEach(() => sessionStorage.clear());

const WRITES = 'openid fhirUser launch patient/*.rs patient/Observation.c patient/Communication.c';

// NOW in the fixtures is 09:00Z; this set was measured at 08:40Z by Practitioner/p1. NEWS2 9.
const septic = vitalsSet({
  id: 'set-9',
  effectiveDateTime: '2026-11-25T08:40:00Z',
  vitals: septicVitals,
  performer: { reference: 'Practitioner/p1', display: 'Ola Pleier' },
});
const ready = <T,>(data: T) => ({
  kind: 'ready' as const,
  data,
  fetchedAt: '2026-11-25T08:55:00Z',
  stale: false,
});

function view(records: DeviceEscalationRecord[]): PatientView {
  return readyView({ vitals: ready([septic]), escalations: ready(records) });
}

async function openKari(views: Record<string, PatientView>, kind: 'standalone' | 'ehr' = 'standalone') {
  const client = createFakeOfflineClient({
    views,
    worklist: ready([{ patient: kari, overdue: false }]),
  });
  const s = session({ kind, fhirUser: 'Practitioner/p1', userName: 'Ola Pleier', scope: WRITES });
  if (kind === 'standalone') {
    renderApp({ client, session: { ...s, patient: undefined }, path: '/pasienter' });
    await userEvent.click(await screen.findByRole('button', { name: /Kari Testesen/ }, { timeout: 5000 }));
  } else renderApp({ client, session: s, path: '/oversikt' });
  await screen.findByRole('region', { name: 'NEWS2 nå' }, { timeout: 5000 });
  return client;
}

describe('the overview asks for the record of an elevated set of mine', () => {
  it('says nothing is recorded, opens the panel for that set, and records through the outbox', async () => {
    const client = await openKari({ [kari.id]: view([]) });
    const prompt = screen.getByRole('region', { name: 'Eskalering ikke registrert' });
    expect(prompt).toHaveTextContent('NEWS2 9, høy risiko');
    await userEvent.click(within(prompt).getByRole('button', { name: 'Vis hvem du ringer, og registrer' }));
    const panel = screen.getByRole('region', { name: 'Eskalering – hvem ringer du?' });
    await userEvent.click(within(panel).getByRole('radio', { name: 'Ikke eskalert' }));
    await userEvent.type(
      within(panel).getByLabelText(/^Hvorfor eskalerer du ikke/),
      'Avtalt med fastlegen i går',
    );
    await userEvent.click(within(panel).getByRole('button', { name: 'Lagre registreringen' }));
    await waitFor(() => expect(client.escalations).toHaveLength(1));
    expect(client.escalations[0]?.record).toMatchObject({ kind: 'not-escalated', setId: 'set-9' });
    expect(client.escalations[0]?.set.id).toBe('set-9');
    // The panel stays with the record, though the set no longer "awaits".
    expect(within(panel).getByRole('list', { name: 'Registrert for denne målingen' })).toHaveTextContent(
      'Avtalt med fastlegen i går',
    );
  });

  it('asks nothing once a record exists', async () => {
    const record: DeviceEscalationRecord = {
      id: 'esc-1',
      kind: 'not-escalated',
      patientId: kari.id,
      setId: 'set-9',
      recordedBy: { reference: 'Practitioner/p1' },
      recordedAt: '2026-11-25T08:45:00Z',
      reason: 'Avtalt med fastlegen',
      syncState: 'confirmed',
    };
    await openKari({ [kari.id]: view([record]) });
    expect(screen.queryByRole('region', { name: 'Eskalering ikke registrert' })).not.toBeInTheDocument();
  });

  it('asks nothing in an EPJ launch (the legevakt overview stays one screen)', async () => {
    await openKari({ [kari.id]: view([]) }, 'ehr');
    expect(screen.queryByRole('region', { name: 'Eskalering ikke registrert' })).not.toBeInTheDocument();
  });
});

describe('leaving /maling with a half-written escalation record', () => {
  it('says the set is saved and the record is what would be lost', async () => {
    const client = createFakeOfflineClient({ views: { [kari.id]: readyView({ escalations: ready([]) }) } });
    renderApp({ client, session: session({ fhirUser: 'Practitioner/p1', scope: WRITES }), path: '/maling' });
    const user = userEvent.setup();
    // Respiration 26 (3), SpO2 93 (2), systolic 105 (1), pulse 112 (2), 38,4 (1): NEWS2 9.
    await user.type(await screen.findByLabelText(/Respirasjonsfrekvens/, {}, { timeout: 5000 }), '26');
    await user.type(screen.getByLabelText(/Oksygenmetning/), '93');
    await user.click(screen.getByRole('radio', { name: 'Luft' }));
    await user.type(screen.getByLabelText(/Systolisk/), '105');
    await user.type(screen.getByLabelText(/^Puls/), '112');
    await user.click(screen.getByRole('radio', { name: 'Våken (A)' }));
    await user.type(screen.getByLabelText(/Temperatur/), '38,4');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    const panel = await screen.findByRole('region', { name: 'Eskalering – hvem ringer du?' });
    expect(client.recorded).toHaveLength(1);
    await user.click(within(panel).getByRole('radio', { name: 'Lege kontaktet' }));
    await user.click(screen.getByRole('link', { name: 'Oversikt' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Eskaleringen er ikke registrert');
    expect(dialog).toHaveTextContent('Målingen er lagret');
    await user.click(within(dialog).getByRole('button', { name: 'Bli på siden' }));
    expect(within(panel).getByRole('radio', { name: 'Lege kontaktet' })).toBeChecked();
  });
});

describe('a login without Communication granted', () => {
  it('shows whom to call and ISBAR, and says before entry that the record cannot be stored', async () => {
    const client = createFakeOfflineClient({ views: { [kari.id]: view([]) } });
    renderApp({
      client,
      session: session({
        fhirUser: 'Practitioner/p1',
        scope: 'openid fhirUser launch patient/*.rs patient/Observation.c',
      }),
      path: '/maling',
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Respirasjonsfrekvens/, {}, { timeout: 5000 }), '26');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    const panel = await screen.findByRole('region', { name: 'Eskalering – hvem ringer du?' });
    expect(within(panel).getByRole('region', { name: /^ISBAR/ })).toBeInTheDocument();
    expect(within(panel).queryByRole('form', { name: 'Hva ble gjort?' })).not.toBeInTheDocument();
    expect(panel).toHaveTextContent('skrivetilgang til Communication ble ikke gitt');
  });
});
