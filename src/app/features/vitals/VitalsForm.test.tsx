import '../../testing/autoCleanup';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Scale2Decision } from '../../../core/news2/scale2';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { LocalSyncState } from '../../../offline/api';
import { isAnyFormDirty } from '../../state/dirtyForms';
import { NOW, kari, scale2Decision } from '../../testing/fixtures';
import type { SavedSet } from './SavedSetResult';
import { VitalsEntry } from './VitalsEntry';

function setup(
  opts: {
    scale2?: Scale2Decision[];
    onSave?: (s: VitalSignsSet) => Promise<void>;
    now?: () => Date;
    syncState?: LocalSyncState;
    escalation?: (saved: SavedSet) => ReactNode;
  } = {},
) {
  const saved: VitalSignsSet[] = [];
  const onSave = vi.fn(opts.onSave ?? (async (s: VitalSignsSet) => void saved.push(s)));
  let n = 0;
  render(
    <VitalsEntry
      patientId="pat-kari"
      identity={kari}
      scale2={opts.scale2 ?? []}
      performer={{ reference: 'Practitioner/p1', display: 'Ola Pleier' }}
      now={opts.now ?? (() => NOW)}
      newId={() => `set-${++n}`}
      onSave={onSave}
      syncStateOf={() => opts.syncState ?? 'pending'}
      escalation={opts.escalation}
    />,
  );
  return { saved, onSave, user: userEvent.setup() };
}

async function fillFullSet(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/Respirasjonsfrekvens/), '22');
  await user.type(screen.getByLabelText(/Oksygenmetning/), '96');
  await user.click(screen.getByRole('radio', { name: 'Luft' }));
  await user.type(screen.getByLabelText(/Systolisk/), '130');
  await user.type(screen.getByLabelText(/^Puls/), '95');
  await user.click(screen.getByRole('radio', { name: 'Våken (A)' }));
  await user.type(screen.getByLabelText(/Temperatur/), '37,2');
}

describe('Vitals entry', () => {
  it('uses tablet-friendly inputs and clear radio choices', () => {
    setup();
    expect(screen.getByLabelText(/Temperatur/)).toHaveAttribute('inputmode', 'decimal');
    expect(screen.getByLabelText(/^Puls/)).toHaveAttribute('inputmode', 'numeric');
    const acvpu = screen.getByRole('group', { name: 'Bevissthet (ACVPU)' });
    expect(within(acvpu).getAllByRole('radio')).toHaveLength(5);
    expect(screen.getByRole('group', { name: 'Luft eller oksygen' })).toBeInTheDocument();
    // The scale is never a choice on the form.
    expect(screen.queryByRole('radio', { name: /Skala/ })).not.toBeInTheDocument();
  });

  it('scores SpO2 by the Scale 2 decision in force, with who and when, and no per-set switch', async () => {
    const { user, saved } = setup({ scale2: [scale2Decision('Lege Lise', '2026-03-02T10:00:00Z')] });
    expect(screen.queryByRole('radio', { name: /Skala/ })).not.toBeInTheDocument();
    const note = screen.getByText(/SpO₂ skåres med/);
    expect(note).toHaveTextContent('SpO₂ skåres med skala 2: besluttet av Lege Lise 02.03.2026.');
    expect(note).toHaveTextContent('Skalaen endres bare med en egen beslutning under «Plan».');
    await fillFullSet(user);
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved[0]?.vitals.spo2Scale).toBe(2);
  });

  it('scores by Scale 1 once the decision has ended', async () => {
    const ended = {
      ...scale2Decision('Lege Lise', '2026-03-02T10:00:00Z'),
      endedAt: '2026-11-01T10:00:00Z',
    };
    const { user, saved } = setup({ scale2: [ended] });
    expect(screen.getByText(/SpO₂ skåres med/)).toHaveTextContent(
      'SpO₂ skåres med skala 1: ingen beslutning om skala 2 er i kraft.',
    );
    await fillFullSet(user);
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved[0]?.vitals.spo2Scale).toBe(1);
  });

  it('updates the score and risk live and saves a full set with a fresh id', async () => {
    const { user, saved } = setup();
    await fillFullSet(user);
    const live = screen.getByRole('complementary', { name: 'NEWS2 mens du skriver' });
    expect(live).toHaveTextContent('NEWS2 3');
    expect(live).toHaveTextContent('Lav risiko');
    expect(isAnyFormDirty()).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      id: 'set-1',
      patientId: 'pat-kari',
      vitals: {
        respirationRate: 22,
        spo2: 96,
        spo2Scale: 1,
        onOxygen: false,
        temperature: 37.2,
        consciousness: 'A',
      },
      performer: { reference: 'Practitioner/p1' },
    });
    expect(await screen.findByText('Lagret på enheten – sendes når nett er tilbake.')).toBeInTheDocument();
    expect(isAnyFormDirty()).toBe(false);
  });

  it('keeps the result of a set scoring 5 or more on screen, with the patient, until a new set is asked for', async () => {
    const { user, saved } = setup();
    // Respiration 26 (3), SpO2 93 (2), systolic 105 (1), pulse 112 (2), 38,4 °C (1): NEWS2 9.
    await user.type(screen.getByLabelText(/Respirasjonsfrekvens/), '26');
    await user.type(screen.getByLabelText(/Oksygenmetning/), '93');
    await user.click(screen.getByRole('radio', { name: 'Luft' }));
    await user.type(screen.getByLabelText(/Systolisk/), '105');
    await user.type(screen.getByLabelText(/^Puls/), '112');
    await user.click(screen.getByRole('radio', { name: 'Våken (A)' }));
    await user.type(screen.getByLabelText(/Temperatur/), '38,4');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));

    const result = await screen.findByRole('region', { name: 'Målingen er lagret' });
    expect(screen.getByRole('heading', { name: 'Målingen er lagret', level: 1 })).toHaveFocus();
    expect(result).toHaveTextContent('Kari Testesen · 120940 12345');
    expect(result).toHaveTextContent('NEWS2 9');
    expect(result).toHaveTextContent('Høy risiko');
    expect(result).toHaveTextContent(/Tiltak: Akutt/);
    expect(within(result).getByRole('status')).toHaveTextContent('Lagret på enheten');
    // The form is gone until the nurse asks for a new one: nothing invites a second save.
    expect(screen.queryByRole('form', { name: 'Ny måling' })).not.toBeInTheDocument();
    expect(saved).toHaveLength(1);

    await user.click(within(result).getByRole('button', { name: 'Start ny måling' }));
    expect(screen.getByRole('form', { name: 'Ny måling' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Respirasjonsfrekvens/)).toHaveValue('');
    await user.type(screen.getByLabelText(/Temperatur/), '37,0');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved.map((s) => s.id)).toEqual(['set-1', 'set-2']);
  });

  it('says "Sendt" once the server has the set', async () => {
    const { user } = setup({ syncState: 'confirmed' });
    await user.type(screen.getByLabelText(/Temperatur/), '37,0');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Sendt.');
  });

  it('gives the escalation slot the saved set and its standard score', async () => {
    const escalation = vi.fn((s: SavedSet) => <p>Eskalering for NEWS2 {s.score.total}</p>);
    const { user } = setup({ escalation });
    await fillFullSet(user);
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(await screen.findByText('Eskalering for NEWS2 3')).toBeInTheDocument();
    expect(escalation.mock.calls[0]?.[0].set.id).toBe('set-1');
  });

  it('stamps "Målt" at the moment of saving, to the second, not when the form opened', async () => {
    let clock = new Date('2026-11-25T08:00:00.000Z');
    const { user, saved } = setup({ now: () => clock });
    expect(screen.getByRole('radio', { name: /^Nå/ })).toBeChecked();
    await user.type(screen.getByLabelText(/Temperatur/), '37,1');
    // The form stood open for 25 minutes and 7.4 seconds before the nurse saved.
    clock = new Date('2026-11-25T08:25:07.400Z');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved[0]?.effectiveDateTime).toBe('2026-11-25T08:25:07.000Z');
    expect(screen.getByRole('region', { name: 'Målingen er lagret' })).toHaveTextContent(
      'Målt 25.11.2026 kl. 09:25:07 av Ola Pleier',
    );
  });

  it('stamps the entry time (recordedAt) at saving, to the second, also when "Målt" was entered', async () => {
    let clock = new Date('2026-11-25T08:00:00.000Z');
    const { user, saved } = setup({ now: () => clock });
    await user.click(screen.getByRole('radio', { name: 'Annet tidspunkt' }));
    fireEvent.change(screen.getByLabelText('Tidspunkt for målingen'), {
      target: { value: '2026-11-25T07:40:15' },
    });
    await user.type(screen.getByLabelText(/Temperatur/), '37,1');
    clock = new Date('2026-11-25T08:03:09.900Z');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved[0]?.recordedAt).toBe('2026-11-25T08:03:09.000Z');
  });

  it('saves a comment written with the set, by the nurse, at the entry time', async () => {
    const { user, saved } = setup();
    await user.type(screen.getByLabelText(/Temperatur/), '37,1');
    const comment = screen.getByRole('textbox', { name: /Kommentar \(valgfritt\)/ });
    await user.type(comment, 'Nettopp kommet inn fra kulda');
    expect(screen.getByText('28 av 500 tegn')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved[0]?.comments).toEqual([
      {
        setId: saved[0]!.id,
        patientId: 'pat-kari',
        text: 'Nettopp kommet inn fra kulda',
        author: { reference: 'Practitioner/p1', display: 'Ola Pleier' },
        writtenAt: NOW.toISOString(),
      },
    ]);
    // The result says what was saved, the comment included.
    const result = await screen.findByRole('region', { name: 'Målingen er lagret' });
    expect(result).toHaveTextContent(
      'Kommentar: Nettopp kommet inn fra kulda (Ola Pleier, 25.11.2026 kl. 10:00)',
    );
  });

  it('refuses a comment over 500 characters at the form and keeps every value', async () => {
    const { user, onSave } = setup();
    await user.type(screen.getByLabelText(/Temperatur/), '37,1');
    const comment = screen.getByRole('textbox', { name: /Kommentar/ });
    await user.click(comment);
    await user.paste('æ'.repeat(501));
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(comment).toHaveFocus();
    expect(comment).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText('Kommentaren kan være høyst 500 tegn (nå 501)').length).toBeGreaterThan(0);
    expect(screen.getByLabelText(/Temperatur/)).toHaveValue('37,1');
  });

  it('keeps a time the nurse entered, to the second', async () => {
    const { user, saved } = setup();
    await user.click(screen.getByRole('radio', { name: 'Annet tidspunkt' }));
    const when = screen.getByLabelText('Tidspunkt for målingen');
    expect(when).toHaveAttribute('step', '1');
    fireEvent.change(when, { target: { value: '2026-11-25T07:40:15' } });
    await user.type(screen.getByLabelText(/Temperatur/), '37,1');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    const expected = new Date('2026-11-25T07:40:15').toISOString();
    expect(saved[0]?.effectiveDateTime).toBe(expected);
  });

  it('saves a single measurement and shows it has no total', async () => {
    const { user, saved } = setup();
    await user.type(screen.getByLabelText(/Temperatur/), '38,4');
    expect(screen.getByRole('complementary')).toHaveTextContent('Delsum 1 – ikke en fullstendig NEWS2');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(saved[0].vitals).toEqual({ temperature: 38.4 });
  });

  it('refuses an impossible value at the field with the reason', async () => {
    const { user, onSave } = setup();
    const spo2 = screen.getByLabelText(/Oksygenmetning/);
    await user.type(spo2, '150');
    await user.tab();
    expect(spo2).toHaveAttribute('aria-invalid', 'true');
    const reason = document.getElementById(spo2.getAttribute('aria-describedby') ?? '');
    expect(reason).toHaveTextContent('Oksygenmetning kan ikke være over 100 %');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Målingen er ikke lagret');
    expect(spo2).toHaveValue('150');
  });

  it('refuses text that is not a number', async () => {
    const { user } = setup();
    const pulse = screen.getByLabelText(/^Puls/);
    await user.type(pulse, '9o');
    await user.tab();
    expect(pulse).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Puls må være et tall')).toBeInTheDocument();
  });

  it('asks for confirmation of an extreme value before saving', async () => {
    const { user, onSave, saved } = setup();
    await user.type(screen.getByLabelText(/^Puls/), '210');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(onSave).not.toHaveBeenCalled();
    const dialog = screen.getByRole('alertdialog', { name: /bekreft før lagring/ });
    expect(dialog).toHaveTextContent('Puls 210 /min er svært høy');
    await user.click(within(dialog).getByRole('button', { name: 'Verdiene er riktige – lagre' }));
    expect(saved[0].vitals).toEqual({ pulse: 210 });
  });

  it('keeps every value when saving fails', async () => {
    const { user } = setup({
      onSave: async () => {
        throw new Error('Appen er låst');
      },
    });
    await user.type(screen.getByLabelText(/Temperatur/), '37,9');
    await user.click(screen.getByRole('button', { name: 'Lagre måling' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Målingen ble ikke lagret: Appen er låst');
    expect(screen.getByLabelText(/Temperatur/)).toHaveValue('37,9');
    expect(isAnyFormDirty()).toBe(true);
  });
});
