// SMART App Launch 2 scopes: what a scope string means. The platform's vocabulary (resource
// types, context scopes, the search parameters a v2 scope may restrict by), parsing a scope
// into context, type, permissions and query, and refusing one nobody can hold here with its
// reason. What a role is granted is decided in scopes.ts. See
// https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html

export type ScopeContext = 'patient' | 'user';

/** One `param=value[,value]` of a v2 scope query; values are OR, params are AND. */
export interface ScopeQueryParam {
  param: string;
  values: string[];
}

export interface ResourceScope {
  context: ScopeContext;
  /** A FHIR resource type or "*". */
  resourceType: string;
  /** A subset of "cruds" in that order (SMART v2 permissions; v1 names are mapped). */
  perms: string;
  /** v2 search-parameter restriction, e.g. category=vital-signs. */
  query?: ScopeQueryParam[];
  /** The text after "?", kept as written so a granted scope reads as it was asked. */
  queryText?: string;
}

export const PERMISSION_ORDER = 'cruds';

/** Resource types the platform serves; scopes for others are not granted. */
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
  'Communication',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Encounter',
] as const;

/**
 * Search parameters a v2 scope may restrict by, per type: the token parameters the
 * projections index (events/projection.ts). Others are refused, not ignored, because a
 * restriction dropped silently would widen what the app sees.
 */
export const SCOPE_QUERY_PARAMS: Readonly<Record<string, readonly string[]>> = {
  Observation: ['category', 'code'],
  EpisodeOfCare: ['type'],
  Flag: ['code'],
  Communication: ['category'],
};

/** OpenID Connect, refresh and launch-context scopes (not tied to one FHIR resource type). */
export const CONTEXT_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'offline_access',
  'online_access',
  'launch',
  'launch/patient',
  'launch/encounter',
] as const;

const V1_PERMISSIONS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };

const SCOPE_PATTERN = /^(patient|user|system)\/(\*|[A-Za-z]+)\.([a-z*]+)(?:\?(.*))?$/;

/** Why a requested scope (or part of it) is not granted; `nb` is shown to users and developers. */
export interface ScopeRefusal {
  code:
    | 'unknown-scope'
    | 'system-scope'
    | 'unknown-type'
    | 'bad-permissions'
    | 'bad-query'
    | 'query-param'
    | 'read-only'
    | 'not-creatable'
    | 'role'
    | 'no-launch'
    | 'no-encounter'
    | 'no-patient';
  nb: string;
}

export const refusal = (code: ScopeRefusal['code'], nb: string): ScopeRefusal => ({ code, nb });

export type ParsedScope =
  | { kind: 'context'; scope: string }
  | { kind: 'resource'; scope: string; parsed: ResourceScope; version: 'v1' | 'v2' }
  | { kind: 'refused'; scope: string; refusal: ScopeRefusal };

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

function parseQuery(type: string, text: string): { query: ScopeQueryParam[] } | { refusal: ScopeRefusal } {
  if (type === '*') {
    return {
      refusal: refusal('bad-query', 'Søkeparametre i et scope krever en bestemt ressurstype, ikke *.'),
    };
  }
  const supported = SCOPE_QUERY_PARAMS[type] ?? [];
  const query: ScopeQueryParam[] = [];
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    const param = eq > 0 ? part.slice(0, eq) : '';
    let values: string[];
    try {
      values = part
        .slice(eq + 1)
        .split(',')
        .map((v) => decodeURIComponent(v));
    } catch {
      return { refusal: refusal('bad-query', `Ugyldig prosentkoding i søkeparameteren «${part}».`) };
    }
    if (!param || values.some((v) => v === '')) {
      return {
        refusal: refusal('bad-query', `Ugyldig søkeparameter «${part}»: skriv param=verdi[,verdi].`),
      };
    }
    if (!supported.includes(param)) {
      const list = supported.length ? supported.join(', ') : 'ingen';
      return {
        refusal: refusal(
          'query-param',
          `Søkeparameteren ${param} støttes ikke i scopes for ${type} (støttet: ${list}).`,
        ),
      };
    }
    query.push({ param, values });
  }
  return { query };
}

/** Classifies one requested scope string. */
export function classifyScope(scope: string): ParsedScope {
  if ((CONTEXT_SCOPES as readonly string[]).includes(scope)) return { kind: 'context', scope };
  const match = SCOPE_PATTERN.exec(scope);
  if (!match) {
    return { kind: 'refused', scope, refusal: refusal('unknown-scope', 'Ukjent scope.') };
  }
  const [, context, resourceType, permText, queryText] = match as unknown as [
    string,
    ScopeContext | 'system',
    string,
    string,
    string | undefined,
  ];
  if (context === 'system') {
    return {
      kind: 'refused',
      scope,
      refusal: refusal(
        'system-scope',
        'system/-scopes (SMART Backend Services) støttes ikke: plattformen gir bare tilgang på vegne av en innlogget kliniker.',
      ),
    };
  }
  if (resourceType !== '*' && !(SMART_RESOURCE_TYPES as readonly string[]).includes(resourceType)) {
    return {
      kind: 'refused',
      scope,
      refusal: refusal('unknown-type', `Ressurstypen ${resourceType} finnes ikke på plattformen.`),
    };
  }
  const v1 = V1_PERMISSIONS[permText];
  const perms = v1 ?? (isCanonicalPermissions(permText) ? permText : undefined);
  if (!perms) {
    return {
      kind: 'refused',
      scope,
      refusal: refusal(
        'bad-permissions',
        `Ugyldige tilganger «${permText}»: bruk bokstaver fra cruds i den rekkefølgen (SMART v2), eller read, write eller * (SMART v1).`,
      ),
    };
  }
  const parsed: ResourceScope = { context, resourceType, perms };
  if (queryText !== undefined) {
    const q = parseQuery(resourceType, queryText);
    if ('refusal' in q) return { kind: 'refused', scope, refusal: q.refusal };
    parsed.query = q.query;
    parsed.queryText = queryText;
  }
  return { kind: 'resource', scope, parsed, version: v1 ? 'v1' : 'v2' };
}

/** Parses a granted resource scope ("patient/Observation.rs", v1 names, v2 queries). */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const c = classifyScope(scope);
  return c.kind === 'resource' ? c.parsed : undefined;
}

/** True when `outer` grants everything `inner` asks for (a query on `outer` must be the same). */
export function covers(outer: ResourceScope, inner: ResourceScope): boolean {
  if (outer.context !== inner.context) return false;
  if (outer.resourceType !== '*' && outer.resourceType !== inner.resourceType) return false;
  if (outer.queryText !== undefined && outer.queryText !== inner.queryText) return false;
  return [...inner.perms].every((p) => outer.perms.includes(p));
}

/** True for scopes about FHIR resources (patient/, user/, system/), asked for or not supported. */
export function isClinicalScope(scope: string): boolean {
  return /^(patient|user|system)\//.test(scope);
}

/**
 * Scope strings oidc-provider may put in a token for this platform's FHIR bases: the
 * context scopes plus every resource scope among `candidates` that parses (v2 queries
 * cannot be enumerated, so the list is made per request from what was asked or is held).
 */
export function resourceServerScopes(candidates: Iterable<string | undefined>): string[] {
  const out = new Set<string>(CONTEXT_SCOPES);
  for (const text of candidates) {
    for (const scope of (text ?? '').split(' ')) {
      if (scope && parseResourceScope(scope)) out.add(scope);
    }
  }
  return [...out];
}
