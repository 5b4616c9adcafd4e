// The escalation record (issue #11 point 3): what the nurse did after an elevated set, "lege
// kontaktet" or "ikke eskalert" with the reason. One Communication of core's shape
// (src/core/fhir/communication.ts), a conditional create on its own identifier
// `https://varde.no/fhir/sid/escalation|{id}`, so a resend after a lost answer is 200 and
// never a copy. The payload carries the set it is about, because the Communication's
// `about` names the set's NEWS2 score (complete) or its parts (incomplete).
//
// Order: the nurse saves the set before she records what she did, so the set's item is
// older and is sent first (one queue, oldest first). If the set was refused and parked,
// the platform refuses the record too ("Send målingen før eskaleringen") and it is parked
// beside it, never silently dropped.
import type { Communication } from '@medplum/fhirtypes';
import { validateEscalation, type EscalationRecord } from '../../core/escalation/escalation';
import { escalationFromCommunication, escalationToCommunication } from '../../core/fhir/communication';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import type { VitalSignsSet } from '../../core/vitals/types';
import { InvalidWriteError } from '../outbox';
import { conditionalCreate, decidePush, type ConfirmationRule } from '../sync/push';
import type { OutboxKind } from './kind';

export interface EscalationWrite {
  record: EscalationRecord;
  /** The set the record is about (record.setId), as saved on this device. */
  set: VitalSignsSet;
}

/** The record a Communication holds, for comparing ours with the server's copy. */
function recordOf(c: Communication): string {
  const r = escalationFromCommunication(c);
  return r.ok ? JSON.stringify(r.value) : `unreadable:${r.reason}`;
}

export const ESCALATION_CONFIRMATION: ConfirmationRule = {
  sameContent: (mine, theirs) =>
    theirs.resourceType === 'Communication' &&
    recordOf(theirs as Communication) === recordOf(mine as Communication),
  conflict:
    'Serveren har allerede en eskaleringsregistrering med samme id, men med annet innhold. Serverens er beholdt; kontroller registreringen.',
  refused: (status) => `Serveren avviste eskaleringsregistreringen (${status}).`,
};

export function validateEscalationWrite(write: EscalationWrite, opts: { now: Date }): void {
  const checked = validateEscalation(write.record, { now: opts.now.toISOString() });
  if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
  if (write.set?.id !== write.record.setId || write.set.patientId !== write.record.patientId) {
    throw new InvalidWriteError('Registreringen gjelder en annen måling eller pasient enn den som er valgt.');
  }
}

export const escalationKind: OutboxKind<EscalationWrite> = {
  texts: {
    the: 'Eskaleringsregistreringen',
    duplicate: 'En annen eskaleringsregistrering med samme id ligger allerede på enheten.',
  },
  validate: validateEscalationWrite,
  id: (w) => w.record.id,
  patientId: (w) => w.record.patientId,
  bundle: (w) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      conditionalCreate(escalationToCommunication(w.record, w.set), {
        system: WORKFLOW_SYSTEM.escalation,
        value: w.record.id,
      }),
    ],
  }),
  decide: (sent, result) => decidePush(sent, result, ESCALATION_CONFIRMATION),
};
