// Scale 2 decisions as FHIR Flags (docs/platform-api.md, "Scale 2"): code
// `SYSTEM.flag|news2-spo2-scale-2`, author = the deciding Practitioner, period.start =
// decided at, period.end = withdrawn at (status inactive). The reason travels in the code's
// text, the one free-text slot a Flag has. Read: Varde's code or the standard alternative in
// ./plainFhirMapping.ts (SCALE2_FLAG_CODES), with the same demands on author and start.
//
// Decisions recorded in Varde (../news2/scale2Change.ts) are append-only records:
// - a start is a decision Flag as above, with the client-made identifier
//   (WORKFLOW_SYSTEM.scale2Decision) and the author's role (extension author-role);
// - an end is a Flag of its own: status inactive, period.start = when it was ended, author
//   = who ended it, code.text = why, and extension scale2-ends naming the decision it ends
//   (Flag/{id}, or by identifier). A reader that does not know the extension reads it as a
//   decision withdrawn from its start, which covers no time and changes no scale; the
//   platform also marks the ended decision inactive with period.end (a new version).
import type { Extension, Flag, Reference } from '@medplum/fhirtypes';
import type { ClinicalRole } from '../actor';
import { CLINICAL_ROLES } from '../actor';
import type { Scale2Decision } from '../news2/scale2';
import { endDecision } from '../news2/scale2Change';
import type { Scale2Change, Scale2DecisionRef } from '../news2/scale2Change';
import { FLAG_SCALE_2, SYSTEM, hasCoding } from './codes';
import { isScale2FlagCode } from './plainFhirMapping';
import { WORKFLOW_EXTENSION, WORKFLOW_SYSTEM } from './workflowCodes';

const DEFAULT_TEXT = 'NEWS2: SpO₂ skala 2';

export function scale2DecisionToFlag(decision: Scale2Decision): Flag {
  const flag: Flag = {
    resourceType: 'Flag',
    status: decision.endedAt === undefined ? 'active' : 'inactive',
    code: {
      coding: [{ system: SYSTEM.flag, code: FLAG_SCALE_2, display: 'NEWS2 SpO2 scale 2' }],
      text: decision.reason ?? DEFAULT_TEXT,
    },
    subject: { reference: `Patient/${decision.patientId}` },
    period:
      decision.endedAt === undefined
        ? { start: decision.decidedAt }
        : { start: decision.decidedAt, end: decision.endedAt },
    author: authorOf(decision.decidedBy),
  };
  if (decision.id !== undefined) flag.id = decision.id;
  if (decision.identifier !== undefined) {
    flag.identifier = [{ system: WORKFLOW_SYSTEM.scale2Decision, value: decision.identifier }];
  }
  if (decision.decidedBy.role !== undefined) flag.extension = [roleExtension(decision.decidedBy.role)];
  return flag;
}

function authorOf(actor: Scale2Decision['decidedBy']): Flag['author'] {
  return (
    actor.display === undefined
      ? { reference: actor.reference }
      : { reference: actor.reference, display: actor.display }
  ) as Flag['author'];
}

function roleExtension(role: ClinicalRole): Extension {
  return { url: WORKFLOW_EXTENSION.authorRole, valueCode: role };
}

/** The reference an end record carries to the decision it ends. */
export function scale2RefToReference(ref: Scale2DecisionRef): Reference {
  if (ref.id !== undefined) return { reference: `Flag/${ref.id}` };
  return { identifier: { system: WORKFLOW_SYSTEM.scale2Decision, value: ref.identifier } };
}

/** The decision an end record's reference names, or undefined when it names none. */
export function scale2RefFromReference(ref: Reference | undefined): Scale2DecisionRef | undefined {
  const id = /^Flag\/([A-Za-z0-9\-.]{1,64})$/.exec(ref?.reference ?? '')?.[1];
  if (id !== undefined) return { id };
  const identifier = ref?.identifier;
  if (identifier?.system === WORKFLOW_SYSTEM.scale2Decision && identifier.value) {
    return { identifier: identifier.value };
  }
  return undefined;
}

/** A recorded change (start or end) as the Flag the app writes. */
export function scale2ChangeToFlag(change: Scale2Change): Flag {
  if (change.kind === 'start') {
    return scale2DecisionToFlag({
      identifier: change.id,
      patientId: change.patientId,
      decidedBy: { ...change.by },
      decidedAt: change.at,
      reason: change.reason,
    });
  }
  return {
    resourceType: 'Flag',
    identifier: [{ system: WORKFLOW_SYSTEM.scale2Decision, value: change.id }],
    extension: [
      roleExtension(change.by.role),
      { url: WORKFLOW_EXTENSION.scale2Ends, valueReference: scale2RefToReference(change.ends) },
    ],
    status: 'inactive',
    code: {
      coding: [{ system: SYSTEM.flag, code: FLAG_SCALE_2, display: 'NEWS2 SpO2 scale 2' }],
      text: change.reason,
    },
    subject: { reference: `Patient/${change.patientId}` },
    period: { start: change.at },
    author: authorOf(change.by),
  };
}

/** True for an end record (a Flag that ends another decision). */
export function isScale2EndFlag(flag: Flag): boolean {
  return (
    hasCoding(flag.code, SYSTEM.flag, FLAG_SCALE_2) &&
    (flag.extension?.some((e) => e.url === WORKFLOW_EXTENSION.scale2Ends) ?? false)
  );
}

function patientOf(flag: Flag): string | undefined {
  return /(?:^|\/)Patient\/([^/]+)$/.exec(flag.subject?.reference ?? '')?.[1];
}

function actorOf(flag: Flag): Scale2Decision['decidedBy'] | undefined {
  const reference = flag.author?.reference;
  if (reference === undefined) return undefined;
  const actor: Scale2Decision['decidedBy'] = { reference };
  if (flag.author?.display !== undefined) actor.display = flag.author.display;
  const role = flag.extension?.find((e) => e.url === WORKFLOW_EXTENSION.authorRole)?.valueCode;
  if (CLINICAL_ROLES.includes(role as ClinicalRole)) actor.role = role as ClinicalRole;
  return actor;
}

/** An end record as read from its Flag. */
export interface Scale2EndRecord {
  ends: Scale2DecisionRef;
  patientId: string;
  at: string;
  by: Scale2Decision['decidedBy'];
  reason?: string;
}

/** An end record as read: what it ends, when, by whom and why (undefined when unreadable). */
export function scale2EndFromFlag(flag: Flag): Scale2EndRecord | undefined {
  if (!isScale2EndFlag(flag) || flag.status === 'entered-in-error') return undefined;
  const ends = scale2RefFromReference(
    flag.extension?.find((e) => e.url === WORKFLOW_EXTENSION.scale2Ends)?.valueReference,
  );
  const patientId = patientOf(flag);
  const by = actorOf(flag);
  const at = flag.period?.start;
  if (!ends || patientId === undefined || by === undefined || at === undefined) return undefined;
  const out: Scale2EndRecord = { ends, patientId, at, by };
  if (flag.code.text !== undefined && flag.code.text !== DEFAULT_TEXT) out.reason = flag.code.text;
  return out;
}

/**
 * The Scale 2 decisions among `flags`. Flags without author or start cannot show who decided
 * or when, so they are left out (Scale 1 then applies, the chart default); so are flags
 * entered in error. An inactive flag without an end date is treated as withdrawn from its start.
 * End records are not decisions: each ends the decision it names (who, when, why), whether
 * or not the platform has marked that decision inactive yet.
 */
export function scale2DecisionsFromFlags(flags: readonly Flag[]): Scale2Decision[] {
  const out: Scale2Decision[] = [];
  const ends: Scale2EndRecord[] = [];
  for (const flag of flags) {
    if (!isScale2FlagCode(flag.code) || flag.status === 'entered-in-error') continue;
    if (isScale2EndFlag(flag)) {
      const end = scale2EndFromFlag(flag);
      if (end) ends.push(end);
      continue;
    }
    const patientId = patientOf(flag);
    const decidedBy = actorOf(flag);
    const start = flag.period?.start;
    if (patientId === undefined || decidedBy === undefined || start === undefined) continue;
    const decision: Scale2Decision = { patientId, decidedBy, decidedAt: start };
    if (flag.id !== undefined) decision.id = flag.id;
    const identifier = flag.identifier?.find((i) => i.system === WORKFLOW_SYSTEM.scale2Decision)?.value;
    if (identifier !== undefined) decision.identifier = identifier;
    const text = flag.code.text;
    if (text !== undefined && text !== DEFAULT_TEXT) decision.reason = text;
    if (flag.status === 'inactive') decision.endedAt = flag.period?.end ?? start;
    else if (flag.period?.end !== undefined) decision.endedAt = flag.period.end;
    out.push(decision);
  }
  for (const end of ends) {
    for (const d of out) {
      const named =
        (end.ends.id !== undefined && end.ends.id === d.id) ||
        (end.ends.identifier !== undefined && end.ends.identifier === d.identifier);
      if (named && d.patientId === end.patientId) endDecision(d, end);
    }
  }
  return out;
}

/**
 * Decisions already read, with more Flags taken in (the server's copies of what the device
 * just wrote): a decision Flag replaces the decision with its Flag id or identifier, or is
 * added; an end record ends the decision it names. Inputs are not modified.
 */
export function mergeScale2Flags(
  decisions: readonly Scale2Decision[],
  flags: readonly Flag[],
): Scale2Decision[] {
  const out = decisions.map((d) => ({ ...d }));
  const same = (a: Scale2Decision, b: Scale2Decision) =>
    (a.id !== undefined && a.id === b.id) || (a.identifier !== undefined && a.identifier === b.identifier);
  for (const d of scale2DecisionsFromFlags(flags.filter((f) => !isScale2EndFlag(f)))) {
    const at = out.findIndex((x) => same(x, d));
    if (at < 0) out.push(d);
    else
      out[at] = {
        ...d,
        ...(out[at]!.endedBy ? { endedBy: out[at]!.endedBy, endReason: out[at]!.endReason } : {}),
      };
  }
  for (const f of flags) {
    const end = scale2EndFromFlag(f);
    if (!end) continue;
    for (const d of out) {
      const named =
        (end.ends.id !== undefined && end.ends.id === d.id) ||
        (end.ends.identifier !== undefined && end.ends.identifier === d.identifier);
      if (named && d.patientId === end.patientId) endDecision(d, end);
    }
  }
  return out;
}
