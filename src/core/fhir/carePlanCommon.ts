// What the monitoring plan and the personal plan CarePlans share: the plan parameters'
// codes and units on the wire, the patient and author references with the author's role,
// the CarePlan header both start from, and the reader's verdict type. The overview of
// both mappings is in ./carePlan.ts.
import type {
  CarePlan,
  Coding,
  Extension,
  Patient,
  Practitioner,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';
import type { ClinicalActor, ClinicalRole } from '../actor';
import { CLINICAL_ROLES } from '../actor';
import type { PlanParameter } from '../plan/personalPlan';
import { PLAN_PARAMETERS } from '../plan/personalPlan';
import { LOINC, SNOMED_NEWS2, SYSTEM, UCUM } from './codes';
import { CARE_PLAN_CATEGORY, WORKFLOW_EXTENSION, WORKFLOW_SYSTEM, carePlanCategory } from './workflowCodes';

/** The code of each plan parameter on the wire: LOINC for vital signs, SNOMED UK for NEWS2. */
export const PLAN_PARAMETER_CODING: Readonly<Record<PlanParameter, Coding>> = {
  news2Total: { system: SYSTEM.snomed, code: SNOMED_NEWS2.total, display: 'NEWS2 total score' },
  respirationRate: { system: SYSTEM.loinc, code: LOINC.respirationRate, display: 'Respiratory rate' },
  spo2: { system: SYSTEM.loinc, code: LOINC.spo2, display: 'Oxygen saturation in Arterial blood' },
  systolicBP: { system: SYSTEM.loinc, code: LOINC.systolicBP, display: 'Systolic blood pressure' },
  pulse: { system: SYSTEM.loinc, code: LOINC.heartRate, display: 'Heart rate' },
  temperature: { system: SYSTEM.loinc, code: LOINC.bodyTemperature, display: 'Body temperature' },
};

const PLAN_PARAMETER_UCUM: Readonly<Record<PlanParameter, string>> = {
  news2Total: '{score}',
  respirationRate: UCUM.perMinute,
  spo2: UCUM.percent,
  systolicBP: UCUM.mmHg,
  pulse: UCUM.perMinute,
  temperature: UCUM.celsius,
};

export function parameterOf(c: Coding | undefined): PlanParameter | undefined {
  return PLAN_PARAMETERS.find((p) => {
    const known = PLAN_PARAMETER_CODING[p];
    return c !== undefined && c.system === known.system && c.code === known.code;
  });
}

export function quantity(p: PlanParameter, value: number): Quantity {
  const code = PLAN_PARAMETER_UCUM[p];
  return { value, unit: code === '{score}' ? 'poeng' : code, system: SYSTEM.ucum, code };
}

export function patientRef(patientId: string): Reference<Patient> {
  return { reference: `Patient/${patientId}` };
}

function authorOf(actor: ClinicalActor): Reference<Practitioner> {
  return actor.display === undefined
    ? { reference: actor.reference }
    : { reference: actor.reference, display: actor.display };
}

function roleExtension(role: ClinicalRole): Extension {
  return { url: WORKFLOW_EXTENSION.authorRole, valueCode: role };
}

export function patientIdOf(ref: Reference | undefined): string | undefined {
  return /(?:^|\/)Patient\/([^/]+)$/.exec(ref?.reference ?? '')?.[1];
}

export function actorOf(resource: {
  author?: Reference;
  extension?: Extension[];
}): ClinicalActor | undefined {
  const role = resource.extension?.find((e) => e.url === WORKFLOW_EXTENSION.authorRole)?.valueCode;
  const ref = resource.author?.reference;
  if (ref === undefined || !CLINICAL_ROLES.includes(role as ClinicalRole)) return undefined;
  const actor: ClinicalActor = { reference: ref, role: role as ClinicalRole };
  if (resource.author?.display !== undefined) actor.display = resource.author.display;
  return actor;
}

/** What a monitoring plan and a personal plan CarePlan share: who, when, whom, status. */
export function planCarePlan(
  kind: 'monitoring' | 'personal',
  plan: { id: string; patientId: string; setBy: ClinicalActor; setAt: string; endedAt?: string },
  title: string,
): CarePlan {
  const [system, display] =
    kind === 'monitoring'
      ? [WORKFLOW_SYSTEM.monitoringPlan, 'NEWS2 monitoring plan']
      : [WORKFLOW_SYSTEM.personalPlan, 'NEWS2 personal plan'];
  return {
    resourceType: 'CarePlan',
    identifier: [{ system, value: plan.id }],
    extension: [roleExtension(plan.setBy.role)],
    status: plan.endedAt === undefined ? 'active' : 'revoked',
    intent: 'plan',
    category: [carePlanCategory(CARE_PLAN_CATEGORY[kind], display)],
    title,
    subject: patientRef(plan.patientId),
    created: plan.setAt,
    author: authorOf(plan.setBy),
  };
}

/** A reader's verdict on a resource: the domain value, or why it cannot be one. */
export type FromFhir<T> = { ok: true; value: T } | { ok: false; reason: string };

export const NEWS2_CODING = (): Coding => ({ ...PLAN_PARAMETER_CODING.news2Total });
