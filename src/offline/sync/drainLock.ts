// One drainer at a time across tabs. Web Locks where the browser has them; otherwise a
// lease in IndexedDB with an expiry, so a tab that died cannot hold the outbox forever.
// IndexedDB read-write transactions on one store are serialised, which makes the
// read-then-write of the lease an atomic compare-and-set.
import { META, type VardeDb } from '../db';

export const BUSY = Symbol('busy');

export interface DrainLock {
  /** Runs fn while holding the lock, or returns BUSY at once if another drainer holds it. */
  run<T>(fn: () => Promise<T>): Promise<T | typeof BUSY>;
}

const LOCK_PREFIX = 'varde-outbox-drain';

interface LockManagerLike {
  request<T>(name: string, opts: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<T>): Promise<T>;
}

export function webLocksAvailable(): boolean {
  return typeof navigator !== 'undefined' && !!(navigator as { locks?: unknown }).locks;
}

/**
 * One Web Lock per device store: stores of other servers or users drain independently
 * (Web Locks are per origin, and one origin holds one store per server and user).
 */
export function createWebLock(
  locks: LockManagerLike = (navigator as unknown as { locks: LockManagerLike }).locks,
  storeName = '',
): DrainLock {
  const name = storeName ? `${LOCK_PREFIX}:${storeName}` : LOCK_PREFIX;
  return {
    run: (fn) => locks.request(name, { ifAvailable: true }, async (lock) => (lock ? fn() : BUSY)),
  };
}

interface Lease {
  owner: string;
  expiresAt: number;
}

export function createIdbLock(
  db: VardeDb,
  opts: { owner?: string; ttlMs?: number; now?: () => Date } = {},
): DrainLock {
  const owner = opts.owner ?? crypto.randomUUID();
  const ttlMs = opts.ttlMs ?? 30_000;
  const now = opts.now ?? (() => new Date());

  const acquire = () =>
    db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get(META.drainLock))?.value as Lease | undefined;
      const t = now().getTime();
      if (lease && lease.owner !== owner && lease.expiresAt > t) return false;
      await db.meta.put({ key: META.drainLock, value: { owner, expiresAt: t + ttlMs } satisfies Lease });
      return true;
    });

  const release = () =>
    db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get(META.drainLock))?.value as Lease | undefined;
      if (lease?.owner === owner) await db.meta.delete(META.drainLock);
    });

  return {
    async run(fn) {
      if (!(await acquire())) return BUSY;
      const renew = setInterval(() => void acquire(), Math.max(1, Math.floor(ttlMs / 3)));
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        await release();
      }
    },
  };
}

export function createDrainLock(db: VardeDb, opts?: { now?: () => Date }): DrainLock {
  return webLocksAvailable() ? createWebLock(undefined, db.name) : createIdbLock(db, opts);
}
