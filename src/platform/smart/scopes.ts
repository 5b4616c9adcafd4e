// SMART App Launch 2 scopes: what a scope means, which ones a role may hold, and what is
// granted for each one asked for, with the reason for anything not granted. See
// https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
//
// Honest scopes (issue 17):
// - A requested scope the role holds whole is granted exactly as asked (v1 names stay v1,
//   as SMART recommends: `patient/*.read` is granted as `patient/*.read`).
// - A requested scope the role holds only in part is granted as the part it holds, in v2
//   syntax: `patient/*.*` becomes `patient/*.rs patient/Observation.c patient/AuditEvent.c …`,
//   and the missing permissions are reported with their reason. SMART allows granting a
//   narrower scope than asked ("patient/*.rs" for "patient/AllergyIntolerance.cruds").
// - A scope nobody can hold here (a type the platform does not serve, update or delete,
//   system/ scopes, an unsupported search parameter) is refused with its reason.
// - v2 scopes with search parameters (`patient/Observation.rs?category=vital-signs`) are
//   supported for the token parameters in SCOPE_QUERY_PARAMS; the FHIR routes filter reads
//   and searches by them (access/policy.ts).
import type { ClinicianRole } from '../directory';

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

const PERMISSION_ORDER = 'cruds';

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

/**
 * Types apps may create (the FHIR router's list): own measurements, offline-read audit
 * records, Scale 2 decisions (Flag), NEWS2 plans (CarePlan) and escalation records
 * (Communication).
 */
export const CREATABLE_TYPES: readonly string[] = [
  'Observation',
  'AuditEvent',
  'Flag',
  'CarePlan',
  'Communication',
];

/** "Observation, AuditEvent, Flag, CarePlan og Communication". */
const creatableText = () => `${CREATABLE_TYPES.slice(0, -1).join(', ')} og ${CREATABLE_TYPES.at(-1)}`;

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

const refusal = (code: ScopeRefusal['code'], nb: string): ScopeRefusal => ({ code, nb });

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

/** What any clinician may hold; the FHIR routes still check patient and care relationship. */
const CLINICIAN_SCOPES: ResourceScope[] = (['patient', 'user'] as const).flatMap((context) => [
  { context, resourceType: '*', perms: 'rs' },
  ...CREATABLE_TYPES.map((resourceType) => ({ context, resourceType, perms: 'c' })),
]);

/**
 * Clinical scopes a role may hold. Administrators get none: they cannot read clinical
 * content (DOMAIN.md 7.14).
 */
export function allowedResourceScopes(role: ClinicianRole): ResourceScope[] {
  return role === 'administrator' ? [] : CLINICIAN_SCOPES;
}

/** What became of one requested scope. */
export interface ScopeOutcome {
  requested: string;
  /** Empty: refused; [requested]: granted as asked; otherwise the part granted. */
  granted: string[];
  /** Why it was refused, or what was left out of a part grant. */
  refusal?: ScopeRefusal;
}

const canonical = (letters: Iterable<string>) =>
  [...PERMISSION_ORDER].filter((p) => [...letters].includes(p)).join('');

function scopeText(context: ScopeContext, type: string, perms: string, queryText?: string): string {
  return `${context}/${type}.${perms}${queryText !== undefined ? `?${queryText}` : ''}`;
}

/** Why the permissions in `missing` on `type` are not granted to `role`. */
function missingReason(
  requested: ResourceScope,
  missing: string,
  role: ClinicianRole | 'clinician',
): ScopeRefusal {
  if (role === 'administrator') {
    return refusal('role', 'Administratorer har ikke tilgang til klinisk innhold.');
  }
  const parts: string[] = [];
  const neverGranted = [...missing].filter((p) => p === 'u' || p === 'd');
  if (neverGranted.length) {
    const names = neverGranted.map((p) => (p === 'u' ? 'u (oppdatere)' : 'd (slette)')).join(' og ');
    parts.push(`${names} gis aldri: delte data er skrivebeskyttet, apper oppretter bare nye ressurser`);
  }
  if (missing.includes('c')) {
    const type = requested.resourceType;
    if (requested.query) parts.push('Søkeparametre i et scope håndheves bare for lesing og søk (r, s)');
    else if (type === '*') parts.push(`c (opprette) gis bare for ${creatableText()}`);
    else parts.push(`Apper kan ikke opprette ${type} (bare ${creatableText()})`);
  }
  // Each part is a sentence of its own; one starting with a permission letter keeps it lower case.
  return refusal(neverGranted.length ? 'read-only' : 'not-creatable', `${parts.join('. ')}.`);
}

function decideOne(
  requested: ResourceScope,
  scope: string,
  allowed: ResourceScope[],
  role: ClinicianRole | 'clinician',
): ScopeOutcome {
  // A query restriction is enforced on reads and searches only: nothing else is granted with one.
  const same = allowed
    .filter((a) => a.context === requested.context)
    .map((a) =>
      requested.query ? { ...a, perms: [...a.perms].filter((p) => 'rs'.includes(p)).join('') } : a,
    )
    .filter((a) => a.perms !== '');
  if (same.some((a) => covers(a, requested))) return { requested: scope, granted: [scope] };
  const pieces = new Map<string, string>(); // type -> permissions granted
  const add = (type: string, letters: string) => {
    const merged = canonical(new Set([...(pieces.get(type) ?? ''), ...letters]));
    if (merged) pieces.set(type, merged);
  };
  for (const a of same) {
    const letters = [...requested.perms].filter((p) => a.perms.includes(p)).join('');
    if (!letters) continue;
    if (requested.resourceType === '*') add(a.resourceType, letters);
    else if (a.resourceType === '*' || a.resourceType === requested.resourceType) {
      add(requested.resourceType, letters);
    }
  }
  // A specific type whose permissions the wildcard piece already holds adds nothing.
  const wildcard = pieces.get('*') ?? '';
  for (const [type, letters] of pieces) {
    if (type !== '*' && [...letters].every((p) => wildcard.includes(p))) pieces.delete(type);
  }
  const grantedLetters = new Set([...pieces.values()].join(''));
  const missing = [...requested.perms].filter((p) => !grantedLetters.has(p)).join('');
  const typeWideMissing =
    requested.resourceType === '*'
      ? // Of a wildcard, c is granted for some types only: report it as missing too.
        [...requested.perms].filter((p) => !wildcard.includes(p)).join('')
      : missing;
  const granted = [...pieces].map(([type, letters]) =>
    scopeText(requested.context, type, letters, requested.queryText),
  );
  return {
    requested: scope,
    granted,
    refusal: missingReason(requested, typeWideMissing || missing, role),
  };
}

/**
 * What is granted for each requested resource scope (patient/, user/ and system/ ones;
 * context scopes are decided with the launch, see decideContextScopes). `role` 'clinician'
 * answers what the platform could grant at best, before the user is known.
 */
export function decideResourceScopes(
  requested: readonly string[],
  role: ClinicianRole | 'clinician',
): ScopeOutcome[] {
  const allowed = role === 'clinician' ? CLINICIAN_SCOPES : allowedResourceScopes(role);
  const outcomes: ScopeOutcome[] = [];
  for (const scope of new Set(requested)) {
    const c = classifyScope(scope);
    if (c.kind === 'context') continue;
    if (c.kind === 'refused') outcomes.push({ requested: scope, granted: [], refusal: c.refusal });
    else outcomes.push(decideOne(c.parsed, scope, allowed, role));
  }
  return outcomes;
}

/** Every granted scope string of a set of outcomes, each once. */
export function grantedScopes(outcomes: readonly ScopeOutcome[]): string[] {
  return [...new Set(outcomes.flatMap((o) => o.granted))];
}

/** True for scopes about FHIR resources (patient/, user/, system/), asked for or not supported. */
export function isClinicalScope(scope: string): boolean {
  return /^(patient|user|system)\//.test(scope);
}

/** What the launch offers, for deciding the launch-context scopes. */
export interface LaunchFacts {
  /** An EHR launch (the `launch` parameter named a stored launch). */
  ehrLaunch: boolean;
  /** A patient is in context (EHR launch or chosen in the picker). */
  patient: boolean;
  encounter: boolean;
}

/** Grants or refuses the OpenID, refresh and launch-context scopes asked for. */
export function decideContextScopes(requested: readonly string[], facts: LaunchFacts): ScopeOutcome[] {
  const outcomes: ScopeOutcome[] = [];
  for (const scope of new Set(requested)) {
    if (!(CONTEXT_SCOPES as readonly string[]).includes(scope)) continue;
    let why: ScopeRefusal | undefined;
    if (scope === 'launch' && !facts.ehrLaunch) {
      why = refusal('no-launch', 'Ingen oppstart fra EPJ: launch-parameteren mangler i forespørselen.');
    } else if (scope === 'launch/patient' && !facts.patient) {
      why = refusal('no-patient', 'Ingen pasient er valgt.');
    } else if (scope === 'launch/encounter' && !facts.encounter) {
      why = refusal('no-encounter', 'Ingen konsultasjon (Encounter) i oppstartskonteksten.');
    }
    outcomes.push(
      why ? { requested: scope, granted: [], refusal: why } : { requested: scope, granted: [scope] },
    );
  }
  return outcomes;
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
