import type { Observation, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { AppendInput } from '../events/types';
import { hasValidFnrControlDigits } from './fodselsnummer';
import { generateSyntheticData } from './generate';
import type { SeedRecord } from './generate';
import { batchRecords, loadSyntheticData } from './load';
import type { LoadProgress, SeedTarget } from './load';
import { generateLoadTestData } from '../testing/loadTest';

const NOW = '2026-11-25T09:00:00+01:00';

const setOf = (r: Resource) =>
  r.resourceType === 'Observation' ? (r as Observation).identifier?.[0]?.value?.split('/')[0] : undefined;

/** Records what the loader appends; the event store itself is tested in src/platform/events. */
function recordingTarget(): SeedTarget & { calls: Array<{ tenant: string; inputs: AppendInput[] }> } {
  const calls: Array<{ tenant: string; inputs: AppendInput[] }> = [];
  return {
    calls,
    appendBatch: async (tenant, inputs) => {
      calls.push({ tenant, inputs });
      return inputs.map((i) => i.resource);
    },
  };
}

describe('batchRecords', () => {
  const obs = (setId: string, part: string): SeedRecord => ({
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: {},
      identifier: [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: `${setId}/${part}` }],
    },
    sourceSystem: 'varde',
    recordedAt: NOW,
  });
  const patient = (id: string): SeedRecord => ({
    resource: { resourceType: 'Patient', id },
    sourceSystem: 'Gerica',
    recordedAt: NOW,
  });

  it('cuts at the batch size but never inside a vital-signs set', () => {
    const records = [
      patient('a'),
      patient('b'),
      obs('s1', 'pulse'),
      obs('s1', 'spo2'),
      obs('s1', 'temperature'),
      obs('s2', 'pulse'),
    ];
    const batches = [...batchRecords(records, 3)];
    expect(batches.map((b) => b.length)).toEqual([5, 1]);
    expect(batches.flat()).toEqual(records);
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => [...batchRecords([], 0)]).toThrow(/batchSize/);
  });
});

describe('loadSyntheticData', () => {
  it('appends every resource once, tenant by tenant, in order, with source, author and recorded time', async () => {
    const dataset = generateSyntheticData({ now: NOW, patientsPerTenant: 15 });
    const target = recordingTarget();
    const progress: LoadProgress[] = [];
    const summary = await loadSyntheticData(target, dataset, (p) => progress.push(p), { batchSize: 500 });

    expect(summary).toBe(dataset.summary);
    for (const t of dataset.tenants) {
      const appended = target.calls.filter((c) => c.tenant === t.id).flatMap((c) => c.inputs);
      expect(appended.map((a) => a.resource)).toEqual(t.resources);
      expect(appended.map((a) => a.recordedAt)).toEqual(t.records.map((r) => r.recordedAt));
      expect(appended.every((a) => a.sourceSystem.length > 0)).toBe(true);
      const observation = appended.find((a) => a.resource.resourceType === 'Observation' && a.author);
      expect(observation?.author).toMatch(/^Practitioner\//);
      expect(progress.filter((p) => p.tenant === t.id).at(-1)).toEqual({
        tenant: t.id,
        loaded: t.resources.length,
        total: t.resources.length,
      });
    }
    // No set is split between two appendBatch calls.
    const callOfSet = new Map<string, number>();
    target.calls.forEach((c, i) => {
      for (const a of c.inputs) {
        const s = setOf(a.resource);
        if (s === undefined) continue;
        expect(callOfSet.get(s) ?? i).toBe(i);
        callOfSet.set(s, i);
      }
    });
    expect(target.calls.length).toBeGreaterThan(2);
  });

  it('generates from options when given no dataset', async () => {
    const target = recordingTarget();
    const summary = await loadSyntheticData(target, { now: NOW, patientsPerTenant: 9, tenants: ['1103'] });
    expect(summary.tenants.map((t) => t.id)).toEqual(['1103']);
    expect(new Set(target.calls.map((c) => c.tenant))).toEqual(new Set(['1103']));
  });

  it('stops at the first failing batch and reports the error', async () => {
    let n = 0;
    const failing: SeedTarget = {
      appendBatch: async (_t, inputs) => {
        n += 1;
        if (n === 2) throw new Error('disk full');
        return inputs.map((i) => i.resource);
      },
    };
    await expect(
      loadSyntheticData(failing, { now: NOW, patientsPerTenant: 9 }, undefined, { batchSize: 100 }),
    ).rejects.toThrow('disk full');
    expect(n).toBe(2);
  });
});

describe('generateLoadTestData', () => {
  it('streams the asked number of patients and sets in batches, deterministically', () => {
    const opts = { seed: 3, patients: 25, setsPerPatient: 6, days: 30, now: NOW, patientsPerBatch: 10 };
    const batches = [...generateLoadTestData(opts)];
    expect(batches.map((b) => b.patientsSoFar)).toEqual([10, 20, 25]);
    const resources = batches.flatMap((b) => b.records.map((r) => r.resource));
    const patients = resources.filter((r) => r.resourceType === 'Patient');
    expect(patients).toHaveLength(25);
    const sets = new Set(resources.map(setOf).filter((s) => s !== undefined));
    expect(sets.size).toBe(25 * 6);
    expect(new Set(resources.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(resources.length);
    for (const p of patients) {
      const fnr = (p as { identifier?: { value?: string }[] }).identifier?.[0]?.value ?? '';
      expect(hasValidFnrControlDigits(fnr)).toBe(true);
    }
    const nowMs = Date.parse(NOW);
    for (const r of resources) {
      if (r.resourceType !== 'Observation') continue;
      const t = Date.parse((r as Observation).effectiveDateTime ?? '');
      expect(t).toBeLessThan(nowMs);
      expect(t).toBeGreaterThan(nowMs - 31 * 86_400_000);
    }
    expect(JSON.stringify([...generateLoadTestData(opts)])).toBe(JSON.stringify(batches));
  });

  it('is lazy: the first batch of 10,000 patients comes without making the rest', () => {
    const started = Date.now();
    const first = generateLoadTestData({ now: NOW }).next();
    expect(first.done).toBe(false);
    expect(first.value?.patientsSoFar).toBe(50);
    // Making all 10,000 patients takes minutes; the first 50 take well under a second.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
