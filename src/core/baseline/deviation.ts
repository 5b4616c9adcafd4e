// How far a measurement lies from the patient's usual values ("NEWS2 5 — vanlig 3 (+2)").
//
// SAFETY RULE (DOMAIN.md section 4): a baseline never lowers, hides or replaces the standard
// NEWS2 score, risk band or response. The types hold it: a Deviation has no risk, level or
// score field (`?: never`), and the score travels through as the same, read-only object the
// caller scored with scoreNews2. The NEWS2 total is only compared for a complete set: a
// partial sum is not a NEWS2.
import type { News2Score } from '../news2/types';
import { scoreNews2 } from '../news2/score';
import type { VitalSignsSet } from '../vitals/types';
import { labelsOf } from '../vitals/parameters';
import type { Baseline, BaselineParameter, UsualValue } from './baseline';
import { BASELINE_PARAMETERS } from './baseline';

/** Fields a baseline result must never carry: it adds context, it never re-scores. */
interface NoClinicalOverride {
  risk?: never;
  level?: never;
  total?: never;
  parts?: never;
}

export type RangePosition = 'below' | 'within' | 'above' | 'no-range';

export interface Deviation extends NoClinicalOverride {
  parameter: BaselineParameter;
  value: number;
  usual: number;
  /** value - usual. */
  difference: number;
  /** Where the value lies against the usual range (no-range when the baseline states none). */
  position: RangePosition;
  /** Norwegian display text, e.g. "NEWS2 5 — vanlig 3 (+2)". */
  text: string;
}

export interface SetDeviation extends NoClinicalOverride {
  /** The standard NEWS2, passed through untouched: show it first, in full. */
  readonly score: Readonly<News2Score>;
  deviations: Partial<Record<BaselineParameter, Deviation>>;
  baseline: Baseline;
}

export const BASELINE_PARAMETER_LABELS: Readonly<Record<BaselineParameter, string>> = {
  ...labelsOf(['respirationRate', 'spo2', 'systolicBP', 'diastolicBP', 'pulse', 'temperature'], 'shortLabel'),
  news2Total: 'NEWS2',
};

/** At most one decimal, decimal comma. */
function nb(x: number): string {
  return String(Math.round(x * 10) / 10).replace('.', ',');
}

function signed(x: number): string {
  const r = Math.round(x * 10) / 10;
  if (r === 0) return '±0';
  return r > 0 ? `+${nb(r)}` : `−${nb(-r)}`;
}

/** One parameter's deviation, or undefined when the baseline has no usual value for it. */
export function deviationOf(
  parameter: BaselineParameter,
  value: number,
  usual: UsualValue | undefined,
): Deviation | undefined {
  if (usual === undefined || !Number.isFinite(value)) return undefined;
  const difference = Math.round((value - usual.usual) * 100) / 100;
  let position: RangePosition = 'no-range';
  if (usual.low !== undefined && value < usual.low) position = 'below';
  else if (usual.high !== undefined && value > usual.high) position = 'above';
  else if (usual.low !== undefined || usual.high !== undefined) position = 'within';
  const text = `${BASELINE_PARAMETER_LABELS[parameter]} ${nb(value)} — vanlig ${nb(usual.usual)} (${signed(difference)})`;
  return { parameter, value, usual: usual.usual, difference, position, text };
}

/**
 * The deviations of one set from a baseline. `score` must be scoreNews2(set.vitals); when
 * omitted it is computed. It is returned as is, never altered.
 */
export function deviationFromBaseline(
  set: VitalSignsSet,
  baseline: Baseline,
  score: Readonly<News2Score> = scoreNews2(set.vitals),
): SetDeviation {
  const deviations: Partial<Record<BaselineParameter, Deviation>> = {};
  if (baseline.kind !== 'not-enough-data') {
    for (const p of BASELINE_PARAMETERS) {
      let value: number | undefined;
      if (p === 'news2Total') value = score.complete ? score.total : undefined;
      else if (p === 'diastolicBP') value = set.diastolicBP;
      else value = set.vitals[p];
      if (value === undefined) continue;
      const d = deviationOf(p, value, baseline.values[p]);
      if (d) deviations[p] = d;
    }
  }
  return { score, deviations, baseline };
}
