// A personal plan as a FHIR R4 CarePlan (issue #12 point 5): HL7 Norway's zone-plan approach (Planer/CarePlan work, draft "v2":
// a plan CarePlan; per zone a CarePlan that is partOf it, addresses a zone Condition
// whose severity is the zone (green/yellow/red) and whose code.text states the threshold,
// and whose activity.detail.description holds the action). Varde keeps that shape but
// inside ONE resource: the zone Conditions, zone CarePlans and the SpO2-target Goal are
// contained in the plan CarePlan. Why: a plan is written, versioned, audited and replaced
// as a whole, exactly once through the outbox with one conditional create on its
// identifier, and a reader never sees half a plan. Beyond the draft:
// - each threshold is also machine-readable: extension plan-threshold on its zone
//   Condition (parameter coding, comparator, value with UCUM unit), because the worklist
//   evaluates it; the draft has text only;
// - the usual values sit on the green zone Condition ("Forventet verdiområde, normal
//   oppfølging" in the draft's code system) as plan-usual-value extensions;
// - the SpO2 target is a Goal (target.measure LOINC 2708-6, detailRange), referenced
//   from CarePlan.goal; its scale is the news2-spo2-scale extension;
// - the plan CarePlan also lists every zone Condition in `addresses`, as the draft's
//   first version ("mal") did, so either reading finds them;
// - period.start = set at, period.end = review/expiry date; a withdrawn plan is status
//   revoked with extension plan-withdrawn-at.
// The zone coding carries Varde's code and HL7 Norway's draft code side by side.
import type { CarePlan, Condition, Extension, Goal, Reference, Resource } from '@medplum/fhirtypes';
import type { UsualValue } from '../baseline/baseline';
import type { PersonalAlert, PersonalPlan, PlanParameter, PlanZone } from '../plan/personalPlan';
import { thresholdText, PLAN_PARAMETER_TEXT } from '../plan/personalPlan';
import {
  PLAN_PARAMETER_CODING,
  actorOf,
  parameterOf,
  patientIdOf,
  patientRef,
  planCarePlan,
  quantity,
  type FromFhir,
} from './carePlanCommon';
import { EXTENSION, coding, hasCoding } from './codes';
import { CARE_PLAN_CATEGORY, WORKFLOW_EXTENSION, WORKFLOW_SYSTEM } from './workflowCodes';

type Zone = PlanZone | 'green';
const ZONE_DISPLAY: Readonly<Record<Zone, string>> = {
  green: 'Grønn sone',
  yellow: 'Gul sone',
  red: 'Rød sone',
};

function zoneSeverity(zone: Zone) {
  return {
    coding: [
      coding(WORKFLOW_SYSTEM.planZone, zone, ZONE_DISPLAY[zone]),
      coding(WORKFLOW_SYSTEM.hl7NoZone, zone, ZONE_DISPLAY[zone]),
    ],
  };
}

function zoneOf(condition: Condition): Zone | undefined {
  const code = condition.severity?.coding?.find(
    (c) => c.system === WORKFLOW_SYSTEM.planZone || c.system === WORKFLOW_SYSTEM.hl7NoZone,
  )?.code;
  return code === 'green' || code === 'yellow' || code === 'red' ? code : undefined;
}

function zoneCondition(
  id: string,
  zone: Zone,
  text: string,
  patientId: string,
  extension: Extension[],
): Condition {
  return {
    resourceType: 'Condition',
    id,
    extension,
    clinicalStatus: { coding: [coding(WORKFLOW_SYSTEM.conditionClinical, 'active', 'Active')] },
    severity: zoneSeverity(zone),
    code: { text },
    subject: patientRef(patientId),
  };
}

function zoneCarePlan(
  id: string,
  zone: Zone,
  conditionId: string,
  action: string,
  patientId: string,
): CarePlan {
  return {
    resourceType: 'CarePlan',
    id,
    status: 'active',
    intent: 'plan',
    title: `Tiltak – ${ZONE_DISPLAY[zone].toLowerCase()}`,
    subject: patientRef(patientId),
    partOf: [{ reference: '#' }],
    addresses: [{ reference: `#${conditionId}` }],
    activity: [{ detail: { status: zone === 'green' ? 'in-progress' : 'not-started', description: action } }],
  };
}

function thresholdExtension(a: PersonalAlert): Extension {
  return {
    url: WORKFLOW_EXTENSION.planThreshold,
    extension: [
      { url: 'parameter', valueCoding: { ...PLAN_PARAMETER_CODING[a.parameter] } },
      { url: 'comparator', valueCode: a.comparator },
      { url: 'value', valueQuantity: quantity(a.parameter, a.value) },
    ],
  };
}

function usualExtension(p: PlanParameter, u: UsualValue): Extension {
  const parts: Extension[] = [
    { url: 'parameter', valueCoding: { ...PLAN_PARAMETER_CODING[p] } },
    { url: 'usual', valueQuantity: quantity(p, u.usual) },
  ];
  if (u.low !== undefined) parts.push({ url: 'low', valueQuantity: quantity(p, u.low) });
  if (u.high !== undefined) parts.push({ url: 'high', valueQuantity: quantity(p, u.high) });
  return { url: WORKFLOW_EXTENSION.planUsualValue, extension: parts };
}

const nb = (x: number) => String(x).replace('.', ',');

export const GREEN_ZONE_ACTION = 'Vanlig oppfølging etter planen; standard NEWS2 og respons gjelder alltid';

export function personalPlanToCarePlan(plan: PersonalPlan): CarePlan {
  const contained: Resource[] = [];
  const addresses: Reference<Condition>[] = [];
  const usual = Object.entries(plan.usualValues ?? {}) as [PlanParameter, UsualValue][];
  if (usual.length > 0) {
    const text =
      'Vanlige verdier: ' +
      usual
        .map(([p, u]) => {
          const range = u.low !== undefined && u.high !== undefined ? ` (${nb(u.low)}–${nb(u.high)})` : '';
          return `${PLAN_PARAMETER_TEXT[p].label} ${nb(u.usual)}${range}${PLAN_PARAMETER_TEXT[p].unit}`;
        })
        .join(', ');
    contained.push(
      zoneCondition(
        'zone-green',
        'green',
        text,
        plan.patientId,
        usual.map(([p, u]) => usualExtension(p, u)),
      ),
      zoneCarePlan('zone-plan-green', 'green', 'zone-green', GREEN_ZONE_ACTION, plan.patientId),
    );
    addresses.push({ reference: '#zone-green' });
  }
  plan.alerts.forEach((a, i) => {
    contained.push(
      zoneCondition(`zone-${i + 1}`, a.zone, thresholdText(a), plan.patientId, [thresholdExtension(a)]),
      zoneCarePlan(`zone-plan-${i + 1}`, a.zone, `zone-${i + 1}`, a.action, plan.patientId),
    );
    addresses.push({ reference: `#zone-${i + 1}` });
  });
  const cp: CarePlan = {
    ...planCarePlan('personal', plan, 'Personlig NEWS2-plan'),
    description: plan.reason,
    period: { start: plan.setAt, end: plan.validUntil },
  };
  if (plan.endedAt !== undefined) {
    cp.extension!.push({ url: WORKFLOW_EXTENSION.withdrawnAt, valueDateTime: plan.endedAt });
  }
  const t = plan.spo2Target;
  if (t !== undefined) {
    const goal: Goal = {
      resourceType: 'Goal',
      id: 'spo2-target',
      lifecycleStatus: 'active',
      description: { text: `SpO₂ ${nb(t.low)}–${nb(t.high)} %${t.scale ? ` (skala ${t.scale})` : ''}` },
      subject: patientRef(plan.patientId),
      target: [
        {
          measure: { coding: [{ ...PLAN_PARAMETER_CODING.spo2 }] },
          detailRange: { low: quantity('spo2', t.low), high: quantity('spo2', t.high) },
        },
      ],
    };
    if (t.scale !== undefined) goal.extension = [{ url: EXTENSION.spo2Scale, valueInteger: t.scale }];
    contained.unshift(goal);
    cp.goal = [{ reference: '#spo2-target' }];
  }
  if (contained.length > 0) cp.contained = contained;
  if (addresses.length > 0) cp.addresses = addresses;
  return cp;
}

export function isPersonalPlanCarePlan(cp: CarePlan): boolean {
  return (
    cp.category?.some((c) => hasCoding(c, WORKFLOW_SYSTEM.carePlanCategory, CARE_PLAN_CATEGORY.personal)) ??
    false
  );
}

function subExtension(ext: Extension, url: string): Extension | undefined {
  return ext.extension?.find((e) => e.url === url);
}

export function personalPlanFromCarePlan(cp: CarePlan): FromFhir<PersonalPlan> {
  if (!isPersonalPlanCarePlan(cp)) return { ok: false, reason: 'not a NEWS2 personal plan' };
  if (cp.status === 'entered-in-error') return { ok: false, reason: 'entered in error' };
  const id = cp.identifier?.find((i) => i.system === WORKFLOW_SYSTEM.personalPlan)?.value;
  const patientId = patientIdOf(cp.subject);
  const setBy = actorOf(cp);
  const setAt = cp.created ?? cp.period?.start;
  const validUntil = cp.period?.end;
  if (id === undefined || patientId === undefined) return { ok: false, reason: 'no identifier or patient' };
  if (setBy === undefined || setAt === undefined)
    return { ok: false, reason: 'no author with role, or no date' };
  if (validUntil === undefined || !cp.description)
    return { ok: false, reason: 'no review date or no reason' };

  const contained = cp.contained ?? [];
  const conditions = new Map(
    contained.filter((r): r is Condition => r.resourceType === 'Condition').map((c) => [`#${c.id}`, c]),
  );
  const zonePlans = contained.filter((r): r is CarePlan => r.resourceType === 'CarePlan');
  const plan: PersonalPlan = { id, patientId, setBy, setAt, reason: cp.description, validUntil, alerts: [] };

  for (const zp of zonePlans) {
    const condition = conditions.get(zp.addresses?.[0]?.reference ?? '');
    const action = zp.activity?.[0]?.detail?.description;
    const zone = condition && zoneOf(condition);
    if (!condition || !zone || action === undefined)
      return { ok: false, reason: `zone plan ${zp.id} is incomplete` };
    if (zone === 'green') {
      for (const ext of condition.extension ?? []) {
        if (ext.url !== WORKFLOW_EXTENSION.planUsualValue) continue;
        const p = parameterOf(subExtension(ext, 'parameter')?.valueCoding);
        const usual = subExtension(ext, 'usual')?.valueQuantity?.value;
        if (p === undefined || usual === undefined) return { ok: false, reason: 'unreadable usual value' };
        const u: UsualValue = { usual };
        const low = subExtension(ext, 'low')?.valueQuantity?.value;
        const high = subExtension(ext, 'high')?.valueQuantity?.value;
        if (low !== undefined) u.low = low;
        if (high !== undefined) u.high = high;
        (plan.usualValues ??= {})[p] = u;
      }
      continue;
    }
    const ext = condition.extension?.find((e) => e.url === WORKFLOW_EXTENSION.planThreshold);
    const p = ext && parameterOf(subExtension(ext, 'parameter')?.valueCoding);
    const comparator = ext && subExtension(ext, 'comparator')?.valueCode;
    const value = ext && subExtension(ext, 'value')?.valueQuantity?.value;
    if (p === undefined || (comparator !== '>=' && comparator !== '<=') || value === undefined) {
      // A threshold a reader cannot evaluate must not vanish silently: refuse the plan.
      return { ok: false, reason: `zone ${condition.id} has no readable threshold` };
    }
    plan.alerts.push({ parameter: p, comparator, value, zone, action });
  }
  const goal = contained.find((r): r is Goal => r.resourceType === 'Goal' && r.id === 'spo2-target');
  const range = goal?.target?.[0]?.detailRange;
  if (range?.low?.value !== undefined && range.high?.value !== undefined) {
    plan.spo2Target = { low: range.low.value, high: range.high.value };
    const scale = goal?.extension?.find((e) => e.url === EXTENSION.spo2Scale)?.valueInteger;
    if (scale === 1 || scale === 2) plan.spo2Target.scale = scale;
  }
  if (cp.status === 'revoked' || cp.status === 'completed') {
    plan.endedAt =
      cp.extension?.find((e) => e.url === WORKFLOW_EXTENSION.withdrawnAt)?.valueDateTime ?? setAt;
  }
  return { ok: true, value: plan };
}
