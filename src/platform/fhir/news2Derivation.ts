// The platform's NEWS2 score for every complete vital-signs set it receives
// (docs/platform-api.md, "Writes"), from apps and from source systems alike. Scoring and
// the score Observation come from src/core, the code the app scores with, so the platform
// and the app can never disagree. Runs as the event store's ingest hook: in the same
// transaction as the parts, once per set (a set with a stored score is left alone).
import type { Observation, Reference, Resource } from '@medplum/fhirtypes';
import { news2ScoreObservation, observationsToVitalSignsSets } from '../../core/fhir';
import {
  NEWS2_PART,
  parsePartIdentifierValue,
  setIdentifierValue,
  type SetPart,
} from '../../core/fhir/setIdentifier';
import { isRestrictedByPatient, restrictedByPatientLabel } from '../../core/fhir/withheld';
import { scoreNews2 } from '../../core/news2';
import type { AppendInput, IngestHook } from '../events/types';

export const NEWS2_SOURCE = 'varde-platform';

/**
 * Score Observations for the parts of one set; none when the set is incomplete. A score
 * derived from parts the patient restricted (pasientrettighetsloven § 5-3) carries the same
 * restriction: it is withheld with them, never shown in their place.
 */
export function deriveNews2(parts: Observation[]): Observation[] {
  const out: Observation[] = [];
  for (const set of observationsToVitalSignsSets(parts)) {
    const mine = parts.filter((p) => p.id && p.subject?.reference === `Patient/${set.patientId}`);
    const derivedFrom: Reference[] = mine.map((p) => ({ reference: `Observation/${p.id}` }));
    const obs = news2ScoreObservation(set, scoreNews2(set.vitals), derivedFrom);
    if (!obs) continue;
    if (mine.some((p) => isRestrictedByPatient(p.meta))) {
      obs.meta = { ...obs.meta, security: [...(obs.meta?.security ?? []), restrictedByPatientLabel()] };
    }
    out.push(obs);
  }
  return out;
}

function setPart(r: Resource): SetPart | undefined {
  if (r.resourceType !== 'Observation') return undefined;
  return parsePartIdentifierValue(setIdentifierValue(r.identifier));
}

/** IngestHook: NEWS2 for each set touched by a write. One index lookup per write, not per set. */
export const news2OnIngest: IngestHook = async (appended, w) => {
  const sets = new Set<string>();
  for (const r of appended) {
    const sp = setPart(r);
    if (sp && sp.part !== NEWS2_PART) sets.add(sp.setId);
  }
  if (!sets.size) return [];
  // The database answers in its physical order, which can differ from the order the parts
  // arrived in (a short row may fill a gap on an earlier page); derivedFrom lists the parts
  // in arrival order, so the same write always derives the same score Observation.
  // Parts stored by an earlier write come first, in the order the database gave them.
  const arrival = new Map(appended.map((r, i) => [r.id, i]));
  const found = (await w.findVitalSignsSets([...sets])) as Observation[];
  const stored = [
    ...found.filter((o) => !arrival.has(o.id)),
    ...found
      .filter((o) => arrival.has(o.id))
      .sort((a, b) => (arrival.get(a.id) as number) - (arrival.get(b.id) as number)),
  ];
  const bySet = new Map<string, Observation[]>();
  const scored = new Set<string>();
  for (const o of stored) {
    const sp = setPart(o);
    if (!sp || !sets.has(sp.setId)) continue;
    if (sp.part === NEWS2_PART) scored.add(sp.setId);
    else bySet.set(sp.setId, [...(bySet.get(sp.setId) ?? []), o]);
  }
  const out: AppendInput[] = [];
  for (const [setId, parts] of bySet) {
    if (scored.has(setId)) continue;
    for (const resource of deriveNews2(parts)) {
      out.push({ resource, sourceSystem: NEWS2_SOURCE, author: 'Device/varde-platform-news2' });
    }
  }
  return out;
};
