// The outbox: every write lands here, sealed, before any network call. An item leaves only
// when the server has confirmed it (./sync/engine.ts) or the nurse dismisses a parked one.
// A store module: the only code that touches the `outbox` table.
//
// Each item is bound to the server (FHIR base) and tenant it was recorded for. The queue
// this module hands the engine holds only the items of its own server: an item of another
// server stays, untouched, and is reported by elsewhere() so the status can say where it
// belongs.
import type { Bundle } from '@medplum/fhirtypes';
import { validateSetWithComments } from '../core/correction/correction';
import type { VitalSignsSet } from '../core/vitals/types';
import type { OutboxItem, OutboxState, VardeDb } from './db';
import type { KindTable, OutboxPayloads } from './kinds/index';
import type { WriteBinding } from './storeScope';
import type { Vault } from './vault';

export class InvalidWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWriteError';
  }
}

/**
 * The vitals kind's check before a set is stored (./kinds/vitals.ts): core's validation
 * (src/core/vitals/validate.ts, with the comments written in the form), the rules the form
 * and the platform apply.
 */
export function validateSet(set: VitalSignsSet, opts: { now: Date }): void {
  const checked = validateSetWithComments(set, { now: opts.now.toISOString() });
  if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join(' '));
}

/** What the sync engine needs of the outbox: it never enqueues, and never opens a payload itself. */
export interface OutboxQueue {
  /**
   * The oldest item of this server that may be sent. 'sending' counts: a drainer that died
   * left it so. Items bound to another server (or to none) are never returned, nor an item
   * another one holds (it is sent inside that one), nor one that must come after a held one.
   * With `afterSeq`: the oldest such item queued after that one (the engine fills a batch so).
   */
  next(afterSeq?: number): Promise<OutboxItem | undefined>;
  /** This server's items: waiting to be sent, and parked or in conflict. */
  counts(): Promise<{ pending: number; parked: number }>;
  /**
   * Of counts(), the vital-signs sets: the status names sets "målinger", and other writes
   * (corrections, comments, escalation records, plans) otherwise.
   */
  setCounts(): Promise<{ pendingSets: number; parkedSets: number }>;
  update(seq: number, changes: Partial<OutboxItem>): Promise<void>;
  /** The server confirmed the item: it leaves the outbox, with the item it holds (sent inside it). */
  remove(seq: number): Promise<void>;
  /**
   * update() and remove() of several items in one store transaction (the writes the engine
   * sent in one Bundle): one change for the live views instead of one per item.
   */
  apply(changes: {
    update?: { seq: number; changes: Partial<OutboxItem> }[];
    remove?: number[];
  }): Promise<void>;
}

export interface Outbox<P = OutboxPayloads> extends OutboxQueue {
  /**
   * Stores a write of a registered kind (./kinds/index.ts), validated and sealed. Storing
   * the same write twice (same id and content) is a no-op; the same id with other content
   * is refused, because the server would keep only one.
   */
  enqueue<K extends keyof P & string>(kind: K, payload: P[K]): Promise<void>;
  /**
   * Only parked or conflicting items may be dismissed, never one still waiting to be sent.
   * An item that holds another (a refused correction carrying its unsent set) takes that
   * one with it: the set was marked wrong, and it must not go to the server alone.
   */
  dismiss(id: string): Promise<void>;
  forPatient(patientId: string): Promise<OutboxItem[]>;
  all(): Promise<OutboxItem[]>;
  /** Every item on the device in this store, whatever its server. */
  count(): Promise<number>;
  /** Items bound to another server (server '' for items bound to none), per server. */
  elsewhere(): Promise<{ server: string; tenant?: string; count: number; sets: number }[]>;
}

const SENDABLE: OutboxState[] = ['pending', 'sending'];
const PARKED: OutboxState[] = ['parked', 'conflict'];
/** The kind of a vital-signs set (./kinds/vitals.ts); the status counts these as "målinger". */
const VITALS_KIND: keyof OutboxPayloads = 'vitals';

/**
 * The server did not grant the write (the token's scope has no create permission for a
 * resource type the write holds): it is refused before it is stored, so the outbox never
 * holds a write that can never be sent.
 */
export class WriteNotGrantedError extends InvalidWriteError {
  constructor(
    readonly resourceTypes: string[],
    the: string,
  ) {
    super(
      `${the} kan ikke lagres: serveren har ikke gitt Varde lov til å skrive dette (${resourceTypes.join(', ')}). Ingenting er lagret på enheten.`,
    );
    this.name = 'WriteNotGrantedError';
  }
}

/**
 * The resource types a write would create, read from its kind's Bundle; [] when it cannot be
 * built. An operation on a type (`Observation/$correct-set` with a Parameters body) writes
 * that type: the type is the first segment of the entry's request.url when it has one.
 */
function resourceTypesOf(build: () => Bundle): string[] {
  try {
    return [
      ...new Set(
        (build().entry ?? [])
          .map((e) => e.request?.url?.split(/[/?]/)[0] || e.resource?.resourceType)
          .filter((t): t is NonNullable<typeof t> => !!t),
      ),
    ];
  } catch {
    // A write that cannot be expressed is parked at send time with its own message.
    return [];
  }
}

export function createOutbox<P = OutboxPayloads>(
  db: VardeDb,
  vault: Vault,
  opts: {
    now: () => Date;
    kinds: KindTable<P>;
    binding: WriteBinding;
    /** Whether the session may create this resource type (the granted scope); absent: all. */
    mayWrite?: (resourceType: string) => boolean;
  },
): Outbox<P> {
  const { kinds } = opts;
  const { server, tenant } = opts.binding;
  const mine = (i: OutboxItem) => i.server === server;
  const byState = (states: OutboxState[], kind?: string) => {
    const items = db.outbox.where('[server+state]').anyOf(states.map((s) => [server, s]));
    return (kind === undefined ? items : items.filter((i) => i.kind === kind)).count();
  };
  const the = (kind: string) => (kinds as KindTable)[kind]?.texts.the ?? 'Skrivingen';
  /**
   * The item `holder` carried (sent inside it, or given up with it). One being sent right
   * now was taken by a drainer before it was held: that drainer decides its fate.
   */
  const removeHeld = (holder: OutboxItem) =>
    db.outbox
      .where('id')
      .equals(holder.holds!)
      .filter((i) => i.server === holder.server && i.state !== 'sending')
      .delete();
  const outbox: Outbox<P> = {
    async enqueue(kind, payload) {
      const k = kinds[kind];
      if (!k) throw new InvalidWriteError(`Ukjent type skriving: ${kind}.`);
      k.validate(payload, { now: opts.now() });
      const mayWrite = opts.mayWrite;
      if (mayWrite) {
        const refused = resourceTypesOf(() => k.bundle(payload)).filter((t) => !mayWrite(t));
        if (refused.length > 0) throw new WriteNotGrantedError(refused, k.texts.the);
      }
      const id = k.id(payload);
      const existing = await db.outbox.where('id').equals(id).first();
      if (existing) {
        const stored = existing.kind === kind ? await vault.open<unknown>(existing.data) : undefined;
        if (stored !== undefined && JSON.stringify(stored) === JSON.stringify(payload)) return;
        throw new InvalidWriteError(k.texts.duplicate);
      }
      const data = await vault.seal(payload);
      const holds = k.holds?.(payload);
      const after = k.after?.(payload);
      await db.outbox.add({
        id,
        patientId: k.patientId(payload),
        kind,
        server,
        ...(tenant !== undefined ? { tenant } : {}),
        state: 'pending',
        createdAt: opts.now().toISOString(),
        attempts: 0,
        ...(holds !== undefined ? { holds } : {}),
        ...(after !== undefined ? { after } : {}),
        data,
      });
    },
    async next(afterSeq) {
      const items = (await db.outbox.where('server').equals(server).toArray()).sort(
        (a, b) => (a.seq ?? 0) - (b.seq ?? 0),
      );
      const held = new Set(items.flatMap((i) => (i.holds !== undefined ? [i.holds] : [])));
      return items.find(
        (i) =>
          (afterSeq === undefined || (i.seq ?? 0) > afterSeq) &&
          SENDABLE.includes(i.state) &&
          !held.has(i.id) &&
          !(i.after !== undefined && held.has(i.after)),
      );
    },
    async counts() {
      const [pending, parked] = await Promise.all([byState(SENDABLE), byState(PARKED)]);
      return { pending, parked };
    },
    async setCounts() {
      const [pendingSets, parkedSets] = await Promise.all([
        byState(SENDABLE, VITALS_KIND),
        byState(PARKED, VITALS_KIND),
      ]);
      return { pendingSets, parkedSets };
    },
    async update(seq, changes) {
      await db.outbox.update(seq, changes);
    },
    remove: (seq) =>
      db.transaction('rw', db.outbox, async () => {
        const item = await db.outbox.get(seq);
        await db.outbox.delete(seq);
        if (item?.holds !== undefined) await removeHeld(item);
      }),
    apply: (changes) =>
      db.transaction('rw', db.outbox, async () => {
        for (const u of changes.update ?? []) await outbox.update(u.seq, u.changes);
        for (const seq of changes.remove ?? []) await outbox.remove(seq);
      }),
    async dismiss(id) {
      await db.transaction('rw', db.outbox, async () => {
        const item = await db.outbox.where('id').equals(id).first();
        if (!item) return;
        if (item.state !== 'parked' && item.state !== 'conflict') {
          throw new InvalidWriteError(
            `${the(item.kind)} venter fortsatt på å bli sendt og kan ikke fjernes.`,
          );
        }
        await db.outbox.delete(item.seq!);
        if (item.holds !== undefined) await removeHeld(item);
      });
    },
    forPatient: (patientId) => db.outbox.where('patientId').equals(patientId).toArray(),
    all: () => db.outbox.toArray(),
    count: () => db.outbox.count(),
    async elsewhere() {
      const groups = new Map<string, { server: string; tenant?: string; count: number; sets: number }>();
      await db.outbox
        .filter((i) => !mine(i))
        .each((i) => {
          const key = `${i.server ?? ''}|${i.tenant ?? ''}`;
          const g = groups.get(key) ?? { server: i.server ?? '', tenant: i.tenant, count: 0, sets: 0 };
          g.count += 1;
          if (i.kind === VITALS_KIND) g.sets += 1;
          groups.set(key, g);
        });
      return [...groups.values()];
    },
  };
  return outbox;
}
