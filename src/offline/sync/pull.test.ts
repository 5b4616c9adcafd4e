import { describe, expect, it } from 'vitest';
import { observationsToVitalSignsSets } from '../../core/fhir/fromObservation';
import { makeHarness } from '../testing/harness';
import { foreign, varde } from '../testing/observations';
import { mergeObservations, minimalObservation, pullVitals } from './pull';

describe('vitals cache: stripped Observations', () => {
  it('give the same sets as the full Observations', () => {
    const full = [...varde, ...foreign];
    const sets = observationsToVitalSignsSets(full);
    expect(sets).toHaveLength(2);
    expect(observationsToVitalSignsSets(full.map(minimalObservation))).toEqual(sets);
  });

  it('keep no free text and are much smaller', () => {
    const full = [...varde, ...foreign];
    const stripped = full.map(minimalObservation);
    const text = JSON.stringify(stripped);
    expect(text).not.toContain('fritekst');
    expect(text).not.toContain('<div>');
    expect(text).not.toContain('Respiratory rate');
    expect(text).not.toContain('"display":"Temp"');
    expect(text.length).toBeLessThan(JSON.stringify(full).length * 0.7);
    // The performer's name is what the views show: it is kept on the part that carries it.
    expect(observationsToVitalSignsSets(stripped)[1].performer).toEqual({
      reference: 'Practitioner/hpr-9144889',
      display: 'Kari Nordmann',
    });
  });

  it('an incremental page with one corrected part of a set replaces only that part', () => {
    const cached = mergeObservations([], varde);
    const pulse = varde.find((o) => o.identifier?.[0].value === 'set-1/pulse')!;
    const corrected = { ...pulse, valueQuantity: { ...pulse.valueQuantity, value: 90 } };
    const merged = mergeObservations(cached, [corrected]);
    expect(merged).toHaveLength(cached.length);
    const [set] = observationsToVitalSignsSets(merged);
    expect(set.vitals).toMatchObject({ pulse: 90, respirationRate: 22, temperature: 38.4 });
    const withdrawn = mergeObservations(merged, [{ ...corrected, status: 'entered-in-error' }]);
    expect(observationsToVitalSignsSets(withdrawn)[0].vitals.pulse).toBeUndefined();
  });
});

describe('vitals cache: a record of another format', () => {
  it('reads as no cache, and the next pull fetches everything instead of from its checkpoint', async () => {
    const h = await makeHarness();
    for (const o of varde) h.server.put(o);
    // A v3-era record: stripped Observations sealed as they are, with a checkpoint after them.
    await h.db.sections.put({
      patientId: 'pas-ola',
      section: 'vitals',
      fetchedAt: '2026-11-25T07:00:00Z',
      checkpoint: '2100-01-01T00:00:00Z',
      data: await h.vault.seal({ observations: varde.slice(0, 1).map(minimalObservation) }),
    });
    const deps = { cache: h.cache, transport: h.server, now: h.clock.now };
    expect(await h.cache.read(await h.db.sections.get(['pas-ola', 'vitals']))).toBeUndefined();
    expect(await pullVitals(deps, 'pas-ola')).toMatchObject({ kind: 'ok' });
    expect(h.server.requests.at(-1)?.url).not.toContain('_lastUpdated=ge');
    const cached = await h.cache.read<'vitals'>(await h.db.sections.get(['pas-ola', 'vitals']));
    expect(cached?.observations).toHaveLength(varde.length);
    expect(observationsToVitalSignsSets(cached!.observations)).toEqual(
      observationsToVitalSignsSets(h.server.observations()),
    );
    h.db.close();
  });
});
