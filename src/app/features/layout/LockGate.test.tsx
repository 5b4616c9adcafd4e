import '../../testing/autoCleanup';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeOfflineClient } from '../../testing/fakeOfflineClient';
import { LockGate } from './LockGate';

function Screens() {
  return <p>Skjermene er montert</p>;
}

describe('LockGate at start, while the PIN is asked', () => {
  it('mounts nothing behind the PIN prompt by default', async () => {
    const client = createFakeOfflineClient({ lock: 'locked' });
    render(
      <LockGate client={client}>
        <Screens />
      </LockGate>,
    );
    await screen.findByRole('heading', { name: 'Skriv PIN-koden' });
    expect(screen.queryByText('Skjermene er montert')).not.toBeInTheDocument();
  });

  it('with prepareWhileLocked mounts the screens hidden, and shows them once the PIN is accepted', async () => {
    const client = createFakeOfflineClient({ lock: 'locked' });
    render(
      <LockGate client={client} prepareWhileLocked>
        <Screens />
      </LockGate>,
    );
    await screen.findByRole('heading', { name: 'Skriv PIN-koden' });
    expect(await screen.findByText('Skjermene er montert')).not.toBeVisible();
    await userEvent.type(screen.getByLabelText('PIN-kode'), client.pin);
    await userEvent.click(screen.getByRole('button', { name: 'Lås opp' }));
    expect(screen.getByText('Skjermene er montert')).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Skriv PIN-koden' })).not.toBeInTheDocument();
  });

  it('asks to choose a PIN on first use and mounts nothing behind that form', async () => {
    const client = createFakeOfflineClient({ lock: 'setup-required' });
    render(
      <LockGate client={client} prepareWhileLocked>
        <Screens />
      </LockGate>,
    );
    await screen.findByRole('heading', { name: 'Velg PIN-kode for denne enheten' });
    expect(screen.queryByText('Skjermene er montert')).not.toBeInTheDocument();
    act(() => client.setLock('unlocked'));
    expect(screen.getByText('Skjermene er montert')).toBeVisible();
  });
});
