import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fullSet } from '../../testing/fixtures';
import { ParkedSets } from './ParkedSets';

describe('parked measurements', () => {
  it('lists each refused set with the server reason and removes it only on request', async () => {
    const parked = {
      ...fullSet,
      id: 'p1',
      syncState: 'needs-attention' as const,
      problem: 'Pasienten finnes ikke',
    };
    const onDismiss = vi.fn(async () => {});
    render(
      <ParkedSets
        section={{ kind: 'ready', data: [fullSet, parked], fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        onDismiss={onDismiss}
      />,
    );
    const region = screen.getByRole('region', { name: 'Trenger oppfølging' });
    expect(region).toHaveTextContent('Årsak: Pasienten finnes ikke');
    expect(region).toHaveTextContent('Respirasjonsfrekvens: 22 /min');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(onDismiss).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: /fjern fra enheten/ }));
    expect(onDismiss).toHaveBeenCalledWith('p1');
  });

  it('shows nothing when all is sent', () => {
    const { container } = render(
      <ParkedSets
        section={{ kind: 'ready', data: [fullSet], fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        onDismiss={async () => {}}
      />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
