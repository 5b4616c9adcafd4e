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

  it('lists a refused correction and a refused comment by their own ids, and says what removing does', async () => {
    const correction = {
      setId: 'c-sent',
      patientId: fullSet.patientId,
      reason: 'Feil pasient',
      correctedBy: { reference: 'Practitioner/p1' },
      correctedAt: '2026-11-25T08:40:00Z',
    };
    // A set on the server whose correction was refused: it still counts nowhere here.
    const sent = {
      ...fullSet,
      id: 'c-sent',
      syncState: 'confirmed' as const,
      enteredInError: correction,
      localCorrection: { id: 'corr-1', syncState: 'needs-attention' as const, problem: 'Ingen tilgang' },
    };
    // A set that never left the device, held by its refused correction.
    const held = {
      ...sent,
      id: 'c-held',
      syncState: 'pending' as const,
      enteredInError: { ...correction, setId: 'c-held' },
      localCorrection: { id: 'corr-2', syncState: 'needs-attention' as const, problem: 'Ingen tilgang' },
    };
    const commented = {
      ...fullSet,
      id: 'c-comment',
      syncState: 'confirmed' as const,
      pendingComments: [
        {
          setId: 'c-comment',
          patientId: fullSet.patientId,
          text: 'Målt etter trappen',
          author: { reference: 'Practitioner/p1' },
          writtenAt: '2026-11-25T08:45:00Z',
          id: 'com-1',
          syncState: 'needs-attention' as const,
          problem: 'For lang',
        },
      ],
    };
    const onDismiss = vi.fn(async () => {});
    render(
      <ParkedSets
        section={{
          kind: 'ready',
          data: [sent, held, commented],
          fetchedAt: '2026-11-25T08:00:00Z',
          stale: false,
        }}
        onDismiss={onDismiss}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Rettingen «registrert feil» av målingen');
    expect(items[0]).toHaveTextContent('Årsak: Ingen tilgang');
    expect(items[0]).toHaveTextContent('Målingen teller ikke på denne enheten så lenge rettingen ligger her');
    expect(items[1]).toHaveTextContent('Målingen er ikke sendt, og sendes ikke uten rettingen');
    expect(items[2]).toHaveTextContent('«Målt etter trappen»');
    await userEvent.click(screen.getByRole('button', { name: /fjern målingen og rettingen/ }));
    await userEvent.click(screen.getByRole('button', { name: /fjern kommentaren/ }));
    expect(onDismiss.mock.calls).toEqual([['corr-2'], ['com-1']]);
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
