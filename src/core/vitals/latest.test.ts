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
});
