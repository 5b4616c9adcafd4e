import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW, fullSet, vitalsSet } from '../../testing/fixtures';
import { News2WeekTrend } from './News2WeekTrend';

const ready = (data: ReturnType<typeof vitalsSet>[]) => ({
  kind: 'ready' as const,
  data,
  fetchedAt: '2026-11-25T08:55:00Z',
  stale: false,
});

// fullSet scores 3; this one scores 8 (respiration 26: 3, pulse 120: 2, 38,6 °C: 1, SpO2 95: 1, BP 105: 1).
const sick = vitalsSet({
  ...fullSet,
  id: 'sick',
  effectiveDateTime: '2026-11-23T10:00:00Z',
  vitals: {
    ...fullSet.vitals,
    respirationRate: 26,
    pulse: 120,
    temperature: 38.6,
    spo2: 95,
    systolicBP: 105,
  },
});
const tooOld = vitalsSet({ ...fullSet, id: 'old', effectiveDateTime: '2026-11-10T10:00:00Z' });
const single = vitalsSet({ id: 'single', effectiveDateTime: '2026-11-24T10:00:00Z', vitals: { pulse: 140 } });

describe('NEWS2 over the last 7 days on the overview', () => {
  it('draws the complete sets of the week on a 0–20 axis and says the same in words', () => {
    render(<News2WeekTrend section={ready([fullSet, sick, tooOld, single])} now={NOW} />);
    const chart = screen.getByRole('img');
    expect(chart).toHaveAccessibleName(
      '2 fullstendige målinger. Siste NEWS2 3 (25.11.2026 kl. 08:30), høyeste 8 (23.11.2026 kl. 11:00), laveste 3 (25.11.2026 kl. 08:30).',
    );
    // A single measurement never becomes a point of the total; the set of 10.11 is outside the week.
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent).slice(0, 5)).toEqual([
      '0',
      '5',
      '10',
      '15',
      '20',
    ]);
  });

  it('says when the week has no complete set, and shows nothing while loading', () => {
    const { rerender } = render(<News2WeekTrend section={ready([single])} now={NOW} />);
    expect(screen.getByText('Ingen fullstendige NEWS2-målinger de siste 7 døgnene.')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    rerender(<News2WeekTrend section={{ kind: 'loading' }} now={NOW} />);
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });
});
