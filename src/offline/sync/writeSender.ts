// One write of the outbox sent on its own, and the server's decision on a write applied:
// the cache, the outbox, the engine state (the engine's step 2, ./engine.ts).
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import type { OutboxItem } from '../db';
import type { KindTable } from '../kinds/index';
import type { OutboxQueue } from '../outbox';
import { LockedError, type Vault } from '../vault';
import type { CapabilitiesSource } from './capabilities';
import type { EngineState, EngineStateStore } from './engineState';
import { backoffMs, type PushDecision } from './push';
import { sendWrite } from './sendWrite';
import type { FhirTransport } from './transport';

// A failed attempt without coverage costs nothing on the server, and the nurse who gets
// coverage back wants the queue sent at once: retry at least this often while unreachable.
export const UNREACHABLE_MAX_BACKOFF_MS = 15_000;

export type SendResult = 'sent' | 'parked' | 'retry' | 'login-required';

/** The engine state after the server answered a write (confirmed, conflict or parked). */
export const ANSWERED: Partial<EngineState> = {
  lastError: undefined,
  nextTryAt: undefined,
  failures: 0,
  loginRequired: false,
  unreachable: false,
};
/** ... and after it confirmed one. */
export const confirmedState = (t: Date): Partial<EngineState> => ({
  ...ANSWERED,
  lastSuccessAt: t.toISOString(),
  notBefore: undefined,
});

export interface WriteSenderDeps {
  outbox: OutboxQueue;
  /** Engine memory in the store (./engineState.ts). */
  state: EngineStateStore;
  vault: Vault;
  transport: FhirTransport;
  /**
   * Whether the server takes transaction Bundles (./capabilities.ts). Absent: it does (Varde's
   * platform). Without transactions each part is a conditional create of its own (./sendWrite.ts).
   */
  capabilities?: CapabilitiesSource;
  /** How each kind of write is sent and confirmed (../kinds/index.ts outboxKinds()). */
  kinds: KindTable;
  now: () => Date;
  random?: () => number;
  /**
   * Called with the server's copies of the Observations of a confirmed (or conflicting)
   * write of any kind, before the item is removed (they go to the vitals cache).
   */
  onServerObservations?: (patientId: string, observations: Observation[]) => Promise<void>;
  /**
   * Called with the server's copies of every other resource of a confirmed (or conflicting)
   * write (plans, Scale 2 Flags, an escalation record's Communication), before the item is
   * removed, so the patient's cached sections hold them until the next pull and nothing
   * vanishes from the screen.
   */
  onServerResources?: (patientId: string, resources: Resource[]) => Promise<void>;
}

export interface WriteSender {
  /** Opens one item, lets its kind build the Bundle, sends it and applies the decision. */
  sendOne(item: OutboxItem): Promise<SendResult>;
  /** Applies the kind's decision to one item: the cache, the outbox, the engine state. */
  applyDecision(item: OutboxItem, decision: PushDecision): Promise<SendResult>;
  /** The server's copies of a write's resources, to the patient's cached sections. */
  cacheServerCopy(item: OutboxItem, resources: Resource[]): Promise<void>;
}

export function createWriteSender(deps: WriteSenderDeps): WriteSender {
  const { outbox, vault, transport, now } = deps;
  const random = deps.random ?? Math.random;
  const { patch, read: readState } = deps.state;

  const park = async (item: OutboxItem, problem: string) => {
    await outbox.update(item.seq!, { state: 'parked', problem });
    return 'parked' as const;
  };
  const cacheServerCopy = async (item: OutboxItem, resources: Resource[]) => {
    const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
    if (observations.length) await deps.onServerObservations?.(item.patientId, observations);
    const others = resources.filter((r) => r.resourceType !== 'Observation');
    if (others.length) await deps.onServerResources?.(item.patientId, others);
  };

  async function sendOne(item: OutboxItem): Promise<SendResult> {
    // Every failure before the request parks the item alone: it stays, shown to the nurse,
    // and the ones behind it go on.
    const kind = deps.kinds[item.kind];
    if (!kind)
      return park(item, 'Denne versjonen av Varde kan ikke sende denne typen endring. Oppdater appen.');
    let payload: unknown;
    try {
      payload = await vault.open<unknown>(item.data);
    } catch (e) {
      if (e instanceof LockedError) throw e;
      return park(item, `${kind.texts.the} kan ikke leses på denne enheten.`);
    }
    let bundle: Bundle;
    try {
      bundle = kind.bundle(payload);
    } catch (e) {
      // A write we cannot even express in FHIR will not improve by retrying.
      return park(item, (e as Error).message);
    }
    await outbox.update(item.seq!, { state: 'sending', attempts: item.attempts + 1 });
    const result = await sendWrite(transport, deps.capabilities, bundle);
    const decision = kind.decide(bundle, result);
    return applyDecision(item, decision);
  }

  async function applyDecision(item: OutboxItem, decision: PushDecision): Promise<SendResult> {
    const t = now();
    switch (decision.kind) {
      case 'confirmed':
        await cacheServerCopy(item, decision.resources);
        await outbox.remove(item.seq!);
        await patch(confirmedState(t));
        return 'sent';
      case 'conflict':
        await cacheServerCopy(item, decision.resources);
        await outbox.update(item.seq!, { state: 'conflict', problem: decision.problem });
        await patch(ANSWERED);
        return 'parked';
      case 'parked':
        await outbox.update(item.seq!, { state: 'parked', problem: decision.problem });
        await patch(ANSWERED);
        return 'parked';
      case 'retry': {
        const s = await readState();
        const unreachable = decision.unreachable === true;
        const wait =
          decision.retryAfterMs ??
          backoffMs(
            s.failures,
            random,
            unreachable ? { baseMs: 2_000, maxMs: UNREACHABLE_MAX_BACKOFF_MS } : undefined,
          );
        const at = new Date(t.getTime() + wait).toISOString();
        await outbox.update(item.seq!, { state: 'pending' });
        await patch({
          lastError: decision.reason,
          nextTryAt: at,
          notBefore: decision.retryAfterMs !== undefined ? at : undefined,
          failures: s.failures + 1,
          unreachable,
        });
        return 'retry';
      }
      case 'login-required':
        await outbox.update(item.seq!, { state: 'pending' });
        await patch({ loginRequired: true, unreachable: false });
        return 'login-required';
      default: {
        const never: never = decision;
        return never;
      }
    }
  }

  return { sendOne, applyDecision, cacheServerCopy };
}
