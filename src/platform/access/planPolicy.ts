// Who may record plans and Scale 2 decisions (issues #11 point 2, #12 points 5 and 6), per
// municipality. A monitoring plan (how often NEWS2 is taken) is set by a nurse or a doctor.
// A personal plan and a Scale 2 decision change how a score is read and acted on, so by
// default only doctors make them; a municipality may authorise nurses too
// (VARDE_TENANT_POLICY, src/platform/config.ts). Administrators never write clinical data.
import type { ClinicalRole } from '../../core/actor';
import type { ClinicianRole } from '../directory';

export type PlanRight = 'monitoring-plan' | 'personal-plan' | 'scale2-decision';

/** A municipality's rule for who may write what. */
export interface ClinicalPolicy {
  /** Roles that may set a personal NEWS2 plan (usual values, target, thresholds). */
  personalPlanAuthors: readonly ClinicalRole[];
  /** Roles that may decide or end SpO2 Scale 2. */
  scale2DecisionAuthors: readonly ClinicalRole[];
}

export const DEFAULT_CLINICAL_POLICY: ClinicalPolicy = Object.freeze({
  personalPlanAuthors: Object.freeze(['doctor'] as const),
  scale2DecisionAuthors: Object.freeze(['doctor'] as const),
});

/** The clinical role of a platform role: doctors and nurses; administrators have none. */
export function clinicalRoleOf(role: ClinicianRole): ClinicalRole | undefined {
  switch (role) {
    case 'legevakt-doctor':
      return 'doctor';
    case 'home-care-nurse':
    case 'kad-nurse':
      return 'nurse';
    case 'administrator':
      return undefined;
  }
}

/** What a user of `role` may record under `policy`. */
export function planRights(
  role: ClinicianRole,
  policy: ClinicalPolicy = DEFAULT_CLINICAL_POLICY,
): PlanRight[] {
  const clinical = clinicalRoleOf(role);
  if (!clinical) return [];
  const rights: PlanRight[] = ['monitoring-plan'];
  if (policy.personalPlanAuthors.includes(clinical)) rights.push('personal-plan');
  if (policy.scale2DecisionAuthors.includes(clinical)) rights.push('scale2-decision');
  return rights;
}

const RIGHT_TEXT: Readonly<Record<PlanRight, string>> = {
  'monitoring-plan': 'sette overvåkingsplan',
  'personal-plan': 'sette personlig plan',
  'scale2-decision': 'beslutte eller avslutte SpO₂-skala 2',
};

/** Norwegian refusal: who may do it in this municipality. */
export function refusalText(right: PlanRight, policy: ClinicalPolicy): string {
  const roles =
    right === 'personal-plan'
      ? policy.personalPlanAuthors
      : right === 'scale2-decision'
        ? policy.scale2DecisionAuthors
        : (['doctor', 'nurse'] as const);
  const who = roles.map((r) => (r === 'doctor' ? 'lege' : 'sykepleier')).join(' og ');
  return `Din rolle har ikke rett til å ${RIGHT_TEXT[right]} i denne kommunen (bare ${who}).`;
}

const ROLE_NAMES = new Set<string>(['doctor', 'nurse']);

function roles(value: unknown, where: string): ClinicalRole[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && ROLE_NAMES.has(v))) {
    throw new Error(`${where} must be a list of "doctor" and "nurse"`);
  }
  return [...new Set(value as ClinicalRole[])];
}

/**
 * VARDE_TENANT_POLICY: JSON per kommunenummer, e.g.
 * {"1103": {"personalPlanAuthors": ["doctor", "nurse"]}}. Unnamed keys keep the default.
 */
export function parseTenantPolicies(text: string | undefined): Record<string, ClinicalPolicy> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('VARDE_TENANT_POLICY is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('VARDE_TENANT_POLICY must be an object keyed by kommunenummer');
  }
  const out: Record<string, ClinicalPolicy> = {};
  for (const [tenant, raw] of Object.entries(parsed)) {
    if (typeof raw !== 'object' || raw === null)
      throw new Error(`VARDE_TENANT_POLICY.${tenant} must be an object`);
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (key !== 'personalPlanAuthors' && key !== 'scale2DecisionAuthors') {
        throw new Error(`VARDE_TENANT_POLICY.${tenant}.${key} is not a setting`);
      }
    }
    out[tenant] = {
      personalPlanAuthors:
        r.personalPlanAuthors === undefined
          ? DEFAULT_CLINICAL_POLICY.personalPlanAuthors
          : roles(r.personalPlanAuthors, `VARDE_TENANT_POLICY.${tenant}.personalPlanAuthors`),
      scale2DecisionAuthors:
        r.scale2DecisionAuthors === undefined
          ? DEFAULT_CLINICAL_POLICY.scale2DecisionAuthors
          : roles(r.scale2DecisionAuthors, `VARDE_TENANT_POLICY.${tenant}.scale2DecisionAuthors`),
    };
  }
  return out;
}
