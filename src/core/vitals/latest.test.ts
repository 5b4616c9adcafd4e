import { describe, expect, it } from 'vitest';
import type { VitalSignsSet } from './types';
import { latestCompleteSet } from './latest';

const complete = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBP: 120,
  pulse: 70,
  consciousness: 'A' as const,
  temperature: 37,
};
const at = (
  id: string,
  effectiveDateTime: string,
  vitals: VitalSignsSet['vitals'] = complete,
): VitalSignsSet => ({
  id,
  patientId: 'p',
  effectiveDateTime,
  vitals,
});

describe('latestCompleteSet', () => {
  const sets = [
    at('old', '2025-01-10T08:00:00Z'),
    at('newer', '2025-11-24T08:00:00Z'),
    at('partial', '2025-11-26T08:00:00Z', { pulse: 80 }),
    at('future', '2027-01-01T08:00:00Z'),
  ];

  it('picks the newest complete set not in the future, with its age', () => {
    const r = latestCompleteSet(sets, { now: '2025-11-27T09:00:00Z' });
    expect(r?.set.id).toBe('newer');
    expect(r?.ageDays).toBe(3);
    expect(r?.olderThanTwelveMonths).toBe(false);
    expect(r?.score.complete).toBe(true);
  });

  it('flags a latest complete set older than twelve months', () => {
    expect(latestCompleteSet(sets, { now: '2026-11-24T08:00:00Z' })?.olderThanTwelveMonths).toBe(false);
    expect(latestCompleteSet(sets, { now: '2026-11-24T08:00:01Z' })?.olderThanTwelveMonths).toBe(true);
  });

  it('is undefined without a complete set', () => {
    expect(latestCompleteSet([sets[2]!], { now: '2026-01-01T00:00:00Z' })).toBeUndefined();
  });

  it('picks the later of two sets measured in the same minute, whatever their ids', () => {
    const a = at('zzz-earlier', '2026-11-25T10:15:05+01:00');
    const b = at('aaa-later', '2026-11-25T10:15:40+01:00', { ...complete, pulse: 95 });
    expect(latestCompleteSet([b, a], { now: '2026-11-25T10:20:00+01:00' })?.set.id).toBe('aaa-later');
    expect(latestCompleteSet([a, b], { now: '2026-11-25T10:20:00+01:00' })?.set.id).toBe('aaa-later');
  });

  it('picks the later entry of two sets measured in the same second', () => {
    const first = { ...at('ffff', '2026-11-25T10:15:00+01:00'), recordedAt: '2026-11-25T10:15:30+01:00' };
    const second = {
      ...at('0000', '2026-11-25T10:15:00+01:00', { ...complete, pulse: 95 }),
      recordedAt: '2026-11-25T10:16:10+01:00',
    };
    for (const order of [
      [first, second],
      [second, first],
    ])
      expect(latestCompleteSet(order, { now: '2026-11-25T10:20:00+01:00' })?.set.id).toBe('0000');
  });

  it('never picks a set marked entered-in-error', () => {
    const good = at('good', '2026-11-25T08:00:00Z');
    const wrong: VitalSignsSet = {
      ...at('wrong', '2026-11-25T09:00:00Z'),
      enteredInError: {
        setId: 'wrong',
        patientId: 'p',
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/a' },
        correctedAt: '2026-11-25T09:05:00Z',
      },
    };
    expect(latestCompleteSet([good, wrong], { now: '2026-11-25T10:00:00Z' })?.set.id).toBe('good');
  });
});
