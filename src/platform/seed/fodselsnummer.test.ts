import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnrControlDigits, hasValidFnrControlDigits, isSyntheticFnr, syntheticFnr } from './fodselsnummer';

describe('fødselsnummer control digits', () => {
  it('accepts the commonly published example numbers and rejects a changed control digit', () => {
    expect(hasValidFnrControlDigits('15076500565')).toBe(true);
    expect(hasValidFnrControlDigits('15076500566')).toBe(false);
    expect(hasValidFnrControlDigits('15076500575')).toBe(false);
    expect(hasValidFnrControlDigits('1507650056')).toBe(false);
    expect(fnrControlDigits('150765005')).toBe('65');
  });

  it('makes synthetic numbers (month + 80) with valid control digits and the right gender digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1926, max: 1961 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom('male' as const, 'female' as const),
        fc.integer({ min: 0, max: 499 }),
        (year, month, day, gender, start) => {
          let n = start;
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const fnr = syntheticFnr(date, gender, () => n++);
          expect(isSyntheticFnr(fnr)).toBe(true);
          expect(Number(fnr.slice(2, 4))).toBe(month + 80);
          expect(fnr.slice(0, 2)).toBe(date.slice(8, 10));
          expect(fnr.slice(4, 6)).toBe(date.slice(2, 4));
          expect(Number(fnr[8]) % 2).toBe(gender === 'male' ? 1 : 0);
        },
      ),
    );
  });

  it('never gives out a number already taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const fnr = syntheticFnr(
        '1940-05-17',
        'female',
        () => 0,
        (f) => taken.has(f),
      );
      expect(taken.has(fnr)).toBe(false);
      taken.add(fnr);
    }
  });

  it('does not call a real-format number synthetic, and refuses dates outside 1900–1999', () => {
    expect(isSyntheticFnr('15076500565')).toBe(false);
    expect(() => syntheticFnr('2001-01-01', 'male', () => 1)).toThrow(/1900–1999/);
  });
});
