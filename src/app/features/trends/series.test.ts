import { describe, expect, it } from 'vitest';
import { scoreNews2 } from '../../../core/news2/index';
import type { DeviceVitalSignsSet } from '../../../offline/api';
import { chartSeries, pixelBudget, readings } from './series';

const NOW = new Date('2026-11-25T09:00:00Z');

function set(id: string, hoursAgo: number, vitals: DeviceVitalSignsSet['vitals']): DeviceVitalSignsSet {
  return {
    id,
    patientId: 'pat-serie',
    effectiveDateTime: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
    vitals,
    syncState: 'confirmed',
  };
}

const full = {
  respirationRate: 22,
  spo2: 93,
  spo2Scale: 1 as const,
  onOxygen: false,
  systolicBP: 104,
  pulse: 118,
  consciousness: 'A' as const,
  temperature: 38.4,
};

describe('trend readings', () => {
  it('leave out a set marked "registrert feil", in every chart', () => {
    const wrong: DeviceVitalSignsSet = {
      ...set('wrong', 5, { ...full, pulse: 140 }),
      enteredInError: {
        setId: 'wrong',
        patientId: 'pat-serie',
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/p1' },
        correctedAt: '2026-11-25T08:00:00Z',
      },
    };
    const sets = [set('a', 30, full), wrong, set('b', 2, full)];
    for (const chart of ['total', 'pulse', 'spo2'] as const)
      expect(readings(sets, chart, '7d', NOW)).toHaveLength(2);
    expect(readings(sets, 'pulse', '7d', NOW).map((p) => p.v)).toEqual([118, 118]);
  });

  it('carry the same sub-scores and totals as scoreNews2, also when read again for another chart', () => {
    const sets = [set('a', 30, full), set('b', 2, { ...full, pulse: 52, temperature: 35.9 })];
    for (let round = 0; round < 2; round++) {
      expect(readings(sets, 'pulse', '7d', NOW).map((p) => p.score)).toEqual(
        sets.map((s) => scoreNews2(s.vitals).parts.pulse),
      );
      expect(readings(sets, 'total', '7d', NOW).map((p) => p.v)).toEqual(
        sets.map((s) => scoreNews2(s.vitals).total),
      );
    }
  });

  it('scores a set anew when its vitals are a new object', () => {
    const first = [set('a', 1, full)];
    expect(readings(first, 'total', '24h', NOW)[0].v).toBe(scoreNews2(full).total);
    const changed = [{ ...first[0], vitals: { ...full, respirationRate: 26 } }];
    expect(readings(changed, 'total', '24h', NOW)[0].v).toBe(scoreNews2(changed[0].vitals).total);
    expect(readings(changed, 'total', '24h', NOW)[0].v).not.toBe(scoreNews2(full).total);
  });

  it('draws no total for a partial set', () => {
    const { temperature: _left, ...partial } = full;
    expect(readings([set('p', 1, partial)], 'total', '24h', NOW)).toEqual([]);
    expect(readings([set('p', 1, partial)], 'pulse', '24h', NOW)).toHaveLength(1);
  });
});

describe('chart series of a year (clinical safety: a downsampled chart never hides a spike)', () => {
  const year = (pulse: (i: number) => number) =>
    Array.from({ length: 2191 }, (_, i) => set(`y${i}`, (2190 - i) * 4, { pulse: pulse(i) }));

  it('draws every single spike, high or low, among a year of 4-hourly readings at a pixel budget', () => {
    for (const [index, value] of [
      [5, 135],
      [1000, 38],
      [1001, 131],
      [2189, 112],
    ] as const) {
      const sets = year((i) => (i === index ? value : 62 + (i % 7)));
      const raw = readings(sets, 'pulse', '1y', NOW);
      expect(raw).toHaveLength(2191);
      for (const width of [150, 300, 571, 900]) {
        const drawn = chartSeries(raw, '1y', pixelBudget(width));
        expect(drawn.length).toBeLessThan(raw.length);
        const spike = drawn.find((p) => p.setId === `y${index}`);
        expect(spike?.v).toBe(value);
        expect(spike?.score).toBe(scoreNews2({ pulse: value }).parts.pulse);
      }
    }
  });

  it('keeps every reading that scores 3 when they are apart, and each pixel column the highest score', () => {
    // Readings scoring 1 (91–110) and 3 (≥ 131) every 50th set, the rest 0; SpO2-like dense data.
    const sets = year((i) => (i % 50 === 0 ? 135 : i % 50 === 25 ? 95 : 70 + (i % 11)));
    const raw = readings(sets, 'pulse', '1y', NOW);
    const drawn = chartSeries(raw, '1y', pixelBudget(300));
    for (const r of raw.filter((p) => (p.score ?? 0) >= 1)) expect(drawn).toContain(r);
  });
});
