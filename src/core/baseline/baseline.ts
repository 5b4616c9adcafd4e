// Personal baselines: a patient's usual value and usual range of each vital sign and of the
// NEWS2 total, as decision support beside (never instead of) the standard NEWS2.
// DOMAIN.md section 4: many patients (KOLS, heart failure, ...) have a higher NEWS2 as their
// normal; showing "NEWS2 5 — vanlig 3 (+2)" gives context. SAFETY RULE: a baseline never
// changes the score, risk band or response. Nothing here imports or returns a risk.
//
// Derivation:
// - only complete sets (all seven NEWS2 parameters), so every value and the total come from
//   the same measurements, and a partial sum never enters the usual NEWS2;
// - inside a window before `now` (default 90 days), at least `minSets` of them (default 5),
//   else "not enough data" with the count;
// - usual value = median; usual range = 10th to 90th percentile (linear interpolation,
//   Hyndman-Fan type 7). Robust to single outliers and assumes no distribution; the middle
//   80 % of the patient's own values is what "usual" means at the bedside.
// A baseline set by a clinician (who, when, why, values) takes precedence over the derived
// one as a whole, so one display never mixes two derivations.
import { scoreNews2 } from '../news2/score';
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
  setBy: { reference: string; display?: string };
  setAt: string;
  reason: string;
  values: BaselineValues;
}

export interface DerivedBaseline {
  kind: 'derived';
  patientId: string;
  /** The window the sets were taken from. */
  from: string;
  to: string;
  /** Number of complete sets used. */
  setCount: number;
  values: BaselineValues;
}

export interface NotEnoughData {
  kind: 'not-enough-data';
  patientId: string;
  from: string;
  to: string;
  setCount: number;
  required: number;
}

export type Baseline = ClinicianBaseline | DerivedBaseline | NotEnoughData;

export interface BaselineOptions {
  now: string;
  /** Default 90. */
  windowDays?: number;
  /** Default 5. */
  minSets?: number;
}

const DAY_MS = 86_400_000;

function instant(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO 8601 date-time: ${JSON.stringify(iso)}`);
  return ms;
}

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

function usualOf(values: number[]): UsualValue {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    usual: tidy(quantile(sorted, 0.5)),
    low: tidy(quantile(sorted, 0.1)),
    high: tidy(quantile(sorted, 0.9)),
  };
}

function valueOf(set: VitalSignsSet, p: Exclude<BaselineParameter, 'news2Total'>): number | undefined {
  return p === 'diastolicBP' ? set.diastolicBP : set.vitals[p];
}

/** Derives the baseline of one patient from their recorded sets (other patients' sets are ignored). */
export function deriveBaseline(
  patientId: string,
  sets: readonly VitalSignsSet[],
  opts: BaselineOptions,
): DerivedBaseline | NotEnoughData {
  const now = instant(opts.now, 'now');
  const windowDays = opts.windowDays ?? 90;
  const required = opts.minSets ?? 5;
  const fromMs = now - windowDays * DAY_MS;
  const from = new Date(fromMs).toISOString();
  const to = new Date(now).toISOString();

  const used = sets.filter((s) => {
    if (s.patientId !== patientId) return false;
    const t = Date.parse(s.effectiveDateTime);
    return t > fromMs && t <= now && scoreNews2(s.vitals).complete;
  });
  if (used.length < required) {
    return { kind: 'not-enough-data', patientId, from, to, setCount: used.length, required };
  }

  const values: BaselineValues = {};
  for (const p of BASELINE_PARAMETERS) {
    const xs =
      p === 'news2Total'
        ? used.map((s) => scoreNews2(s.vitals).total)
        : used.map((s) => valueOf(s, p)).filter((x): x is number => x !== undefined);
    if (xs.length > 0) values[p] = usualOf(xs);
  }
  return { kind: 'derived', patientId, from, to, setCount: used.length, values };
}

/** The baseline to show: the clinician's when there is one, else the derived one. */
export function personalBaseline(
  patientId: string,
  sets: readonly VitalSignsSet[],
  clinician: ClinicianBaseline | undefined,
  opts: BaselineOptions,
): Baseline {
  if (clinician !== undefined && clinician.patientId === patientId) return clinician;
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
  return OSLO_DATE.format(new Date(instant(iso, 'date')));
}

/** Norwegian text for how the baseline was derived (period and count, or set by whom). */
export function describeBaseline(baseline: Baseline): string {
  switch (baseline.kind) {
    case 'clinician': {
      const who = baseline.setBy.display ?? baseline.setBy.reference;
      return `Satt av ${who} ${norwegianDate(baseline.setAt)}: ${baseline.reason}`;
    }
    case 'derived':
      return `Beregnet fra ${baseline.setCount} fullstendige målinger ${norwegianDate(baseline.from)}–${norwegianDate(baseline.to)} (median, vanlig område 10.–90. persentil)`;
    case 'not-enough-data':
      return `For lite data til å beregne vanlige verdier: ${baseline.setCount} av minst ${baseline.required} fullstendige målinger ${norwegianDate(baseline.from)}–${norwegianDate(baseline.to)}`;
  }
}
