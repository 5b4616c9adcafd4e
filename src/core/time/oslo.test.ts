import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, osloClock, osloDateOf, osloStartOfDay, toOsloIso } from './oslo';

describe('Oslo calendar time', () => {
  it('dates instants by the Oslo day, summer and winter', () => {
    expect(osloDateOf(Date.parse('2026-11-30T23:30:00Z'))).toBe('2026-12-01'); // 00:30 +01:00
    expect(osloDateOf(Date.parse('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // 00:30 +02:00
    expect(osloDateOf(Date.parse('2026-06-30T21:30:00Z'))).toBe('2026-06-30');
  });

  it('finds local midnight, on the days the clocks change too', () => {
    expect(new Date(osloStartOfDay('2026-11-25')).toISOString()).toBe('2026-11-24T23:00:00.000Z');
    expect(new Date(osloStartOfDay('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // 29 March 2026: summer time from 01:00 UTC; midnight is still +01:00.
    expect(new Date(osloStartOfDay('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(osloStartOfDay('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: back to +01:00 at 01:00 UTC.
    expect(new Date(osloStartOfDay('2026-10-25')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(osloStartOfDay('2026-10-26')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-10-10', 12)).toBe('2026-10-10');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
  });

  it('writes local clock and ISO with offset', () => {
    expect(osloClock(Date.parse('2026-11-25T10:05:00Z'))).toBe('11:05');
    expect(toOsloIso(Date.parse('2026-07-01T10:05:09Z'))).toBe('2026-07-01T12:05:09+02:00');
  });
});
