import { describe, expect, it } from 'vitest';
import { scoreNews2 } from './score';
import { spo2ScaleFor, withSpo2Scale } from './scale2';
import type { Scale2Decision } from './scale2';

const decision: Scale2Decision = {
  patientId: 'pas-ola',
  decidedBy: { reference: 'Practitioner/lege-1', display: 'Dr. Hansen' },
  decidedAt: '2026-01-10T12:00:00+01:00',
  reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt',
};

describe('spo2ScaleFor', () => {
  it('is Scale 1 without a decision', () => {
    expect(spo2ScaleFor([], { at: '2026-02-01T00:00:00Z' })).toBe(1);
  });
  it('is Scale 2 from the moment of the decision, not before', () => {
    expect(spo2ScaleFor([decision], { at: '2026-01-10T10:59:59Z' })).toBe(1);
    expect(spo2ScaleFor([decision], { at: '2026-01-10T11:00:00Z' })).toBe(2);
  });
  it('is Scale 1 again once the decision is withdrawn', () => {
    const ended = { ...decision, endedAt: '2026-03-01T00:00:00Z' };
    expect(spo2ScaleFor([ended], { at: '2026-02-28T23:59:59Z' })).toBe(2);
    expect(spo2ScaleFor([ended], { at: '2026-03-01T00:00:00Z' })).toBe(1);
  });
  it('changes the score only through the chart (97 % on oxygen)', () => {
    const vitals = { spo2: 97, onOxygen: true };
    const at = '2026-02-01T00:00:00Z';
    expect(scoreNews2(withSpo2Scale(vitals, [], { at })).parts.spo2).toBe(0);
    expect(scoreNews2(withSpo2Scale(vitals, [decision], { at })).parts.spo2).toBe(3);
    expect(vitals).toEqual({ spo2: 97, onOxygen: true });
  });
  it('refuses malformed dates', () => {
    expect(() => spo2ScaleFor([decision], { at: 'nå' })).toThrow(RangeError);
  });
});
