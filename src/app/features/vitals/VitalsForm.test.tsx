import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Scale2Decision } from '../../../core/news2/scale2';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { isAnyFormDirty } from '../../state/dirtyForms';
import { NOW, scale2Decision } from '../../testing/fixtures';
import { VitalsForm } from './VitalsForm';

function setup(
  opts: {
    scale2?: Scale2Decision[];
    onSave?: (s: VitalSignsSet) => Promise<void>;
  } = {},
) {
  const saved: VitalSignsSet[] = [];
  const onSave = vi.fn(opts.onSave ?? (async (s: VitalSignsSet) => void saved.push(s)));
  let n = 0;
  render(
    <VitalsForm
      patientId="pat-kari"
      scale2={opts.scale2 ?? []}
      performer={{ reference: 'Practitioner/p1', display: 'Ola Pleier' }}
      now={() => NOW}
      newId={() => `set-${++n}`}
      onSave={onSave}
      syncStateOf={() => 'pending'}
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
    // No Scale 2 decision: no Scale 2 choice.
    expect(screen.queryByRole('radio', { name: 'Skala 2' })).not.toBeInTheDocument();
  });

  it('offers Scale 2 only when it is recorded for the patient', () => {
    setup({ scale2: [scale2Decision('Lege Lise', '2026-03-02T10:00:00Z')] });
    expect(screen.getByRole('radio', { name: 'Skala 2' })).toBeChecked();
    expect(screen.getByRole('group', { name: /besluttet av Lege Lise 02.03.2026/ })).toBeInTheDocument();
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
