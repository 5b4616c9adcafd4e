// Norwegian text pieces of a worklist row and of the plan state (issue #11 point 1):
// the risk band, the age of the latest NEWS2, the deviation from the usual ("vanlig 3
// (+2)"), the plan state ("ny måling i dag", "forfalt siden …") and why action is needed.
// Colour is the screen's business; these texts carry the same meaning in words.
import { actorText } from '../actor';
import type { Deviation } from '../baseline/deviation';
import { CLINICAL_RISK_LABELS } from '../news2/response';
import { intervalText } from '../plan/monitoringPlan';
import type { DueBasis, MonitoringState } from '../plan/monitoringState';
import { norwegianCalendarDate, osloClock, osloDateOf, parseInstant } from '../time/oslo';
import type { ActionReason, TriageBand } from './triage';

export const TRIAGE_BAND_LABELS: Readonly<Record<TriageBand, string>> = {
  ...CLINICAL_RISK_LABELS,
  unknown: 'Ukjent risiko',
};

const date = (ms: number) => norwegianCalendarDate(osloDateOf(ms));

/**
 * How old a measurement is: "nå nettopp", "for 12 min siden", "for 3 t siden", "for 2 dager
 * siden", then the date; older than twelve months says so: "eldre enn 12 måneder (10.10.2025)".
 */
export function measurementAgeText(effectiveDateTime: string, now: string): string {
  const at = parseInstant(effectiveDateTime, 'effectiveDateTime');
  const t = parseInstant(now, 'now');
  const minutes = Math.floor((t - at) / 60_000);
  const yearLater = new Date(at);
  yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
  if (t > yearLater.getTime()) return `eldre enn 12 måneder (${date(at)})`;
  if (minutes < 1) return 'nå nettopp';
  if (minutes < 60) return `for ${minutes} min siden`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `for ${hours} t siden`;
  const days = Math.floor(hours / 24);
  if (days < 14) return days === 1 ? 'for 1 dag siden' : `for ${days} dager siden`;
  return date(at);
}

const nb = (x: number) => String(Math.round(x * 10) / 10).replace('.', ',');

/** "vanlig 3 (+2)", "vanlig 5 (−1)", "vanlig 3 (±0)". */
export function usualDeviationText(d: Pick<Deviation, 'usual' | 'difference'>): string {
  const r = Math.round(d.difference * 10) / 10;
  const signed = r === 0 ? '±0' : r > 0 ? `+${nb(r)}` : `−${nb(-r)}`;
  return `vanlig ${nb(d.usual)} (${signed})`;
}

/** "kl. 14:05" today, else "24.11.2026 kl. 14:05". */
function when(ms: number, now: number): string {
  return osloDateOf(ms) === osloDateOf(now) ? `kl. ${osloClock(ms)}` : `${date(ms)} kl. ${osloClock(ms)}`;
}

/**
 * The plan state in a few words: "Ingen fullstendig NEWS2 registrert", "ny måling i dag",
 * "ny måling innen kl. 11:00", "neste måling 02.12.2026", "forfalt siden 02.12.2026",
 * "forfalt siden kl. 11:00", "kontinuerlig overvåking".
 */
export function monitoringStateText(state: MonitoringState, now: string): string {
  const t = parseInstant(now, 'now');
  if (state.kind === 'no-set') return 'Ingen fullstendig NEWS2 registrert';
  const escalated = state.basis.kind === 'escalated';
  if (escalated && state.basis.kind === 'escalated' && state.basis.continuous)
    return 'kontinuerlig overvåking';
  switch (state.kind) {
    case 'overdue': {
      const since = Date.parse(state.since);
      return `forfalt siden ${escalated ? when(since, t) : date(since)}`;
    }
    case 'due-today':
      return escalated ? `ny måling innen ${when(Date.parse(state.dueAt), t)}` : 'ny måling i dag';
    case 'ok': {
      const due = Date.parse(state.nextDueAt);
      return escalated ? `neste måling innen ${when(due, t)}` : `neste måling ${date(due)}`;
    }
  }
}

/**
 * Why the plan state is what it is: "Rutine: NEWS2 hver uke (sykepleier Kari Nordmann,
 * 01.10.2026)", "Rutine: minst årlig (kommunens standard)", "Økt oppfølging etter RCP: Minst
 * hver time (risiko lav–middels)", "… (NEWS2 over vanlig område)".
 */
export function dueBasisText(basis: DueBasis): string {
  if (basis.kind === 'routine') {
    if (basis.source === 'municipal-default' || !basis.plan)
      return 'Rutine: minst årlig (kommunens standard)';
    const p = basis.plan;
    return `Rutine: NEWS2 ${intervalText(p.interval)} (${actorText(p.setBy)}, ${date(Date.parse(p.setAt))})`;
  }
  const why =
    basis.trigger === 'above-usual'
      ? 'NEWS2 over vanlig område'
      : `${CLINICAL_RISK_LABELS[basis.score.risk].toLowerCase()}${basis.score.complete ? '' : ', ufullstendig måling'}`;
  return `Økt oppfølging etter RCP: ${basis.monitoringText} (${why})`;
}

/** One reason for "Krever handling", in words. */
export function actionReasonText(reason: ActionReason, now: string): string {
  switch (reason.kind) {
    case 'risk':
      return reason.risk === 'low-medium' ? 'Én parameter gir 3 poeng' : CLINICAL_RISK_LABELS[reason.risk];
    case 'overdue': {
      const since = Date.parse(reason.since);
      return `Måling forfalt siden ${reason.basis === 'escalated' ? when(since, parseInstant(now, 'now')) : date(since)}`;
    }
    case 'personal-threshold':
      return `Personlig grense: ${reason.crossed.map((c) => c.text).join('; ')}`;
  }
}
