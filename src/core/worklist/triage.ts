// The worklist in order of clinical urgency (issue #11 point 1, DOMAIN.md §8 "Triage").
//
// Order: (1) risk band of the latest set, (2) how overdue by the patient's monitoring plan,
// (3) the visit order; patients equal on all three keep the caller's order (never a random
// id decides).
//
// (1) Bands: high (>= 7), medium (5–6), low–medium (any single 3), UNKNOWN, low.
//     The band is the standard RCP band of the latest complete set. An incomplete set
//     measured after it raises the band when its partial sum already reaches a higher
//     band (a partial sum is a lower bound), never lowers it.
//     Where unknown goes: below every band that calls for a response (a known danger
//     outranks ignorance), above low (a patient known to be low has been assessed by the
//     plan's rule; a patient with no usable NEWS2 has not, so she is seen before them).
//     Unknown = no complete, usable set (none recorded, or every one entered-in-error).
// (2) Within a band: overdue while escalated, then overdue by the routine (the longer
//     overdue first; no NEWS2 at all counts as overdue), then due today (escalated first),
//     then not yet due.
// (3) Visit order, lower first; a patient without one comes after those with one.
//
// "Krever handling" (requires action): risk medium or higher, a single 3, overdue by the
// plan, or a personal-plan threshold crossed by the latest set. Personal thresholds add to
// the standard bands, never replace them: a plan cannot remove a standard reason. A patient
// with no NEWS2 at all is not flagged (that is a routine task, not an alarm); her row says
// "Ingen fullstendig NEWS2 registrert" and she sorts above every low-risk patient.
import type { Baseline } from '../baseline/baseline';
import { deviationOf } from '../baseline/deviation';
import type { Deviation } from '../baseline/deviation';
import type { ClinicalRisk, News2Score } from '../news2/index';
import { scoreNews2 } from '../news2/score';
import { monitoringState } from '../plan/monitoringState';
import type { MonitoringState } from '../plan/monitoringState';
import type { MonitoringPlan } from '../plan/monitoringPlan';
import { evaluatePersonalPlan } from '../plan/personalPlan';
import type { CrossedAlert, PersonalPlan, PlanEvaluation } from '../plan/personalPlan';
import { parseInstant } from '../time/oslo';
import { latestCompleteSet } from '../vitals/latest';
import type { LatestCompleteSet } from '../vitals/latest';
import { usableSets } from '../vitals/order';
import type { VitalSignsSet } from '../vitals/types';

export type TriageBand = ClinicalRisk | 'unknown';

/** Most urgent first. */
export const TRIAGE_BAND_ORDER: readonly TriageBand[] = ['high', 'medium', 'low-medium', 'unknown', 'low'];

export type ActionReason =
  /** Standard RCP: medium or high risk, or a single parameter scoring 3 (low–medium). */
  | { kind: 'risk'; risk: Exclude<ClinicalRisk, 'low'> }
  | { kind: 'overdue'; since: string; basis: 'routine' | 'escalated' }
  | { kind: 'personal-threshold'; crossed: CrossedAlert[] };

export interface TriageInput<T extends VitalSignsSet = VitalSignsSet> {
  patientId: string;
  sets: readonly T[];
  /** Position in today's visit plan, lower first. */
  visitOrder?: number;
  /** The patient's monitoring plans (the one in force applies; none = 12 months). */
  monitoringPlans?: readonly MonitoringPlan[];
  /** The patient's current personal plan (see currentPersonalPlan); an expired one is not used. */
  personalPlan?: PersonalPlan;
  /** The patient's usual values (personalBaseline), for "vanlig 3 (+2)" and "above usual". */
  baseline?: Baseline;
  now: string;
}

export interface TriageRow<T extends VitalSignsSet = VitalSignsSet> {
  patientId: string;
  visitOrder?: number;
  band: TriageBand;
  /** The latest usable set of any kind (complete or a single measurement), with its standard score. */
  latest?: { set: T; score: News2Score };
  /** The latest complete set: the NEWS2 the row shows, with its age. */
  latestComplete?: LatestCompleteSet<T>;
  monitoring: MonitoringState;
  /** The latest set against the personal plan (no-plan / not-in-force / evaluated). */
  personal: PlanEvaluation;
  /** The latest complete NEWS2 against the usual NEWS2, when the baseline states one. */
  deviation?: Deviation;
  requiresAction: boolean;
  /** Why, most urgent first; empty when no action is required. */
  actionReasons: ActionReason[];
}

const BAND_RANK: Readonly<Record<TriageBand, number>> = {
  high: 0,
  medium: 1,
  'low-medium': 2,
  unknown: 3,
  low: 4,
};
const RISK_RANK: Readonly<Record<ClinicalRisk, number>> = { high: 0, medium: 1, 'low-medium': 2, low: 4 };

/** Builds one worklist row. Pure; every rule reads usable sets only (no entered-in-error). */
export function triageRow<T extends VitalSignsSet>(input: TriageInput<T>): TriageRow<T> {
  const now = parseInstant(input.now, 'now');
  const sets = usableSets(input.sets, { now, patientId: input.patientId });
  const latestComplete = latestCompleteSet(sets, { now: input.now });
  const lastSet = sets.at(-1);
  const latest = lastSet ? { set: lastSet, score: scoreNews2(lastSet.vitals) } : undefined;

  let band: TriageBand = latestComplete ? latestComplete.score.risk : 'unknown';
  const completeAt = latestComplete ? Date.parse(latestComplete.set.effectiveDateTime) : -Infinity;
  for (const s of sets) {
    if (Date.parse(s.effectiveDateTime) < completeAt) continue;
    const score = scoreNews2(s.vitals);
    if (!score.complete && score.risk !== 'low' && RISK_RANK[score.risk] < BAND_RANK[band]) band = score.risk;
  }

  const monitoring = monitoringState({
    patientId: input.patientId,
    sets,
    ...(input.monitoringPlans ? { plans: input.monitoringPlans } : {}),
    ...(input.baseline ? { baseline: input.baseline } : {}),
    now: input.now,
  });
  const personal = personalEvaluation(input.personalPlan, sets, completeAt, input.now);

  const actionReasons: ActionReason[] = [];
  if (band !== 'low' && band !== 'unknown') actionReasons.push({ kind: 'risk', risk: band });
  if (monitoring.kind === 'overdue')
    actionReasons.push({ kind: 'overdue', since: monitoring.since, basis: monitoring.basis.kind });
  if (personal.kind === 'evaluated' && personal.crossed.length > 0) {
    actionReasons.push({ kind: 'personal-threshold', crossed: personal.crossed });
  }

  const row: TriageRow<T> = {
    patientId: input.patientId,
    band,
    monitoring,
    personal,
    requiresAction: actionReasons.length > 0,
    actionReasons,
  };
  if (input.visitOrder !== undefined) row.visitOrder = input.visitOrder;
  if (latest) row.latest = latest;
  if (latestComplete) {
    row.latestComplete = latestComplete;
    const b = input.baseline;
    if (b && b.kind !== 'not-enough-data') {
      const d = deviationOf('news2Total', latestComplete.score.total, b.values.news2Total);
      if (d) row.deviation = d;
    }
  }
  return row;
}

/**
 * The personal plan against the latest complete set and every set measured after it (a
 * later single measurement must not hide a threshold the complete set crossed, and may
 * cross one itself); without a complete set, against the latest set. Each crossed
 * threshold once (its most recent crossing), red first; the SpO2 target from the latest
 * set with an SpO2.
 */
function personalEvaluation(
  plan: PersonalPlan | undefined,
  sets: readonly VitalSignsSet[],
  completeAt: number,
  now: string,
): PlanEvaluation {
  const recent =
    completeAt === -Infinity
      ? sets.slice(-1)
      : sets.filter((s) => Date.parse(s.effectiveDateTime) >= completeAt);
  if (recent.length === 0) return { kind: 'no-plan' };
  const evaluations = recent.map((s) => evaluatePersonalPlan(plan, s, { now }));
  const last = evaluations.at(-1)!;
  if (last.kind !== 'evaluated') return last;
  const crossed: CrossedAlert[] = [];
  let spo2Target: 'below' | 'within' | 'above' | undefined;
  for (const e of [...evaluations].reverse()) {
    if (e.kind !== 'evaluated') continue;
    for (const c of e.crossed) if (!crossed.some((k) => k.alert === c.alert)) crossed.push(c);
    spo2Target ??= e.spo2Target;
  }
  crossed.sort((a, b) => (a.alert.zone === b.alert.zone ? 0 : a.alert.zone === 'red' ? -1 : 1));
  const out: PlanEvaluation = { kind: 'evaluated', plan: last.plan, crossed };
  if (spo2Target !== undefined) out.spo2Target = spo2Target;
  return out;
}

/** Urgency by the monitoring plan: lower is more urgent. */
function planRank(m: MonitoringState): number {
  switch (m.kind) {
    case 'overdue':
      return m.basis.kind === 'escalated' ? 0 : 1;
    case 'no-set':
      return 1;
    case 'due-today':
      return m.basis.kind === 'escalated' ? 2 : 3;
    case 'ok':
      return 4;
  }
}

/** How long overdue, in ms (no NEWS2 at all: the longest). */
function overdueFor(m: MonitoringState, now: number): number {
  if (m.kind === 'no-set') return Infinity;
  return m.kind === 'overdue' ? now - Date.parse(m.since) : 0;
}

/**
 * Comparator for worklist rows at `now`, most urgent first: band, then plan urgency and how
 * long overdue, then visit order. Equal rows compare 0 (sorting keeps the input order).
 */
export function compareTriage(now: string): (a: TriageRow, b: TriageRow) => number {
  const t = parseInstant(now, 'now');
  return (a, b) => {
    const byBand = BAND_RANK[a.band] - BAND_RANK[b.band];
    if (byBand !== 0) return byBand;
    const byPlan = planRank(a.monitoring) - planRank(b.monitoring);
    if (byPlan !== 0) return byPlan;
    const la = overdueFor(a.monitoring, t);
    const lb = overdueFor(b.monitoring, t);
    if (la !== lb) return la > lb ? -1 : 1;
    const va = a.visitOrder ?? Infinity;
    const vb = b.visitOrder ?? Infinity;
    return va === vb ? 0 : va < vb ? -1 : 1;
  };
}

/** The rows in triage order (a sorted copy). */
export function sortWorklist<R extends TriageRow>(rows: readonly R[], opts: { now: string }): R[] {
  return [...rows].sort(compareTriage(opts.now));
}

/** The "Krever handling" filter. */
export function requiringAction<R extends TriageRow>(rows: readonly R[]): R[] {
  return rows.filter((r) => r.requiresAction);
}
