// Reading from a plain FHIR server (issue #13 point 4, "Bad input and failure"): services
// whose references were not included are fetched in a batch or by _id; an answer that is not
// FHIR leaves the cache as it was and says why; nothing in the outbox is lost.
import type { EpisodeOfCare, HealthcareService, ServiceRequest } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeFhirServer } from '../testing/fakeFhirServer';
import { makeHarness, sampleSet, type Harness } from '../testing/harness';
import { createCapabilitiesSource, knownCapabilities } from './capabilities';
import { pullPatient, type PullDeps } from './pull';
import { pullServices } from './pullServices';
import { pullVitals } from './pullVitals';
import { servicesSection } from '../sections/compose';

let h: Harness | undefined;
afterEach(() => h?.db.close());

const episode: EpisodeOfCare = {
  resourceType: 'EpisodeOfCare',
  id: 'ep-1',
  status: 'active',
  type: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15' }], text: 'Hjemmesykepleie' }],
  patient: { reference: 'Patient/p1' },
  referralRequest: [{ reference: 'ServiceRequest/sr-1' }],
};
const request: ServiceRequest = {
  resourceType: 'ServiceRequest',
  id: 'sr-1',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  quantityQuantity: { value: 7, unit: 'h/wk', system: 'http://unitsofmeasure.org', code: 'h/wk' },
  performer: [{ reference: 'HealthcareService/hs-1' }],
};
const place: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-1',
  name: 'Hjemmetjenesten sone Nord',
  telecom: [{ system: 'phone', value: '55 11 22 33', use: 'work' }],
  availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }],
};

async function plain(caps: { transaction: boolean; batch: boolean }) {
  const server = createFakeFhirServer(caps);
  server.statesCoverage = false;
  for (const r of [episode, request, place]) server.put(r);
  h = await makeHarness({ server });
  const deps: PullDeps = {
    cache: h.cache,
    transport: server,
    now: h.clock.now,
    capabilities: createCapabilitiesSource(server),
  };
  return { server, deps, h };
}

const servicesOf = async (h: Harness) => {
  const rec = await h.db.sections.get(['p1', 'services']);
  return servicesSection(rec, await h.cache.read<'services'>(rec), {
    now: h.clock.now(),
    staleAfterMs: 3600_000,
  });
};

describe('services from a server that ignores _include', () => {
  it('fetches the referenced ServiceRequests and HealthcareServices in a batch', async () => {
    const { server, deps, h } = await plain({ transaction: false, batch: true });
    expect(await pullServices(deps, 'p1')).toMatchObject({ kind: 'ok' });
    const batches = server.requests.filter((r) => r.method === 'POST');
    expect(batches.map((r) => (r.body as { type: string }).type)).toEqual(['batch', 'batch']);
    const section = await servicesOf(h);
    expect(section).toMatchObject({
      kind: 'ready',
      data: [
        {
          id: 'ep-1',
          hoursPerWeek: 7,
          location: {
            name: 'Hjemmetjenesten sone Nord',
            phone: '55 11 22 33',
            afterHoursPhone: '55 11 22 33',
          },
        },
      ],
    });
  });

  it('by _id searches where the CapabilityStatement states no batch', async () => {
    const { server, deps, h } = await plain({ transaction: false, batch: false });
    await pullServices(deps, 'p1');
    expect(server.requests.map((r) => r.url.split('&')[0])).toEqual([
      'EpisodeOfCare?patient=p1',
      'ServiceRequest?_id=sr-1',
      'HealthcareService?_id=hs-1',
    ]);
    expect(await servicesOf(h)).toMatchObject({
      kind: 'ready',
      data: [{ location: { phone: '55 11 22 33' } }],
    });
  });

  it('asks nothing more of a server that included them', async () => {
    const { server, deps } = await plain({ transaction: true, batch: true });
    server.includes = true;
    await pullServices(deps, 'p1');
    expect(server.requests).toHaveLength(1);
  });

  it('an empty answer without a coverage statement is ready and empty, not unavailable', async () => {
    const { server, deps, h } = await plain({ transaction: false, batch: false });
    await pullServices({ ...deps }, 'p-uten-tjenester');
    const rec = await h.db.sections.get(['p-uten-tjenester', 'services']);
    expect(
      servicesSection(rec, await h.cache.read<'services'>(rec), { now: h.clock.now(), staleAfterMs: 1e9 }),
    ).toMatchObject({ kind: 'ready', data: [] });
    expect(server.requests).toHaveLength(1);
  });

  it('a follow-up that fails leaves the cached services as they were', async () => {
    const { server, deps, h } = await plain({ transaction: false, batch: true });
    await pullServices(deps, 'p1');
    server.script({ kind: 'none' }, { kind: 'network-error' });
    expect(await pullServices(deps, 'p1')).toMatchObject({ kind: 'unavailable' });
    expect(await servicesOf(h)).toMatchObject({
      kind: 'unavailable',
      cached: { data: [{ location: { phone: '55 11 22 33' } }] },
    });
  });
});

describe('a server answering garbage, HTML or JSON that is not FHIR', () => {
  const answers = [
    {
      name: 'HTML',
      body: undefined,
      contentType: 'text/html; charset=utf-8',
      reason: 'nettside (HTML)',
      identityReason: 'nettside (HTML)',
    },
    {
      name: 'garbage',
      body: undefined,
      contentType: 'application/json',
      reason: 'ikke JSON',
      identityReason: 'ikke JSON',
    },
    {
      name: 'JSON not FHIR',
      body: { status: 'ok', items: [] },
      contentType: 'application/json',
      reason: 'JSON uten resourceType',
      identityReason: 'JSON uten resourceType',
    },
    {
      name: 'another resource',
      body: { resourceType: 'OperationOutcome' },
      contentType: 'application/fhir+json',
      reason: 'FHIR Bundle (OperationOutcome)',
      identityReason: 'FHIR Patient (OperationOutcome)',
    },
    {
      name: 'a Bundle whose entry is no list',
      body: { resourceType: 'Bundle', entry: 7 },
      contentType: 'application/fhir+json',
      reason: 'entry er ikke en liste',
      identityReason: 'FHIR Patient (Bundle)',
    },
  ];

  for (const answer of answers) {
    it(`${answer.name}: every section unavailable with the reason, the cache kept, the outbox kept`, async () => {
      const server = createFakeFhirServer();
      h = await makeHarness({ server });
      for (const r of [episode, request, place]) server.put(r);
      server.put({ resourceType: 'Patient', id: 'p1', name: [{ given: ['Ola'], family: 'Nordmann' }] });
      const deps: PullDeps = {
        cache: h.cache,
        transport: server,
        now: h.clock.now,
        capabilities: knownCapabilities({ transaction: true, batch: true }),
      };
      await pullPatient(deps, 'p1');
      const before = await h.cache.read<'identity'>(await h.db.sections.get(['p1', 'identity']));
      expect(before?.name).toBe('Ola Nordmann');
      await h.outbox.enqueue('vitals', sampleSet('queued', 'p1'));

      server.intercept = (req) =>
        req.method === 'GET'
          ? { kind: 'ok', status: 200, body: answer.body, contentType: answer.contentType }
          : undefined;
      const outcomes = await pullPatient(deps, 'p1');
      for (const section of ['identity', 'services', 'vitals', 'scale2'] as const) {
        expect(outcomes[section]).toMatchObject({ kind: 'unavailable' });
        expect((outcomes[section] as { reason: string }).reason).toContain(
          section === 'identity' ? answer.identityReason : answer.reason,
        );
      }
      expect(await h.cache.read<'identity'>(await h.db.sections.get(['p1', 'identity']))).toEqual(before);
      expect(await servicesOf(h)).toMatchObject({ kind: 'unavailable', cached: { data: [{ id: 'ep-1' }] } });
      expect(await h.outbox.count()).toBe(1);
      expect(await pullVitals(deps, 'p1')).toMatchObject({ kind: 'unavailable' });
    });
  }

  it('data that breaks the reader: unavailable with the reason, the cache kept', async () => {
    const server = createFakeFhirServer();
    h = await makeHarness({ server });
    server.put({ resourceType: 'Patient', id: 'p1', name: [{ given: ['Ola'], family: 'Nordmann' }] });
    const deps: PullDeps = { cache: h.cache, transport: server, now: h.clock.now };
    await pullPatient(deps, 'p1');
    server.intercept = (req) =>
      req.url.startsWith('Patient/')
        ? { kind: 'ok', status: 200, body: { resourceType: 'Patient', id: 'p1', name: 'Ola' } }
        : undefined;
    expect(await pullPatient(deps, 'p1')).toMatchObject({ identity: { kind: 'unavailable' } });
    const rec = await h.db.sections.get(['p1', 'identity']);
    expect(rec?.lastOutcome?.kind).toBe('unavailable');
    expect((rec?.lastOutcome as { reason?: string }).reason).toContain('ikke kunne leses');
    expect((await h.cache.read<'identity'>(rec))?.name).toBe('Ola Nordmann');
  });
});
