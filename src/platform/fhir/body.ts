// Reading a request body into FHIR resources: every way it can be wrong becomes a 400
// OperationOutcome (FhirError) before a handler looks inside.
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { FhirError, issuesOutcome } from './outcome';
import { jsonShapeIssues, validateStructure } from './validation';

/** The body as a JSON value; a missing or malformed body is refused (400). */
function parseJsonText(body: unknown): unknown {
  if (body === undefined || body === null || body === '') {
    throw FhirError.of(400, 'required', 'Forespørselen mangler innhold (JSON).');
  }
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch (e) {
    throw FhirError.of(400, 'structure', `Ugyldig JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * NUL anywhere in a body is refused here, whatever path the body takes afterwards
 * (PostgreSQL cannot store it). Empty values are judged by validateStructure, so that
 * $validate can report them instead of refusing the request.
 */
function refuseNul(value: unknown): void {
  const root = (value as { resourceType?: unknown } | null)?.resourceType;
  const nul = jsonShapeIssues(value, typeof root === 'string' ? root : '', true);
  if (nul.length) throw new FhirError(400, issuesOutcome(nul));
}

export function parseJson(body: unknown): unknown {
  const value = parseJsonText(body);
  refuseNul(value);
  return value;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function expectResource(value: unknown, type?: string, path = ''): Resource {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw FhirError.of(400, 'structure', 'Innholdet er ikke en FHIR-ressurs.', [path || 'resourceType']);
  }
  const rt = (value as { resourceType?: unknown }).resourceType;
  if (typeof rt !== 'string')
    throw FhirError.of(400, 'structure', 'resourceType mangler.', [`${path}resourceType`]);
  if (type && rt !== type) {
    throw FhirError.of(400, 'invalid', `Forventet ${type}, fikk ${rt}.`, [`${path}resourceType`]);
  }
  return value as Resource;
}

export function prefixIssues(issues: OperationOutcomeIssue[], prefix: string): OperationOutcomeIssue[] {
  if (!prefix) return issues;
  return issues.map((i) => ({ ...i, expression: i.expression?.map((e) => `${prefix}${e}`) }));
}

/** Stands in for an entry's resource in validateBundleSkeleton: valid, and never stored. */
const RESOURCE_PLACEHOLDER: Resource = { resourceType: 'Basic', code: { text: 'valideres for seg' } };

/** Entries whose skeleton is validated at once: about 10 ms of work (0.2 ms each). */
const SKELETON_CHUNK = 50;
const ENTRY_PATH = /Bundle\.entry\[(\d+)\]/g;

/**
 * Checks a transaction or import Bundle without its entries' resources (each resource is
 * validated on its own, after the access checks), so that entry, request.method and
 * request.url have the right JSON types before a handler reads them. The entries are
 * validated in chunks with `pace()` between them (a Bundle of 2,000 entries is 0.4 s of
 * validation); issue paths are those of the whole Bundle.
 */
export async function validateBundleSkeleton(bundle: Bundle, pace: () => Promise<void>): Promise<void> {
  const entries: unknown[] = Array.isArray(bundle.entry) ? bundle.entry : [];
  // The Bundle's own fields first (an empty or malformed entry list is judged here).
  const issues = validateStructure((entries.length ? { ...bundle, entry: undefined } : bundle) as Bundle);
  for (let start = 0; start < entries.length; start += SKELETON_CHUNK) {
    await pace();
    const chunk = entries
      .slice(start, start + SKELETON_CHUNK)
      .map((e) =>
        isPlainObject(e) && e.resource !== undefined ? { ...e, resource: RESOURCE_PLACEHOLDER } : e,
      );
    const at = (text: string) =>
      text.replace(ENTRY_PATH, (_m, i: string) => `Bundle.entry[${start + Number(i)}]`);
    for (const i of validateStructure({
      resourceType: 'Bundle',
      type: bundle.type,
      entry: chunk,
    } as Bundle)) {
      issues.push({
        ...i,
        diagnostics: i.diagnostics && at(i.diagnostics),
        expression: i.expression?.map(at),
      });
    }
  }
  if (issues.length) throw new FhirError(400, issuesOutcome(issues));
}

/**
 * Entries one request may carry, in a transaction or an import. The app sends at most a
 * vital-signs set (7 entries) or 100 offline reads per request; a source system splits
 * larger loads. Stated in the CapabilityStatement and docs/platform-api.md.
 */
export const MAX_BUNDLE_ENTRIES = 500;

/**
 * The request body as a Bundle with a well-formed skeleton (entries checked one by one
 * later). Too many entries are refused (413) before any of them is looked at, so an
 * oversized Bundle costs no more than its JSON.parse.
 */
export async function readBundle(body: unknown, pace: () => Promise<void>): Promise<Bundle> {
  const value = parseJsonText(body);
  const entries = (value as { entry?: unknown } | null)?.entry;
  if (Array.isArray(entries) && entries.length > MAX_BUNDLE_ENTRIES) {
    throw FhirError.of(
      413,
      'too-costly',
      `Bundle har ${entries.length} oppføringer; høyst ${MAX_BUNDLE_ENTRIES} er tillatt per forespørsel. Del den opp.`,
      ['Bundle.entry'],
    );
  }
  refuseNul(value);
  const bundle = expectResource(value, 'Bundle') as Bundle;
  await validateBundleSkeleton(bundle, pace);
  return bundle;
}
