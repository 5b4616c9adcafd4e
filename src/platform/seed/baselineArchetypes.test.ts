// Issue #12 point 4 against the synthetic archetypes: the sepsis patient's usual range is
// her pre-illness range while she scores 10 (her last days are left out as an ongoing
// episode), and the KOLS and heart-failure patients keep their higher usual values.
import { describe, expect, it } from 'vitest';
import { deriveBaseline } from '../../core/baseline/baseline';
import type { DerivedBaseline } from '../../core/baseline/baseline';
import { latestCompleteSet } from '../../core/vitals/latest';
import { generateSyntheticData } from './generate';
import type { Archetype } from './generate';

const NOW = '2026-11-25T09:00:00+01:00';

describe.each([4601, 7])('derived baselines of the synthetic archetypes (seed %i)', (seed) => {
  const data = generateSyntheticData({ now: NOW, seed, patientsPerTenant: 50 });
  const cases = data.tenants.flatMap((t) => {
    const examples = data.summary.tenants.find((x) => x.id === t.id)!.examples;
    const of = (a: Archetype) => {
      const id = examples[a]!;
      const sets = t.vitalSignsSets.filter((s) => s.patientId === id);
      const baseline = deriveBaseline(id, sets, { now: NOW });
      if (baseline.kind !== 'derived') throw new Error(`${t.id} ${a}: ${baseline.kind}`);
      return { baseline: baseline as DerivedBaseline, latest: latestCompleteSet(sets, { now: NOW })! };
    };
    return [{ tenant: t.id, of }];
  });

  it.each(cases)('sepsis ($tenant): the pre-illness range while she scores 7 or more', ({ of }) => {
    const { baseline, latest } = of('sepsis');
    const v = baseline.values;
    expect(latest.score.total).toBeGreaterThanOrEqual(7);
    expect(baseline.excluded?.dayCount).toBeGreaterThanOrEqual(3);
    // Her usual state lies in the NEWS2 0 bands; today's values lie above it, not inside.
    expect(v.news2Total!.high!).toBeLessThanOrEqual(1);
    expect(v.pulse!.high!).toBeLessThanOrEqual(90);
    expect(v.respirationRate!.high!).toBeLessThanOrEqual(20);
    expect(latest.score.total).toBeGreaterThan(v.news2Total!.high!);
    expect(latest.set.vitals.pulse!).toBeGreaterThan(v.pulse!.high!);
    expect(latest.set.vitals.respirationRate!).toBeGreaterThan(v.respirationRate!.high!);
  });

  it.each(cases)('KOLS and heart failure ($tenant) keep their higher usual values', ({ of }) => {
    const kols = of('kols-scale-2').baseline;
    const hf = of('heart-failure').baseline;
    // A last visit that is itself above their own range may be left out (that is the rule);
    // their usual values stay the high ones either way.
    expect(kols.values.news2Total!.usual).toBeGreaterThanOrEqual(3);
    expect(kols.values.respirationRate!.usual).toBeGreaterThanOrEqual(21);
    expect(hf.values.news2Total!.usual).toBeGreaterThanOrEqual(1);
    expect(hf.values.pulse!.usual).toBeGreaterThanOrEqual(91);
  });
});
