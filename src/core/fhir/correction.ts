// Corrections and comments of a vital-signs set on the FHIR wire (issue #11 point 4).
//
// Correction = every Observation of the set (its parts and the platform's NEWS2 score,
// all sharing the set identifier `{setId}/…`) with status `entered-in-error`, plus the
// extension WORKFLOW_EXTENSION.enteredInError on each: `by` (who), `at` (when), `reason`
// (why). Why an extension and not a Provenance or a note:
// - the reason belongs to the status it explains: a client that caches or receives one
//   Observation (an incremental pull may bring a single part) can show "registrert feil av
//   X: feil pasient" without a second query (Provenance needs _revinclude, and the
//   offline cache stores Observations only);
// - Observation.note is for clinical comments; mixing the correction reason into it would
//   blur the two in the history table.
// The platform keeps its own Provenance per write (the event store), which this does not
// replace.
//
// Comment = Observation.note (Annotation: text, time, authorReference) on every
// Observation of the set, so each part read alone still carries it; the reader takes each
// distinct comment once.
import type { Annotation, Extension, Observation } from '@medplum/fhirtypes';
import type { SetComment, SetCorrection } from '../correction/types';
import { mergeComments } from '../correction/correction';
import type { VitalSignsSet } from '../vitals/types';
import { sortSetsChronologically } from '../vitals/order';
import { SYSTEM } from './codes';
import { observationsToVitalSignsSets } from './fromObservation';
import { WORKFLOW_EXTENSION } from './workflowCodes';

/** The set id and part of an Observation's Varde set identifier `{setId}/{part}`. */
export function setIdentifierOf(obs: Observation): { setId: string; part: string } | undefined {
  const value = obs.identifier?.find((i) => i.system === SYSTEM.vitalSignsSet)?.value;
  if (value === undefined) return undefined;
  const slash = value.lastIndexOf('/');
  if (slash <= 0 || slash === value.length - 1) return undefined;
  return { setId: value.slice(0, slash), part: value.slice(slash + 1) };
}

function patientIdOf(obs: Observation): string | undefined {
  return /(?:^|\/)Patient\/([^/]+)$/.exec(obs.subject?.reference ?? '')?.[1];
}

function correctionExtension(c: SetCorrection): Extension {
  const by: Extension['valueReference'] = { reference: c.correctedBy.reference };
  if (c.correctedBy.display !== undefined) by.display = c.correctedBy.display;
  return {
    url: WORKFLOW_EXTENSION.enteredInError,
    extension: [
      { url: 'reason', valueString: c.reason },
      { url: 'by', valueReference: by },
      { url: 'at', valueDateTime: c.correctedAt },
    ],
  };
}

/** True when `obs` is part of (or the NEWS2 score of) set `setId` of `patientId`. */
export function belongsToSet(obs: Observation, setId: string, patientId: string): boolean {
  return setIdentifierOf(obs)?.setId === setId && patientIdOf(obs) === patientId;
}

/**
 * The Observations of the corrected set, marked entered-in-error with who, when and why
 * (copies; Observations of other sets or patients are left out). An Observation already
 * entered-in-error keeps its first correction.
 */
export function correctSetObservations(
  observations: readonly Observation[],
  correction: SetCorrection,
): Observation[] {
  return observations
    .filter((o) => belongsToSet(o, correction.setId, correction.patientId))
    .map((o) => {
      if (o.status === 'entered-in-error' && correctionFromObservation(o) !== undefined) return o;
      const others = (o.extension ?? []).filter((e) => e.url !== WORKFLOW_EXTENSION.enteredInError);
      return { ...o, status: 'entered-in-error', extension: [...others, correctionExtension(correction)] };
    });
}

/** The correction an entered-in-error Observation carries, if it is complete. */
export function correctionFromObservation(obs: Observation): SetCorrection | undefined {
  if (obs.status !== 'entered-in-error') return undefined;
  const ext = obs.extension?.find((e) => e.url === WORKFLOW_EXTENSION.enteredInError);
  const part = (url: string) => ext?.extension?.find((e) => e.url === url);
  const reason = part('reason')?.valueString;
  const by = part('by')?.valueReference;
  const at = part('at')?.valueDateTime;
  const ids = setIdentifierOf(obs);
  const patientId = patientIdOf(obs);
  if (!reason || by?.reference === undefined || at === undefined || !ids || patientId === undefined) {
    return undefined;
  }
  const correctedBy: SetCorrection['correctedBy'] = { reference: by.reference };
  if (by.display !== undefined) correctedBy.display = by.display;
  return { setId: ids.setId, patientId, reason, correctedBy, correctedAt: at };
}

/** A comment as an Observation.note Annotation. */
export function commentToAnnotation(c: SetComment): Annotation {
  const author: Annotation['authorReference'] = { reference: c.author.reference };
  if (c.author.display !== undefined) author.display = c.author.display;
  return { text: c.text, time: c.writtenAt, authorReference: author };
}

/** The set's Observations with the comment added as a note to each (copies; others left out). */
export function commentSetObservations(
  observations: readonly Observation[],
  comment: SetComment,
): Observation[] {
  const note = commentToAnnotation(comment);
  return observations
    .filter((o) => belongsToSet(o, comment.setId, comment.patientId))
    .map((o) => {
      const same = (o.note ?? []).some(
        (n) =>
          n.text === note.text &&
          n.time === note.time &&
          n.authorReference?.reference === comment.author.reference,
      );
      return same ? o : { ...o, note: [...(o.note ?? []), { ...note }] };
    });
}

/** Every distinct comment on the sets among `observations` (notes with text, author and time). */
export function commentsFromObservations(observations: readonly Observation[]): SetComment[] {
  const out: SetComment[] = [];
  for (const obs of observations) {
    const ids = setIdentifierOf(obs);
    const patientId = patientIdOf(obs);
    if (!ids || patientId === undefined) continue;
    for (const n of obs.note ?? []) {
      const ref = n.authorReference?.reference;
      if (!n.text || ref === undefined || n.time === undefined) continue;
      const author: SetComment['author'] = { reference: ref };
      if (n.authorReference?.display !== undefined) author.display = n.authorReference.display;
      out.push({ setId: ids.setId, patientId, text: n.text, author, writtenAt: n.time });
    }
  }
  return mergeComments([], out);
}

/**
 * Observations to vital-signs sets, with what the plain mapping leaves out: comments
 * (Observation.note), entry time (Observation.issued, the earliest of the set's parts)
 * and the sets marked entered-in-error, kept with their correction for the history. Sorted
 * by measured time, then entry order (vitals/order.ts). Clinical rules skip the marked sets.
 */
export function observationsToSetsWithHistory(observations: readonly Observation[]): VitalSignsSet[] {
  // A correction concerns the whole set: one marked part marks the set.
  const corrections = new Map<string, SetCorrection>();
  for (const obs of observations) {
    const c = correctionFromObservation(obs);
    if (c === undefined) continue;
    const known = corrections.get(c.setId);
    if (known === undefined || Date.parse(c.correctedAt) < Date.parse(known.correctedAt))
      corrections.set(c.setId, c);
  }
  // Corrected parts are read as values again (the mapping skips entered-in-error), then the
  // whole set is marked.
  const readable = observations.map((o) => {
    const ids = setIdentifierOf(o);
    if (o.status !== 'entered-in-error' || !ids || !corrections.has(ids.setId) || ids.part === 'news2')
      return o;
    return { ...o, status: 'final' as const };
  });
  const comments = new Map<string, SetComment[]>();
  for (const c of commentsFromObservations(observations)) {
    comments.set(c.setId, [...(comments.get(c.setId) ?? []), c]);
  }
  const issued = new Map<string, string>();
  for (const obs of observations) {
    const ids = setIdentifierOf(obs);
    if (!ids || obs.issued === undefined || Number.isNaN(Date.parse(obs.issued))) continue;
    const known = issued.get(ids.setId);
    if (known === undefined || Date.parse(obs.issued) < Date.parse(known)) issued.set(ids.setId, obs.issued);
  }
  return sortSetsChronologically(
    observationsToVitalSignsSets(readable).map((s) => {
      const out: VitalSignsSet = { ...s };
      const correction = corrections.get(s.id);
      if (correction !== undefined && correction.patientId === s.patientId) out.enteredInError = correction;
      const mine = comments.get(s.id)?.filter((c) => c.patientId === s.patientId);
      if (mine?.length) out.comments = mine;
      const at = issued.get(s.id);
      if (at !== undefined && out.recordedAt === undefined) out.recordedAt = at;
      return out;
    }),
  );
}
