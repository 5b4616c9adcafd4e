// Reading a request body into FHIR resources: every way it can be wrong becomes a 400
// OperationOutcome (FhirError) before a handler looks inside.
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { FhirError, issuesOutcome } from './outcome';
import { jsonShapeIssues, validateStructure } from './validation';

export function parseJson(body: unknown): unknown {
  if (body === undefined || body === null || body === '') {
    throw FhirError.of(400, 'required', 'Forespørselen mangler innhold (JSON).');
  }
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch (e) {
      throw FhirError.of(400, 'structure', `Ugyldig JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // NUL anywhere in a body is refused here, whatever path the body takes afterwards
  // (PostgreSQL cannot store it). Empty values are judged by validateStructure, so that
  // $validate can report them instead of refusing the request.
  const root = (value as { resourceType?: unknown } | null)?.resourceType;
  const nul = jsonShapeIssues(value, typeof root === 'string' ? root : '', true);
  if (nul.length) throw new FhirError(400, issuesOutcome(nul));
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

/**
 * Checks a transaction or import Bundle without its entries' resources (each resource is
 * validated on its own, after the access checks), so that entry, request.method and
 * request.url have the right JSON types before a handler reads them.
 */
export function validateBundleSkeleton(bundle: Bundle): void {
  const skeleton = Array.isArray(bundle.entry)
    ? {
        ...bundle,
        entry: bundle.entry.map((e: unknown) =>
          isPlainObject(e) && e.resource !== undefined ? { ...e, resource: RESOURCE_PLACEHOLDER } : e,
        ),
      }
    : bundle;
  const issues = validateStructure(skeleton as Bundle);
  if (issues.length) throw new FhirError(400, issuesOutcome(issues));
}

/** The request body as a Bundle with a well-formed skeleton (entries checked one by one later). */
export function readBundle(body: unknown): Bundle {
  const bundle = expectResource(parseJson(body), 'Bundle') as Bundle;
  validateBundleSkeleton(bundle);
  return bundle;
}
