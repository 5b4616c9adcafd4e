// The sync engine's memory (last success, last error, next try, login required), kept in
// the store so every tab shows the same status and a restart remembers a server's
// Retry-After. A store module: the only code that touches the engine's meta record.
import { getMeta, META, setMeta, type VardeDb } from '../db';

export interface EngineState {
  lastSuccessAt?: string;
  lastError?: string;
  /** Earliest time for the next automatic attempt (backoff). */
  nextTryAt?: string;
  /** The server asked us to wait until then (Retry-After); even syncNow respects it. */
  notBefore?: string;
  /** Consecutive failed attempts, the backoff exponent. */
  failures: number;
  loginRequired: boolean;
  /**
   * The last attempt got no answer at all. The status then says "offline" even where the
   * browser claims to be online: navigator.onLine is true on a network that carries no
   * traffic (a weak cell, a captive portal), and some browsers keep it true after a reload.
   */
  unreachable?: boolean;
}

export interface EngineStateStore {
  read(): Promise<EngineState>;
  /** Changes some fields atomically (read and write in one transaction). */
  patch(changes: Partial<EngineState>): Promise<void>;
}

const INITIAL: EngineState = { failures: 0, loginRequired: false };

export function createEngineStateStore(db: VardeDb): EngineStateStore {
  const read = async () => (await getMeta<EngineState>(db, META.engine)) ?? INITIAL;
  return {
    read,
    patch: (changes) =>
      db.transaction('rw', db.meta, async () => {
        await setMeta(db, META.engine, { ...(await read()), ...changes });
      }),
  };
}
