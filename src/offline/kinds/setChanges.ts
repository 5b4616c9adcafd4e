// What the correction and comment kinds share: the operation entry, and the confirmation
// rule that reads the set's Observations back from the operation's answer.
//
// The server answers an operation entry (Observation/$correct-set, $comment-set) with a
// collection Bundle of the set's Observations as stored after it. Those, and the set's
// parts when a correction carried its set, are what the engine caches: each Observation
// once, in its latest version, so the cache shows the set entered-in-error (or with its
// note) at once, before the next pull.
import type { Bundle, BundleEntry, Observation, Parameters, Resource } from '@medplum/fhirtypes';
import type { FhirResult } from '../sync/transport';
import { decidePush, VITALS_CONFIRMATION, type ConfirmationRule, type PushDecision } from '../sync/push';

/** A POST of an operation below the FHIR base, as a transaction entry. */
export function operationEntry(url: string, parameters: Parameters): BundleEntry {
  return { resource: parameters, request: { method: 'POST', url } };
}

/** Each Observation once, its highest version (the order of first appearance kept). */
function latestVersions(observations: Observation[]): Observation[] {
  const byKey = new Map<string, Observation>();
  for (const o of observations) {
    const key = o.id ?? JSON.stringify(o.identifier);
    const known = byKey.get(key);
    if (!known || Number(o.meta?.versionId ?? 0) >= Number(known.meta?.versionId ?? 0)) byKey.set(key, o);
  }
  return [...byKey.values()];
}

/** The Observations of a transaction-response: created ones, and those an operation answered. */
function answeredObservations(body: unknown): Observation[] {
  const out: Observation[] = [];
  for (const e of (body as Bundle | undefined)?.entry ?? []) {
    const r = e.resource as Resource | undefined;
    if (r?.resourceType === 'Observation') out.push(r);
    else if (r?.resourceType === 'Bundle')
      for (const inner of r.entry ?? [])
        if (inner.resource?.resourceType === 'Observation') out.push(inner.resource);
  }
  return latestVersions(out);
}

/**
 * The set's parts are confirmed as a vitals set is (same clinical content when answered
 * 200); an operation entry is confirmed by its 200. Our Parameters never stand for the
 * server's copy: the Observations of the answer do.
 */
export function decideSetChange(
  sent: Bundle,
  result: FhirResult,
  refused: (status: number) => string,
): PushDecision {
  const rule: ConfirmationRule = { ...VITALS_CONFIRMATION, refused };
  const d = decidePush(sent, result, rule);
  if ((d.kind !== 'confirmed' && d.kind !== 'conflict') || result.kind !== 'ok') return d;
  return { ...d, resources: answeredObservations(result.body) };
}
