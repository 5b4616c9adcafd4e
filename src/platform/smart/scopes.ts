// SMART App Launch 2 scopes: which clinical scopes a role may hold, and which of the
// requested ones are granted. See
// https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
//
// A requested scope is granted only when one allowed scope covers it as a whole: the
// authorization server may not hand out a scope the client did not ask for (oidc-provider
// intersects the grant with the request), so a wildcard the role only partly holds is
// refused rather than narrowed. Scopes with v2 query parameters ("?category=…") are not
// supported and never granted.
import type { ClinicianRole } from '../directory';

export type ScopeContext = 'patient' | 'user';

export interface ResourceScope {
  context: ScopeContext;
  /** A FHIR resource type or "*". */
  resourceType: string;
  /** A subset of "cruds" in that order (SMART v2 permissions). */
  perms: string;
}

const PERMISSION_ORDER = 'cruds';

/** Resource types the platform serves; scopes for others are not recognised. */
export const SMART_RESOURCE_TYPES = [
  'Patient',
  'Observation',
  'EpisodeOfCare',
  'ServiceRequest',
  'HealthcareService',
  'Flag',
  'CareTeam',
  'CarePlan',
  'AuditEvent',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Encounter',
] as const;

/** OpenID Connect and launch-context scopes (not tied to one FHIR resource type). */
export const CONTEXT_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'offline_access',
  'launch',
  'launch/patient',
  'launch/encounter',
] as const;

const V1_PERMISSIONS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };

/** Parses "patient/Observation.rs" (v2) or "patient/Observation.read" (v1). */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = /^(patient|user)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)$/.exec(scope);
  if (!match) return undefined;
  const [, context, resourceType, permText] = match as unknown as [string, ScopeContext, string, string];
  if (resourceType !== '*' && !(SMART_RESOURCE_TYPES as readonly string[]).includes(resourceType)) {
    return undefined;
  }
  const perms = V1_PERMISSIONS[permText] ?? (isCanonicalPermissions(permText) ? permText : undefined);
  if (!perms) return undefined;
  return { context, resourceType, perms };
}

function isCanonicalPermissions(text: string): boolean {
  if (text.length === 0) return false;
  let last = -1;
  for (const letter of text) {
    const at = PERMISSION_ORDER.indexOf(letter);
    if (at <= last) return false;
    last = at;
  }
  return true;
}

/** True when `outer` grants everything `inner` asks for. */
export function covers(outer: ResourceScope, inner: ResourceScope): boolean {
  if (outer.context !== inner.context) return false;
  if (outer.resourceType !== '*' && outer.resourceType !== inner.resourceType) return false;
  return [...inner.perms].every((p) => outer.perms.includes(p));
}

/** Types a clinician may create: own measurements, offline-read audit records, Scale 2 flags, NEWS2 plans. */
const CREATABLE_TYPES = ['Observation', 'AuditEvent', 'Flag', 'CarePlan'];

/**
 * Clinical scopes a role may hold. The FHIR routes still check the care relationship and
 * the patient in context on every request; these scopes are the outer fence.
 * Administrators get none: they cannot read clinical content (DOMAIN.md 7.14).
 */
export function allowedResourceScopes(role: ClinicianRole): ResourceScope[] {
  if (role === 'administrator') return [];
  const scopes: ResourceScope[] = [];
  for (const context of ['patient', 'user'] as const) {
    scopes.push({ context, resourceType: '*', perms: 'rs' });
    for (const resourceType of CREATABLE_TYPES) scopes.push({ context, resourceType, perms: 'c' });
  }
  return scopes;
}

export interface ScopeDecision {
  granted: string[];
  rejected: string[];
}

/** Splits the requested resource scopes into granted and rejected for a role. */
export function decideResourceScopes(requested: readonly string[], role: ClinicianRole): ScopeDecision {
  const allowed = allowedResourceScopes(role);
  const decision: ScopeDecision = { granted: [], rejected: [] };
  for (const scope of requested) {
    const parsed = parseResourceScope(scope);
    if (!parsed) continue;
    if (allowed.some((a) => covers(a, parsed))) decision.granted.push(scope);
    else decision.rejected.push(scope);
  }
  return decision;
}

/**
 * Every resource scope string the server recognises. oidc-provider wants a resource
 * server's scopes as a closed list, so the SMART grammar is enumerated (a few hundred
 * strings).
 */
export function recognisedResourceScopes(): string[] {
  const permissionSets: string[] = [];
  for (let mask = 1; mask < 1 << PERMISSION_ORDER.length; mask++) {
    permissionSets.push([...PERMISSION_ORDER].filter((_, i) => mask & (1 << i)).join(''));
  }
  permissionSets.push(...Object.keys(V1_PERMISSIONS));
  const scopes: string[] = [];
  for (const context of ['patient', 'user']) {
    for (const resourceType of ['*', ...SMART_RESOURCE_TYPES]) {
      for (const perms of permissionSets) scopes.push(`${context}/${resourceType}.${perms}`);
    }
  }
  return scopes;
}
