import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { WorklistEntry } from '../../../offline/api';
import { NOW, kari } from '../../testing/fixtures';
import { Worklist } from './Worklist';

const ola = {
  id: 'pat-ola',
  name: 'Ola Nordmannsen',
  fnr: '01015012345',
  birthDate: '1950-01-01',
  gender: 'male' as const,
};
const entries: WorklistEntry[] = [
  {
    patient: kari,
    latest: { total: 6, complete: true, effectiveDateTime: '2026-11-25T05:00:00Z' },
    dueAt: '2026-11-25T06:00:00Z',
    overdue: true,
  },
  {
    patient: ola,
    latest: { total: 1, complete: true, effectiveDateTime: '2026-11-25T07:00:00Z' },
    dueAt: '2026-11-25T11:00:00Z',
    overdue: false,
  },
];

describe('Mine pasienter i dag', () => {
  it('shows latest NEWS2 with age and due or overdue', () => {
    render(
      <Worklist
        section={{ kind: 'ready', data: entries, fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        now={NOW}
        onSelect={() => {}}
        onPrefetch={async () => {}}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('NEWS2 6, målt 25.11.2026 kl. 06:00 (for 4 timer siden)');
    expect(items[0]).toHaveTextContent('Måling forfalt 25.11.2026 kl. 07:00');
    expect(items[1]).toHaveTextContent('Neste måling senest 25.11.2026 kl. 12:00');
    expect(items[1]).not.toHaveTextContent('forfalt');
  });

  it('opens a patient without putting them in the URL', async () => {
    const onSelect = vi.fn();
    render(
      <Worklist
        section={{ kind: 'ready', data: entries, fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        now={NOW}
        onSelect={onSelect}
        onPrefetch={async () => {}}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Ola Nordmannsen/ }));
    expect(onSelect).toHaveBeenCalledWith('pat-ola');
  });

  it('prepares for the round with progress', async () => {
    let finish: () => void = () => {};
    const onPrefetch = vi.fn(
      (onProgress: (p: { done: number; total: number }) => void) =>
        new Promise<void>((resolve) => {
          onProgress({ done: 1, total: 2 });
          finish = resolve;
        }),
    );
    render(<Worklist section={{ kind: 'loading' }} now={NOW} onSelect={() => {}} onPrefetch={onPrefetch} />);
    await userEvent.click(screen.getByRole('button', { name: 'Gjør klar for tur' }));
    const status = screen.getAllByRole('status')[0];
    expect(status).toHaveTextContent('Henter 1 av 2 pasienter');
    expect(within(status).getByRole('progressbar')).toHaveAttribute('value', '1');
    finish();
    expect(await screen.findByText(/Klar for tur/)).toBeInTheDocument();
  });
});

describe('Mine pasienter i dag without a list on the device', () => {
  it('fetches the list by itself', async () => {
    const onPrefetch = vi.fn(async () => {});
    render(
      <Worklist
        section={{ kind: 'loading' }}
        now={NOW}
        onSelect={() => {}}
        onPrefetch={onPrefetch}
        autoFetch
      />,
    );
    await vi.waitFor(() => expect(onPrefetch).toHaveBeenCalledOnce());
  });

  it('does not fetch when a fresh list is there', async () => {
    const onPrefetch = vi.fn(async () => {});
    render(
      <Worklist
        section={{ kind: 'ready', data: entries, fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        now={NOW}
        onSelect={() => {}}
        onPrefetch={onPrefetch}
        autoFetch
      />,
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(onPrefetch).not.toHaveBeenCalled();
  });
});
