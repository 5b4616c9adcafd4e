// Escalation records in words (issue #11 point 3), for the panel, the history and the trend:
// whom, when and the advice, or why not; and whether the record has reached the server.
import { CONTACT_KIND_LABELS, type EscalationRecord } from '../../../core/escalation/escalation';
import type { DeviceEscalationRecord, DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDateTime } from '../../format/norwegian';
import type { HistorySet, SetAnnotations } from '../history/annotations';
import type { TrendEvent } from '../trends/series';
import { sectionData } from './sectionData';

/** "Per Olsen (fastlege)", "AMK (113)", "Vakthavende lege (annen)". */
export function contactText(record: EscalationRecord): string {
  if (record.kind !== 'contacted') return '';
  const { kind, name } = record.contact;
  if (kind === 'amk') return name === 'AMK' ? CONTACT_KIND_LABELS.amk : `${name} (AMK 113)`;
  return `${name} (${CONTACT_KIND_LABELS[kind].toLowerCase()})`;
}

/** The record after its heading: "Per Olsen (fastlege), 25.11.2026 kl. 10:12. Råd: …" or the reason. */
export function escalationRecordText(record: EscalationRecord): string {
  if (record.kind === 'not-escalated') return `Begrunnelse: ${record.reason}`;
  return `${contactText(record)}, ${formatDateTime(record.contactedAt)}. Råd: ${record.advice}`;
}

/** Where the record is: on the device, sent, or refused. */
export function syncStateText(record: DeviceEscalationRecord): string {
  switch (record.syncState) {
    case 'confirmed':
      return 'Sendt';
    case 'needs-attention':
      return `Ikke sendt – trenger oppfølging${record.problem ? `: ${record.problem}` : ''}`;
    default:
      return 'Lagret på enheten – sendes når nett er tilbake';
  }
}

type Annotation = NonNullable<SetAnnotations['escalations']>[number];

/** One record as the history's annotation (features/history/annotations.ts). */
export function asAnnotation(record: DeviceEscalationRecord): Annotation {
  const by = record.recordedBy.display ?? record.recordedBy.reference;
  const sync = record.syncState === 'confirmed' ? undefined : syncStateText(record);
  return record.kind === 'contacted'
    ? {
        outcome: 'contacted',
        at: record.contactedAt,
        by,
        to: contactText(record),
        advice: record.advice,
        ...(sync ? { sync } : {}),
      }
    : {
        outcome: 'not-escalated',
        at: record.recordedAt,
        by,
        reason: record.reason,
        ...(sync ? { sync } : {}),
      };
}

/** The vitals section with each set's escalation records (the history reads them there). */
export function vitalsWithEscalations(
  section: Section<DeviceVitalSignsSet[]>,
  escalations: Section<DeviceEscalationRecord[]> | undefined,
): Section<DeviceVitalSignsSet[]> {
  const records = sectionData(escalations);
  if (!records?.length) return section;
  if (section.kind === 'ready') return { ...section, data: withEscalations(section.data, records) };
  if (section.kind === 'unavailable' && section.cached)
    return { ...section, cached: { ...section.cached, data: withEscalations(section.cached.data, records) } };
  return section;
}

/** The sets with the escalation records about each, for the history. */
export function withEscalations(
  sets: readonly DeviceVitalSignsSet[],
  records: readonly DeviceEscalationRecord[] | undefined,
): HistorySet[] {
  if (!records?.length) return [...sets];
  const bySet = new Map<string, DeviceEscalationRecord[]>();
  for (const r of records) bySet.set(r.setId, [...(bySet.get(r.setId) ?? []), r]);
  return sets.map((s) => {
    const mine = bySet.get(s.id);
    return mine ? { ...s, escalations: mine.map(asAnnotation) } : s;
  });
}

/** The records as markers on the NEWS2 trend ("E"), at the time of the call or of the decision. */
export function escalationTrendEvents(section: Section<DeviceEscalationRecord[]> | undefined): TrendEvent[] {
  return (sectionData(section) ?? []).map((r) => {
    const sync = r.syncState === 'confirmed' ? '' : ` (${syncStateText(r).toLowerCase()})`;
    return r.kind === 'contacted'
      ? {
          t: Date.parse(r.contactedAt),
          mark: 'E',
          text: `Lege kontaktet: ${contactText(r)}. Råd: ${r.advice}${sync}`,
        }
      : { t: Date.parse(r.recordedAt), mark: 'E', text: `Ikke eskalert: ${r.reason}${sync}` };
  });
}
