// Who may do what with which patient's data (DOMAIN.md sections 6-7). The FHIR router asks
// these questions on every request; the answers are values, and every "no" says why.
//
// - A patient/ scope reaches only the patient in the token's launch context.
// - A user/ scope reaches a patient through a care relationship (CareTeam membership), and
//   in an EHR launch also the patient the EPJ launched the app with: the EPJ has put the
//   clinician on that patient, which is the clinician's current care context in the same
//   way as for patient/ scopes. Any other patient still needs a care relationship.
// - A SMART v2 scope with search parameters (patient/Observation.rs?category=vital-signs)
//   reaches only resources that match them: reads of others are refused, searches leave
//   them out (SMART allows results to be omitted).
// - Administrators never reach clinical content, whatever their scopes say.
import type { Resource } from '@medplum/fhirtypes';
import type { ClinicalDirectory } from '../directory';
import { searchColumns, type SearchColumns } from '../events/projection';
import type { StoredRow } from '../events/types';
import { parseResourceScope, type ResourceScope, type ScopeQueryParam } from '../smart/scopes';
import type { AccessContext } from '../smart/types';

export type Permission = 'r' | 's' | 'c';

/** Types that hold data about one patient (the patient compartment, as far as we serve it). */
export const CLINICAL_TYPES = new Set([
  'Patient',
  'Observation',
  'EpisodeOfCare',
  'ServiceRequest',
  'Flag',
  'CareTeam',
  'CarePlan',
  'Communication',
]);

export type AccessDecision =
  | {
      kind: 'allowed';
      via: 'patient-context' | 'launch-context' | 'care-relationship' | 'no-patient' | 'scope-query';
    }
  | { kind: 'denied'; reason: string };

/** The granted scopes that give `perm` on `type`. */
function grantingScopes(access: AccessContext, type: string, perm: Permission): ResourceScope[] {
  const out: ResourceScope[] = [];
  for (const s of access.scopes) {
    const parsed = parseResourceScope(s);
    if (!parsed || !parsed.perms.includes(perm)) continue;
    if (parsed.resourceType !== '*' && parsed.resourceType !== type) continue;
    out.push(parsed);
  }
  return out;
}

function scopesFor(
  access: AccessContext,
  type: string,
  perm: Permission,
): { patient: boolean; user: boolean } {
  const granting = grantingScopes(access, type, perm);
  return {
    patient: granting.some((s) => s.context === 'patient'),
    user: granting.some((s) => s.context === 'user'),
  };
}

/** The search column a scope query parameter is matched against (scopes.ts SCOPE_QUERY_PARAMS). */
const QUERY_COLUMNS: Record<string, keyof Pick<SearchColumns, 'codes' | 'categories'>> = {
  category: 'categories',
  code: 'codes',
  type: 'codes',
};

/** True when the resource meets every parameter (AND), each by one of its values (OR). */
export function matchesScopeQuery(resource: Resource, query: readonly ScopeQueryParam[]): boolean {
  const cols = searchColumns(resource);
  return query.every(({ param, values }) => {
    const column = QUERY_COLUMNS[param];
    return column !== undefined && values.some((v) => cols[column].includes(v));
  });
}

/**
 * The query restrictions on `perm` for `type`: undefined when some granting scope has none
 * (everything of the type is reachable), otherwise the queries of which one must match.
 */
function queryRestrictions(
  access: AccessContext,
  type: string,
  perm: Permission,
): ScopeQueryParam[][] | undefined {
  const granting = grantingScopes(access, type, perm);
  if (granting.length === 0 || granting.some((s) => !s.query)) return undefined;
  return granting.map((s) => s.query!);
}

export interface AccessPolicy {
  /** May the token do `perm` on `type` at all (before looking at a patient)? */
  checkType(access: AccessContext, type: string, perm: Permission): AccessDecision;
  /** May the token do `perm` on `type` for this patient? */
  checkPatient(
    access: AccessContext,
    type: string,
    perm: Permission,
    patientId: string,
  ): Promise<AccessDecision>;
  /** Does this resource meet the search parameters of the token's scopes for `perm` (a read)? */
  checkScopeQuery(access: AccessContext, resource: Resource, perm: Permission): AccessDecision;
  /** The rows (search matches and includes) the token's scope queries let through. */
  visibleRows<T extends StoredRow>(access: AccessContext, perm: Permission, rows: T[]): T[];
}

export function createAccessPolicy(directory: Pick<ClinicalDirectory, 'hasCareRelationship'>): AccessPolicy {
  const checkType = (access: AccessContext, type: string, perm: Permission): AccessDecision => {
    if (access.role === 'administrator' && CLINICAL_TYPES.has(type)) {
      return { kind: 'denied', reason: 'Administratorer har ikke tilgang til klinisk innhold.' };
    }
    const s = scopesFor(access, type, perm);
    if (!s.patient && !s.user) {
      return { kind: 'denied', reason: `Tokenet mangler scope for ${type}.${perm}.` };
    }
    return { kind: 'allowed', via: 'no-patient' };
  };

  const checkScopeQuery = (access: AccessContext, resource: Resource, perm: Permission): AccessDecision => {
    const restrictions = queryRestrictions(access, resource.resourceType, perm);
    if (!restrictions || restrictions.some((q) => matchesScopeQuery(resource, q))) {
      return { kind: 'allowed', via: 'scope-query' };
    }
    const asText = restrictions
      .map((q) => q.map((p) => `${p.param}=${p.values.join(',')}`).join('&'))
      .join(' eller ');
    return {
      kind: 'denied',
      reason: `Tokenet gir bare tilgang til ${resource.resourceType} med ${asText}.`,
    };
  };

  return {
    checkType,
    checkScopeQuery,
    async checkPatient(access, type, perm, patientId) {
      const base = checkType(access, type, perm);
      if (base.kind === 'denied') return base;
      const s = scopesFor(access, type, perm);
      if (s.patient && access.patient === patientId) return { kind: 'allowed', via: 'patient-context' };
      if (s.user && access.launchId !== undefined && access.patient === patientId) {
        return { kind: 'allowed', via: 'launch-context' };
      }
      if (s.user && (await directory.hasCareRelationship(access.tenant, access.practitionerId, patientId))) {
        return { kind: 'allowed', via: 'care-relationship' };
      }
      if (s.patient && !s.user) {
        return { kind: 'denied', reason: 'Tokenet gjelder en annen pasient.' };
      }
      return { kind: 'denied', reason: 'Ingen tjenstlig behov (behandlingsrelasjon) med pasienten.' };
    },
    visibleRows(access, perm, rows) {
      const restricted = new Map<string, ScopeQueryParam[][] | undefined>();
      const restrictionsOf = (type: string) => {
        if (!restricted.has(type)) restricted.set(type, queryRestrictions(access, type, perm));
        return restricted.get(type);
      };
      // Only rows of a type reachable solely through query scopes are parsed and tested.
      if (!rows.some((r) => restrictionsOf(r.resourceType))) return rows;
      return rows.filter((r) => {
        const restrictions = restrictionsOf(r.resourceType);
        if (!restrictions) return true;
        const resource = JSON.parse(r.json) as Resource;
        return restrictions.some((q) => matchesScopeQuery(resource, q));
      });
    },
  };
}
