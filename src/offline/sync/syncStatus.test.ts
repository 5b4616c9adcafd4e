import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../api';
import { deriveSyncStatus, type SyncStatusInput } from './syncStatus';

const base: SyncStatusInput = {
  pending: 0,
  parked: 0,
  online: true,
  loginRequired: false,
  draining: false,
  lastSuccessAt: '2026-11-25T07:30:00.000Z',
};

const bergen = { server: 'https://a.example/fhir', label: 'Bergen kommune', count: 2, otherUser: false };

const cases: [string, Partial<SyncStatusInput>, SyncStatus][] = [
  ['nothing waits, online', {}, { kind: 'synced', at: '2026-11-25T07:30:00.000Z' }],
  ['nothing ever sent, nothing waits', { lastSuccessAt: undefined }, { kind: 'synced', at: undefined }],
  ['one waits, online, not yet tried', { pending: 1 }, { kind: 'syncing', waiting: 1 }],
  ['draining', { pending: 2, draining: true }, { kind: 'syncing', waiting: 2 }],
  ['offline with writes waiting', { pending: 3, online: false }, { kind: 'offline', waiting: 3 }],
  ['offline, nothing waits', { online: false }, { kind: 'offline', waiting: 0 }],
  [
    'backing off after an error',
    { pending: 1, lastError: 'Serverfeil (503).', nextTryAt: '2026-11-25T08:01:00.000Z' },
    { kind: 'retrying', waiting: 1, reason: 'Serverfeil (503).', nextTryAt: '2026-11-25T08:01:00.000Z' },
  ],
  [
    'a stale error with nothing waiting does not show',
    { lastError: 'x', nextTryAt: '2026-11-25T08:01:00.000Z' },
    { kind: 'synced', at: '2026-11-25T07:30:00.000Z' },
  ],
  [
    'login required with writes waiting',
    { pending: 2, loginRequired: true, online: false },
    { kind: 'login-required', waiting: 2 },
  ],
  ['login required, nothing waits', { loginRequired: true }, { kind: 'login-required', waiting: 0 }],
  [
    'parked items need attention, even online and empty',
    { parked: 1 },
    { kind: 'needs-attention', count: 1, waiting: 0 },
  ],
  [
    'parked and offline: attention first, waiting still counted',
    { parked: 2, pending: 1, online: false },
    { kind: 'needs-attention', count: 2, waiting: 1 },
  ],
  [
    'nothing of this login waits, but a write for another server does: said, never "synced"',
    { elsewhere: [bergen] },
    { kind: 'waiting-elsewhere', elsewhere: [bergen] },
  ],
  [
    'offline and only other servers wait: where they belong comes first',
    { elsewhere: [bergen], online: false },
    { kind: 'waiting-elsewhere', elsewhere: [bergen] },
  ],
  [
    'a login this session needs comes before writes of other servers',
    { loginRequired: true, elsewhere: [bergen] },
    { kind: 'login-required', waiting: 0 },
  ],
  [
    "this login's own writes come first",
    { pending: 1, online: false, elsewhere: [bergen] },
    { kind: 'offline', waiting: 1 },
  ],
  [
    'how many of the waiting writes are sets, when the outbox says',
    { pending: 3, pendingSets: 2, online: false },
    { kind: 'offline', waiting: 3, waitingSets: 2 },
  ],
  [
    'how many of the parked writes are sets, when the outbox says',
    { pending: 1, pendingSets: 1, parked: 2, parkedSets: 0 },
    { kind: 'needs-attention', count: 2, countSets: 0, waiting: 1, waitingSets: 1 },
  ],
  [
    'an empty store elsewhere is no news',
    { elsewhere: [{ ...bergen, count: 0 }] },
    { kind: 'synced', at: '2026-11-25T07:30:00.000Z' },
  ],
];

describe('deriveSyncStatus', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(deriveSyncStatus({ ...base, ...input })).toEqual(expected);
  });

  it('is never "synced" while anything waits or is parked', () => {
    for (const pending of [0, 1, 5])
      for (const parked of [0, 1])
        for (const online of [true, false])
          for (const loginRequired of [true, false])
            for (const draining of [true, false]) {
              const input = { ...base, pending, parked, online, loginRequired, draining };
              const s = deriveSyncStatus({ ...input, lastError: 'e', nextTryAt: 'x' });
              if (pending > 0 || parked > 0) expect(s.kind).not.toBe('synced');
              // Nor while writes of another server wait on the device.
              expect(deriveSyncStatus({ ...input, elsewhere: [bergen] }).kind).not.toBe('synced');
            }
  });
});
