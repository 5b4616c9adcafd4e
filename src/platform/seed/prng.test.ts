import { describe, expect, it } from 'vitest';
import { createRng } from './prng';
import { osloDate, osloLocalTime, osloOffsetMinutes, toOsloIso } from './time';

describe('seeded random numbers', () => {
  it('repeats the same stream for the same seed and label, and differs otherwise', () => {
    const draw = (seed: number, label: string) => {
      const r = createRng(seed, label);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('keeps to its ranges and covers them', () => {
    const r = createRng(42);
    const ints = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = r.int(3, 7);
      ints.add(n);
      expect(Math.abs(r.gauss())).toBeLessThanOrEqual(Math.sqrt(3) * 2);
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('makes version-4-shaped UUIDs that do not repeat', () => {
    const r = createRng(9);
    const ids = Array.from({ length: 2000 }, () => r.uuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Oslo time', () => {
  it('switches between +01:00 and +02:00 on the EU dates', () => {
    expect(osloOffsetMinutes(Date.parse('2026-03-29T00:59:00Z'))).toBe(60);
    expect(osloOffsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(osloOffsetMinutes(Date.parse('2026-10-25T00:59:00Z'))).toBe(120);
    expect(osloOffsetMinutes(Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('writes local time with its offset and finds a wall-clock time on a local date', () => {
    expect(toOsloIso(Date.parse('2026-11-25T08:00:00Z'))).toBe('2026-11-25T09:00:00+01:00');
    expect(toOsloIso(Date.parse('2026-07-01T22:30:00Z'))).toBe('2026-07-02T00:30:00+02:00');
    expect(toOsloIso(osloLocalTime(Date.parse('2026-07-01T12:00:00Z'), 8, 15))).toBe(
      '2026-07-01T08:15:00+02:00',
    );
    expect(toOsloIso(osloLocalTime(Date.parse('2026-12-24T23:30:00Z'), 20, 0))).toBe(
      '2026-12-25T20:00:00+01:00',
    );
    expect(osloDate(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
