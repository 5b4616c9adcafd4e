import { describe, expect, it } from 'vitest';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import { fullOnOxygen } from '../../../test/fixtures/core/vitalSignsSets';
import type { SetComment, SetCorrection } from '../correction/types';
import { observationsToSetsWithHistory } from './correction';
import {
  commentSetParameters,
  correctSetParameters,
  readCommentSetParameters,
  readCorrectSetParameters,
} from './setOperations';
import { vitalSignsSetToObservations } from './toObservation';

const nurse = { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann' };
const correction: SetCorrection = {
  setId: 'set-1',
  patientId: 'pas-ola',
  reason: 'Feil pasient',
  correctedBy: nurse,
  correctedAt: '2026-11-25T11:58:00+01:00',
};
const comment: SetComment = {
  setId: 'set-1',
  patientId: 'pas-ola',
  text: 'Pasienten nettopp kommet inn fra kulda',
  author: nurse,
  writtenAt: '2026-11-25T11:50:00+01:00',
};

describe('$correct-set and $comment-set parameters', () => {
  it('are valid R4 Parameters and read back as sent, without who (the token says who)', async () => {
    const c = correctSetParameters(correction);
    const k = commentSetParameters(comment);
    expect(await validateR4(c)).toEqual([]);
    expect(await validateR4(k)).toEqual([]);
    expect(JSON.stringify(c)).not.toContain('Practitioner');
    const { correctedBy: _c, ...asked } = correction;
    expect(readCorrectSetParameters(c)).toEqual({ ok: true, value: asked });
    const { author: _a, ...said } = comment;
    expect(readCommentSetParameters(k)).toEqual({ ok: true, value: said });
  });

  it.each([
    ['not Parameters', { resourceType: 'Observation' }, 'Parameters'],
    [
      'an unknown parameter (a body naming who corrected)',
      {
        resourceType: 'Parameters',
        parameter: [
          ...correctSetParameters(correction).parameter!,
          { name: 'by', valueReference: { reference: 'Practitioner/x' } },
        ],
      },
      'Parameters.parameter[4]',
    ],
    [
      'a repeated parameter',
      {
        resourceType: 'Parameters',
        parameter: [...correctSetParameters(correction).parameter!, { name: 'reason', valueString: 'x' }],
      },
      'Parameters.parameter[4]',
    ],
    [
      'a missing reason',
      {
        resourceType: 'Parameters',
        parameter: correctSetParameters(correction).parameter!.filter((p) => p.name !== 'reason'),
      },
      'Parameters.parameter',
    ],
    [
      'a patient that is not a Patient reference',
      {
        resourceType: 'Parameters',
        parameter: correctSetParameters(correction).parameter!.map((p) =>
          p.name === 'patient' ? { name: 'patient', valueReference: { reference: 'Group/1' } } : p,
        ),
      },
      'Parameters.parameter[1].valueReference',
    ],
  ])('refuse %s, saying where', (_, input, expression) => {
    const r = readCorrectSetParameters(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.expression).toBe(expression);
      expect(r.message).toMatch(/[a-zæøå]/);
    }
  });
});

describe('a set saved with its entry time and a comment', () => {
  it('writes issued = recordedAt and the comment as a note on every part, read back by the history reader', async () => {
    const set = {
      ...fullOnOxygen,
      recordedAt: '2026-11-24T21:14:07+01:00',
      comments: [{ ...comment, setId: fullOnOxygen.id, patientId: fullOnOxygen.patientId }],
    };
    const parts = vitalSignsSetToObservations(set);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.issued).toBe('2026-11-24T21:14:07+01:00');
      expect(p.note).toEqual([{ text: comment.text, time: comment.writtenAt, authorReference: nurse }]);
      expect(await validateR4(p)).toEqual([]);
    }
    const [back] = observationsToSetsWithHistory(parts);
    expect(back.recordedAt).toBe(set.recordedAt);
    expect(back.comments?.map((c) => c.text)).toEqual([comment.text]);
  });

  it('writes an entry time without seconds as a FHIR instant, and none that does not parse', () => {
    const [p] = vitalSignsSetToObservations({ ...fullOnOxygen, recordedAt: '2026-11-24T21:14+01:00' });
    expect(p.issued).toBe('2026-11-24T20:14:00.000Z');
    const [q] = vitalSignsSetToObservations({ ...fullOnOxygen, recordedAt: 'i går' });
    expect(q.issued).toBeUndefined();
  });
});
