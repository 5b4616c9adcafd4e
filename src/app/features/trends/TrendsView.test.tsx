import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { NOW, fullSet, vitalsSet } from '../../testing/fixtures';
import { TrendsView } from './TrendsView';

const older = vitalsSet({
  ...fullSet,
  id: 'older',
  effectiveDateTime: '2026-11-20T08:00:00Z',
  vitals: { ...fullSet.vitals, pulse: 135 },
  sourceSystem: 'Gerica',
});
const single = vitalsSet({ id: 'single', effectiveDateTime: '2026-11-24T20:00:00Z', vitals: { pulse: 88 } });
const section = {
  kind: 'ready' as const,
  data: [fullSet, older, single],
  fetchedAt: '2026-11-25T08:55:00Z',
  stale: false,
};

describe('Trends', () => {
  it('shows the total and each parameter, with a table alternative of value, sub-score, time and source', async () => {
    const user = userEvent.setup();
    render(<TrendsView section={section} scale={1} now={NOW} />);
    const pulse = screen.getByRole('region', { name: 'Puls (/min), 7 d' });
    expect(screen.getByRole('region', { name: 'NEWS2 total (poeng), 7 d' })).toHaveTextContent('2 målinger');
    await user.click(within(pulse).getByText('Vis verdiene som tabell'));
    const rows = within(pulse).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '25.11.2026 kl. 08:3095 /min1varde, Sykepleier Ola Pleier',
      '24.11.2026 kl. 21:0088 /min0varde',
      '20.11.2026 kl. 09:00135 /min3Gerica, Sykepleier Ola Pleier',
    ]);
  });

  it('never draws a partial sum as a NEWS2 total', async () => {
    const user = userEvent.setup();
    render(<TrendsView section={section} scale={1} now={NOW} />);
    const total = screen.getByRole('region', { name: 'NEWS2 total (poeng), 7 d' });
    await user.click(within(total).getByText('Vis verdiene som tabell'));
    expect(within(total).getAllByRole('row')).toHaveLength(3);
  });

  it('switches range and to one parameter', async () => {
    const user = userEvent.setup();
    render(<TrendsView section={section} scale={1} now={NOW} />);
    await user.click(screen.getByRole('button', { name: '24 t' }));
    expect(screen.getByRole('button', { name: '24 t' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('region', { name: 'Puls (/min), 24 t' })).toHaveTextContent('2 målinger');
    await user.click(screen.getByRole('button', { name: 'Temperatur' }));
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual([
      null,
      'Temperatur (°C), 24 t',
    ]);
    expect(screen.getByRole('region', { name: 'Temperatur (°C), 24 t' })).toBeInTheDocument();
  });

  it('shows air or oxygen, the flow and the scale with each SpO2 reading', async () => {
    const user = userEvent.setup();
    const onOxygen = vitalsSet({
      ...fullSet,
      id: 'o2',
      effectiveDateTime: '2026-11-24T10:00:00Z',
      vitals: { ...fullSet.vitals, spo2: 91, spo2Scale: 2, onOxygen: true },
      oxygenFlowLpm: 2,
    });
    render(<TrendsView section={{ ...section, data: [fullSet, onOxygen] }} scale={2} now={NOW} />);
    const spo2 = screen.getByRole('region', { name: 'Oksygenmetning (SpO₂) (%), 7 d' });
    expect(spo2).toHaveTextContent('○ luft · ◆ oksygen');
    await user.click(within(spo2).getByText('Vis verdiene som tabell'));
    expect(
      within(spo2)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Målt', 'Verdi', 'Luft eller oksygen', 'Skala', 'Poeng', 'Kilde']);
    const rows = within(spo2).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .slice(1, 4)
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['96 %', 'Luft', '1'],
      ['91 %', 'Oksygen 2 L/min', '2'],
    ]);
  });
});

describe('Trends of a long series', () => {
  // 400 sets over the year (every 21.9 hours): beyond LONG_SERIES, so drawn in plain SVG.
  const year = Array.from({ length: 400 }, (_, i) =>
    vitalsSet({
      ...fullSet,
      id: `y${i}`,
      effectiveDateTime: new Date(NOW.getTime() - (399 - i) * 21.9 * 3_600_000).toISOString(),
      vitals: { ...fullSet.vitals, pulse: i === 200 ? 140 : 60 + (i % 20) },
    }),
  );
  const yearSection = { ...section, data: year };

  it('draws one line path with keyboard access to each reading, and the table keeps every reading', async () => {
    const user = userEvent.setup();
    render(<TrendsView section={yearSection} scale={1} now={NOW} />);
    await user.click(screen.getByRole('button', { name: '1 år' }));
    const pulse = screen.getByRole('region', { name: 'Puls (/min), 1 år' });
    expect(pulse).toHaveTextContent('400 målinger');
    const chart = within(pulse).getByRole('application', { name: 'Puls (/min), 1 år' });
    expect(chart.querySelectorAll('path.trend-line')).toHaveLength(1);
    expect(chart.querySelectorAll('circle')).toHaveLength(0);
    chart.focus();
    await user.keyboard('{End}');
    expect(within(pulse).getByRole('status')).toHaveTextContent(`${60 + (399 % 20)} /min · 0 poeng`);
    await user.keyboard('{ArrowLeft}');
    expect(within(pulse).getByRole('status')).toHaveTextContent(`${60 + (398 % 20)} /min`);
    await user.keyboard('{Escape}');
    expect(within(pulse).queryByRole('status')).toBeNull();
    await user.click(within(pulse).getByText('Vis verdiene som tabell'));
    const rows = within(pulse).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(400);
    expect(rows.filter((r) => r.textContent?.includes('140 /min3'))).toHaveLength(1);
  });
});
