// What the outbox and the engine need to know about one kind of write. The engine is the
// same loop for every kind (oldest first; confirmed, conflict, parked, retry, login); a
// kind says how its payload is checked, keyed, written as a transaction Bundle and when the
// server's answer confirms it. See ./index.ts for the registry and src/offline/README.md
// ("Outbox kinds") for how to add one.
import type { Bundle } from '@medplum/fhirtypes';
import type { PushDecision } from '../sync/push';
import type { FhirResult } from '../sync/transport';

export interface OutboxKind<P> {
  /** Norwegian wording of this kind in the messages the nurse sees. */
  texts: {
    /** Definite form, capitalised: "Målingen". */
    the: string;
    /** The same id, other content: refused, since the server would keep only one. */
    duplicate: string;
  };
  /** Throws an InvalidWriteError (Norwegian) when the payload may not be stored; `now` is the device clock. */
  validate(payload: P, opts: { now: Date }): void;
  /**
   * The client-made id, made when the nurse acts (a UUID): the item's key in the outbox,
   * unique across kinds, and the base of the identifier each entry is created on.
   */
  id(payload: P): string;
  /** The patient the write belongs to. */
  patientId(payload: P): string;
  /**
   * The id of an earlier write whose payload this one carries and sends with its own, in
   * the same transaction (a correction carrying the set it corrects, still unsent). That
   * write is held: never sent on its own while this one waits, and it leaves the outbox
   * with this one (../outbox.ts). Stored in clear beside the item.
   */
  holds?(payload: P): string | undefined;
  /**
   * The id of an earlier write the server must have before this one (a comment on a set).
   * While that write is held by another, this one waits too, so it is never sent before
   * the set exists on the server. Stored in clear beside the item.
   */
  after?(payload: P): string | undefined;
  /**
   * The transaction Bundle. Every entry must be a conditional create (`ifNoneExist`) on a
   * client-made identifier, or an operation the server keeps idempotent itself (the set
   * operations $correct-set / $comment-set), so a resend after a lost answer never makes
   * a second copy (exactly once). Throws when the payload cannot be expressed in
   * FHIR: the item is then parked with the message, since retrying will not help.
   */
  bundle(payload: P): Bundle;
  /** The confirmation rule: the server's answer to that Bundle -> what the engine does. */
  decide(sent: Bundle, result: FhirResult): PushDecision;
  /**
   * True when a write of this kind depends on no other write and none depends on it (a
   * vital-signs set): the drain may then send its entries in one transaction with the
   * other independent writes next to it in the queue (../sync/engine.ts). Leave unset for a
   * kind that refers to an earlier write (a correction of a set) or changes how a later one
   * is read: it is then sent alone, after the writes before it are confirmed.
   */
  batchable?: boolean;
}

/**
 * Kinds by name. Method syntax above keeps a table of specific kinds assignable to this
 * one: the engine opens a payload as unknown and hands it to the kind that wrote it.
 */
export type KindTable<P = Record<string, unknown>> = { readonly [K in keyof P]: OutboxKind<P[K]> };
