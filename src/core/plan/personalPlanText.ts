// A personal plan in Norwegian words: parameter names and units, a threshold ("NEWS2 ≥ 7"),
// an alert with its action, and the one line shown beside the standard response.
import { actorText } from '../actor';
import type { UsualValue } from '../baseline/baseline';
import { norwegianDate } from '../baseline/baseline';
import { shortLabelInSentence, VITAL_PARAMETERS } from '../vitals/parameters';
import { personalPlanStatus } from './personalPlanStatus';
import { PLAN_PARAMETERS } from './personalPlanTypes';
import type { PersonalAlert, PersonalPlan, PlanParameter } from './personalPlanTypes';

/** Norwegian names and units for texts: "NEWS2 ≥ 7", "puls ≥ 120 /min". */
export const PLAN_PARAMETER_TEXT: Readonly<Record<PlanParameter, { label: string; unit: string }>> = {
  news2Total: { label: 'NEWS2', unit: '' },
  ...(Object.fromEntries(
    PLAN_PARAMETERS.filter((p) => p !== 'news2Total').map((p) => [
      p,
      { label: shortLabelInSentence(p), unit: ` ${VITAL_PARAMETERS[p].unit}` },
    ]),
  ) as Record<Exclude<PlanParameter, 'news2Total'>, { label: string; unit: string }>),
};

/** A number with a decimal comma, as Norwegian text writes it. */
export const nb = (x: number) => String(x).replace('.', ',');

/** "NEWS2 ≥ 7", "puls ≤ 45 /min". */
export function thresholdText(alert: Pick<PersonalAlert, 'parameter' | 'comparator' | 'value'>): string {
  const { label, unit } = PLAN_PARAMETER_TEXT[alert.parameter];
  return `${label} ${alert.comparator === '>=' ? '≥' : '≤'} ${nb(alert.value)}${unit}`;
}

/** "NEWS2 ≥ 7: Ring fastlege". */
export function alertText(alert: PersonalAlert): string {
  return `${thresholdText(alert)}: ${alert.action}`;
}

function usualText(p: PlanParameter, u: UsualValue): string {
  const { label, unit } = PLAN_PARAMETER_TEXT[p];
  const range = u.low !== undefined && u.high !== undefined ? ` (${nb(u.low)}–${nb(u.high)})` : '';
  return `vanlig ${label} ${nb(u.usual)}${range}${unit}`;
}

/**
 * The plan as one Norwegian line to show beside the standard response, e.g. "Personlig plan
 * (lege Kari Hansen, 01.11.2026, gjelder til 01.02.2027): NEWS2 ≥ 7: Ring fastlege. ..."
 * An expired or withdrawn plan says so and that it is not used.
 */
export function describePersonalPlan(plan: PersonalPlan, now: string): string {
  const who = `${actorText(plan.setBy)}, ${norwegianDate(plan.setAt)}`;
  const status = personalPlanStatus(plan, now);
  if (status === 'expired') {
    return `Personlig plan (${who}) utløpt ${norwegianDate(plan.validUntil)}: brukes ikke. Standard NEWS2 gjelder.`;
  }
  if (status === 'ended') {
    return `Personlig plan (${who}) avsluttet ${norwegianDate(plan.endedAt!)}: brukes ikke. Standard NEWS2 gjelder.`;
  }
  const parts = [
    ...plan.alerts.map((a) => `${alertText(a)}.`),
    ...(plan.spo2Target
      ? [
          `Målområde SpO₂ ${nb(plan.spo2Target.low)}–${nb(plan.spo2Target.high)} %${plan.spo2Target.scale ? ` (skala ${plan.spo2Target.scale})` : ''}.`,
        ]
      : []),
    ...(Object.entries(plan.usualValues ?? {}) as [PlanParameter, UsualValue][]).map(
      ([p, u]) => `${usualText(p, u)[0]!.toUpperCase()}${usualText(p, u).slice(1)}.`,
    ),
  ];
  const period =
    status === 'not-yet-valid'
      ? `gjelder fra ${norwegianDate(plan.setAt)} til ${norwegianDate(plan.validUntil)}`
      : `gjelder til ${norwegianDate(plan.validUntil)}`;
  return `Personlig plan (${who}, ${period}): ${parts.join(' ')}`;
}
