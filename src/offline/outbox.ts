// The outbox: every write lands here, sealed, before any network call. An item leaves only
// when the server has confirmed it (engine.ts) or the nurse dismisses a parked one.
import type { VitalSignsSet } from '../core/vitals/types';
import { validateVitalSignsSet } from '../core/vitals/validate';
import type { OutboxItem, OutboxState, VardeDb } from './db';
import type { Vault } from './vault';

export class InvalidWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWriteError';
  }
}

/** Core's validation (src/core/vitals/validate.ts), the rules the form and the platform apply. */
function validateSet(set: VitalSignsSet, now: Date): void {
  const checked = validateVitalSignsSet(set, { now: now.toISOString() });
  if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join(' '));
}

/**
 * Stores a set in the outbox. Recording the same set twice (same id and content) is a
 * no-op; the same id with other content is refused, because the server would keep only one.
 */
export async function enqueueVitals(db: VardeDb, vault: Vault, set: VitalSignsSet, now: Date): Promise<void> {
  validateSet(set, now);
  const existing = await db.outbox.where('id').equals(set.id).first();
  if (existing) {
    const stored = await vault.open<VitalSignsSet>(existing.data);
    if (JSON.stringify(stored) === JSON.stringify(set)) return;
    throw new InvalidWriteError('En annen måling med samme id ligger allerede på enheten.');
  }
  const data = await vault.seal(set);
  await db.outbox.add({
    id: set.id,
    patientId: set.patientId,
    kind: 'vitals',
    state: 'pending',
    createdAt: now.toISOString(),
    attempts: 0,
    data,
  });
}

const SENDABLE: OutboxState[] = ['pending', 'sending'];

/** The oldest item that may be sent. 'sending' counts: a drainer that died left it so. */
export async function nextSendable(db: VardeDb): Promise<OutboxItem | undefined> {
  return db.outbox
    .orderBy('seq')
    .filter((i) => SENDABLE.includes(i.state))
    .first();
}

export async function outboxCounts(db: VardeDb): Promise<{ pending: number; parked: number }> {
  const [pending, parked] = await Promise.all([
    db.outbox.where('state').anyOf(SENDABLE).count(),
    db.outbox.where('state').anyOf(['parked', 'conflict']).count(),
  ]);
  return { pending, parked };
}

export async function updateItem(db: VardeDb, seq: number, changes: Partial<OutboxItem>): Promise<void> {
  await db.outbox.update(seq, changes);
}

export async function removeConfirmed(db: VardeDb, seq: number): Promise<void> {
  await db.outbox.delete(seq);
}

/** Only parked or conflicting items may be dismissed, never one still waiting to be sent. */
export async function dismissProblem(db: VardeDb, setId: string): Promise<void> {
  const item = await db.outbox.where('id').equals(setId).first();
  if (!item) return;
  if (item.state !== 'parked' && item.state !== 'conflict') {
    throw new InvalidWriteError('Målingen venter fortsatt på å bli sendt og kan ikke fjernes.');
  }
  await db.outbox.delete(item.seq!);
}
