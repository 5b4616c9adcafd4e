// The OfflineClient's lock: the PIN set up and checked, the lock state watched, the key
// forgotten on demand or when idle. Unlocking also purges expired data and tries the outbox.
import type { LockState, OfflineClient } from './api';
import type { IdleLock } from './idleLock';
import type { Vault } from './vault';

export interface LockCommandDeps {
  vault: Vault;
  idle: Pick<IdleLock, 'noteActivity'>;
  /** What follows an unlock: activity noted, expired data purged, the outbox tried soon. */
  afterUnlock: () => Promise<void>;
}

export type LockCommands = Pick<
  OfflineClient,
  'lockState' | 'watchLock' | 'setupPin' | 'unlock' | 'lock' | 'noteActivity'
>;

export function createLockCommands({ vault, idle, afterUnlock }: LockCommandDeps): LockCommands {
  return {
    lockState: (): Promise<LockState> => vault.state(),
    watchLock(onChange) {
      let closed = false;
      const emit = () => void vault.state().then((s) => !closed && onChange(s));
      emit();
      const off = vault.onChange(emit);
      return () => {
        closed = true;
        off();
      };
    },
    async setupPin(pin) {
      validatePin(pin);
      await vault.setup(pin);
      await afterUnlock();
    },
    async unlock(pin) {
      const ok = await vault.unlock(pin);
      if (ok) await afterUnlock();
      return ok;
    },
    lock: () => vault.lock(),
    noteActivity: () => idle.noteActivity(),
  };
}

function validatePin(pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw new Error('PIN-koden må være 4 til 8 siffer.');
}
