import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../offline/api';
import { SyncStatusIndicator } from './SyncStatusIndicator';

const cases: Array<[SyncStatus, RegExp]> = [
  [{ kind: 'synced', at: '2026-11-25T08:00:00Z' }, /Alt er sendt. Sist sendt 25.11.2026 kl. 09:00/],
  [{ kind: 'synced' }, /Ingenting å sende/],
  [{ kind: 'syncing', waiting: 2, waitingSets: 2 }, /Sender … \(2 målinger venter\)/],
  [{ kind: 'offline', waiting: 3, waitingSets: 3 }, /Frakoblet – 3 målinger venter/],
  [
    {
      kind: 'retrying',
      waiting: 1,
      waitingSets: 1,
      reason: 'Serveren svarte 503',
      nextTryAt: '2026-11-25T08:05:00Z',
    },
    /Sending feilet: Serveren svarte 503. Prøver igjen kl. 09:05 \(1 måling venter\)/,
  ],
  [
    // The engine's reasons are sentences of their own: one full stop, not two.
    { kind: 'retrying', waiting: 1, reason: 'Serverfeil (503).', nextTryAt: '2026-11-25T08:05:00Z' },
    /Sending feilet: Serverfeil \(503\)\. Prøver igjen kl\. 09:05/,
  ],
  [
    { kind: 'needs-attention', count: 1, countSets: 1, waiting: 0, waitingSets: 0 },
    /1 måling trenger oppfølging/,
  ],
  [
    { kind: 'login-required', waiting: 4, waitingSets: 4 },
    /Logg inn på nytt for å sende \(4 målinger venter\)/,
  ],
  [
    {
      kind: 'waiting-elsewhere',
      elsewhere: [
        { server: 'https://a.example/fhir', label: 'Bergen kommune', count: 1, sets: 1, otherUser: false },
      ],
    },
    /1 måling på denne enheten venter på å bli sendt til Bergen kommune \(https:\/\/a\.example\/fhir\)\. Logg inn der for å sende\./,
  ],
  [
    {
      kind: 'waiting-elsewhere',
      elsewhere: [
        { server: 'https://a.example/fhir', count: 2, sets: 2, otherUser: true },
        { server: 'https://b.example/fhir', count: 1, sets: 1, otherUser: true },
      ],
    },
    /3 målinger på denne enheten venter på andre servere \(https:\/\/a\.example\/fhir: 2; https:\/\/b\.example\/fhir: 1\)\. Den som registrerte dem, må logge inn der/,
  ],
  // Writes other than sets (a correction, a comment, an escalation record, a plan) are
  // never called målinger.
  [
    { kind: 'offline', waiting: 3, waitingSets: 2 },
    /Frakoblet – 2 målinger og 1 annen registrering venter, sendes når nett er tilbake/,
  ],
  [{ kind: 'syncing', waiting: 3, waitingSets: 1 }, /Sender … \(1 måling og 2 andre registreringer venter\)/],
  [{ kind: 'offline', waiting: 1, waitingSets: 0 }, /Frakoblet – 1 registrering venter/],
  [{ kind: 'login-required', waiting: 2 }, /Logg inn på nytt for å sende \(2 registreringer venter\)/],
  [
    { kind: 'needs-attention', count: 1, countSets: 0, waiting: 2, waitingSets: 2 },
    /^1 registrering trenger oppfølging \(2 målinger venter\)/,
  ],
  [
    {
      kind: 'waiting-elsewhere',
      elsewhere: [
        { server: 'https://a.example/fhir', count: 2, sets: 1, otherUser: false },
        { server: 'https://b.example/fhir', count: 1, otherUser: false },
      ],
    },
    /^3 registreringer på denne enheten venter på andre servere/,
  ],
];

describe('Sync status', () => {
  it.each(cases)('words %o', (status, text) => {
    render(<SyncStatusIndicator status={status} />);
    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toHaveTextContent(text);
  });

  it('never says synced while something waits', () => {
    render(<SyncStatusIndicator status={{ kind: 'offline', waiting: 1 }} />);
    expect(screen.getByRole('status')).not.toHaveTextContent(/Alt er sendt/);
  });

  it('offers login when the token has expired', async () => {
    const onLogin = vi.fn();
    render(<SyncStatusIndicator status={{ kind: 'login-required', waiting: 1 }} onLogin={onLogin} />);
    await userEvent.click(screen.getByRole('button', { name: 'Logg inn' }));
    expect(onLogin).toHaveBeenCalled();
  });
});
