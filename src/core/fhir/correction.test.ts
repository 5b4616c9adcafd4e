import { describe, expect, it } from 'vitest';
import type { Observation } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import { fullOnOxygen } from '../../../test/fixtures/core/vitalSignsSets';
import { scoreNews2 } from '../news2/score';
import { latestCompleteSet } from '../vitals/latest';
import type { SetComment, SetCorrection } from '../correction/types';
import { news2ScoreObservation, vitalSignsSetToObservations } from './toObservation';
import {
  commentSetObservations,
  commentsFromObservations,
  correctSetObservations,
  correctionFromObservation,
  observationsToSetsWithHistory,
} from './correction';
import { WORKFLOW_EXTENSION } from './workflowCodes';

function observationsOf(set = fullOnOxygen): Observation[] {
  const parts = vitalSignsSetToObservations(set);
  const score = news2ScoreObservation(set, scoreNews2(set.vitals), [])!;
  return [...parts, score];
}

const correction: SetCorrection = {
  setId: fullOnOxygen.id,
  patientId: fullOnOxygen.patientId,
  reason: 'Feil pasient',
  correctedBy: { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann' },
  correctedAt: '2026-11-24T21:30:00+01:00',
};
const comment: SetComment = {
  setId: fullOnOxygen.id,
  patientId: fullOnOxygen.patientId,
  text: 'Pasienten nettopp kommet inn fra kulda',
  author: { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann' },
  writtenAt: '2026-11-24T21:20:00+01:00',
};

describe('correction on the wire', () => {
  it('marks every Observation of the set, the NEWS2 score included, as valid R4', async () => {
    const other = { ...fullOnOxygen, id: 'other-set' };
    const all = [...observationsOf(), ...observationsOf(other)];
    const corrected = correctSetObservations(all, correction);
    expect(corrected).toHaveLength(observationsOf().length);
    for (const o of corrected) {
      expect(o.status).toBe('entered-in-error');
      expect(correctionFromObservation(o)).toEqual(correction);
      await validateR4(o);
    }
    expect(all.every((o) => o.status === 'final')).toBe(true);
  });

  it('reads the corrected set back, struck and with its values, never as the latest', () => {
    const earlier = { ...fullOnOxygen, id: 'earlier', effectiveDateTime: '2026-11-24T08:00:00+01:00' };
    const obs = [...observationsOf(earlier), ...correctSetObservations(observationsOf(), correction)];
    const sets = observationsToSetsWithHistory(obs);
    expect(sets.map((s) => s.id)).toEqual(['earlier', fullOnOxygen.id]);
    expect(sets[1]?.enteredInError).toEqual(correction);
    expect(sets[1]?.vitals).toEqual(fullOnOxygen.vitals);
    expect(latestCompleteSet(sets, { now: '2026-11-25T00:00:00+01:00' })?.set.id).toBe('earlier');
  });

  it('marks the whole set when only one part came back corrected', () => {
    const parts = observationsOf();
    const onePart = correctSetObservations(parts, correction)[0]!;
    const sets = observationsToSetsWithHistory([onePart, ...parts.slice(1)]);
    expect(sets).toHaveLength(1);
    expect(sets[0]?.enteredInError?.reason).toBe('Feil pasient');
  });

  it('leaves entered-in-error without who and why out (it cannot say why)', () => {
    const bare = observationsOf().map((o) => ({ ...o, status: 'entered-in-error' as const }));
    expect(correctionFromObservation(bare[0]!)).toBeUndefined();
    expect(observationsToSetsWithHistory(bare)).toEqual([]);
  });

  it('keeps a first correction when corrected again', () => {
    const once = correctSetObservations(observationsOf(), correction);
    const twice = correctSetObservations(once, { ...correction, reason: 'Annet' });
    expect(twice.map((o) => correctionFromObservation(o)?.reason)).toEqual(once.map(() => 'Feil pasient'));
    expect(twice[0]?.extension?.filter((e) => e.url === WORKFLOW_EXTENSION.enteredInError)).toHaveLength(1);
  });
});

describe('comment on the wire', () => {
  it('is an Observation.note on every Observation of the set, read back once', async () => {
    const commented = commentSetObservations(observationsOf(), comment);
    for (const o of commented) {
      expect(o.note).toEqual([
        { text: comment.text, time: comment.writtenAt, authorReference: comment.author },
      ]);
      await validateR4(o);
    }
    expect(commentsFromObservations(commented)).toEqual([comment]);
    expect(commentSetObservations(commented, comment)).toEqual(commented);
    const [set] = observationsToSetsWithHistory(commented);
    expect(set?.comments).toEqual([comment]);
  });

  it('takes the entry time from Observation.issued', () => {
    const obs = observationsOf().map((o) => ({ ...o, issued: '2026-11-24T21:16:05+01:00' }));
    expect(observationsToSetsWithHistory(obs)[0]?.recordedAt).toBe('2026-11-24T21:16:05+01:00');
  });
});
