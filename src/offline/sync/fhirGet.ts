// What every section's pull shares: one GET that must answer FHIR of the expected type, the
// mapping of a failed request to the section's outcome (Norwegian reason), the reading of an
// answer into a section's data, the paging through `next` links, and storing the result in
// the patient cache (sealed data on success, only the outcome on failure).
import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import type { FetchOutcome, SectionName } from '../db';
import type { PatientCache, SectionData } from '../patientCache';
import type { CapabilitiesSource } from './capabilities';
import { outcomeText, type FhirResult, type FhirTransport } from './transport';

export interface PullDeps {
  cache: PatientCache;
  transport: FhirTransport;
  now: () => Date;
  pageSize?: number;
  /** Whether the server takes batch Bundles (./capabilities.ts); absent: `_id` searches. */
  capabilities?: CapabilitiesSource;
}

export type Fetched<T> = { ok: true; data: T; checkpoint?: string } | { ok: false; outcome: FetchOutcome };

export function failure(result: Exclude<FhirResult, { kind: 'ok' }>, at: string): FetchOutcome {
  switch (result.kind) {
    case 'login-required':
      return { kind: 'login-required', at };
    case 'network-error':
      return { kind: 'unavailable', at, reason: 'Ingen forbindelse med serveren.' };
    case 'timeout':
      return { kind: 'unavailable', at, reason: 'Serveren svarte ikke i tide.' };
    case 'http-error':
      if (result.status === 403) {
        return {
          kind: 'denied',
          at,
          reason: outcomeText(result.outcome, 'Du har ikke tilgang til disse opplysningene.'),
        };
      }
      if (result.status === 404)
        return { kind: 'unavailable', at, reason: 'Fant ikke pasienten på serveren.' };
      return {
        kind: 'unavailable',
        at,
        reason: outcomeText(result.outcome, `Kilden svarte med feil (${result.status}).`),
      };
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** Why an answer is not the FHIR expected (Norwegian), or undefined when it is. */
export function notFhirReason(
  result: Extract<FhirResult, { kind: 'ok' }>,
  expected: Resource['resourceType'],
): string | undefined {
  const body = result.body as { resourceType?: unknown; entry?: unknown } | undefined;
  if (body === undefined || body === null || typeof body !== 'object') {
    return /html/i.test(result.contentType ?? '')
      ? 'Kilden svarte med en nettside (HTML), ikke FHIR.'
      : 'Kilden svarte med noe som ikke kan leses (ikke JSON).';
  }
  if (body.resourceType !== expected) {
    const what = typeof body.resourceType === 'string' ? body.resourceType : 'JSON uten resourceType';
    return `Kilden svarte med noe annet enn FHIR ${expected} (${what}).`;
  }
  if (expected === 'Bundle' && body.entry !== undefined && !Array.isArray(body.entry))
    return 'Kilden svarte med en ugyldig FHIR Bundle (entry er ikke en liste).';
  return undefined;
}

export type GetResult<T> = { ok: true; body: T } | { ok: false; outcome: FetchOutcome };

export async function getJson<T>(
  deps: PullDeps,
  url: string,
  expected: Resource['resourceType'] = 'Bundle',
): Promise<GetResult<T>> {
  const r = await deps.transport.request({ method: 'GET', url });
  if (r.kind !== 'ok') return { ok: false, outcome: failure(r, deps.now().toISOString()) };
  const wrong = notFhirReason(r, expected);
  if (wrong)
    return { ok: false, outcome: { kind: 'unavailable', at: deps.now().toISOString(), reason: wrong } };
  return { ok: true, body: r.body as T };
}

/**
 * Reads an answer into a section's data. Data that breaks the reader (foreign data of a shape
 * nobody expected) is the source's fault, not the nurse's: "unavailable" with the reason, and
 * the cached data stays.
 */
export function readInto<T>(deps: PullDeps, read: () => T): Fetched<T> {
  try {
    return { ok: true, data: read() };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      outcome: {
        kind: 'unavailable',
        at: deps.now().toISOString(),
        reason: `Kilden svarte med data som ikke kunne leses (${detail}).`,
      },
    };
  }
}

/** The id of a reference to `type` ("Type/id", or an absolute URL ending so); contained ones are not fetched. */
export function referencedId(ref: Reference | undefined, type: string): string | undefined {
  const m = new RegExp(`(?:^|/)${type}/([^/?#]+)$`).exec(ref?.reference ?? '');
  return m?.[1];
}

export function entriesOf(bundle: Bundle): BundleEntry[] {
  return Array.isArray(bundle.entry) ? bundle.entry : [];
}

/** The `next` link of a search page, if any (a `link` that is not a list counts as none). */
export function nextLink(bundle: Bundle): string | undefined {
  const links: NonNullable<Bundle['link']> = Array.isArray(bundle.link) ? bundle.link : [];
  return links.find((l) => l?.relation === 'next')?.url;
}

/**
 * Every page of a search, through `next` links: `onPage` takes each page's Bundle. The first
 * page that fails is the answer (the caller stores that failure: never a half-merged section).
 */
export async function searchPages(
  deps: PullDeps,
  firstUrl: string,
  onPage: (bundle: Bundle) => void,
): Promise<{ ok: true } | { ok: false; outcome: FetchOutcome }> {
  let url: string | undefined = firstUrl;
  while (url) {
    const r: GetResult<Bundle> = await getJson<Bundle>(deps, url);
    if (!r.ok) return r;
    onPage(r.body);
    url = nextLink(r.body);
  }
  return { ok: true };
}

/** Stores a fetch result in the cache: sealed data on success, only the outcome on failure. */
export function store<K extends SectionName>(
  deps: PullDeps,
  patientId: string,
  section: K,
  fetched: Fetched<SectionData[K]>,
): Promise<FetchOutcome> {
  return fetched.ok
    ? deps.cache.storeData(patientId, section, fetched.data, fetched.checkpoint)
    : deps.cache.storeFailure(patientId, section, fetched.outcome);
}
