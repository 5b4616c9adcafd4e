import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../offline/api';
import { UnsentInMemory, unsentCount } from './UnsentInMemory';

/** What the browser does before the window closes: dispatch a cancelable beforeunload. */
function closing(): boolean {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}

describe('writes not yet sent in an online session', () => {
  it('counts what the server has not confirmed', () => {
    expect(unsentCount(null)).toBe(0);
    expect(unsentCount({ kind: 'synced', at: '2026-11-25T08:00:00Z' })).toBe(0);
    expect(unsentCount({ kind: 'offline', waiting: 2 })).toBe(2);
    expect(unsentCount({ kind: 'needs-attention', count: 1, waiting: 1 })).toBe(2);
    expect(unsentCount({ kind: 'login-required', waiting: 3 })).toBe(3);
    expect(unsentCount({ kind: 'waiting-elsewhere', elsewhere: [] })).toBe(0);
  });

  it('says they are not on this device, and asks before the window closes', () => {
    const offline: SyncStatus = { kind: 'offline', waiting: 1 };
    const { rerender } = render(<UnsentInMemory status={offline} storage="memory" />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      '1 måling er ikke sendt og ikke lagret på denne enheten. Den holdes bare i dette vinduet',
    );
    expect(closing()).toBe(true);
    // Sent: no warning, and the window closes without a question.
    rerender(<UnsentInMemory status={{ kind: 'synced', at: '2026-11-25T08:00:00Z' }} storage="memory" />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(closing()).toBe(false);
  });

  it('says nothing on a device store, where the writes survive a closed app', () => {
    render(<UnsentInMemory status={{ kind: 'offline', waiting: 2 }} storage="device" />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(closing()).toBe(false);
  });
});
