// Which set still waits for a record of what was done (issue #11 point 3, DOMAIN.md §8
// "escalation is a loop"): the patient's newest usable set, when it calls for escalation
// (risk low–medium or higher), was measured within the last day, and has no escalation
// record yet. A newer set replaces it: the prompt follows the patient's state now, and an old
// set never keeps nagging. The result screen shows the panel right after saving; this is for
// the nurse who phoned first and comes back, or saved and left the page: only her own sets
// (the performer is the signed-in clinician), since she is the one who knows what was done.
import { escalationIndicated } from '../../../core/escalation/contacts';
import type { EscalationRecord } from '../../../core/escalation/escalation';
import { scoreNews2 } from '../../../core/news2/score';
import type { News2Score } from '../../../core/news2/types';
import { usableSets } from '../../../core/vitals/order';
import type { VitalSignsSet } from '../../../core/vitals/types';

/** How long after the measurement the overview asks for the record. */
export const AWAITING_ESCALATION_MS = 24 * 3_600_000;

export function setAwaitingEscalation<S extends VitalSignsSet>(
  sets: readonly S[],
  records: readonly Pick<EscalationRecord, 'setId'>[],
  now: Date,
  /** The signed-in clinician (Practitioner/…): only a set she measured is asked about. */
  by: string,
): { set: S; score: News2Score } | undefined {
  const newest = usableSets(sets, { now: now.getTime() }).at(-1);
  if (!newest || newest.performer?.reference !== by) return undefined;
  const age = now.getTime() - Date.parse(newest.effectiveDateTime);
  if (age > AWAITING_ESCALATION_MS) return undefined;
  if (records.some((r) => r.setId === newest.id)) return undefined;
  const score = scoreNews2(newest.vitals);
  return escalationIndicated(score) ? { set: newest, score } : undefined;
}
