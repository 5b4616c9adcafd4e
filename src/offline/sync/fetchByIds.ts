// Resources a server did not `_include`, fetched by id: one batch of reads where the
// CapabilityStatement states `batch`, else one `_id` search.
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { FetchOutcome } from '../db';
import { entriesOf, failure, getJson, notFhirReason, type PullDeps } from './fhirGet';

/**
 * Fetches resources of one type by id, for a server that did not include them: one batch of
 * reads where the CapabilityStatement states `batch`, else one `_id` search. A read answered
 * 404 inside the batch leaves that resource out (its fields read "ukjent").
 */
export async function fetchByIds<T extends Resource>(
  deps: PullDeps,
  type: T['resourceType'],
  ids: readonly string[],
): Promise<{ ok: true; resources: T[] } | { ok: false; outcome: FetchOutcome }> {
  if (ids.length === 0) return { ok: true, resources: [] };
  const at = () => deps.now().toISOString();
  let batch = false;
  if (deps.capabilities) {
    const caps = await deps.capabilities();
    if (!caps.ok) return { ok: false, outcome: failure(caps.result, at()) };
    batch = caps.capabilities.batch;
  }
  const ofType = (entries: BundleEntry[]) =>
    entries
      .map((e) => e.resource)
      .filter((r): r is T => r?.resourceType === type && ids.includes(r.id ?? ''));
  if (batch) {
    const request: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: ids.map((id) => ({ request: { method: 'GET', url: `${type}/${encodeURIComponent(id)}` } })),
    };
    const r = await deps.transport.request({ method: 'POST', url: '', body: request });
    if (r.kind !== 'ok') return { ok: false, outcome: failure(r, at()) };
    const wrong = notFhirReason(r, 'Bundle');
    if (wrong) return { ok: false, outcome: { kind: 'unavailable', at: at(), reason: wrong } };
    return { ok: true, resources: ofType(entriesOf(r.body as Bundle)) };
  }
  const r = await getJson<Bundle>(
    deps,
    `${type}?_id=${ids.map(encodeURIComponent).join(',')}&_count=${ids.length}`,
  );
  if (!r.ok) return r;
  return { ok: true, resources: ofType(entriesOf(r.body)) };
}
