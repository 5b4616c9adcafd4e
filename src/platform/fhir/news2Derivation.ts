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

/**
 * IngestHook: NEWS2 for each set touched by a write. The parts this write appended are taken
 * from memory (they are what was just stored); one index lookup per write, not per set,
 * reads only the parts and scores stored by earlier writes.
 */
export const news2OnIngest: IngestHook = async (appended, w) => {
  const sets = new Set<string>();
  // This write's Observations of those sets, each id at its last arrival (the version stored).
  const arrived = new Map<string, { at: number; o: Observation; setId: string; part: string }>();
  appended.forEach((r, i) => {
    const sp = setPart(r);
    if (!sp) return;
    if (sp.part !== NEWS2_PART) sets.add(sp.setId);
    if (r.id) {
      arrived.delete(r.id);
      arrived.set(r.id, { at: i, o: r as Observation, setId: sp.setId, part: sp.part });
    }
  });
  if (!sets.size) return [];
  // derivedFrom lists the parts stored by an earlier write first, in the order the database
  // gave them, then this write's parts in arrival order, so the same write always derives
  // the same score Observation.
  const earlier = (await w.findVitalSignsSets([...sets], [...arrived.keys()])) as Observation[];
  const bySet = new Map<string, Observation[]>();
  const scored = new Set<string>();
  const take = (o: Observation, setId: string, part: string) => {
    if (!sets.has(setId)) return;
    if (part === NEWS2_PART) scored.add(setId);
    else bySet.set(setId, [...(bySet.get(setId) ?? []), o]);
  };
  for (const o of earlier) {
    const sp = setPart(o);
    if (sp) take(o, sp.setId, sp.part);
  }
  for (const a of [...arrived.values()].sort((x, y) => x.at - y.at)) take(a.o, a.setId, a.part);
  const out: AppendInput[] = [];
  for (const [setId, parts] of bySet) {
    if (scored.has(setId)) continue;
    for (const resource of deriveNews2(parts)) {
      out.push({ resource, sourceSystem: NEWS2_SOURCE, author: 'Device/varde-platform-news2' });
    }
  }
  return out;
};
