import { describe, expect, it } from 'vitest';
import { scoreNews2 } from './score';
import { scale2DecidedByText, scale2DecisionAt, spo2ScaleFor, withSpo2Scale } from './scale2';
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

describe('scale2DecisionAt', () => {
  const later: Scale2Decision = {
    ...decision,
    id: 'f2',
    decidedBy: { reference: 'Practitioner/lege-2' },
    decidedAt: '2026-02-01T08:00:00Z',
  };
  const withdrawn: Scale2Decision = { ...decision, id: 'f0', endedAt: '2026-01-20T00:00:00Z' };

  it.each([
    ['no decisions', [], '2026-02-10T00:00:00Z', undefined],
    ['before the only decision', [decision], '2026-01-10T10:00:00Z', undefined],
    ['the one in force', [decision], '2026-01-11T00:00:00Z', decision],
    ['the latest of two in force', [decision, later], '2026-02-10T00:00:00Z', later],
    ['the earlier while the later has not begun', [later, decision], '2026-01-15T00:00:00Z', decision],
    ['none once withdrawn', [withdrawn], '2026-01-25T00:00:00Z', undefined],
  ] as const)('%s', (_name, decisions, at, expected) => {
    expect(scale2DecisionAt(decisions, { at })).toEqual(expected);
    expect(spo2ScaleFor(decisions, { at })).toBe(expected === undefined ? 1 : 2);
  });

  it('names who decided by display name, else by reference', () => {
    expect(scale2DecidedByText(decision)).toBe('Dr. Hansen');
    expect(scale2DecidedByText(later)).toBe('Practitioner/lege-2');
  });
});
