// The OfflineClient's writes: each goes to the outbox first (validated by its kind), then
// Background Sync is asked for and the outbox is tried soon. Dismissing a parked write is here
// too: it is the nurse's decision about a write.
import type { SetCorrection } from '../core/correction/types';
import type { VitalSignsSet } from '../core/vitals/types';
import type { OfflineClient } from './api';
import type { ClientEnvironment } from './environment';
import type { CorrectionWrite, OutboxPayloads } from './kinds/index';
import { InvalidWriteError, type Outbox } from './outbox';
import type { Triggers } from './triggers';
import type { Vault } from './vault';

export interface WriteCommandDeps {
  outbox: Outbox;
  vault: Vault;
  env: Pick<ClientEnvironment, 'requestBackgroundSync'>;
  triggers: Pick<Triggers, 'drainSoon'>;
  /** The nurse acted (the idle lock starts over). */
  noteActivity: () => void;
}

export type WriteCommands = Pick<
  OfflineClient,
  | 'recordVitals'
  | 'recordMonitoringPlan'
  | 'recordPersonalPlan'
  | 'recordScale2Change'
  | 'recordEscalation'
  | 'correctSet'
  | 'commentSet'
  | 'dismissProblem'
>;

export function createWriteCommands(deps: WriteCommandDeps): WriteCommands {
  const { outbox, vault, env, triggers } = deps;

  /** After a write is in the outbox: Background Sync asked for, and a drain soon. */
  const sendSoon = () => {
    env.requestBackgroundSync?.();
    triggers.drainSoon(true);
  };

  /** Any write: the nurse acted; to the outbox first (validated by its kind), then a drain soon. */
  async function record<K extends keyof OutboxPayloads & string>(kind: K, payload: OutboxPayloads[K]) {
    deps.noteActivity();
    await outbox.enqueue(kind, payload);
    sendSoon();
  }

  return {
    recordVitals: (set) => record('vitals', set),
    recordMonitoringPlan: (plan) => record('monitoringPlan', plan),
    recordPersonalPlan: (plan) => record('personalPlan', plan),
    recordScale2Change: (change) => record('scale2Decision', change),
    recordEscalation: (escalation, set) => record('escalation', { record: escalation, set }),
    async correctSet({ id, correction }) {
      deps.noteActivity();
      const write = await correctionWrite(outbox, vault, id, correction);
      await outbox.enqueue('correction', write);
      sendSoon();
    },
    commentSet: (write) => record('comment', write),
    dismissProblem: (setId) => outbox.dismiss(setId),
  };
}

/** States of a set's own item in which it has not (as far as the device knows) reached the server. */
const UNSENT = new Set(['pending', 'sending', 'parked']);

/**
 * The correction as it goes to the outbox: carrying the set when the set's own item still
 * waits here (./kinds/correction.ts), so the two reach the server together or not at all.
 * Refused when a correction of the same set already waits on the device.
 */
async function correctionWrite(
  outbox: Outbox,
  vault: Vault,
  id: string,
  correction: SetCorrection,
): Promise<CorrectionWrite> {
  let set: VitalSignsSet | undefined;
  for (const item of await outbox.forPatient(correction.patientId)) {
    if (item.kind === 'correction' && item.id !== id) {
      const other = await vault.open<CorrectionWrite>(item.data);
      if (other.correction.setId === correction.setId)
        throw new InvalidWriteError('Målingen er allerede markert som registrert feil på denne enheten.');
    }
    if (item.kind === 'vitals' && item.id === correction.setId && UNSENT.has(item.state))
      set = await vault.open<VitalSignsSet>(item.data);
  }
  return set ? { id, correction, set } : { id, correction };
}
