// An escalation record as a FHIR R4 Communication (issue #11 point 3).
//
// Why Communication and not Task: the record says what HAS happened (the nurse phoned the
// GP, who advised X; or the nurse decided not to escalate, because Y). Communication is
// "a record of a communication that has occurred", and its status `not-done` with
// `statusReason` is exactly "ikke eskalert, fordi …". A Task is a request for someone to
// act, with its own life cycle (requested, accepted, completed); tracking the doctor's
// follow-up that way can come later and would point at this record.
//
// Shape: identifier WORKFLOW_SYSTEM.escalation|{id} (conditional create); category
// news2-escalation; subject = the patient; about = the set's NEWS2 score Observation by
// identifier (vital-signs-set|{setId}/news2), or the set's parts by identifier when it is
// incomplete (no score exists); sender = the nurse; extension recorded-at.
// - contacted: status completed, medium PHONE, sent = when contacted, recipient = whom
//   (reference and/or display, extensions contact kind and phone), note = the advice
//   (authorString = whom, time = when), payload = the ISBAR text read out, if kept;
// - not escalated: status not-done, statusReason.text = the reason.
import type { Communication, Extension, Reference } from '@medplum/fhirtypes';
import type { DoctorContacted, EscalationRecord, NotEscalated } from '../escalation/escalation';
import { CONTACT_KINDS } from '../escalation/escalation';
import type { ContactKind } from '../escalation/escalation';
import { scoreNews2 } from '../news2/score';
import type { VitalSignsSet } from '../vitals/types';
import { SYSTEM, coding, hasCoding } from './codes';
import type { FromFhir } from './carePlan';
import { NEWS2_PART, VITAL_SIGNS_PARTS, partIdentifierValue } from './toObservation';
import type { VitalSignsPart } from './toObservation';
import { ESCALATION_CATEGORY, WORKFLOW_EXTENSION, WORKFLOW_SYSTEM } from './workflowCodes';

function present(set: VitalSignsSet, part: VitalSignsPart): boolean {
  const v = set.vitals;
  switch (part) {
    case 'bloodPressure':
      return v.systolicBP !== undefined || set.diastolicBP !== undefined;
    case 'onOxygen':
      return typeof v.onOxygen === 'boolean';
    default:
      return v[part] !== undefined;
  }
}

/** What the record is about: the NEWS2 score of a complete set, else the parts measured. */
function aboutSet(set: VitalSignsSet): Reference[] {
  const parts: (VitalSignsPart | typeof NEWS2_PART)[] = scoreNews2(set.vitals).complete
    ? [NEWS2_PART]
    : VITAL_SIGNS_PARTS.filter((p) => present(set, p));
  return parts.map((p) => ({
    type: 'Observation',
    identifier: { system: SYSTEM.vitalSignsSet, value: partIdentifierValue(set.id, p) },
  }));
}

/** The record as a Communication. `set` is the set it is about (its id must match). */
export function escalationToCommunication(record: EscalationRecord, set: VitalSignsSet): Communication {
  if (set.id !== record.setId || set.patientId !== record.patientId) {
    throw new RangeError(`escalation ${record.id} is not about set ${set.id}`);
  }
  const sender: Reference = { reference: record.recordedBy.reference };
  if (record.recordedBy.display !== undefined) sender.display = record.recordedBy.display;
  const c: Communication = {
    resourceType: 'Communication',
    identifier: [{ system: WORKFLOW_SYSTEM.escalation, value: record.id }],
    extension: [{ url: WORKFLOW_EXTENSION.recordedAt, valueDateTime: record.recordedAt }],
    status: record.kind === 'contacted' ? 'completed' : 'not-done',
    category: [
      { coding: [coding(WORKFLOW_SYSTEM.communicationCategory, ESCALATION_CATEGORY, 'NEWS2 escalation')] },
    ],
    subject: { reference: `Patient/${record.patientId}` },
    about: aboutSet(set),
    sender: sender as Communication['sender'],
  };
  if (record.kind === 'not-escalated') {
    c.statusReason = { text: record.reason };
    return c;
  }
  const { contact } = record;
  const recipientExt: Extension[] = [{ url: WORKFLOW_EXTENSION.contactKind, valueCode: contact.kind }];
  if (contact.phone !== undefined)
    recipientExt.push({ url: WORKFLOW_EXTENSION.contactPhone, valueString: contact.phone });
  const recipient: Reference = { extension: recipientExt, display: contact.name };
  if (contact.reference !== undefined) recipient.reference = contact.reference;
  c.medium = [{ coding: [coding(WORKFLOW_SYSTEM.participationMode, 'PHONE', 'telephone')] }];
  c.sent = record.contactedAt;
  c.recipient = [recipient as NonNullable<Communication['recipient']>[number]];
  c.note = [{ text: record.advice, time: record.contactedAt, authorString: contact.name }];
  if (record.isbar !== undefined) c.payload = [{ contentString: record.isbar }];
  return c;
}

export function isEscalationCommunication(c: Communication): boolean {
  return (
    c.category?.some((cat) => hasCoding(cat, WORKFLOW_SYSTEM.communicationCategory, ESCALATION_CATEGORY)) ??
    false
  );
}

/** The record a Communication holds, or why it cannot be read. */
export function escalationFromCommunication(c: Communication): FromFhir<EscalationRecord> {
  if (!isEscalationCommunication(c)) return { ok: false, reason: 'not a NEWS2 escalation record' };
  if (c.status === 'entered-in-error') return { ok: false, reason: 'entered in error' };
  const id = c.identifier?.find((i) => i.system === WORKFLOW_SYSTEM.escalation)?.value;
  const patientId = /(?:^|\/)Patient\/([^/]+)$/.exec(c.subject?.reference ?? '')?.[1];
  const about = c.about?.find((a) => a.identifier?.system === SYSTEM.vitalSignsSet)?.identifier?.value;
  const setId = about?.slice(0, about.lastIndexOf('/'));
  const recordedAt =
    c.extension?.find((e) => e.url === WORKFLOW_EXTENSION.recordedAt)?.valueDateTime ?? c.meta?.lastUpdated;
  const by = c.sender?.reference;
  if (!id || !patientId || !setId || !recordedAt || by === undefined) {
    return { ok: false, reason: 'no identifier, patient, set, sender or time' };
  }
  const recordedBy: EscalationRecord['recordedBy'] = { reference: by };
  if (c.sender?.display !== undefined) recordedBy.display = c.sender.display;
  const common = { id, patientId, setId, recordedBy, recordedAt };
  if (c.status === 'not-done') {
    const reason = c.statusReason?.text;
    if (!reason) return { ok: false, reason: 'not escalated without a reason' };
    const out: NotEscalated = { ...common, kind: 'not-escalated', reason };
    return { ok: true, value: out };
  }
  const r = c.recipient?.[0];
  const kind = r?.extension?.find((e) => e.url === WORKFLOW_EXTENSION.contactKind)?.valueCode as
    ContactKind | undefined;
  const name = r?.display;
  const advice = c.note?.[0]?.text;
  if (!r || !kind || !CONTACT_KINDS.includes(kind) || !name || c.sent === undefined || !advice) {
    return { ok: false, reason: 'contacted without whom, when or advice' };
  }
  const out: DoctorContacted = {
    ...common,
    kind: 'contacted',
    contact: { kind, name },
    contactedAt: c.sent,
    advice,
  };
  if (r.reference !== undefined) out.contact.reference = r.reference;
  const phone = r.extension?.find((e) => e.url === WORKFLOW_EXTENSION.contactPhone)?.valueString;
  if (phone !== undefined) out.contact.phone = phone;
  const isbar = c.payload?.[0]?.contentString;
  if (isbar !== undefined) out.isbar = isbar;
  return { ok: true, value: out };
}
