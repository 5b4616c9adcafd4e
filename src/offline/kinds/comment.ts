// A comment on a set after it was saved (issue #11 point 4): Observation/$comment-set with
// the set id, the patient, the text and when (core/fhir/setOperations.ts); the server adds
// it as Observation.note to every Observation of the set, once (a resend writes nothing).
// A comment written in the form before saving travels with the set instead (the vitals
// kind: VitalSignsSet.comments become notes of the created Observations).
//
// Order: a comment waits for its set (kind.after): while the set is held by a correction
// that carries it, the comment is not sent before them.
import { validateSetComment } from '../../core/correction/correction';
import type { SetComment } from '../../core/correction/types';
import { commentSetParameters, COMMENT_SET_URL } from '../../core/fhir/setOperations';
import { InvalidWriteError } from '../outbox';
import type { OutboxKind } from './kind';
import { decideSetChange, operationEntry } from './setChanges';

export interface CommentWrite {
  /** Client-made id (a UUID made when the nurse saves the comment): the outbox key. */
  id: string;
  comment: SetComment;
}

export function commentKind(): OutboxKind<CommentWrite> {
  return {
    texts: {
      the: 'Kommentaren',
      duplicate: 'En annen kommentar med samme id ligger allerede på enheten.',
    },
    validate(write, { now }) {
      if (typeof write?.id !== 'string' || !write.id) throw new InvalidWriteError('Kommentaren mangler id.');
      const checked = validateSetComment(write.comment, { now: now.toISOString() });
      if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
    },
    id: (write) => write.id,
    patientId: (write) => write.comment.patientId,
    after: (write) => write.comment.setId,
    bundle: (write) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [operationEntry(COMMENT_SET_URL, commentSetParameters(write.comment))],
    }),
    decide: (sent, result) =>
      decideSetChange(sent, result, (status) => `Serveren avviste kommentaren (${status}).`),
  };
}
