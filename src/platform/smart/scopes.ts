// SMART App Launch 2 scopes: which ones a role may hold, and what is granted for each one
// asked for, with the reason for anything not granted. See
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
//
// This module decides grants; parsing is in scopeParsing.ts.
import type { ClinicianRole } from '../directory';
import {
  CONTEXT_SCOPES,
  PERMISSION_ORDER,
  classifyScope,
  covers,
  refusal,
  type ResourceScope,
  type ScopeContext,
  type ScopeRefusal,
} from './scopeParsing';

// What a scope means lives in scopeParsing.ts; its API is re-exported here, so importers
// keep one module for scopes.
export {
  CONTEXT_SCOPES,
  SCOPE_QUERY_PARAMS,
  SMART_RESOURCE_TYPES,
  classifyScope,
  covers,
  isClinicalScope,
  parseResourceScope,
  resourceServerScopes,
} from './scopeParsing';
export type { ParsedScope, ResourceScope, ScopeContext, ScopeQueryParam, ScopeRefusal } from './scopeParsing';

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
