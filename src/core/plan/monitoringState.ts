// When a patient's next NEWS2 is due, from the monitoring plan (issue #11 point 2).
//
// Rule ("NEWS2 bør tas minst årlig, men alltid ved endring", DOMAIN.md §4 and §8):
// - Routine: the plan's interval (else the municipal default of 12 months) from the latest
//   complete set, counted in Oslo calendar days: a weekly set taken Monday 14:00 is due on
//   the Monday a week later ("ny måling i dag") and overdue from the Tuesday. A single
//   measurement (an incomplete set) is not a NEWS2 and does not restart the routine.
// - Escalated, on top of the routine: while the latest complete set is elevated, the RCP
//   interval of that set applies from its measured time (hourly after a single 3 or at
//   5–6, continuous at 7 or more, 4-hourly after a total above the usual range). Elevated
//   means risk low–medium or higher (any single 3, 5–6, >= 7), or a total above the
//   patient's usual range (the baseline's high, else its usual value). It ends when a later
//   complete set is back at the usual level: not elevated by either test. A later
//   incomplete set cannot show that (its missing parameters may hide points), so it does
//   not end an escalation; an incomplete set whose partial sum is already low–medium or
//   higher escalates by itself (its RCP interval is at most one hour: "fullfør målingen").
// - The earliest of the due times applies. Sets marked entered-in-error count nowhere.
// The RCP monitoring text of the set is passed through unchanged, to show beside the score.
import type { Baseline } from '../baseline/baseline';
import type { News2Score } from '../news2/index';
import { news2Response } from '../news2/response';
import { scoreNews2 } from '../news2/score';
import { addDays, addMonths, osloDateOf, osloStartOfDay, parseInstant } from '../time/oslo';
import { usableSets } from '../vitals/order';
import type { VitalSignsSet } from '../vitals/types';
import { MUNICIPAL_DEFAULT_INTERVAL, monitoringPlanInForce } from './monitoringPlan';
import type { MonitoringPlan, RoutineInterval } from './monitoringPlan';

export interface RoutineBasis {
  kind: 'routine';
  interval: RoutineInterval;
  /** 'plan' = the patient's plan; 'municipal-default' = no plan, 12 months. */
  source: 'plan' | 'municipal-default';
  plan?: MonitoringPlan;
}

/** Why the RCP interval applies: an elevated risk band, or a total above the usual range. */
export type EscalationTrigger = 'risk' | 'above-usual';

export interface EscalatedBasis {
  kind: 'escalated';
  trigger: EscalationTrigger;
  /** The set that keeps the escalation going. */
  set: { id: string; effectiveDateTime: string };
  score: News2Score;
  /** RCP interval in hours; 0 = continuous. */
  intervalHours: number;
  continuous: boolean;
  /** The RCP monitoring text of the set, unchanged ("Minst hver time"). */
  monitoringText: string;
  /** The usual NEWS2 high it was compared with, when the trigger is above-usual. */
  usualHigh?: number;
}

export type DueBasis = RoutineBasis | EscalatedBasis;

export type MonitoringState =
  /** No complete NEWS2 recorded (and nothing elevated): one is due. */
  | { kind: 'no-set'; basis: RoutineBasis }
  | { kind: 'ok'; nextDueAt: string; basis: DueBasis; lastCompleteSetAt?: string }
  /** Due today (routine) or later today (escalated) and not yet overdue. */
  | { kind: 'due-today'; dueAt: string; basis: DueBasis; lastCompleteSetAt?: string }
  /** Overdue since the due time (routine: the start of the due day). */
  | { kind: 'overdue'; since: string; basis: DueBasis; lastCompleteSetAt?: string };

export interface MonitoringStateInput {
  patientId: string;
  sets: readonly VitalSignsSet[];
  /** The patient's monitoring plans; the one in force at `now` applies. */
  plans?: readonly MonitoringPlan[];
  /** The patient's usual values (stable-state baseline or a clinician's), for "above usual". */
  baseline?: Baseline;
  now: string;
}

/** The usual NEWS2 high of a baseline, if it states one. */
export function usualNews2High(baseline: Baseline | undefined): number | undefined {
  if (baseline === undefined || baseline.kind === 'not-enough-data') return undefined;
  const u = baseline.values.news2Total;
  return u === undefined ? undefined : (u.high ?? u.usual);
}

/** Why a set is elevated (risk band first), or undefined when it is at the usual level. */
export function elevation(score: News2Score, usualHigh: number | undefined): EscalationTrigger | undefined {
  if (score.risk !== 'low') return 'risk';
  if (score.complete && usualHigh !== undefined && score.total > usualHigh) return 'above-usual';
  return undefined;
}

interface Candidate {
  basis: DueBasis;
  dueAt: number;
  overdueAt: number;
}

function escalated(
  set: VitalSignsSet,
  score: News2Score,
  trigger: EscalationTrigger,
  usualHigh?: number,
): Candidate {
  const response = news2Response(score);
  const due = Date.parse(set.effectiveDateTime) + response.monitoringIntervalHours * 3_600_000;
  const basis: EscalatedBasis = {
    kind: 'escalated',
    trigger,
    set: { id: set.id, effectiveDateTime: set.effectiveDateTime },
    score,
    intervalHours: response.monitoringIntervalHours,
    continuous: response.monitoringIntervalHours === 0,
    monitoringText: response.monitoringText,
  };
  if (trigger === 'above-usual' && usualHigh !== undefined) basis.usualHigh = usualHigh;
  return { basis, dueAt: due, overdueAt: due };
}

/** The routine due day: the day of the set plus the interval (calendar months clamp). */
export function routineDueDate(measuredAt: number, interval: RoutineInterval): string {
  const day = osloDateOf(measuredAt);
  switch (interval.unit) {
    case 'd':
      return addDays(day, interval.value);
    case 'wk':
      return addDays(day, 7 * interval.value);
    case 'mo':
      return addMonths(day, interval.value);
    case 'a':
      return addMonths(day, 12 * interval.value);
  }
}

/** The patient's monitoring state at `now`: when the next NEWS2 is due and why. */
export function monitoringState(input: MonitoringStateInput): MonitoringState {
  const now = parseInstant(input.now, 'now');
  const plan = monitoringPlanInForce(input.plans ?? [], { now: input.now, patientId: input.patientId });
  const routineBasis: RoutineBasis = plan
    ? { kind: 'routine', interval: plan.interval, source: 'plan', plan }
    : { kind: 'routine', interval: MUNICIPAL_DEFAULT_INTERVAL, source: 'municipal-default' };
  const usualHigh = usualNews2High(input.baseline);

  const sets = usableSets(input.sets, { now, patientId: input.patientId });
  let lastComplete: { set: VitalSignsSet; score: News2Score } | undefined;
  const partialsAfter: { set: VitalSignsSet; score: News2Score }[] = [];
  for (const set of sets) {
    const score = scoreNews2(set.vitals);
    if (score.complete) {
      lastComplete = { set, score };
      partialsAfter.length = 0;
    } else {
      partialsAfter.push({ set, score });
    }
  }

  const candidates: Candidate[] = [];
  if (lastComplete) {
    const at = Date.parse(lastComplete.set.effectiveDateTime);
    const dueDate = routineDueDate(at, routineBasis.interval);
    candidates.push({
      basis: routineBasis,
      dueAt: osloStartOfDay(dueDate),
      overdueAt: osloStartOfDay(addDays(dueDate, 1)),
    });
    const trigger = elevation(lastComplete.score, usualHigh);
    if (trigger) candidates.push(escalated(lastComplete.set, lastComplete.score, trigger, usualHigh));
  }
  for (const p of partialsAfter) {
    if (elevation(p.score, undefined) === 'risk') candidates.push(escalated(p.set, p.score, 'risk'));
  }
  if (candidates.length === 0) return { kind: 'no-set', basis: routineBasis };

  const first = candidates.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  const last = lastComplete ? { lastCompleteSetAt: lastComplete.set.effectiveDateTime } : {};
  const iso = (ms: number) => new Date(ms).toISOString();
  const overdue = first.basis.kind === 'routine' ? now >= first.overdueAt : now > first.overdueAt;
  if (overdue) return { kind: 'overdue', since: iso(first.dueAt), basis: first.basis, ...last };
  if (now >= first.dueAt || osloDateOf(now) === osloDateOf(first.dueAt)) {
    return { kind: 'due-today', dueAt: iso(first.dueAt), basis: first.basis, ...last };
  }
  return { kind: 'ok', nextDueAt: iso(first.dueAt), basis: first.basis, ...last };
}
