import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW, kari } from '../../testing/fixtures';
import { PatientBanner } from './PatientBanner';

const ready = { kind: 'ready' as const, data: kari, fetchedAt: '2026-11-25T08:00:00Z', stale: false };

describe('Patient banner', () => {
  it('shows name, fødselsnummer, age and sex', () => {
    render(<PatientBanner identity={ready} compact={false} now={NOW} />);
    const banner = screen.getByRole('region', { name: 'Pasient' });
    expect(banner).toHaveTextContent('Kari Testesen');
    expect(banner).toHaveTextContent('120940 12345');
    expect(banner).toHaveTextContent('86 år');
    expect(banner).toHaveTextContent('Kvinne');
  });

  it('keeps a compact identity line when the EPJ shows its own banner', () => {
    render(<PatientBanner identity={ready} compact now={NOW} />);
    const banner = screen.getByRole('region', { name: 'Pasient' });
    expect(banner).toHaveTextContent('Kari Testesen · 120940 12345 · 86 år');
    expect(banner).not.toHaveTextContent('Kvinne');
  });

  it('shows the cached identity when the source is down (offline)', () => {
    render(
      <PatientBanner
        identity={{
          kind: 'unavailable',
          reason: 'frakoblet',
          cached: { data: kari, fetchedAt: '2026-11-24T08:00:00Z' },
        }}
        compact={false}
        now={NOW}
      />,
    );
    expect(screen.getByRole('region', { name: 'Pasient' })).toHaveTextContent('Kari Testesen');
    expect(screen.getByText(/Bufret identitet/)).toBeInTheDocument();
  });
});
