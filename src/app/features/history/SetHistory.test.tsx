import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DeviceVitalSignsSet } from '../../../offline/api';
import { NOW, fullSet, vitalsSet } from '../../testing/fixtures';
import type { HistorySet } from './annotations';
import { SetHistory, historyOrder } from './SetHistory';

const ready = (data: DeviceVitalSignsSet[]) => ({
  kind: 'ready' as const,
  data,
  fetchedAt: '2026-11-25T08:55:00Z',
  stale: false,
});

// NEWS2 9, high: respiration 26 (3), SpO2 93 (2), systolic 105 (1), pulse 112 (2), 38,4 °C (1).
const high = vitalsSet({
  ...fullSet,
  id: 'high',
  effectiveDateTime: '2026-11-24T20:00:00Z',
  vitals: {
    ...fullSet.vitals,
    respirationRate: 26,
    spo2: 93,
    systolicBP: 105,
    pulse: 112,
    temperature: 38.4,
  },
});
const single = vitalsSet({ id: 'single', effectiveDateTime: '2026-11-25T08:00:00Z', vitals: { pulse: 88 } });

const rowsOf = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);

describe('set-by-set history', () => {
  it('is a table with caption and headers, newest first, each value with its sub-score and the total', () => {
    render(<SetHistory section={ready([high, fullSet, single])} scale2={[]} now={NOW} />);
    const table = screen.getByRole('table', { name: /Målinger, nyeste først/ });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Målt',
      'NEWS2',
      'Resp. /min',
      'SpO₂ %',
      'Luft/O₂',
      'Syst. BT mmHg',
      'Puls /min',
      'ACVPU',
      'Temp. °C',
      'Merknader',
    ]);
    const rows = rowsOf();
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      '25.11.2026 kl. 09:00varde',
      '25.11.2026 kl. 08:30varde, Sykepleier Ola Pleier',
      '24.11.2026 kl. 21:00varde, Sykepleier Ola Pleier',
    ]);
    const cells = (r: HTMLElement) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    // A single measurement: its value and sub-score, no total ever.
    expect(cells(rows[0] as HTMLElement)).toEqual([
      'ingen total',
      '–ikke målt',
      '–ikke målt',
      '–ikke målt',
      '–ikke målt',
      '88 0 poeng',
      '–ikke målt',
      '–ikke målt',
      '',
    ]);
    expect(cells(rows[2] as HTMLElement).slice(0, 8)).toEqual([
      '9 Høy risiko',
      '26 3 poeng',
      '93 2 poeng',
      'Luft 0 poeng',
      '105 1 poeng',
      '112 2 poeng',
      'A 0 poeng',
      '38,4 1 poeng',
    ]);
    // Colour like the paper chart, and never colour alone: the number is in the cell.
    const respiration = within(rows[2] as HTMLElement).getAllByRole('cell')[1] as HTMLElement;
    expect(respiration).toHaveClass('history__score-3');
    expect(respiration).toHaveTextContent('3 poeng');
  });

  it('orders sets of the same instant by when they were received, never by id', () => {
    const at = '2026-11-25T07:00:00Z';
    const a = vitalsSet({
      id: 'zzz',
      effectiveDateTime: at,
      receivedAt: '2026-11-25T07:01:00Z',
      vitals: { pulse: 70 },
    });
    const b = vitalsSet({
      id: 'aaa',
      effectiveDateTime: at,
      receivedAt: '2026-11-25T07:02:00Z',
      vitals: { pulse: 71 },
    });
    expect(historyOrder([a, b]).map((r) => r.set.id)).toEqual(['aaa', 'zzz']);
    expect(historyOrder([b, a]).map((r) => r.set.id)).toEqual(['aaa', 'zzz']);
  });

  it('orders sets of the same second by entry order on the device before the platform receipt', () => {
    const at = '2026-11-25T07:00:00Z';
    // Saved on the device 07:00:01 and 07:00:09, but the later one reached the platform first.
    const early = vitalsSet({
      id: 'zzz',
      effectiveDateTime: at,
      recordedAt: '2026-11-25T07:00:01Z',
      receivedAt: '2026-11-25T07:05:00Z',
      vitals: { pulse: 70 },
    });
    const late = vitalsSet({
      id: 'aaa',
      effectiveDateTime: at,
      recordedAt: '2026-11-25T07:00:09Z',
      receivedAt: '2026-11-25T07:02:00Z',
      vitals: { pulse: 71 },
    });
    expect(historyOrder([early, late]).map((r) => r.set.id)).toEqual(['aaa', 'zzz']);
    expect(historyOrder([late, early]).map((r) => r.set.id)).toEqual(['aaa', 'zzz']);
  });

  it('shows comments, corrections (struck through, with who and why), escalations and Scale 2 changes when the data carry them', () => {
    const wrong: HistorySet = {
      ...high,
      enteredInError: {
        setId: high.id,
        patientId: high.patientId,
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/p1', display: 'Kari Nordmann' },
        correctedAt: '2026-11-24T20:10:00Z',
      },
    };
    const commented: HistorySet = {
      ...fullSet,
      comments: [
        {
          setId: fullSet.id,
          patientId: fullSet.patientId,
          text: 'Pasienten kom nettopp inn fra kulda',
          author: { reference: 'Practitioner/p1', display: 'Kari Nordmann' },
          writtenAt: '2026-11-24T20:15:00Z',
        },
      ],
      vitals: { ...fullSet.vitals, spo2Scale: 2 },
      escalations: [{ outcome: 'not-escalated', reason: 'Kjent KOLS, som vanlig', by: 'Kari Nordmann' }],
    };
    render(<SetHistory section={ready([wrong, commented])} scale2={[]} now={NOW} />);
    const [newest, oldest] = rowsOf() as [HTMLElement, HTMLElement];
    expect(oldest).toHaveClass('history__wrong');
    expect(oldest).toHaveTextContent('Registrert feil (Kari Nordmann, 24.11.2026 kl. 21:10): Feil pasient');
    expect(newest).toHaveTextContent('Kommentar: Pasienten kom nettopp inn fra kulda');
    expect(newest).toHaveTextContent('Ikke eskalert: Kjent KOLS, som vanlig (Kari Nordmann)');
    expect(newest).toHaveTextContent('SpO₂-skala endret fra skala 1 til skala 2');
    expect(newest).toHaveTextContent('96 (skala 2)');
  });

  it('marks sets not yet on the server', () => {
    render(<SetHistory section={ready([{ ...fullSet, syncState: 'pending' }])} scale2={[]} now={NOW} />);
    expect(rowsOf()[0]).toHaveTextContent('Lagret på enheten – ikke sendt ennå');
  });

  it('pages a long history 50 sets at a time', async () => {
    const user = userEvent.setup();
    const year = Array.from({ length: 120 }, (_, i) =>
      vitalsSet({
        ...fullSet,
        id: `s${i}`,
        effectiveDateTime: new Date(NOW.getTime() - i * 3 * 3_600_000).toISOString(),
      }),
    );
    render(<SetHistory section={ready(year)} scale2={[]} now={NOW} />);
    expect(rowsOf()).toHaveLength(50);
    expect(screen.getAllByText('Viser 1–50 av 120 målinger')).toHaveLength(2);
    expect(screen.getByRole('table', { name: /side 1 av 3/ })).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Eldre' })[0] as HTMLElement);
    await user.click(screen.getAllByRole('button', { name: 'Eldre' })[0] as HTMLElement);
    expect(rowsOf()).toHaveLength(20);
    expect(screen.getAllByRole('button', { name: 'Eldre' })[0]).toBeDisabled();
    expect(screen.getByRole('table', { name: /side 3 av 3/ })).toBeInTheDocument();
  });

  it('words the section states like the other screens', () => {
    const { rerender } = render(
      <SetHistory
        section={{ kind: 'none-since', since: '2025-09-01', fetchedAt: NOW.toISOString(), stale: false }}
        scale2={[]}
        now={NOW}
      />,
    );
    expect(screen.getByText('Ingen registrerte målinger siden 01.09.2025.')).toBeInTheDocument();
    rerender(
      <SetHistory section={{ kind: 'denied', reason: 'Mangler tjenstlig behov' }} scale2={[]} now={NOW} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Ingen tilgang');
  });
});
