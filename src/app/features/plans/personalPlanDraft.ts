// The personal plan form's input as typed, and its conversion to core's PersonalPlan. Text
// stays text until saved ("37,5" and "37.5" both read as 37.5); the rules are core's
// (validatePersonalPlan), with the app's own words for what the form alone can tell (a
// range without its usual value, a number that is not one).
import type { ClinicalActor } from '../../../core/actor';
import type { UsualValue } from '../../../core/baseline/baseline';
import {
  PLAN_PARAMETERS,
  PLAN_PARAMETER_TEXT,
  validatePersonalPlan,
  type PersonalPlan,
  type PersonalPlanField,
  type PlanParameter,
  type PlanZone,
  type ThresholdComparator,
} from '../../../core/plan/personalPlan';
import { addDays, addMonths, osloDateOf, osloStartOfDay } from '../../../core/time/oslo';
import type { Issue } from '../../../core/validation';
import { parseDecimal } from '../../format/norwegian';

export interface AlertDraft {
  /** Stable key for the row (React), never sent. */
  key: number;
  parameter: PlanParameter;
  comparator: ThresholdComparator;
  value: string;
  zone: PlanZone;
  action: string;
}

export interface PersonalPlanDraft {
  reason: string;
  /** The review date, yyyy-mm-dd (Oslo): the plan applies to the end of that day. */
  validUntil: string;
  usual: Record<PlanParameter, { usual: string; low: string; high: string }>;
  target: { low: string; high: string; scale: '' | '1' | '2' };
  alerts: AlertDraft[];
}

const str = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));

/** An empty draft, or one filled from the plan in force (a review writes a new plan). */
export function planDraft(now: Date, from?: PersonalPlan): PersonalPlanDraft {
  const usual = Object.fromEntries(
    PLAN_PARAMETERS.map((p) => {
      const u = from?.usualValues?.[p];
      return [p, { usual: str(u?.usual), low: str(u?.low), high: str(u?.high) }];
    }),
  ) as PersonalPlanDraft['usual'];
  return {
    reason: from?.reason ?? '',
    validUntil: addMonths(osloDateOf(now.getTime()), 3),
    usual,
    target: {
      low: str(from?.spo2Target?.low),
      high: str(from?.spo2Target?.high),
      scale: from?.spo2Target?.scale ? (String(from.spo2Target.scale) as '1' | '2') : '',
    },
    alerts: (from?.alerts ?? []).map((a, i) => ({ ...a, value: str(a.value), key: i + 1 })),
  };
}

export type DraftIssue = Issue<PersonalPlanField>;

/** The end of the review day in Oslo, as an instant; '' when the date is not a date. */
export function endOfOsloDay(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return '';
  const ms = osloStartOfDay(addDays(date, 1)) - 1000;
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

function numberOrIssue(
  text: string,
  issues: DraftIssue[],
  field: PersonalPlanField,
  path: (string | number)[],
  what: string,
): number | undefined {
  const n = parseDecimal(text);
  if (n === undefined) return undefined;
  if (Number.isNaN(n)) {
    issues.push({ field, message: `${what}: «${text.trim()}» er ikke et tall`, path });
    return undefined;
  }
  return n;
}

/** Builds the plan and checks it by core's rules; issues carry the path of their input. */
export function checkPlanDraft(
  d: PersonalPlanDraft,
  ids: { id: string; patientId: string; setBy: ClinicalActor },
  now: Date,
): { ok: true; plan: PersonalPlan } | { ok: false; errors: DraftIssue[] } {
  const issues: DraftIssue[] = [];
  const usualValues: Partial<Record<PlanParameter, UsualValue>> = {};
  for (const p of PLAN_PARAMETERS) {
    const row = d.usual[p];
    const label = PLAN_PARAMETER_TEXT[p].label;
    const usual = numberOrIssue(row.usual, issues, 'usualValues', ['usualValues', p], `Vanlig ${label}`);
    const low = numberOrIssue(row.low, issues, 'usualValues', ['usualValues', p], `Vanlig ${label}, fra`);
    const high = numberOrIssue(row.high, issues, 'usualValues', ['usualValues', p], `Vanlig ${label}, til`);
    if (usual === undefined && (low !== undefined || high !== undefined)) {
      issues.push({
        field: 'usualValues',
        message: `Skriv vanlig verdi for ${label}, ikke bare området`,
        path: ['usualValues', p],
      });
      continue;
    }
    if (usual !== undefined) {
      usualValues[p] = {
        usual,
        ...(low !== undefined ? { low } : {}),
        ...(high !== undefined ? { high } : {}),
      };
    }
  }
  const tLow = numberOrIssue(d.target.low, issues, 'spo2Target', ['spo2Target'], 'Målområde SpO₂, fra');
  const tHigh = numberOrIssue(d.target.high, issues, 'spo2Target', ['spo2Target'], 'Målområde SpO₂, til');
  if ((tLow === undefined) !== (tHigh === undefined)) {
    issues.push({
      field: 'spo2Target',
      message: 'Målområdet for SpO₂ må ha både nedre og øvre grense',
      path: ['spo2Target'],
    });
  }
  const alerts = d.alerts.map((a, i) => {
    const value = numberOrIssue(
      a.value,
      issues,
      'alerts',
      ['alerts', i, 'value'],
      `Varslingsgrense ${i + 1}`,
    );
    if (value === undefined && !issues.some((x) => x.path?.[1] === i)) {
      issues.push({
        field: 'alerts',
        message: `Varslingsgrense ${i + 1}: skriv en verdi`,
        path: ['alerts', i, 'value'],
      });
    }
    return {
      parameter: a.parameter,
      comparator: a.comparator,
      value: value ?? Number.NaN,
      zone: a.zone,
      action: a.action,
    };
  });
  const validUntil = endOfOsloDay(d.validUntil);
  const input: Record<string, unknown> = {
    id: ids.id,
    patientId: ids.patientId,
    setBy: ids.setBy,
    setAt: now.toISOString(),
    reason: d.reason,
    alerts,
  };
  if (validUntil) input.validUntil = validUntil;
  if (Object.keys(usualValues).length) input.usualValues = usualValues;
  if (tLow !== undefined && tHigh !== undefined) {
    input.spo2Target = {
      low: tLow,
      high: tHigh,
      ...(d.target.scale ? { scale: Number(d.target.scale) } : {}),
    };
  }
  if (issues.length) return { ok: false, errors: issues };
  const checked = validatePersonalPlan(input, { now: now.toISOString() });
  if (!checked.ok) {
    return {
      ok: false,
      errors: checked.errors.map((e) =>
        e.field === 'validUntil' && !validUntil ? { ...e, message: 'Velg dato for revurdering' } : e,
      ),
    };
  }
  return { ok: true, plan: checked.value };
}

/** The issue for an input at `path` (an exact match, or the row it belongs to). */
export function issueAt(errors: readonly DraftIssue[], ...path: (string | number)[]): string | undefined {
  return errors.find((e) => {
    const p = e.path ?? [e.field];
    return path.every((x, i) => p[i] === x);
  })?.message;
}
