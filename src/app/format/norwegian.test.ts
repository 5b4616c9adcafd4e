import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  formatAge,
  formatDate,
  formatDateTime,
  formatFnr,
  formatNumber,
  parseDecimal,
} from './norwegian';

describe('Norwegian formatting', () => {
  it('writes dates as dd.mm.yyyy and times in 24 h Norwegian time', () => {
    expect(formatDate('2026-03-01')).toBe('01.03.2026');
    expect(formatDateTime('2026-07-01T20:05:00Z')).toBe('01.07.2026 kl. 22:05');
    expect(formatDate(undefined)).toBe('ukjent');
  });
  it('uses a decimal comma and reads both comma and point', () => {
    expect(formatNumber(37.5)).toBe('37,5');
    // One cached formatter per number of decimals: they must not be mixed up.
    expect(formatNumber(38.25, 0)).toBe('38');
    expect(formatNumber(38.25, 2)).toBe('38,25');
    expect(formatNumber(12345.6, 1)).toBe('12345,6');
    expect(parseDecimal('37,5')).toBe(37.5);
    expect(parseDecimal('37.5')).toBe(37.5);
    expect(parseDecimal('')).toBeUndefined();
    expect(parseDecimal('3x')).toBeNaN();
  });
  it('computes age and data age', () => {
    expect(ageInYears('1940-11-26', new Date('2026-11-25T09:00:00Z'))).toBe(85);
    expect(ageInYears('1940-11-25', new Date('2026-11-25T09:00:00Z'))).toBe(86);
    expect(formatAge('2026-11-25T06:00:00Z', new Date('2026-11-25T09:00:00Z'))).toBe('for 3 timer siden');
  });
  it('groups a fødselsnummer', () => {
    expect(formatFnr('01020312345')).toBe('010203 12345');
  });
});
