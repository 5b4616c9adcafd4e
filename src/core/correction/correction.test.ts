import { describe, expect, it } from 'vitest';
import type { VitalSignsSet } from '../vitals/types';
import { latestCompleteSet } from '../vitals/latest';
import {
  COMMENT_MAX_LENGTH,
  applyComments,
  applyCorrections,
  validateSetComment,
  validateSetCorrection,
  validateSetWithComments,
} from './correction';
import type { SetComment, SetCorrection } from './types';

const now = '2026-11-25T12:00:00+01:00';
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

describe('validateSetCorrection', () => {
  it('accepts a correction with who, when and why, trimmed', () => {
    const r = validateSetCorrection({ ...correction, reason: '  Feil pasient ' }, { now });
    expect(r).toEqual({ ok: true, value: correction });
  });

  it.each([
    ['no reason', { reason: undefined }, 'reason', 'Skriv hvorfor målingen er registrert feil'],
    ['a blank reason', { reason: '   ' }, 'reason', 'Skriv hvorfor målingen er registrert feil'],
    [
      'a reason over 500 characters',
      { reason: 'x'.repeat(501) },
      'reason',
      'Begrunnelsen kan være høyst 500 tegn (nå 501)',
    ],
    [
      'no one who corrects',
      { correctedBy: undefined },
      'correctedBy',
      'Det mangler hvem som retter målingen',
    ],
    [
      'a time in the future',
      { correctedAt: '2026-11-25T13:00:00+01:00' },
      'correctedAt',
      'Tidspunktet for rettingen ligger fram i tid',
    ],
    ['no set', { setId: '' }, 'setId', 'Det mangler hvilken måling det gjelder'],
  ] as const)('refuses %s, with the Norwegian reason', (_, change, field, message) => {
    const r = validateSetCorrection({ ...correction, ...change }, { now });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ field, message });
  });

  it('refuses something that is not an object', () => {
    const r = validateSetCorrection('feil', { now });
    expect(r).toEqual({ ok: false, errors: [{ field: 'input', message: 'Rettingen må være et objekt' }] });
  });
});

describe('validateSetComment', () => {
  it(`accepts up to ${COMMENT_MAX_LENGTH} characters, counted as a person counts them`, () => {
    const text = 'æ'.repeat(COMMENT_MAX_LENGTH - 1) + '🙂';
    expect(validateSetComment({ ...comment, text }, { now }).ok).toBe(true);
  });
  it('refuses a comment over the limit and an empty one', () => {
    const long = validateSetComment({ ...comment, text: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }, { now });
    expect(long).toEqual({
      ok: false,
      errors: [{ field: 'text', message: 'Kommentaren kan være høyst 500 tegn (nå 501)' }],
    });
    const empty = validateSetComment({ ...comment, text: ' ' }, { now });
    expect(empty).toEqual({ ok: false, errors: [{ field: 'text', message: 'Kommentaren er tom' }] });
  });
});

describe('applyCorrections: a corrected set counts nowhere', () => {
  const full = {
    respirationRate: 16,
    spo2: 97,
    onOxygen: false,
    systolicBP: 120,
    pulse: 70,
    consciousness: 'A' as const,
    temperature: 37,
  };
  const sets: VitalSignsSet[] = [
    { id: 'set-0', patientId: 'pas-ola', effectiveDateTime: '2026-11-25T09:00:00+01:00', vitals: full },
    {
      id: 'set-1',
      patientId: 'pas-ola',
      effectiveDateTime: '2026-11-25T11:00:00+01:00',
      vitals: { ...full, pulse: 135 },
    },
  ];

  it('marks the set, leaves the input alone and drops it from "latest"', () => {
    const marked = applyCorrections(sets, [correction]);
    expect(marked[1]?.enteredInError).toEqual(correction);
    expect(sets[1]?.enteredInError).toBeUndefined();
    expect(latestCompleteSet(sets, { now })?.set.id).toBe('set-1');
    expect(latestCompleteSet(marked, { now })?.set.id).toBe('set-0');
  });

  it('ignores a correction that names another patient', () => {
    const marked = applyCorrections(sets, [{ ...correction, patientId: 'pas-annen' }]);
    expect(marked[1]?.enteredInError).toBeUndefined();
  });

  it('keeps the earliest of two corrections', () => {
    const later = { ...correction, reason: 'Skrivefeil', correctedAt: '2026-11-25T11:59:00+01:00' };
    expect(applyCorrections(sets, [later, correction])[1]?.enteredInError?.reason).toBe('Feil pasient');
  });

  it('attaches comments once each, oldest first', () => {
    const second = { ...comment, text: 'Målt på nytt etter hvile', writtenAt: '2026-11-25T11:55:00+01:00' };
    const withComments = applyComments(sets, [second, comment, comment]);
    expect(withComments[1]?.comments?.map((c) => c.text)).toEqual([comment.text, second.text]);
    expect(withComments[0]?.comments).toBeUndefined();
  });
});

describe('validateSetWithComments: a set saved with the comments written in the form', () => {
  const set: VitalSignsSet = {
    id: 'set-1',
    patientId: 'pas-ola',
    effectiveDateTime: '2026-11-25T11:00:00+01:00',
    recordedAt: '2026-11-25T11:00:05+01:00',
    vitals: { pulse: 80 },
  };
  it('keeps valid comments on the set', () => {
    const r = validateSetWithComments({ ...set, comments: [comment] }, { now });
    expect(r.ok && r.value.comments).toEqual([comment]);
    expect(validateSetWithComments(set, { now })).toMatchObject({ ok: true, value: set });
  });
  it('refuses a comment over the limit, and one about another set, with the reason', () => {
    const long = validateSetWithComments(
      { ...set, comments: [{ ...comment, text: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }] },
      { now },
    );
    expect(long).toEqual({
      ok: false,
      errors: [{ field: 'input', message: 'Kommentaren kan være høyst 500 tegn (nå 501)' }],
    });
    const other = validateSetWithComments({ ...set, comments: [{ ...comment, setId: 'set-2' }] }, { now });
    expect(other).toEqual({
      ok: false,
      errors: [{ field: 'input', message: 'Kommentaren gjelder en annen måling' }],
    });
  });
  it('still refuses what core refuses of the set itself, beside a comment', () => {
    const r = validateSetWithComments({ ...set, vitals: { pulse: 900 }, comments: [comment] }, { now });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain('pulse');
  });
});
