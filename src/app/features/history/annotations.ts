// What the set-by-set history shows beside the numbers (issue #11 point 5): comments,
// corrections, escalation records and Scale 2 changes. Comments, corrections and
// escalations are built by other parts of Varde and arrive as OPTIONAL fields on the set;
// this module is the one place that reads them, so the history renders them as soon as the
// data carry them, and shows nothing (never "none") until then. Scale 2 changes are read
// from the sets themselves and from the patient's Scale 2 decision.
import { scale2DecidedByText, type Scale2Decision } from '../../../core/news2/scale2';
import type { DeviceVitalSignsSet } from '../../../offline/api';
import { formatDate, formatDateTime } from '../../format/norwegian';

/**
 * Optional fields the history reads from a set beyond core's own (`enteredInError` and
 * `comments` on VitalSignsSet). All of them may be absent.
 */
export interface SetAnnotations {
  /** What was done after the set: a doctor contacted (whom, advice) or why not. */
  escalations?: ReadonlyArray<{
    outcome: 'contacted' | 'not-escalated';
    at?: string;
    by?: string;
    /** Whom was contacted (contacted). */
    to?: string;
    advice?: string;
    /** Why not (not-escalated). */
    reason?: string;
    /** Not yet on the server: where the record is ("Lagret på enheten – …"). */
    sync?: string;
  }>;
}

export type HistorySet = DeviceVitalSignsSet & SetAnnotations;

export type MarkerKind = 'correction' | 'comment' | 'escalation' | 'scale' | 'sync';

export interface Marker {
  kind: MarkerKind;
  /** Norwegian text, complete without colour or icon. */
  text: string;
}

const who = (by?: string, at?: string) =>
  [by, at ? formatDateTime(at) : undefined].filter(Boolean).join(', ');

/**
 * The markers of one set, in reading order. `older` is the set measured just before it (to
 * see a change of SpO2 scale), `decisions` the patient's Scale 2 decisions: a decision taken
 * or ended between the older set and this one is marked on this one.
 */
export function markersOf(
  set: HistorySet,
  older: HistorySet | undefined,
  decisions: readonly Scale2Decision[] | undefined,
): Marker[] {
  const out: Marker[] = [];
  if (set.enteredInError) {
    const c = set.enteredInError;
    const by = who(c.correctedBy.display ?? c.correctedBy.reference, c.correctedAt);
    out.push({
      kind: 'correction',
      text: `Registrert feil${by ? ` (${by})` : ''}: ${c.reason}`,
    });
  }
  if (set.localCorrection) {
    const l = set.localCorrection;
    out.push({
      kind: 'sync',
      text:
        l.syncState === 'needs-attention'
          ? `Rettingen er ikke tatt imot av serveren${l.problem ? `: ${l.problem}` : ''}. Målingen teller likevel ikke.`
          : 'Rettingen er lagret på enheten – ikke sendt ennå',
    });
  }
  for (const c of set.comments ?? []) {
    const by = who(c.author.display ?? c.author.reference, c.writtenAt);
    out.push({ kind: 'comment', text: `Kommentar: ${c.text}${by ? ` (${by})` : ''}` });
  }
  for (const c of set.pendingComments ?? []) {
    const by = who(c.author.display ?? c.author.reference, c.writtenAt);
    const state =
      c.syncState === 'needs-attention'
        ? `ikke tatt imot av serveren${c.problem ? `: ${c.problem}` : ''}`
        : 'lagret på enheten, ikke sendt ennå';
    out.push({ kind: 'comment', text: `Kommentar: ${c.text}${by ? ` (${by})` : ''} – ${state}` });
  }
  for (const e of set.escalations ?? []) {
    const by = who(e.by, e.at);
    out.push({
      kind: 'escalation',
      text:
        e.outcome === 'contacted'
          ? `Lege kontaktet${e.to ? `: ${e.to}` : ''}${e.advice ? `. Råd: ${e.advice}` : ''}${by ? ` (${by})` : ''}${e.sync ? `. ${e.sync}` : ''}`
          : `Ikke eskalert: ${e.reason ?? 'grunn ikke oppgitt'}${by ? ` (${by})` : ''}${e.sync ? `. ${e.sync}` : ''}`,
    });
  }
  const scale = set.vitals.spo2 === undefined ? undefined : (set.vitals.spo2Scale ?? 1);
  const olderScale = older?.vitals.spo2 === undefined ? undefined : (older.vitals.spo2Scale ?? 1);
  if (scale !== undefined && olderScale !== undefined && scale !== olderScale)
    out.push({ kind: 'scale', text: `SpO₂-skala endret fra skala ${olderScale} til skala ${scale}` });
  const between = (at: string | undefined) =>
    at !== undefined &&
    Date.parse(set.effectiveDateTime) >= Date.parse(at) &&
    (!older || Date.parse(older.effectiveDateTime) < Date.parse(at));
  for (const d of decisions ?? []) {
    if (between(d.decidedAt))
      out.push({
        kind: 'scale',
        text: `Skala 2 besluttet av ${scale2DecidedByText(d)} ${formatDate(d.decidedAt)}${d.reason ? `: ${d.reason}` : ''}`,
      });
    if (between(d.endedAt)) out.push({ kind: 'scale', text: `Skala 2 avsluttet ${formatDate(d.endedAt!)}` });
  }
  if (set.syncState === 'pending' || set.syncState === 'sending')
    out.push({ kind: 'sync', text: 'Lagret på enheten – ikke sendt ennå' });
  if (set.syncState === 'needs-attention')
    out.push({
      kind: 'sync',
      text: `Ikke sendt – trenger oppfølging${set.problem ? `: ${set.problem}` : ''}`,
    });
  return out;
}
