import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PatientContacts } from '../../../core/escalation/contacts';
import type { EscalationRecord } from '../../../core/escalation/escalation';
import { scoreNews2 } from '../../../core/news2/score';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { DeviceEscalationRecord, Section } from '../../../offline/api';
import { kari, septicVitals, vitalsSet } from '../../testing/fixtures';
import { EscalationPanel } from './EscalationPanel';

// Wednesday 25 Nov 2026, 10:00 in Oslo: the fastlege's office is open.
const OFFICE_HOURS = new Date('2026-11-25T09:00:00Z');

/** Respiration 26 (3), SpO2 93 (2), systolic 105 (1), pulse 112 (2), 38.4 (1): NEWS2 9. */
const septic = vitalsSet({
  id: 'set-9',
  effectiveDateTime: '2026-11-25T08:55:00Z',
  vitals: septicVitals,
});
/** Respiration 22 (2), SpO2 94 (1), pulse 95 (1), 38.4 (1): NEWS2 5. */
const urgent = vitalsSet({
  ...septic,
  id: 'set-5',
  vitals: { ...septic.vitals, respirationRate: 22, spo2: 94, systolicBP: 128, pulse: 95 },
});

const contacts: Section<PatientContacts> = {
  kind: 'ready',
  fetchedAt: '2026-11-25T08:50:00Z',
  stale: false,
  data: {
    fastlege: {
      name: 'Per Olsen',
      reference: 'Practitioner/gp-1',
      phone: '55 55 05 11',
      office: { name: 'Kalfaret legekontor', phone: '55 55 05 10' },
    },
    legevakt: { name: 'Bergen legevakt', reference: 'HealthcareService/hs-lv', phone: '55 55 02 00' },
    homeAddress: 'Kalfarveien 12, 5018 Bergen',
  },
};

function setup(
  opts: {
    set?: VitalSignsSet;
    contacts?: Section<PatientContacts>;
    records?: DeviceEscalationRecord[];
    onRecord?: (r: EscalationRecord) => Promise<void>;
    caller?: { name: string; reference: string } | null;
  } = {},
) {
  const set = opts.set ?? septic;
  const onRecord = vi.fn(opts.onRecord ?? (async () => {}));
  let n = 0;
  render(
    <EscalationPanel
      set={set}
      score={scoreNews2(set.vitals)}
      identity={kari}
      contacts={opts.contacts ?? contacts}
      history={[set]}
      records={opts.records ?? []}
      caller={
        opts.caller === null
          ? undefined
          : (opts.caller ?? { name: 'Ola Pleier', reference: 'Practitioner/p1' })
      }
      now={() => OFFICE_HOURS}
      newId={() => `esc-${++n}`}
      onRecord={onRecord}
    />,
  );
  return { onRecord, user: userEvent.setup() };
}

const callTitles = () =>
  within(screen.getByRole('region', { name: 'Eskalering – hvem ringer du?' }))
    .getAllByRole('listitem')
    .filter((li) => li.classList.contains('call'))
    .map((li) => within(li).getByRole('heading').textContent);

describe('EscalationPanel', () => {
  it('NEWS2 9: 113 first, then the legevakt with its own number before 116 117, then the fastlege', () => {
    setup();
    expect(callTitles()).toEqual(['Nødnummer 113 (AMK)', 'Legevakt', 'Fastlege']);
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['tel:113', 'tel:55550200', 'tel:116117', 'tel:55550511', 'tel:55550510']);
  });

  it('NEWS2 5 in office hours: the fastlege first', () => {
    setup({ set: urgent });
    expect(callTitles()).toEqual(['Fastlege', 'Legevakt', 'Nødnummer 113 (AMK)']);
    expect(screen.getByText('Per Olsen, Kalfaret legekontor')).toBeInTheDocument();
  });

  it('without contact details the fastlege reads "ukjent" and 116 117 and 113 remain', () => {
    setup({ contacts: { kind: 'unavailable', reason: 'Ingen nettforbindelse' } });
    expect(screen.getByText(/Fastlege og lokal legevakt er ikke hentet/)).toBeInTheDocument();
    expect(screen.getByText(/^ukjent/)).toBeInTheDocument();
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['tel:113', 'tel:116117']);
  });

  it('shows the ISBAR text from the set: the patient, the score and the values', () => {
    setup();
    const isbar = screen.getByRole('region', { name: /^ISBAR/ });
    expect(isbar).toHaveTextContent(kari.name);
    expect(isbar).toHaveTextContent('NEWS2 9');
    expect(isbar).toHaveTextContent(/respirasjonsfrekvens 26/);
    expect(isbar).toHaveTextContent('Ola Pleier');
  });

  it('refuses "ikke eskalert" without a reason at the form, and records nothing', async () => {
    const { user, onRecord } = setup();
    await user.click(screen.getByRole('radio', { name: 'Ikke eskalert' }));
    await user.click(screen.getByRole('button', { name: 'Lagre registreringen' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Skriv hvorfor du ikke eskalerer');
    const reason = screen.getByLabelText(/^Hvorfor eskalerer du ikke/);
    expect(reason).toHaveFocus();
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(onRecord).not.toHaveBeenCalled();

    await user.type(reason, 'Kjent KOLS, verdiene er som vanlig; avtalt med fastlegen');
    await user.click(screen.getByRole('button', { name: 'Lagre registreringen' }));
    expect(onRecord).toHaveBeenCalledTimes(1);
    expect(onRecord.mock.calls[0]?.[0]).toMatchObject({
      kind: 'not-escalated',
      id: 'esc-1',
      setId: 'set-9',
      patientId: kari.id,
      reason: 'Kjent KOLS, verdiene er som vanlig; avtalt med fastlegen',
      recordedBy: { reference: 'Practitioner/p1', display: 'Ola Pleier' },
      recordedAt: '2026-11-25T09:00:00.000Z',
    });
    expect(screen.getByRole('list', { name: 'Registrert for denne målingen' })).toHaveTextContent(
      'Lagret på enheten – sendes når nett er tilbake',
    );
  });

  it('records "lege kontaktet": whom (filled from the call list), now, the advice and the ISBAR text', async () => {
    const { user, onRecord } = setup({ set: urgent });
    await user.click(screen.getByRole('radio', { name: 'Lege kontaktet' }));
    await user.click(screen.getByRole('button', { name: 'Lagre registreringen' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Skriv hvem som ble kontaktet');
    expect(screen.getByRole('alert')).toHaveTextContent('Skriv hvilke råd som ble gitt');
    expect(onRecord).not.toHaveBeenCalled();

    await user.click(screen.getByRole('radio', { name: 'Fastlege: Per Olsen' }));
    expect(screen.getByLabelText('Navn på den du snakket med')).toHaveValue('Per Olsen');
    await user.type(screen.getByLabelText('Råd fra legen'), 'Kommer innen en time');
    await user.click(screen.getByRole('button', { name: 'Lagre registreringen' }));
    expect(onRecord).toHaveBeenCalledTimes(1);
    const record = onRecord.mock.calls[0]?.[0];
    expect(record).toMatchObject({
      kind: 'contacted',
      setId: 'set-5',
      contact: { kind: 'fastlege', name: 'Per Olsen', reference: 'Practitioner/gp-1', phone: '55 55 05 11' },
      contactedAt: '2026-11-25T09:00:00.000Z',
      advice: 'Kommer innen en time',
    });
    expect(record?.kind === 'contacted' && record.isbar).toContain('NEWS2 5');
    // The form gives way to the record and a button for another contact.
    expect(screen.queryByRole('form', { name: 'Hva ble gjort?' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Registrer en ny kontakt' })).toBeInTheDocument();
  });

  it('keeps what was typed when the device store refuses, and says why', async () => {
    const { user } = setup({
      onRecord: () => Promise.reject(new Error('Lagringen på enheten er full')),
    });
    await user.click(screen.getByRole('radio', { name: 'Ikke eskalert' }));
    await user.type(screen.getByLabelText(/^Hvorfor eskalerer du ikke/), 'Avtalt med fastlegen');
    await user.click(screen.getByRole('button', { name: 'Lagre registreringen' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Lagringen på enheten er full');
    expect(screen.getByLabelText(/^Hvorfor eskalerer du ikke/)).toHaveValue('Avtalt med fastlegen');
  });

  it('lists the records already made for the set, with their sync state, instead of an empty form', () => {
    setup({
      records: [
        {
          id: 'esc-old',
          kind: 'contacted',
          patientId: kari.id,
          setId: 'set-9',
          recordedBy: { reference: 'Practitioner/p1', display: 'Ola Pleier' },
          recordedAt: '2026-11-25T08:58:00Z',
          contact: { kind: 'amk', name: 'AMK' },
          contactedAt: '2026-11-25T08:57:00Z',
          advice: 'Ambulanse sendt',
          syncState: 'confirmed',
        },
      ],
    });
    const list = screen.getByRole('list', { name: 'Registrert for denne målingen' });
    expect(list).toHaveTextContent('Lege kontaktet');
    expect(list).toHaveTextContent('AMK (113)');
    expect(list).toHaveTextContent('Ambulanse sendt');
    expect(list).toHaveTextContent('Sendt');
    expect(screen.queryByRole('form', { name: 'Hva ble gjort?' })).not.toBeInTheDocument();
  });

  it('without a signed-in clinician: whom to call and ISBAR, no record form', () => {
    setup({ caller: null });
    expect(callTitles()).toHaveLength(3);
    expect(screen.queryByRole('form', { name: 'Hva ble gjort?' })).not.toBeInTheDocument();
    expect(screen.getByText(/Kan ikke registrere/)).toBeInTheDocument();
  });
});
