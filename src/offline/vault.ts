// Holds the data key in memory while the device is unlocked, and its wrapped copy in the
// store. Everything that seals or opens patient data asks the vault for the key.
import {
  createSessionKey,
  createKeyEnvelope,
  DEFAULT_PBKDF2_ITERATIONS,
  openKeyEnvelope,
  rewrapEnvelope,
  seal,
  unseal,
  type KeyEnvelope,
  type Sealed,
} from './crypto';
import type { LockState } from './api';
import { getMeta, META, setMeta, type VardeDb } from './db';

export type { LockState };

export class LockedError extends Error {
  constructor() {
    super('Enheten er låst. Lås opp med PIN-koden.');
    this.name = 'LockedError';
  }
}

export interface Vault {
  state(): Promise<LockState>;
  /** First use: makes the data key and wraps it under the PIN. */
  setup(pin: string): Promise<void>;
  /** False when the PIN is wrong. */
  unlock(pin: string): Promise<boolean>;
  changePin(oldPin: string, newPin: string): Promise<boolean>;
  lock(): void;
  isUnlocked(): boolean;
  seal(value: unknown): Promise<Sealed>;
  open<T>(sealed: Sealed): Promise<T>;
  /** Forgets the key in memory and on disk. */
  destroy(): Promise<void>;
  onChange(listener: () => void): () => void;
}

interface PinAttempts {
  failures: number;
  blockedUntil?: number;
}

/** Wrong PINs allowed before tries are slowed down; kept in the store so a reload does not reset it. */
export const FREE_PIN_ATTEMPTS = 5;
const FIRST_BLOCK_MS = 30_000;

export function createVault(db: VardeDb, opts: { iterations?: number; now?: () => Date } = {}): Vault {
  const iterations = opts.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  const now = opts.now ?? (() => new Date());
  let key: CryptoKey | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());

  const requireKey = (): CryptoKey => {
    if (!key) throw new LockedError();
    return key;
  };

  return {
    async state() {
      if (key) return 'unlocked';
      const env = await getMeta<KeyEnvelope>(db, META.keyEnvelope);
      return env ? 'locked' : 'setup-required';
    },
    async setup(pin) {
      if (await getMeta<KeyEnvelope>(db, META.keyEnvelope)) {
        throw new Error('PIN-kode er allerede satt opp på denne enheten.');
      }
      const made = await createKeyEnvelope(pin, iterations);
      await setMeta(db, META.keyEnvelope, made.envelope);
      key = made.key;
      notify();
    },
    async unlock(pin) {
      // One read for both records: every IndexedDB round trip delays the first screen.
      const [envRec, attemptsRec] = await db.meta.bulkGet([META.keyEnvelope, META.pinAttempts]);
      const env = envRec?.value as KeyEnvelope | undefined;
      if (!env) return false;
      const attempts = (attemptsRec?.value as PinAttempts | undefined) ?? { failures: 0 };
      if (attempts.blockedUntil && attempts.blockedUntil > now().getTime()) return false;
      const k = await openKeyEnvelope(env, pin);
      if (!k) {
        // Slows guessing through the UI. It does not stop an attacker with a copy of the
        // disk (see crypto.ts), and it never wipes: unsent measurements must survive.
        const failures = attempts.failures + 1;
        const over = failures - FREE_PIN_ATTEMPTS;
        await setMeta(db, META.pinAttempts, {
          failures,
          blockedUntil: over >= 0 ? now().getTime() + FIRST_BLOCK_MS * 2 ** over : undefined,
        } satisfies PinAttempts);
        return false;
      }
      // A write only when there is something to reset; the usual unlock has no misses.
      if (attemptsRec) await db.meta.delete(META.pinAttempts);
      key = k;
      notify();
      return true;
    },
    async changePin(oldPin, newPin) {
      const env = await getMeta<KeyEnvelope>(db, META.keyEnvelope);
      if (!env) return false;
      const next = await rewrapEnvelope(env, oldPin, newPin);
      if (!next) return false;
      await setMeta(db, META.keyEnvelope, next);
      return true;
    },
    lock() {
      if (!key) return;
      key = null;
      notify();
    },
    isUnlocked: () => key !== null,
    // async so a locked vault rejects rather than throwing synchronously.
    seal: async (value) => seal(requireKey(), value),
    open: async <T>(sealed: Sealed) => unseal<T>(requireKey(), sealed),
    async destroy() {
      key = null;
      await db.meta.bulkDelete([META.keyEnvelope, META.pinAttempts]);
      notify();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The vault of an online session whose locking the EPJ governs (an EHR launch on a desktop,
 * its store in memory): a random data key made when the session opens, non-extractable,
 * held in memory and never wrapped or stored. There is no PIN to set or type, and the app
 * never locks on its own: lock() does nothing. destroy() (logout) forgets the key and makes a
 * new one, so nothing sealed before can be opened again.
 */
export function createSessionVault(): Vault {
  let key: CryptoKey | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const make = () =>
    createSessionKey().then((k) => {
      key = k;
      notify();
      return k;
    });
  let ready = make();
  const current = async (): Promise<CryptoKey> => key ?? ready;
  return {
    async state() {
      await current();
      return 'unlocked';
    },
    async setup() {
      throw new Error('Denne økten bruker ingen PIN-kode.');
    },
    async unlock() {
      await current();
      return true;
    },
    async changePin() {
      return false;
    },
    lock() {
      // The EPJ's session governs locking (README: configuration, ehrLaunch.lock).
    },
    isUnlocked: () => key !== null,
    seal: async (value) => seal(await current(), value),
    open: async <T>(sealed: Sealed) => unseal<T>(await current(), sealed),
    async destroy() {
      key = null;
      notify();
      ready = make();
      await ready;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
