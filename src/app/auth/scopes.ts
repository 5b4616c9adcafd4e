// Scope negotiation (SMART App Launch 2, "Scopes and launch context"): which scopes Varde asks
// a server for, and what the token it got lets it do.
//
// 1. What the app writes is one table (APP_WRITES): one line per resource type. Whoever adds
//    a kind of write adds its type here, and every request, in either syntax, asks for it.
// 2. The syntax follows the server's `.well-known/smart-configuration`: SMART v2 scopes
//    (`patient/*.rs`, `patient/Observation.c`) where `capabilities` has `permission-v2` or
//    `scopes_supported` lists a v2 scope; v1 (`patient/*.read`, `patient/Observation.write`)
//    otherwise. `scopes_supported` is a list of examples, not the whole list (SMART 2,
//    section 2.1), so it picks the syntax and never removes a scope from the request.
// 3. What was granted is the token response's `scope` (the requested scope when the server
//    leaves it out: RFC 6749 section 5.1). A write whose type is not granted is refused
//    before it is stored: the measurement form says so before entry, and the outbox never
//    holds a write the server will not take.
// See https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
import type { SmartConfiguration } from './smartConfiguration';

/** One resource type Varde writes, and what for (Norwegian, shown when it is not granted). */
export interface AppWrite {
  resourceType: string;
  what: string;
}

/** What Varde writes: one line per resource type. */
export const APP_WRITES: readonly AppWrite[] = [
  { resourceType: 'Observation', what: 'målinger' },
  { resourceType: 'AuditEvent', what: 'logg over lesing uten nett' },
  { resourceType: 'CarePlan', what: 'overvåkingsplaner og personlige planer' },
  { resourceType: 'Flag', what: 'beslutninger om SpO₂-skala 2' },
  { resourceType: 'Communication', what: 'registrering av eskalering' },
];

export type ScopeSyntax = 'v1' | 'v2';
export type LaunchKind = 'ehr' | 'standalone';

/** v2 permission letters in canonical order: a subset of "cruds". */
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

/** SMART v2 when the server says so; v1 otherwise. */
export function scopeSyntaxOf(
  config: Pick<SmartConfiguration, 'capabilities' | 'scopes_supported'>,
): ScopeSyntax {
  if (config.capabilities?.includes('permission-v2')) return 'v2';
  const v2Listed = (config.scopes_supported ?? []).some((s) => {
    const parsed = parseScope(s);
    return parsed !== undefined && parsed.syntax === 'v2';
  });
  return v2Listed ? 'v2' : 'v1';
}

/** The scope string Varde asks for. Standalone: user/ scopes, no launch/patient (the nurse picks from her worklist). */
export function requestedScope(
  kind: LaunchKind,
  syntax: ScopeSyntax,
  writes: readonly AppWrite[] = APP_WRITES,
): string {
  const context = kind === 'ehr' ? 'patient' : 'user';
  const read = syntax === 'v2' ? 'rs' : 'read';
  const write = syntax === 'v2' ? 'c' : 'write';
  return [
    'openid',
    'fhirUser',
    'profile',
    ...(kind === 'ehr' ? ['launch'] : []),
    `${context}/*.${read}`,
    ...writes.map((w) => `${context}/${w.resourceType}.${write}`),
    'offline_access',
  ].join(' ');
}

interface ParsedScope {
  context: 'patient' | 'user' | 'system';
  resourceType: string;
  /** v2 letters (v1 read = "rs", write = "cud", * = "cruds"). */
  perms: string;
  syntax: ScopeSyntax;
}

const V1: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };

/** "patient/Observation.rs", "user/*.read", "patient/Observation.c?category=…" (query ignored: narrower, still the type). */
export function parseScope(scope: string): ParsedScope | undefined {
  const m = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(\?.*)?$/.exec(scope);
  if (!m) return undefined;
  const [, context, resourceType, perm] = m as unknown as [string, ParsedScope['context'], string, string];
  if (V1[perm]) return { context, resourceType, perms: V1[perm], syntax: 'v1' };
  if (perm && V2_PERMISSIONS.test(perm)) return { context, resourceType, perms: perm, syntax: 'v2' };
  return undefined;
}

/** What a granted scope string lets the app do with one resource type. */
export interface Grants {
  mayRead(resourceType: string): boolean;
  mayWrite(resourceType: string): boolean;
  /** The APP_WRITES entries that were not granted. */
  missingWrites(): AppWrite[];
}

export function grantsOf(granted: string, writes: readonly AppWrite[] = APP_WRITES): Grants {
  const scopes = granted
    .split(/\s+/)
    .map(parseScope)
    .filter((s): s is ParsedScope => s !== undefined && s.context !== 'system');
  const allows = (resourceType: string, letter: string) =>
    scopes.some(
      (s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.perms.includes(letter),
    );
  const grants: Grants = {
    mayRead: (t) => allows(t, 'r'),
    mayWrite: (t) => allows(t, 'c'),
    missingWrites: () => writes.filter((w) => !grants.mayWrite(w.resourceType)),
  };
  return grants;
}
