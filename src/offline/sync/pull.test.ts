import type { Bundle, CareTeam, Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { observationsToVitalSignsSets } from '../../core/fhir/fromObservation';
import { makeHarness } from '../testing/harness';
import { foreign, varde } from '../testing/observations';
import { restrictedByPatientLabel } from '../../core/fhir/withheld';
import { EPISODE } from '../testing/patients';
import { WORKLIST_KEY } from '../db';
import { pullWorklist } from './pull';
import { pullServices } from './pullServices';
import { mergeObservations, pullVitals } from './pullVitals';
import type { FhirTransport } from './transport';
import { decodeVitals, encodeVitals } from './vitalsCache';

/** What the cache keeps of the parts: sealed (JSON) and read back. */
const cached = (obs: Observation[]): Observation[] =>
  decodeVitals(JSON.parse(JSON.stringify(encodeVitals(obs))) as ReturnType<typeof encodeVitals>);

describe('vitals cache: stripped Observations', () => {
  it('give the same sets as the full Observations', () => {
    const full = [...varde, ...foreign];
    const sets = observationsToVitalSignsSets(full);
    expect(sets).toHaveLength(2);
    expect(observationsToVitalSignsSets(cached(full))).toEqual(sets);
  });

  it('keep no free text and are much smaller', () => {
    const full = [...varde, ...foreign];
    const stripped = cached(full);
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
      data: await h.vault.seal({ observations: varde.slice(0, 1) }),
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

describe("items withheld at the patient's request (pasientrettighetsloven § 5-3)", () => {
  const restricted = (o: Observation): Observation => ({
    ...o,
    id: `r-${o.id}`,
    identifier: o.identifier?.map((i) => ({ ...i, value: i.value?.replace('set-1/', 'set-r/') })),
    meta: { ...o.meta, security: [restrictedByPatientLabel()] },
  });

  async function vitalsCache(h: Awaited<ReturnType<typeof makeHarness>>) {
    return h.cache.read<'vitals'>(await h.db.sections.get(['pas-ola', 'vitals']));
  }

  it('a full pull remembers that sets were withheld; an incremental one keeps it', async () => {
    const h = await makeHarness();
    for (const o of varde) h.server.put(o);
    for (const o of varde) h.server.put(restricted(o));
    const deps = { cache: h.cache, transport: h.server, now: h.clock.now };
    await pullVitals(deps, 'pas-ola');
    let cached = await vitalsCache(h);
    expect(cached?.withheld).toBe(true);
    expect(cached?.observations.some((o) => o.id?.startsWith('r-'))).toBe(false);
    // Nothing new since: the server's answer has no marker, the sets stay withheld.
    await pullVitals(deps, 'pas-ola');
    expect(h.server.requests.at(-1)?.url).toContain('_lastUpdated=ge');
    cached = await vitalsCache(h);
    expect(cached?.withheld).toBe(true);
    // A set the server confirms after a push keeps the answer too.
    await h.cache.mergeVitals('pas-ola', (prev) => prev);
    expect((await vitalsCache(h))?.withheld).toBe(true);
    h.db.close();
  });

  it('says false when nothing was withheld', async () => {
    const h = await makeHarness();
    for (const o of varde) h.server.put(o);
    await pullVitals({ cache: h.cache, transport: h.server, now: h.clock.now }, 'pas-ola');
    expect((await vitalsCache(h))?.withheld).toBe(false);
    h.db.close();
  });

  it('fetches everything again when the cache predates the marker', async () => {
    const h = await makeHarness();
    for (const o of varde) h.server.put(o);
    for (const o of varde) h.server.put(restricted(o));
    // A format-2 record sealed before the marker: no `withheld` field, a checkpoint after it all.
    await h.db.sections.put({
      patientId: 'pas-ola',
      section: 'vitals',
      fetchedAt: '2026-11-25T07:00:00Z',
      checkpoint: '2100-01-01T00:00:00Z',
      data: await h.vault.seal(encodeVitals(varde)),
    });
    expect((await vitalsCache(h))?.withheld).toBeUndefined();
    await pullVitals({ cache: h.cache, transport: h.server, now: h.clock.now }, 'pas-ola');
    expect(h.server.requests.at(-1)?.url).not.toContain('_lastUpdated=ge');
    expect((await vitalsCache(h))?.withheld).toBe(true);
    h.db.close();
  });

  it('a services answer with the marker says the services were withheld', async () => {
    const h = await makeHarness();
    h.server.put(EPISODE);
    const deps = { cache: h.cache, transport: h.server, now: h.clock.now };
    await pullServices(deps, 'pas-1');
    const read = async () => h.cache.read<'services'>(await h.db.sections.get(['pas-1', 'services']));
    expect((await read())?.withheld).toBe(false);
    h.server.put({ ...EPISODE, id: 'eoc-2', meta: { security: [restrictedByPatientLabel()] } });
    await pullServices(deps, 'pas-1');
    const services = await read();
    expect(services?.withheld).toBe(true);
    expect(services?.services.map((s) => s.id)).toEqual(['eoc-1']);
    h.db.close();
  });
});

describe('worklist: every page of the CareTeam search', () => {
  it('follows next links (a server pages at its own size), so no patient is left out', async () => {
    const h = await makeHarness();
    const ids = Array.from({ length: 250 }, (_, i) => `pas-${i}`);
    const PAGE = 100;
    const urls: string[] = [];
    // A server that pages at 100 with _include, like the platform.
    const transport: FhirTransport = {
      async request(req) {
        urls.push(req.url);
        const offset = Number(/_offset=(\d+)/.exec(req.url)?.[1] ?? 0);
        const page = ids.slice(offset, offset + PAGE);
        const body: Bundle = {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: page.flatMap((id) => [
            {
              resource: {
                resourceType: 'CareTeam',
                id: `ct-${id}`,
                subject: { reference: `Patient/${id}` },
              } as CareTeam,
              search: { mode: 'match' as const },
            },
            { resource: { resourceType: 'Patient', id } as Patient, search: { mode: 'include' as const } },
          ]),
          link:
            offset + PAGE < ids.length
              ? [{ relation: 'next', url: `http://fake/fhir/CareTeam?_offset=${offset + PAGE}` }]
              : [],
        };
        return { kind: 'ok', status: 200, body };
      },
    };
    const deps = { cache: h.cache, transport, now: h.clock.now };
    expect(await pullWorklist(deps, 'nurse-1')).toMatchObject({ kind: 'ok' });
    expect(urls).toHaveLength(3);
    const list = await h.cache.read<'worklist'>(await h.db.sections.get([WORKLIST_KEY, 'worklist']));
    expect(list?.patientIds).toEqual(ids);
    h.db.close();
  });
});
