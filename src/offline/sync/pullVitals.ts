// The vitals section: GET Observation?patient=…&category=vital-signs&_lastUpdated=ge{checkpoint}
// paged through `next` links, merged by identifier. `ge` rather than `gt`: two writes in the
// same millisecond as the checkpoint would otherwise be missed; the overlap is removed by the
// merge.
//
// What the vitals cache keeps of each part is decided once, by encodeVitals
// (./vitalsCache.ts): received Observations are merged as they come and stripped when sealed.
// Not `_elements`: the platform serves whole resources straight from their stored text,
// and cutting them down costs it a parse per resource. Measured in benchmark 3 (Chromium,
// quiet machine, back to back): 2.60 s with `_elements` against 2.46 s without (time inside
// the platform 1.69 s against 1.44 s), for 7 % fewer bytes.
import type { Observation } from '@medplum/fhirtypes';
import { setIdentifierValue } from '../../core/fhir/setIdentifier';
import { bundleWithheld } from '../../core/fhir/withheld';
import type { FetchOutcome } from '../db';
import type { PatientCache } from '../patientCache';
import { entriesOf, searchPages, store, type PullDeps } from './fhirGet';

function observationKey(o: Observation): string {
  const sid = setIdentifierValue(o.identifier);
  return sid ? `sid:${sid}` : `id:${o.id}`;
}

/** Merges Observations by identifier (or id); the later one wins. Stripped when sealed. */
export function mergeObservations(prev: Observation[], next: Observation[]): Observation[] {
  const byKey = new Map(prev.map((o) => [observationKey(o), o]));
  for (const o of next) byKey.set(observationKey(o), o);
  return [...byKey.values()];
}

export async function pullVitals(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const prevRec = await deps.cache.get(patientId, 'vitals');
  const prevData = await deps.cache.read<'vitals'>(prevRec);
  const prev = prevData?.observations ?? [];
  // Without cached data the checkpoint means nothing: fetch everything. The same for a cache
  // sealed before the withheld marker: only a full fetch tells whether sets are withheld.
  const since = prevData && prevData.withheld !== undefined ? prevRec?.checkpoint : undefined;
  const count = deps.pageSize ?? 1000;
  const url =
    `Observation?patient=${encodeURIComponent(patientId)}&category=vital-signs&_sort=_lastUpdated&_count=${count}` +
    (since ? `&_lastUpdated=ge${encodeURIComponent(since)}` : '');
  const received: Observation[] = [];
  // An incremental pull sees only what changed: sets withheld before stay withheld.
  let withheld = since !== undefined && prevData?.withheld === true;
  const paged = await searchPages(deps, url, (page) => {
    const entries = entriesOf(page).filter((e) => e && typeof e === 'object');
    if (bundleWithheld({ entry: entries })) withheld = true;
    for (const e of entries) {
      if (e.resource?.resourceType === 'Observation' && e.search?.mode !== 'outcome')
        received.push(e.resource);
    }
  });
  // A page that fails leaves the cache as it was: no half-merged section.
  if (!paged.ok) return store(deps, patientId, 'vitals', paged);
  let checkpoint = since;
  for (const o of received) {
    const u = o.meta?.lastUpdated;
    if (u && (!checkpoint || Date.parse(u) > Date.parse(checkpoint))) checkpoint = u;
  }
  return store(deps, patientId, 'vitals', {
    ok: true,
    data: { observations: mergeObservations(prev, received), withheld },
    checkpoint,
  });
}

/** Adds the server's copy of a set we just sent to the cached vitals (before the next pull). */
export function addConfirmedObservations(
  cache: PatientCache,
  patientId: string,
  observations: Observation[],
): Promise<void> {
  return cache.mergeVitals(patientId, (prev) => mergeObservations(prev, observations));
}
