// The idle lock: forget the data key after a while without user activity, so a tablet left
// in a patient's home shows nothing until the PIN is entered again (DOMAIN.md risk 11).
import type { Vault } from './vault';

export interface IdleLock {
  /** The user did something: restart the timer (only while unlocked). */
  noteActivity(): void;
  stop(): void;
}

/** idleMs 0 turns the idle lock off. */
export function createIdleLock(vault: Vault, idleMs: number): IdleLock {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    noteActivity() {
      if (timer) clearTimeout(timer);
      if (idleMs > 0 && vault.isUnlocked()) timer = setTimeout(() => vault.lock(), idleMs);
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}
