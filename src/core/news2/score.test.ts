import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreNews2 } from './score';
import type { Consciousness, News2Parameter, News2Score, VitalSigns } from './index';

// The public vectors: a copy in the repository (test/fixtures/vectors, so a clone without
// ../shared passes), checked against the team's reference copy in ../shared when present.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const VECTORS_FILE = 'news2-dhos-scoring-engine.json';
const vectorsPath = path.resolve(repoRoot, 'test/fixtures/vectors', VECTORS_FILE);
const sharedPath = path.resolve(repoRoot, '../shared/vectors', VECTORS_FILE);

interface Vector {
  id: string;
  input: VitalSigns;
  expected: Pick<News2Score, 'total' | 'parts' | 'risk' | 'complete' | 'missing'>;
}

function loadVectors(): Vector[] {
  return JSON.parse(readFileSync(vectorsPath, 'utf8')) as Vector[];
}

const vectors = loadVectors();

describe('public NEWS2 vectors (polaris-foundation/dhos-scoring-engine)', () => {
  it.runIf(existsSync(sharedPath))('the repository copy equals the reference copy in ../shared', () => {
    expect(JSON.parse(readFileSync(sharedPath, 'utf8'))).toEqual(loadVectors());
  });

  it('has all 81 cases', () => {
    expect(vectors).toHaveLength(81);
  });
  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const s = scoreNews2(v.input);
    expect({
      total: s.total,
      parts: s.parts,
      risk: s.risk,
      complete: s.complete,
      missing: s.missing,
    }).toEqual(v.expected);
  });
});

const full: Required<Omit<VitalSigns, 'spo2Scale'>> = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBP: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37.0,
};

type Edge = [param: keyof VitalSigns, value: number, expected: number];

// Every band edge of the RCP 2017 chart, both sides.
const scale1Edges: Edge[] = [
  ['respirationRate', 8, 3],
  ['respirationRate', 9, 1],
  ['respirationRate', 11, 1],
  ['respirationRate', 12, 0],
  ['respirationRate', 20, 0],
  ['respirationRate', 21, 2],
  ['respirationRate', 24, 2],
  ['respirationRate', 25, 3],
  ['spo2', 91, 3],
  ['spo2', 92, 2],
  ['spo2', 93, 2],
  ['spo2', 94, 1],
  ['spo2', 95, 1],
  ['spo2', 96, 0],
  ['spo2', 100, 0],
  ['systolicBP', 90, 3],
  ['systolicBP', 91, 2],
  ['systolicBP', 100, 2],
  ['systolicBP', 101, 1],
  ['systolicBP', 110, 1],
  ['systolicBP', 111, 0],
  ['systolicBP', 219, 0],
  ['systolicBP', 220, 3],
  ['pulse', 40, 3],
  ['pulse', 41, 1],
  ['pulse', 50, 1],
  ['pulse', 51, 0],
  ['pulse', 90, 0],
  ['pulse', 91, 1],
  ['pulse', 110, 1],
  ['pulse', 111, 2],
  ['pulse', 130, 2],
  ['pulse', 131, 3],
  ['temperature', 35.0, 3],
  ['temperature', 35.1, 1],
  ['temperature', 36.0, 1],
  ['temperature', 36.1, 0],
  ['temperature', 38.0, 0],
  ['temperature', 38.1, 1],
  ['temperature', 39.0, 1],
  ['temperature', 39.1, 2],
];

describe('band edges, Scale 1', () => {
  it.each(scale1Edges)('%s %d scores %d', (param, value, expected) => {
    const s = scoreNews2({ ...full, [param]: value });
    expect(s.parts[param as News2Parameter]).toBe(expected);
    expect(s.complete).toBe(true);
  });
});

describe('band edges, Scale 2 (same for every other parameter, SpO2 as its own chart row)', () => {
  it.each(scale1Edges.filter(([p]) => p !== 'spo2'))('%s %d scores %d', (param, value, expected) => {
    const s = scoreNews2({ ...full, spo2: 90, spo2Scale: 2, [param]: value });
    expect(s.parts[param as News2Parameter]).toBe(expected);
  });

  const scale2: [spo2: number, onOxygen: boolean, expected: number][] = [
    [83, true, 3],
    [83, false, 3],
    [84, false, 2],
    [85, true, 2],
    [86, false, 1],
    [87, true, 1],
    [88, true, 0],
    [88, false, 0],
    [92, true, 0],
    [92, false, 0],
    [93, false, 0],
    [100, false, 0],
    [93, true, 1],
    [94, true, 1],
    [95, true, 2],
    [96, true, 2],
    [97, true, 3],
    [100, true, 3],
  ];
  it.each(scale2)('SpO2 %d, on oxygen %s, scores %d', (spo2, onOxygen, expected) => {
    const s = scoreNews2({ ...full, spo2, spo2Scale: 2, onOxygen });
    expect(s.parts.spo2).toBe(expected);
    expect(s.parts.onOxygen).toBe(onOxygen ? 2 : 0);
    expect(s.spo2AssumedOnOxygen).toBeUndefined();
  });

  it('97 % on oxygen scores 3 on Scale 2 but 0 on Scale 1 (the common mis-coding)', () => {
    expect(scoreNews2({ spo2: 97, spo2Scale: 2, onOxygen: true }).parts.spo2).toBe(3);
    expect(scoreNews2({ spo2: 97, spo2Scale: 2, onOxygen: false }).parts.spo2).toBe(0);
    expect(scoreNews2({ spo2: 97, spo2Scale: 1, onOxygen: true }).parts.spo2).toBe(0);
  });

  it('scores SpO2 >= 93 with unknown oxygen as if on oxygen, and says so', () => {
    const s = scoreNews2({ spo2: 97, spo2Scale: 2 });
    expect(s.parts.spo2).toBe(3);
    expect(s.spo2AssumedOnOxygen).toBe(true);
    expect(s.missing).toContain('onOxygen');
    expect(s.complete).toBe(false);
  });

  it('needs no assumption below 93 %', () => {
    const s = scoreNews2({ spo2: 90, spo2Scale: 2 });
    expect(s.parts.spo2).toBe(0);
    expect(s.spo2AssumedOnOxygen).toBeUndefined();
  });
});

describe('scale and consciousness', () => {
  it('defaults to Scale 1', () => {
    expect(scoreNews2({ spo2: 90 }).parts.spo2).toBe(3);
    expect(scoreNews2({ spo2: 90, spo2Scale: 2 }).parts.spo2).toBe(0);
  });
  it.each([
    ['A', 0],
    ['C', 3],
    ['V', 3],
    ['P', 3],
    ['U', 3],
  ] as [Consciousness, number][])('ACVPU %s scores %d', (level, expected) => {
    expect(scoreNews2({ consciousness: level }).parts.consciousness).toBe(expected);
  });
  it('onOxygen true scores 2, false 0', () => {
    expect(scoreNews2({ onOxygen: true }).parts.onOxygen).toBe(2);
    expect(scoreNews2({ onOxygen: false }).parts.onOxygen).toBe(0);
  });
});

describe('values between the chart bands are rounded to chart precision first', () => {
  it.each([
    [35.04, 3],
    [35.05, 1],
    [36.04, 1],
    [36.05, 0],
    [38.04, 0],
    [38.05, 1],
    [39.04, 1],
    [39.05, 2],
  ])('temperature %d scores %d', (t, expected) => {
    expect(scoreNews2({ temperature: t }).parts.temperature).toBe(expected);
  });
  it.each([
    ['pulse', 90.4, 0],
    ['pulse', 90.5, 1],
    ['respirationRate', 20.5, 2],
    ['systolicBP', 110.5, 0],
    ['spo2', 95.5, 0],
  ] as Edge[])('%s %d scores %d', (param, value, expected) => {
    expect(scoreNews2({ [param]: value }).parts[param as News2Parameter]).toBe(expected);
  });
});

describe('risk bands (RCP chart 3)', () => {
  it.each([
    [{ ...full }, 0, 'low'],
    [{ ...full, pulse: 95, temperature: 38.5, respirationRate: 22 }, 4, 'low'],
    [{ ...full, respirationRate: 25 }, 3, 'low-medium'],
    [{ ...full, respirationRate: 7, pulse: 95 }, 4, 'low-medium'],
    [{ ...full, respirationRate: 22, pulse: 115, temperature: 38.5 }, 5, 'medium'],
    [{ ...full, respirationRate: 25, pulse: 115, temperature: 38.5 }, 6, 'medium'],
    [{ ...full, respirationRate: 25, pulse: 115, temperature: 39.5 }, 7, 'high'],
    [
      {
        ...full,
        respirationRate: 25,
        spo2: 91,
        onOxygen: true,
        systolicBP: 90,
        pulse: 140,
        consciousness: 'U',
        temperature: 34,
      },
      20,
      'high',
    ],
  ] as [VitalSigns, number, string][])('%o -> %d %s', (v, total, risk) => {
    const s = scoreNews2(v);
    expect(s.total).toBe(total);
    expect(s.risk).toBe(risk);
    expect(s.complete).toBe(true);
  });
});

describe('incomplete sets', () => {
  it('reports every missing parameter, sorted, and sums only what is present', () => {
    const s = scoreNews2({ pulse: 120, temperature: 39.5 });
    expect(s.total).toBe(4);
    expect(s.complete).toBe(false);
    expect(s.missing).toEqual(['consciousness', 'onOxygen', 'respirationRate', 'spo2', 'systolicBP']);
    expect(Object.keys(s.parts).sort()).toEqual(['pulse', 'temperature']);
  });
  it('treats non-finite numbers as missing, never as 0', () => {
    const s = scoreNews2({ ...full, pulse: Number.NaN, temperature: Number.POSITIVE_INFINITY });
    expect(s.missing).toEqual(['pulse', 'temperature']);
    expect(s.parts.pulse).toBeUndefined();
    expect(s.complete).toBe(false);
  });
  it('treats an unknown consciousness code as missing', () => {
    const s = scoreNews2({ ...full, consciousness: 'X' as Consciousness });
    expect(s.missing).toEqual(['consciousness']);
  });
  it('scores an empty set as incomplete 0', () => {
    const s = scoreNews2({});
    expect(s).toMatchObject({ total: 0, complete: false, risk: 'low' });
    expect(s.missing).toHaveLength(7);
  });
});

// Property tests. Arbitraries cover the physiological range plus implausible extremes.
const arbVitals: fc.Arbitrary<VitalSigns> = fc.record(
  {
    respirationRate: fc.integer({ min: 0, max: 80 }),
    spo2: fc.integer({ min: 50, max: 100 }),
    spo2Scale: fc.constantFrom(1 as const, 2 as const),
    onOxygen: fc.boolean(),
    systolicBP: fc.integer({ min: 40, max: 300 }),
    pulse: fc.integer({ min: 0, max: 250 }),
    consciousness: fc.constantFrom<Consciousness>('A', 'C', 'V', 'P', 'U'),
    temperature: fc.integer({ min: 300, max: 440 }).map((t) => t / 10),
  },
  { requiredKeys: [] },
);

// "Worse" moves a value away from the normal band, so the part must not drop.
const normalMid = { respirationRate: 16, systolicBP: 165, pulse: 70, temperature: 37.0 } as const;

describe('properties', () => {
  it('total is the sum of the parts, complete iff nothing is missing', () => {
    fc.assert(
      fc.property(arbVitals, (v) => {
        const s = scoreNews2(v);
        const sum = Object.values(s.parts).reduce((a, b) => a + b, 0);
        expect(s.total).toBe(sum);
        expect(s.complete).toBe(s.missing.length === 0);
        expect(Object.keys(s.parts).length + s.missing.length).toBe(7);
        for (const p of Object.values(s.parts)) expect([0, 1, 2, 3]).toContain(p);
      }),
    );
  });

  it('a value further from normal never lowers its part', () => {
    const param = fc.constantFrom('respirationRate', 'systolicBP', 'pulse', 'temperature' as const);
    fc.assert(
      fc.property(arbVitals, param, fc.integer({ min: 0, max: 100 }), (v, p, step) => {
        const base = v[p] ?? normalMid[p];
        const delta = p === 'temperature' ? step / 10 : step;
        const worse = base >= normalMid[p] ? base + delta : base - delta;
        const before = scoreNews2({ ...v, [p]: base }).parts[p]!;
        const after = scoreNews2({ ...v, [p]: worse }).parts[p]!;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('lower SpO2 never lowers its part (for a fixed oxygen status and scale)', () => {
    fc.assert(
      fc.property(arbVitals, fc.integer({ min: 0, max: 50 }), (v, drop) => {
        const spo2 = v.spo2 ?? 96;
        // On Scale 2 with oxygen, values above 92 rise with SpO2, so only compare within <= 92.
        const cap = v.spo2Scale === 2 && v.onOxygen !== false ? Math.min(spo2, 92) : spo2;
        const hi = scoreNews2({ ...v, spo2: cap }).parts.spo2!;
        const lo = scoreNews2({ ...v, spo2: cap - drop }).parts.spo2!;
        expect(lo).toBeGreaterThanOrEqual(hi);
      }),
    );
  });

  it('on Scale 2 with oxygen, higher SpO2 above 92 never lowers its part (over-oxygenation)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 93, max: 100 }), fc.integer({ min: 0, max: 7 }), (spo2, rise) => {
        const a = scoreNews2({ spo2, spo2Scale: 2, onOxygen: true }).parts.spo2!;
        const b = scoreNews2({ spo2: Math.min(100, spo2 + rise), spo2Scale: 2, onOxygen: true }).parts.spo2!;
        expect(b).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('risk is monotone in the total and the highest part', () => {
    const order = { low: 0, 'low-medium': 1, medium: 2, high: 3 };
    fc.assert(
      fc.property(arbVitals, arbVitals, (a, b) => {
        const sa = scoreNews2(a);
        const sb = scoreNews2(b);
        const maxA = Math.max(0, ...Object.values(sa.parts));
        const maxB = Math.max(0, ...Object.values(sb.parts));
        if (sa.total <= sb.total && maxA <= maxB) {
          expect(order[sa.risk]).toBeLessThanOrEqual(order[sb.risk]);
        }
      }),
    );
  });

  it('adding a missing parameter never lowers the total (unless it resolves the Scale 2 oxygen assumption)', () => {
    fc.assert(
      fc.property(arbVitals, arbVitals, (partial, extra) => {
        const before = scoreNews2(partial);
        fc.pre(!before.spo2AssumedOnOxygen);
        const merged = { ...extra, ...partial, spo2Scale: partial.spo2Scale };
        expect(scoreNews2(merged).total).toBeGreaterThanOrEqual(before.total);
      }),
    );
  });

  it('the Scale 2 oxygen assumption is never lower than either real answer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (spo2) => {
        const unknown = scoreNews2({ spo2, spo2Scale: 2 }).parts.spo2!;
        expect(unknown).toBeGreaterThanOrEqual(
          scoreNews2({ spo2, spo2Scale: 2, onOxygen: true }).parts.spo2!,
        );
        expect(unknown).toBeGreaterThanOrEqual(
          scoreNews2({ spo2, spo2Scale: 2, onOxygen: false }).parts.spo2!,
        );
      }),
    );
  });
});
