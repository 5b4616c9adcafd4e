// Personal baselines: a patient's usual value and usual range of each vital sign and of the
// NEWS2 total, as decision support beside (never instead of) the standard NEWS2.
// DOMAIN.md section 4: many patients (KOLS, heart failure, ...) have a higher NEWS2 as their
// normal; showing "NEWS2 5 — vanlig 3 (+2)" gives context. SAFETY RULE: a baseline never
// changes the score, risk band or response. Nothing here imports or returns a risk.
//
// Derivation: the usual values describe the patient's STABLE state (issue #12 point 4,
// DOMAIN.md §8), so a current deterioration can never widen them:
// 1. Sets: complete, usable sets (not entered-in-error) of the patient, measured inside a
//    window before `now` (default 90 days). Only complete sets, so every value and the total
//    come from the same measurements and a partial sum never enters the usual NEWS2.
// 2. Weighted by day, not by set: the sets are grouped by Oslo calendar day and each day
//    contributes one value per parameter, the median of its sets. A patient measured every
//    four hours because she is ill gets six sets a day; by day they count as one.
// 3. An ongoing episode is left out: the longest run of the most recent days in which every
//    day's highest NEWS2 total lies above the usual range (10th–90th percentile of the daily
//    NEWS2) of the days before that run. Those days describe the illness, not the usual
//    state. A run only counts while at least `minDays` days remain before it; a patient
//    whose raised values last longer than the window allows becomes the new usual in time.
//    When the latest day is back within the range, nothing is left out: a past episode is
//    part of the history, and weighting by day keeps its weight small.
// 4. At least `minDays` days (default 5) must remain, else "not enough data" with counts.
// 5. Usual value = median of the daily values; usual range = their 10th to 90th percentile
//    (linear interpolation, Hyndman-Fan type 7): robust to single outliers, no assumed
//    distribution; the middle 80 % of the patient's own days is what "usual" means.
// The result says which window was used, how many sets and days, and what was left out.
//
// A baseline set by a clinician (who, when, why, values; usually from a personal plan)
// takes precedence over the derived one as a whole, so one display never mixes two
// derivations, unless it has expired: an expired plan is not used.
import { actorText } from '../actor';
import type { ClinicalRole } from '../actor';
import { scoreNews2 } from '../news2/score';
import { osloDateOf, osloStartOfDay, parseInstant } from '../time/oslo';
import { usableSets } from '../vitals/order';
import type { VitalSignsSet } from '../vitals/types';

export const BASELINE_PARAMETERS = [
  'respirationRate',
  'spo2',
  'systolicBP',
  'diastolicBP',
  'pulse',
  'temperature',
  'news2Total',
] as const;
export type BaselineParameter = (typeof BASELINE_PARAMETERS)[number];

export interface UsualValue {
  /** Median (derived) or the clinician's stated usual value. */
  usual: number;
  /** Usual range; a clinician may state only the usual value. */
  low?: number;
  high?: number;
}

export type BaselineValues = Partial<Record<BaselineParameter, UsualValue>>;

export interface ClinicianBaseline {
  kind: 'clinician';
  patientId: string;
  setBy: { reference: string; display?: string; role?: ClinicalRole };
  setAt: string;
  reason: string;
  values: BaselineValues;
  /** Review/expiry date-time: from then on the baseline is not used (the derived one is). */
  validUntil?: string;
  /** The personal plan it comes from, when it does. */
  planId?: string;
}

/** The most recent days left out of a derived baseline as an ongoing episode. */
export interface ExcludedEpisode {
  /** Start of the first day left out (Oslo midnight), ISO 8601. */
  from: string;
  /** The end of the window (`now`). */
  to: string;
  dayCount: number;
  setCount: number;
}

export interface DerivedBaseline {
  kind: 'derived';
  patientId: string;
  /** The period the usual values were taken from: window start to the start of a left-out episode, else now. */
  from: string;
  to: string;
  /** Number of complete sets used. */
  setCount: number;
  /** Number of days they fall on (each day weighs the same). */
  dayCount: number;
  /** The first and the last Oslo day used (yyyy-mm-dd): the measured span inside the window. */
  firstDay?: string;
  lastDay?: string;
  values: BaselineValues;
  /** Set when the most recent days were left out as an ongoing episode. */
  excluded?: ExcludedEpisode;
}

export interface NotEnoughData {
  kind: 'not-enough-data';
  patientId: string;
  from: string;
  to: string;
  setCount: number;
  dayCount: number;
  /** Days required (minDays). */
  required: number;
}

export type Baseline = ClinicianBaseline | DerivedBaseline | NotEnoughData;

export interface BaselineOptions {
  now: string;
  /** Default 90. */
  windowDays?: number;
  /** Days with complete sets required, default 5. */
  minDays?: number;
}

const DAY_MS = 86_400_000;

/** Quantile of sorted values, linear interpolation between order statistics (type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Rounds away binary noise from interpolation, e.g. 37.150000000000006 -> 37.15. */
function tidy(x: number): number {
  return Math.round(x * 100) / 100;
}

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function usualOf(values: readonly number[]): UsualValue {
  const sorted = sortedCopy(values);
  return {
    usual: tidy(quantile(sorted, 0.5)),
    low: tidy(quantile(sorted, 0.1)),
    high: tidy(quantile(sorted, 0.9)),
  };
}

function median(values: readonly number[]): number {
  return quantile(sortedCopy(values), 0.5);
}

function valueOf(set: VitalSignsSet, p: BaselineParameter): number | undefined {
  if (p === 'news2Total') return scoreNews2(set.vitals).total;
  const v = p === 'diastolicBP' ? set.diastolicBP : set.vitals[p];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** One Oslo calendar day of complete sets, summarised. */
interface Day {
  date: string;
  sets: VitalSignsSet[];
  /** The day's value per parameter: the median of its sets. */
  values: Partial<Record<BaselineParameter, number>>;
  /** The day's highest NEWS2 total: what decides whether the day is above the usual range. */
  maxTotal: number;
}

function daysOf(sets: readonly VitalSignsSet[]): Day[] {
  const byDate = new Map<string, VitalSignsSet[]>();
  for (const s of sets) {
    const date = osloDateOf(Date.parse(s.effectiveDateTime));
    byDate.set(date, [...(byDate.get(date) ?? []), s]);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, daySets]) => {
      const values: Day['values'] = {};
      for (const p of BASELINE_PARAMETERS) {
        const xs = daySets.map((s) => valueOf(s, p)).filter((x): x is number => x !== undefined);
        if (xs.length > 0) values[p] = median(xs);
      }
      return {
        date,
        sets: daySets,
        values,
        maxTotal: Math.max(...daySets.map((s) => valueOf(s, 'news2Total')!)),
      };
    });
}

/**
 * How many of the most recent days form an ongoing episode: the largest k such that each
 * of the last k days has its highest total above the P90 of the daily NEWS2 of the days
 * before them, with at least minDays days before them. 0 when none.
 */
function ongoingEpisodeLength(days: readonly Day[], minDays: number): number {
  for (let k = days.length - minDays; k >= 1; k--) {
    const before = days.slice(0, days.length - k).map((d) => d.values.news2Total!);
    const high = tidy(quantile(sortedCopy(before), 0.9));
    if (days.slice(days.length - k).every((d) => d.maxTotal > high)) return k;
  }
  return 0;
}

/** Derives the baseline of one patient from their recorded sets (other patients' sets are ignored). */
export function deriveBaseline(
  patientId: string,
  sets: readonly VitalSignsSet[],
  opts: BaselineOptions,
): DerivedBaseline | NotEnoughData {
  const now = parseInstant(opts.now, 'now');
  const windowDays = opts.windowDays ?? 90;
  const required = opts.minDays ?? 5;
  const fromMs = now - windowDays * DAY_MS;
  const from = new Date(fromMs).toISOString();
  const to = new Date(now).toISOString();

  const inWindow = usableSets(sets, { now, patientId }).filter(
    (s) => Date.parse(s.effectiveDateTime) > fromMs && scoreNews2(s.vitals).complete,
  );
  const days = daysOf(inWindow);
  if (days.length < required) {
    return {
      kind: 'not-enough-data',
      patientId,
      from,
      to,
      setCount: inWindow.length,
      dayCount: days.length,
      required,
    };
  }

  const k = ongoingEpisodeLength(days, required);
  const used = days.slice(0, days.length - k);
  const values: BaselineValues = {};
  for (const p of BASELINE_PARAMETERS) {
    const xs = used.map((d) => d.values[p]).filter((x): x is number => x !== undefined);
    if (xs.length > 0) values[p] = usualOf(xs);
  }
  const baseline: DerivedBaseline = {
    kind: 'derived',
    patientId,
    from,
    to,
    setCount: used.reduce((n, d) => n + d.sets.length, 0),
    dayCount: used.length,
    firstDay: used[0]!.date,
    lastDay: used[used.length - 1]!.date,
    values,
  };
  if (k > 0) {
    const left = days.slice(days.length - k);
    const episodeFrom = new Date(osloStartOfDay(left[0]!.date)).toISOString();
    baseline.to = episodeFrom;
    baseline.excluded = {
      from: episodeFrom,
      to,
      dayCount: k,
      setCount: left.reduce((n, d) => n + d.sets.length, 0),
    };
  }
  return baseline;
}

/** True when a clinician baseline is in force at `now` (not past its review/expiry date). */
export function clinicianBaselineInForce(baseline: ClinicianBaseline, now: string): boolean {
  return (
    baseline.validUntil === undefined ||
    parseInstant(baseline.validUntil, 'validUntil') > parseInstant(now, 'now')
  );
}

/**
 * The baseline to show: the clinician's when there is one in force for this patient, else
 * the derived one. An expired clinician baseline is ignored as a whole.
 */
export function personalBaseline(
  patientId: string,
  sets: readonly VitalSignsSet[],
  clinician: ClinicianBaseline | undefined,
  opts: BaselineOptions,
): Baseline {
  if (
    clinician !== undefined &&
    clinician.patientId === patientId &&
    clinicianBaselineInForce(clinician, opts.now)
  ) {
    return clinician;
  }
  return deriveBaseline(patientId, sets, opts);
}

const OSLO_DATE = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** dd.mm.yyyy in Norwegian time. */
export function norwegianDate(iso: string): string {
  return OSLO_DATE.format(new Date(parseInstant(iso, 'date')));
}

const setsText = (n: number) => (n === 1 ? '1 fullstendig måling' : `${n} fullstendige målinger`);
const daysText = (n: number) => (n === 1 ? '1 dag' : `${n} dager`);

/** Norwegian text for how the baseline was derived (period, counts, what was left out; or set by whom). */
export function describeBaseline(baseline: Baseline): string {
  switch (baseline.kind) {
    case 'clinician': {
      const until = baseline.validUntil ? ` (gjelder til ${norwegianDate(baseline.validUntil)})` : '';
      return `Satt av ${actorText(baseline.setBy)} ${norwegianDate(baseline.setAt)}${until}: ${baseline.reason}`;
    }
    case 'derived': {
      const text =
        `Beregnet fra ${setsText(baseline.setCount)} på ${daysText(baseline.dayCount)} ` +
        `${norwegianDate(baseline.from)}–${norwegianDate(baseline.to)} ` +
        '(median per dag, vanlig område 10.–90. persentil)';
      const ex = baseline.excluded;
      if (ex === undefined) return text;
      return (
        `${text}. Utelatt som pågående forverring: ${ex.setCount === 1 ? '1 måling' : `${ex.setCount} målinger`} ` +
        `fra ${norwegianDate(ex.from)} med NEWS2 over vanlig område`
      );
    }
    case 'not-enough-data':
      return (
        `For lite data til å beregne vanlige verdier: ${setsText(baseline.setCount)} på ` +
        `${daysText(baseline.dayCount)}, minst ${baseline.required} dager trengs ` +
        `(${norwegianDate(baseline.from)}–${norwegianDate(baseline.to)})`
      );
  }
}

/** "14.10" and "28.11.2026" from Oslo days; the first keeps its year when the years differ. */
function daySpanText(first: string, last: string): string {
  const [fy, fm, fd] = first.split('-');
  const [ly, lm, ld] = last.split('-');
  const start = fy === ly ? `${fd}.${fm}` : `${fd}.${fm}.${fy}`;
  return `${start}–${ld}.${lm}.${ly}`;
}

export interface BaselineWindowOptions {
  /**
   * Items were withheld at the patient's request (pasientrettighetsloven § 5-3): the values
   * are computed from the visible sets only, and the text says so.
   */
  withheld?: boolean;
}

/**
 * One short line for the screens: which period the usual values come from and what was left
 * out, e.g. "Vanlige verdier fra 14.10–28.11.2026 (30 dager med målinger); siste 3 dager
 * utelatt (fra 26.11.2026): pågående forverring". A clinician's baseline reads as
 * describeBaseline; too little data says so.
 */
export function baselineWindowText(baseline: Baseline, opts: BaselineWindowOptions = {}): string {
  const visibleOnly = opts.withheld ? '; beregnet bare fra målingene som vises' : '';
  switch (baseline.kind) {
    case 'clinician':
      return `Vanlige verdier ${describeBaseline(baseline).replace(/^Satt/, 'satt')}${visibleOnly}`;
    case 'derived': {
      const span =
        baseline.firstDay !== undefined && baseline.lastDay !== undefined
          ? daySpanText(baseline.firstDay, baseline.lastDay)
          : `${norwegianDate(baseline.from)}–${norwegianDate(baseline.to)}`;
      const days = baseline.dayCount === 1 ? '1 dag med målinger' : `${baseline.dayCount} dager med målinger`;
      const ex = baseline.excluded;
      const left =
        ex === undefined
          ? ''
          : `; siste ${daysText(ex.dayCount)} utelatt (fra ${norwegianDate(ex.from)}): pågående forverring`;
      return `Vanlige verdier fra ${span} (${days})${left}${visibleOnly}`;
    }
    case 'not-enough-data':
      return (
        `Vanlige verdier: for lite data (${baseline.dayCount === 1 ? '1 dag' : `${baseline.dayCount} dager`} ` +
        `med målinger, minst ${baseline.required} trengs)${visibleOnly}`
      );
  }
}
