// Corrections and comments on a recorded vital-signs set (issue #11 point 4, DOMAIN.md §8).
import type { ActorRef } from '../actor';

/** A set marked "registrert feil" (FHIR entered-in-error): who, when and why. */
export interface SetCorrection {
  setId: string;
  patientId: string;
  /** Why the set is wrong, e.g. "Feil pasient" (required, Norwegian free text). */
  reason: string;
  correctedBy: ActorRef;
  /** ISO 8601 to the second. */
  correctedAt: string;
}

/** A free-text comment on a set (Observation.note), at most COMMENT_MAX_LENGTH characters. */
export interface SetComment {
  setId: string;
  patientId: string;
  text: string;
  author: ActorRef;
  /** ISO 8601 to the second. */
  writtenAt: string;
}
