// The device's stores, seen from one of them: taking over a store of the old naming, and
// what waits to be sent in the stores of other servers and users. A store module (it opens
// other databases); the client uses it only through these two functions.
//
// Old naming (before schema v5): one store per municipality, `varde-{tenant}`, where the
// tenant was the token's `tenant` claim or else the last path segment of the FHIR base.
// The first session whose old name matches takes that store over: its contents move into
// the session's own store (sealed records move as they are, with the key envelope that
// opens them) and its writes are bound to the session's server by the v5 upgrade. The old
// name could not tell two servers apart, so "the session that matches it first" is the
// best knowledge there is; it is the server the nurse last used that name for.
import Dexie from 'dexie';
import { META, openVardeDb, type MetaRecord, type OutboxItem } from './db';
import type { WaitingElsewhere } from './api';
import { bindingOf, deviceStoreName, STORE_PREFIX, type StoreScope } from './storeScope';

export type Adoption = 'none' | 'adopted' | 'not-ours' | 'kept';

/** Meta records that belong to one connection or one store and are not moved. */
const NOT_MOVED = new Set<string>([META.drainLock, META.adoptedBy, META.scope]);

async function readMeta(name: string, key: string): Promise<unknown> {
  // Dynamic open: the store as it is, without declaring (and so upgrading) its schema.
  const peek = new Dexie(name);
  try {
    await peek.open();
    return ((await peek.table('meta').get(key)) as MetaRecord | undefined)?.value;
  } finally {
    peek.close();
  }
}

/**
 * Moves a store of the old naming into this scope's store, when the old store is not
 * claimed by another and this scope has no store yet (an existing store has a key of its
 * own, under which the old sealed records could not be opened). Crash-safe: the old store
 * is first marked as taken by this one, then copied, then deleted.
 */
export async function adoptLegacyStore(legacyName: string, scope: StoreScope): Promise<Adoption> {
  const name = deviceStoreName(scope);
  if (legacyName === name || !(await Dexie.exists(legacyName))) return 'none';
  const claimedBy = await readMeta(legacyName, META.adoptedBy);
  if (claimedBy !== undefined && claimedBy !== name) return 'not-ours';
  const exists = await Dexie.exists(name);
  if (exists && claimedBy !== name) return 'kept';
  if (!exists) {
    // The v5 upgrade runs here, binding the old store's writes to this scope's server.
    const legacy = openVardeDb(legacyName, scope);
    const target = openVardeDb(name, scope);
    try {
      await legacy.meta.put({ key: META.adoptedBy, value: name });
      const [sections, outbox, auditLog, meta] = await Promise.all([
        legacy.sections.toArray(),
        legacy.outbox.toArray(),
        legacy.auditLog.toArray(),
        legacy.meta.toArray(),
      ]);
      const { server, tenant } = bindingOf(scope);
      await target.transaction(
        'rw',
        [target.sections, target.outbox, target.auditLog, target.meta],
        async () => {
          await target.sections.bulkPut(sections);
          // seq kept: the queue keeps its order.
          await target.outbox.bulkAdd(
            outbox.map((i): OutboxItem => ({ ...i, server: i.server ?? server, tenant: i.tenant ?? tenant })),
          );
          await target.auditLog.bulkAdd(auditLog.map((r) => ({ ...r, server: r.server ?? server })));
          await target.meta.bulkPut(meta.filter((m) => !NOT_MOVED.has(m.key)));
          await target.meta.put({ key: META.scope, value: scope });
        },
      );
    } finally {
      legacy.close();
      target.close();
    }
  }
  await Dexie.delete(legacyName);
  return 'adopted';
}

/**
 * Writes waiting in this device's other stores (other servers, or other users), by server.
 * Only stores of the current naming are read (their scope is known); a store of the old
 * naming waits for the session that takes it over. Never throws: a store that cannot be
 * read is left out.
 */
export async function waitingInOtherStores(
  own: StoreScope,
  ownName = deviceStoreName(own),
): Promise<WaitingElsewhere[]> {
  let names: string[];
  try {
    names = (await Dexie.getDatabaseNames()).filter((n) => n.startsWith(STORE_PREFIX) && n !== ownName);
  } catch {
    return [];
  }
  const out: WaitingElsewhere[] = [];
  for (const n of names) {
    const db = new Dexie(n);
    try {
      await db.open();
      if (!db.tables.some((t) => t.name === 'outbox')) continue;
      const count = await db.table('outbox').count();
      if (count === 0) continue;
      const sets = await db
        .table('outbox')
        .filter((i: { kind?: string }) => i.kind === 'vitals')
        .count();
      const scope = ((await db.table('meta').get(META.scope)) as MetaRecord | undefined)?.value as
        StoreScope | undefined;
      const server = scope ? bindingOf(scope).server : '';
      const otherUser = scope?.user !== own.user;
      const same = out.find((w) => w.server === server && w.otherUser === otherUser);
      if (same) {
        same.count += count;
        same.sets = (same.sets ?? 0) + sets;
      } else out.push({ server, label: scope?.label, count, sets, otherUser });
    } catch {
      // Another version's store, or one being deleted: not ours to judge.
    } finally {
      db.close();
    }
  }
  return out;
}
