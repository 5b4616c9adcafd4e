// The platform's NEWS2 score for a complete vital-signs set (docs/platform-api.md,
// "Writes"). Scoring and the score Observation come from src/core, the same code the app
// scores with, so the platform and the app can never disagree.
import type { Observation, Reference } from '@medplum/fhirtypes';
import { news2ScoreObservation, observationsToVitalSignsSets } from '../../core/fhir';
import { scoreNews2 } from '../../core/news2';
import type { News2Deriver } from './router';

export const deriveNews2: News2Deriver = (parts) => {
  const out: Observation[] = [];
  for (const set of observationsToVitalSignsSets(parts)) {
    const derivedFrom: Reference[] = parts
      .filter((p) => p.id && p.subject?.reference === `Patient/${set.patientId}`)
      .map((p) => ({ reference: `Observation/${p.id}` }));
    const obs = news2ScoreObservation(set, scoreNews2(set.vitals), derivedFrom);
    if (obs) out.push(obs);
  }
  return out;
};
