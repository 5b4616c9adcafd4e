import '../../testing/autoCleanup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DeviceVitalSignsSet, PatientView } from '../../../offline/api';
import { createFakeOfflineClient } from '../../testing/fakeOfflineClient';
import { fullSet, kari, NOW, readyView, vitalsSet } from '../../testing/fixtures';
import { renderApp, session } from '../../testing/renderApp';

const ready = (data: DeviceVitalSignsSet[]) => ({
  kind: 'ready' as const,
  data,
  fetchedAt: '2026-11-25T08:55:00Z',
  stale: false,
});

const nurse = session({
  fhirUser: 'https://app.test/fhir/4601/Practitioner/prac-1',
  userName: 'Kari Nordmann',
});

const gerica = vitalsSet({
  ...fullSet,
  id: 'set-gerica',
  effectiveDateTime: '2026-11-24T07:30:00Z',
  sourceSystem: 'Gerica',
});

function historyApp(view: Partial<PatientView> = {}) {
  const sets = [gerica, fullSet];
  const client = createFakeOfflineClient({
    views: { [kari.id]: readyView({ vitals: ready(sets), history: ready(sets), ...view }) },
  });
  const app = renderApp({ client, session: nurse, path: '/historikk' });
  return { client, ...app };
}

const rowOf = async (time: RegExp) => {
  const table = await screen.findByRole('table', { name: /Målinger, nyeste først/ });
  return within(table)
    .getAllByRole('row')
    .find((r) => time.test(within(r).queryByRole('rowheader')?.textContent ?? ''))!;
};

describe('"Marker som registrert feil" from the history', () => {
  it('asks for a reason, then for confirmation, and writes the correction to the device', async () => {
    const user = userEvent.setup();
    const { client } = historyApp();
    const row = await rowOf(/25\.11\.2026 kl\. 08:30/);
    const open = within(row).getByRole('button', {
      name: 'Marker målingen 25.11.2026 kl. 08:30 som registrert feil',
    });
    await user.click(open);
    const dialog = screen.getByRole('dialog', { name: 'Marker målingen som registrert feil' });
    // The patient and the set are in the dialog: the nurse sees what she marks.
    expect(dialog).toHaveTextContent('Kari Testesen');
    expect(dialog).toHaveTextContent('NEWS2 3');
    const reason = within(dialog).getByRole('textbox', { name: /Hvorfor er målingen feil\?/ });
    expect(reason).toHaveFocus();

    // No reason: refused at the form with core's reason, nothing written.
    await user.click(within(dialog).getByRole('button', { name: 'Gå videre' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Skriv hvorfor målingen er registrert feil');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveFocus();
    expect(client.corrections).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Feil pasient' }));
    await user.click(within(dialog).getByRole('button', { name: 'Gå videre' }));
    expect(dialog).toHaveTextContent('Grunn: Feil pasient');
    expect(dialog).toHaveTextContent(/teller da ikke lenger i NEWS2 nå/);
    const confirm = within(dialog).getByRole('button', { name: 'Ja, marker som registrert feil' });
    await waitFor(() => expect(confirm).toHaveFocus());
    await user.click(confirm);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(client.corrections).toHaveLength(1);
    expect(client.corrections[0].correction).toEqual({
      setId: 'set-full',
      patientId: kari.id,
      reason: 'Feil pasient',
      correctedBy: { reference: 'Practitioner/prac-1', display: 'Kari Nordmann' },
      correctedAt: NOW.toISOString(),
    });
    const done = screen.getByText(/Målingen er markert som registrert feil/);
    expect(done).toHaveAttribute('role', 'status');
    expect(done).toHaveFocus();
  });

  it('closes on Escape without writing, focus back on the button; keeps Tab inside the dialog', async () => {
    const user = userEvent.setup();
    const { client } = historyApp();
    const row = await rowOf(/25\.11\.2026 kl\. 08:30/);
    const open = within(row).getByRole('button', { name: /som registrert feil/ });
    await user.click(open);
    const dialog = screen.getByRole('dialog');
    const buttons = within(dialog).getAllByRole('button');
    buttons.at(-1)!.focus();
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(open).toHaveFocus();
    expect(client.corrections).toEqual([]);
  });

  it('is not offered for a set of another system, nor for one already marked', async () => {
    const marked = vitalsSet({
      ...fullSet,
      id: 'set-marked',
      effectiveDateTime: '2026-11-25T06:00:00Z',
      enteredInError: {
        setId: 'set-marked',
        patientId: kari.id,
        reason: 'Skrivefeil',
        correctedBy: { reference: 'Practitioner/p2', display: 'Ola Lege' },
        correctedAt: '2026-11-25T06:30:00Z',
      },
    });
    historyApp({ history: ready([gerica, marked, fullSet]) });
    const other = await rowOf(/24\.11\.2026/);
    expect(within(other).queryByRole('button')).toBeNull();
    const wrong = await rowOf(/25\.11\.2026 kl\. 07:00/);
    expect(within(wrong).queryByRole('button')).toBeNull();
    // Struck through with who and why, and "Registrert feil" in words.
    expect(wrong).toHaveClass('history__wrong');
    expect(within(wrong).getByRole('rowheader')).toHaveTextContent('Registrert feil');
    expect(wrong).toHaveTextContent('Registrert feil (Ola Lege, 25.11.2026 kl. 07:30): Skrivefeil');
  });

  it('shows a waiting correction and a refused one in words', async () => {
    const waiting = vitalsSet({
      ...fullSet,
      enteredInError: {
        setId: fullSet.id,
        patientId: kari.id,
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/prac-1', display: 'Kari Nordmann' },
        correctedAt: '2026-11-25T08:40:00Z',
      },
      localCorrection: { id: 'c1', syncState: 'needs-attention', problem: 'Ingen behandlingsrelasjon.' },
    });
    historyApp({ history: ready([waiting]), vitals: ready([]) });
    const row = await rowOf(/08:30/);
    expect(row).toHaveTextContent(
      'Rettingen er ikke tatt imot av serveren: Ingen behandlingsrelasjon.. Målingen teller likevel ikke.',
    );
  });
});

describe('"Legg til kommentar"', () => {
  it('counts characters, refuses over the limit at the form, saves a valid one', async () => {
    const user = userEvent.setup();
    const { client } = historyApp();
    const row = await rowOf(/08:30/);
    await user.click(
      within(row).getByRole('button', { name: 'Legg til kommentar på målingen 25.11.2026 kl. 08:30' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Legg til kommentar' });
    const field = within(dialog).getByRole('textbox', { name: /Kommentar til målingen/ });
    expect(field).toHaveFocus();
    // Typed past the limit (pasted): the counter says so and saving is refused.
    await user.click(field);
    await user.paste('x'.repeat(501));
    expect(dialog).toHaveTextContent('501 av 500 tegn – 1 for mange');
    await user.click(within(dialog).getByRole('button', { name: 'Lagre kommentar' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Kommentaren kan være høyst 500 tegn (nå 501)',
    );
    expect(client.comments).toEqual([]);
    await user.clear(field);
    await user.type(field, 'Nettopp kommet inn fra kulda');
    await user.click(within(dialog).getByRole('button', { name: 'Lagre kommentar' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(client.comments.map((c) => c.comment)).toEqual([
      {
        setId: 'set-full',
        patientId: kari.id,
        text: 'Nettopp kommet inn fra kulda',
        author: { reference: 'Practitioner/prac-1', display: 'Kari Nordmann' },
        writtenAt: NOW.toISOString(),
      },
    ]);
  });

  it('keeps the dialog open with the reason when the device refuses', async () => {
    const user = userEvent.setup();
    const { client } = historyApp();
    client.failNextChange = new Error('Enheten er låst');
    const row = await rowOf(/08:30/);
    await user.click(within(row).getByRole('button', { name: /Legg til kommentar/ }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox'), 'Målt etter trappen');
    await act(() => user.click(within(dialog).getByRole('button', { name: 'Lagre kommentar' })));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Enheten er låst');
    expect(within(dialog).getByRole('textbox')).toHaveValue('Målt etter trappen');
  });
});
