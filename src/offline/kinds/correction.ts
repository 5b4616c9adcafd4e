// A correction of a set ("registrert feil", issue #11 point 4): Observation/$correct-set
// with the set id, the patient, the reason and when (core/fhir/setOperations.ts).
//
// The rule for a set still in the outbox: the correction carries the set (`set`, copied
// from the set's item when the nurse corrects it) and sends it in the same transaction,
// the set's conditional creates first, then the operation. The set's own item is held
// (kind.holds): never sent alone while the correction waits, and it leaves the outbox with
// the correction. So the server gets the set and its correction together or neither, and a
// correction that fails (parked with the server's reason) keeps the wrong set off the
// server meanwhile. Why carry rather than merely hold: a correction whose set was already
// sent (the drainer had taken it before the nurse corrected) is answered 200 for the set's
// entries, so carrying is always safe, and one transaction cannot half succeed.
import { validateSetCorrection, validateSetWithComments } from '../../core/correction/correction';
import type { SetCorrection } from '../../core/correction/types';
import { correctSetParameters, CORRECT_SET_URL } from '../../core/fhir/setOperations';
import type { VitalSignsSet } from '../../core/vitals/types';
import { InvalidWriteError } from '../outbox';
import { buildSetBundle, type ToObservations } from '../sync/push';
import type { OutboxKind } from './kind';
import { decideSetChange, operationEntry } from './setChanges';

export interface CorrectionWrite {
  /** Client-made id (a UUID made when the nurse confirms): the outbox key. */
  id: string;
  correction: SetCorrection;
  /** The set itself, when it had not reached the server when corrected (see the header). */
  set?: VitalSignsSet;
}

export function correctionKind(toObservations: ToObservations): OutboxKind<CorrectionWrite> {
  return {
    texts: {
      the: 'Rettingen',
      duplicate: 'En annen retting med samme id ligger allerede på enheten.',
    },
    validate(write, { now }) {
      const at = now.toISOString();
      if (typeof write?.id !== 'string' || !write.id) throw new InvalidWriteError('Rettingen mangler id.');
      const checked = validateSetCorrection(write.correction, { now: at });
      if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
      if (write.set !== undefined) {
        const set = validateSetWithComments(write.set, { now: at });
        if (!set.ok) throw new InvalidWriteError(set.errors.map((e) => e.message).join(' '));
        if (write.set.id !== write.correction.setId || write.set.patientId !== write.correction.patientId)
          throw new InvalidWriteError('Rettingen gjelder en annen måling enn den den bærer med seg.');
      }
    },
    id: (write) => write.id,
    patientId: (write) => write.correction.patientId,
    holds: (write) => write.set?.id,
    bundle: (write) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        ...(write.set ? (buildSetBundle(write.set, toObservations).entry ?? []) : []),
        operationEntry(CORRECT_SET_URL, correctSetParameters(write.correction)),
      ],
    }),
    decide: (sent, result) =>
      decideSetChange(sent, result, (status) => `Serveren avviste rettingen (${status}).`),
  };
}
