import type { AuditEvent, Bundle, Observation, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../core/fhir';
import type { VitalSignsSet } from '../../core/vitals/types';
import { DEFAULT_TENANTS } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createDirectory } from '../directoryStore';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { news2OnIngest } from './news2Derivation';
import { createFhirRouter, type FhirRequest, type FhirRouter } from './router';
import { IMPORT_TOKEN, loadFixtures, testVerifier } from '../testing/fixtures';

const B = '/fhir/4601';
let db: Database;
let store: EventStore;
let router: FhirRouter;

const verifier = testVerifier();

function req(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  query: FhirRequest['query'] = {},
): FhirRequest {
  const [p, qs] = path.split('?');
  const q: FhirRequest['query'] = { ...query };
  for (const [k, v] of new URLSearchParams(qs ?? '')) {
    const prev = q[k];
    q[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return {
    method,
    path: p,
    query: q,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  };
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  return router.handle(req(method, path, token, body));
}

function set(
  id: string,
  patientId: string,
  vitals: VitalSignsSet['vitals'],
  at = '2026-03-01T08:00:00+01:00',
): VitalSignsSet {
  return { id, patientId, effectiveDateTime: at, vitals, sourceSystem: 'varde' };
}

const COMPLETE: VitalSignsSet['vitals'] = {
  respirationRate: 22,
  spo2: 95,
  onOxygen: false,
  systolicBP: 105,
  pulse: 95,
  consciousness: 'A',
  temperature: 38.4,
};

function txBundle(s: VitalSignsSet): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: vitalSignsSetToObservations(s).map((o) => ({
      resource: o,
      request: {
        method: 'POST',
        url: 'Observation',
        ifNoneExist: `identifier=https://varde.no/fhir/sid/vital-signs-set|${o.identifier?.[0]?.value}`,
      },
    })),
  };
}

async function observationsOfSet(setId: string): Promise<Observation[]> {
  const all = await store.search('4601', { type: 'Observation', patients: ['p-anna'], count: 1000 });
  return (all.resources as Observation[]).filter((o) => o.identifier?.[0]?.value?.startsWith(`${setId}/`));
}

function issueText(r: Resource | undefined): string {
  return ((r as OperationOutcome).issue ?? [])
    .map((i) => `${i.diagnostics} ${i.expression?.join(',')}`)
    .join(' | ');
}

beforeAll(async () => {
  db = await openDatabase({});
  store = createSqlEventStore(db, { onAppend: news2OnIngest });
  await loadFixtures(store);
  router = createFhirRouter({
    store,
    directory: createDirectory(store, DEFAULT_TENANTS),
    verifier,
    tenants: DEFAULT_TENANTS,
    publicUrl: 'http://test',
    importToken: IMPORT_TOKEN,
  });
  // PGlite's cold start is slow on a loaded machine; the projects do not inherit hookTimeout.
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('public and authentication', () => {
  it('serves the CapabilityStatement without a token', async () => {
    const r = await call('GET', `${B}/metadata`);
    expect(r.status).toBe(200);
    expect(r.resource?.resourceType).toBe('CapabilityStatement');
  });

  it('answers 401 with an OperationOutcome without a token', async () => {
    const r = await call('GET', `${B}/Patient/p-anna`);
    expect(r.status).toBe(401);
    expect(r.resource?.resourceType).toBe('OperationOutcome');
    expect(r.headers?.['www-authenticate']).toMatch(/Bearer/);
  });

  it('refuses a token of another municipality and audits it', async () => {
    const before = (await store.searchAudit('4601', {})).events.length;
    const r = await call('GET', `${B}/Patient/p-anna`, 'stavanger-nurse');
    expect(r.status).toBe(403);
    expect(issueText(r.resource)).toMatch(/annen kommune/);
    expect((await store.searchAudit('4601', {})).events.length).toBe(before + 1);
  });

  it('404s an unknown municipality', async () => {
    expect((await call('GET', '/fhir/9999/Patient/p-anna', 'nurse')).status).toBe(404);
  });
});

describe('reads and access', () => {
  it('lets a nurse with a care relationship read the patient, and audits the read', async () => {
    const r = await call('GET', `${B}/Patient/p-anna`, 'nurse');
    expect(r.status).toBe(200);
    expect(r.resource?.id).toBe('p-anna');
    const audit = await store.searchAudit('4601', { patient: 'p-anna' });
    const last = audit.events[0];
    expect(last.entity?.[0]?.what?.reference).toBe('Patient/p-anna');
    expect(last.agent?.[0]?.who?.reference).toBe('Practitioner/prac-nurse');
    expect(last.outcome).toBe('0');
  });

  it('refuses a nurse without a care relationship (403) and audits the denial', async () => {
    const r = await call('GET', `${B}/Patient/p-carl`, 'nurse');
    expect(r.status).toBe(403);
    expect((r.resource as OperationOutcome).issue?.[0]?.code).toBe('forbidden');
    const audit = await store.searchAudit('4601', { patient: 'p-carl' });
    expect(audit.events[0]?.outcome).toBe('4');
  });

  it('limits a patient-context token to its patient', async () => {
    expect((await call('GET', `${B}/Patient/p-anna`, 'doctor-anna')).status).toBe(200);
    expect((await call('GET', `${B}/Patient/p-carl`, 'doctor-anna')).status).toBe(403);
    expect((await call('GET', `${B}/Observation?patient=p-carl`, 'doctor-anna')).status).toBe(403);
  });

  it('refuses administrators clinical content', async () => {
    const r = await call('GET', `${B}/Patient/p-anna`, 'admin');
    expect(r.status).toBe(403);
    expect(issueText(r.resource)).toMatch(/Administratorer/);
  });

  it('finds a patient by fødselsnummer', async () => {
    const r = await call('GET', `${B}/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|01015012345`, 'nurse');
    expect(r.status).toBe(200);
    expect((r.resource as Bundle).entry?.map((e) => e.resource?.id)).toEqual(['p-anna']);
  });

  it('reads a Practitioner', async () => {
    const r = await call('GET', `${B}/Practitioner/prac-nurse`, 'nurse');
    expect(r.status).toBe(200);
  });

  it('never returns items the patient restricted', async () => {
    const r = await call('GET', `${B}/Observation?patient=p-anna&code=http://loinc.org|8310-5`, 'nurse');
    const ids = (r.resource as Bundle).entry?.map((e) => e.resource?.id);
    expect(ids).not.toContain('obs-restricted');
    expect(ids).toContain('obs-temp-1');
    expect((await call('GET', `${B}/Observation/obs-restricted`, 'nurse')).status).toBe(403);
  });

  it('refuses unknown search parameters rather than ignoring them', async () => {
    const r = await call('GET', `${B}/Observation?patient=p-anna&foo=bar`, 'nurse');
    expect(r.status).toBe(400);
  });
});

describe('services', () => {
  it('returns episodes, their vedtak and service locations with the coverage outcome', async () => {
    const r = await call(
      'GET',
      `${B}/EpisodeOfCare?patient=p-anna&_include=EpisodeOfCare:incoming-referral&_include:iterate=ServiceRequest:performer`,
      'doctor-anna',
    );
    expect(r.status).toBe(200);
    const entries = (r.resource as Bundle).entry ?? [];
    expect(entries.filter((e) => e.search?.mode === 'match').map((e) => e.resource?.resourceType)).toEqual([
      'EpisodeOfCare',
    ]);
    expect(
      entries
        .filter((e) => e.search?.mode === 'include')
        .map((e) => e.resource?.resourceType)
        .sort(),
    ).toEqual(['HealthcareService', 'ServiceRequest']);
    const cov = entries.find((e) => e.search?.mode === 'outcome')?.resource as OperationOutcome;
    expect(cov.issue?.[0]?.details?.coding?.[0]?.code).toBe('covered');
    expect(cov.issue?.[0]?.diagnostics).toBe('coverage-since=2025-09-01');
  });

  it('states not-covered for a patient outside coverage', async () => {
    const r = await call('GET', `${B}/EpisodeOfCare?patient=p-bjorn`, 'doctor-bjorn');
    const entries = (r.resource as Bundle).entry ?? [];
    expect(entries).toHaveLength(1);
    expect((entries[0].resource as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code).toBe(
      'not-covered',
    );
  });

  it('gives the worklist of care teams with their patients', async () => {
    const r = await call(
      'GET',
      `${B}/CareTeam?participant=Practitioner/prac-nurse&_include=CareTeam:patient`,
      'nurse',
    );
    expect(r.status).toBe(200);
    const types = (r.resource as Bundle).entry?.map((e) => e.resource?.resourceType);
    expect(types).toEqual(['CareTeam', 'Patient']);
    expect((await call('GET', `${B}/CareTeam?participant=Practitioner/prac-other`, 'nurse')).status).toBe(
      403,
    );
  });
});

describe('writing vital signs', () => {
  it('stores a complete set and derives its NEWS2 score with derivedFrom', async () => {
    const r = await call('POST', B, 'nurse', txBundle(set('s-complete', 'p-anna', COMPLETE)));
    expect(r.status).toBe(200);
    const resp = r.resource as Bundle;
    expect(resp.type).toBe('transaction-response');
    expect(resp.entry?.every((e) => e.response?.status === '201 Created')).toBe(true);
    const stored = await observationsOfSet('s-complete');
    const news2 = stored.find((o) => o.identifier?.[0]?.value === 's-complete/news2');
    // RR 22 (2) + SpO2 95 (1) + air (0) + SBP 105 (1) + pulse 95 (1) + A (0) + 38.4 °C (1)
    expect(news2?.valueInteger).toBe(6);
    expect(news2?.meta?.source).toBe('varde-platform');
    expect(news2?.derivedFrom).toHaveLength(7);
    expect(stored).toHaveLength(8);
  });

  it('derives NEWS2 for complete sets that arrive in bulk from a source system', async () => {
    const parts = vitalSignsSetToObservations(set('s-bulk', 'p-anna', COMPLETE, '2026-02-01T08:00:00Z'));
    await store.appendBatch(
      '4601',
      parts.map((resource) => ({ resource, sourceSystem: 'Gerica' })),
    );
    const stored = await observationsOfSet('s-bulk');
    expect(stored.filter((o) => o.identifier?.[0]?.value === 's-bulk/news2')).toHaveLength(1);
  });

  it('refuses a client-sent NEWS2 part that would pre-empt the platform score, and stores nothing', async () => {
    const bundle = txBundle(set('s-claim', 'p-anna', COMPLETE));
    // A vital-signs Observation that claims to be the set's score.
    const claim = structuredClone(bundle.entry![0]) as NonNullable<Bundle['entry']>[number];
    (claim.resource as Observation).identifier = [
      { system: 'https://varde.no/fhir/sid/vital-signs-set', value: 's-claim/news2' },
    ];
    claim.request!.ifNoneExist = 'identifier=https://varde.no/fhir/sid/vital-signs-set|s-claim/news2';
    bundle.entry!.push(claim);
    const r = await call('POST', B, 'nurse', bundle);
    expect(r.status).toBe(422);
    expect(issueText(r.resource)).toMatch(/regnes ut av plattformen/);
    expect(await observationsOfSet('s-claim')).toHaveLength(0);
    // The same set without the claim is scored by the platform.
    expect((await call('POST', B, 'nurse', txBundle(set('s-claim', 'p-anna', COMPLETE)))).status).toBe(200);
    const news2 = (await observationsOfSet('s-claim')).find(
      (o) => o.identifier?.[0]?.value === 's-claim/news2',
    );
    expect(news2?.meta?.source).toBe('varde-platform');
    expect(news2?.valueInteger).toBe(6);
  });

  it('refuses an unknown part in the set identifier', async () => {
    const [first] = vitalSignsSetToObservations(set('s-odd', 'p-anna', COMPLETE));
    first.identifier = [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: 's-odd/total' }];
    const r = await call('POST', `${B}/Observation`, 'nurse', first);
    expect(r.status).toBe(422);
    expect(issueText(r.resource)).toMatch(/Ukjent del av et målesett/);
  });

  it('does not invent a score for a single measurement', async () => {
    const r = await call('POST', B, 'nurse', txBundle(set('s-single', 'p-anna', { pulse: 80 })));
    expect(r.status).toBe(200);
    const stored = await observationsOfSet('s-single');
    expect(stored).toHaveLength(1);
  });

  it('answers a retried set with 200 and no second copy', async () => {
    const r = await call('POST', B, 'nurse', txBundle(set('s-complete', 'p-anna', COMPLETE)));
    expect(r.status).toBe(200);
    expect((r.resource as Bundle).entry?.every((e) => e.response?.status === '200 OK')).toBe(true);
    expect(await observationsOfSet('s-complete')).toHaveLength(8);
  });

  it('keeps exactly one copy under 20 concurrent identical retries', async () => {
    const body = txBundle(set('s-race', 'p-anna', COMPLETE));
    const results = await Promise.all(Array.from({ length: 20 }, () => call('POST', B, 'nurse', body)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = await observationsOfSet('s-race');
    expect(stored).toHaveLength(8);
    expect(stored.filter((o) => o.identifier?.[0]?.value === 's-race/news2')).toHaveLength(1);
  });

  it('writes nothing when one entry of a transaction is invalid', async () => {
    const before = await store.countEvents('4601');
    const bundle = txBundle(set('s-bad', 'p-anna', COMPLETE));
    const temp = bundle.entry?.find((e) => (e.resource as Observation).code?.coding?.[0]?.code === '8310-5');
    (temp?.resource as Observation).valueQuantity = {
      value: 38.4,
      system: 'http://unitsofmeasure.org',
      code: '[degF]',
    };
    const r = await call('POST', B, 'nurse', bundle);
    expect(r.status).toBe(422);
    expect(issueText(r.resource)).toMatch(/Bundle\.entry\[\d\]\.resource\.Observation\.valueQuantity\.code/);
    expect(await store.countEvents('4601')).toBe(before);
  });

  it('answers malformed JSON, wrong type and unknown codes with an OperationOutcome and stores nothing', async () => {
    const before = await store.countEvents('4601');
    const bad = await call('POST', `${B}/Observation`, 'nurse', '{"resourceType": "Observation",');
    expect(bad.status).toBe(400);
    expect(issueText(bad.resource)).toMatch(/JSON/);
    const wrong = await call('POST', `${B}/Observation`, 'nurse', { resourceType: 'Patient' });
    expect(wrong.status).toBe(400);
    const [obs] = vitalSignsSetToObservations(set('s-code', 'p-anna', { pulse: 70 }));
    obs.code = { coding: [{ system: 'http://loinc.org', code: '88330-6' }] };
    const code = await call('POST', `${B}/Observation`, 'nurse', obs);
    expect(code.status).toBe(422);
    expect((code.resource as OperationOutcome).issue?.[0]?.expression).toEqual(['Observation.code']);
    const [fraction] = vitalSignsSetToObservations(set('s-frac', 'p-anna', { pulse: 72.5 }));
    expect((await call('POST', `${B}/Observation`, 'nurse', fraction)).status).toBe(422);
    const [impossible] = vitalSignsSetToObservations(set('s-imp', 'p-anna', { temperature: 370 }));
    expect((await call('POST', `${B}/Observation`, 'nurse', impossible)).status).toBe(422);
    const structure = await call('POST', `${B}/Observation`, 'nurse', {
      resourceType: 'Observation',
      status: 'final',
    });
    expect(structure.status).toBe(400);
    expect(await store.countEvents('4601')).toBe(before);
  });

  it('refuses a measurement of a patient the writer has no access to, or of an unknown patient', async () => {
    const [obs] = vitalSignsSetToObservations(set('s-carl', 'p-carl', { pulse: 70 }));
    expect((await call('POST', `${B}/Observation`, 'nurse', obs)).status).toBe(403);
    const [ghost] = vitalSignsSetToObservations(set('s-ghost', 'p-ghost', { pulse: 70 }));
    expect((await call('POST', `${B}/Observation`, 'nurse', ghost)).status).toBe(422);
  });

  it('creates one Observation with POST and If-None-Exist', async () => {
    const [obs] = vitalSignsSetToObservations(set('s-post', 'p-anna', { pulse: 71 }));
    const first = await router.handle({
      ...req('POST', `${B}/Observation`, 'nurse', obs),
      headers: {
        authorization: 'Bearer nurse',
        'if-none-exist': 'identifier=https://varde.no/fhir/sid/vital-signs-set|s-post/pulse',
      },
    });
    expect(first.status).toBe(201);
    expect(first.headers?.location).toMatch(/\/fhir\/4601\/Observation\/.+\/_history\/1$/);
    const again = await router.handle({
      ...req('POST', `${B}/Observation`, 'nurse', obs),
      headers: {
        authorization: 'Bearer nurse',
        'if-none-exist': 'identifier=https://varde.no/fhir/sid/vital-signs-set|s-post/pulse',
      },
    });
    expect(again.status).toBe(200);
    expect(again.resource?.id).toBe(first.resource?.id);
  });

  it('keeps shared data read-only', async () => {
    expect(
      (await call('PUT', `${B}/Patient/p-anna`, 'nurse', { resourceType: 'Patient', id: 'p-anna' })).status,
    ).toBe(405);
    expect((await call('DELETE', `${B}/Observation/obs-temp-1`, 'nurse')).status).toBe(405);
    expect((await call('POST', `${B}/Patient`, 'nurse', { resourceType: 'Patient' })).status).toBe(403);
  });
});

describe('searching observations', () => {
  it('answers a search as JSON text that holds each stored resource unchanged', async () => {
    const r = await call('GET', `${B}/Observation?patient=p-anna&_count=1000`, 'nurse');
    expect(r.status).toBe(200);
    expect(typeof r.json).toBe('string');
    const bundle = JSON.parse(r.json as string) as Bundle;
    expect(bundle).toEqual(r.resource);
    expect(Object.keys(bundle)).toEqual(['resourceType', 'type', 'timestamp', 'link', 'entry']);
    const matches = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome');
    expect(matches.length).toBeGreaterThan(3);
    // p-anna has a restricted set: the only other entry is the withheld marker.
    expect(bundle.entry?.length).toBe(matches.length + 1);
    for (const e of matches) {
      const stored = await store.read('4601', 'Observation', e.resource?.id as string);
      expect(e.resource).toEqual(stored?.resource);
      expect(e.fullUrl).toBe(`http://test${B}/Observation/${e.resource?.id}`);
      expect(e.search).toEqual({ mode: 'match' });
    }
  });

  it('pages with _count and a next link, sorted by date', async () => {
    const first = await call(
      'GET',
      `${B}/Observation?patient=p-anna&category=vital-signs&_count=3&_sort=-date`,
      'nurse',
    );
    // Matches only: every page also says that a restricted item was withheld.
    const matchesOf = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === 'match');
    const b1 = first.resource as Bundle;
    expect(matchesOf(b1)).toHaveLength(3);
    const next = b1.link?.find((l) => l.relation === 'next')?.url as string;
    expect(next).toMatch(/_offset=3/);
    const second = await call('GET', next.replace('http://test', ''), 'nurse');
    const all = [...matchesOf(b1), ...matchesOf(second.resource as Bundle)].map(
      (e) => (e.resource as Observation).effectiveDateTime as string,
    );
    expect(new Set(matchesOf(second.resource as Bundle).map((e) => e.resource?.id)).size).toBe(3);
    const times = all.map((t) => Date.parse(t));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('filters by date, code, category and _lastUpdated', async () => {
    const dated = await call(
      'GET',
      `${B}/Observation?patient=p-anna&date=ge2026-01-01&date=lt2026-01-03`,
      'nurse',
    );
    expect((dated.resource as Bundle).entry?.map((e) => e.resource?.id)).toEqual(['obs-temp-1']);
    const survey = await call('GET', `${B}/Observation?patient=p-anna&category=survey`, 'nurse');
    expect(
      (survey.resource as Bundle).entry?.every((e) => (e.resource as Observation).code?.text === 'NEWS2'),
    ).toBe(true);
    const future = await call('GET', `${B}/Observation?patient=p-anna&_lastUpdated=gt2100-01-01`, 'nurse');
    expect((future.resource as Bundle).entry).toHaveLength(0);
    expect((await call('GET', `${B}/Observation?patient=p-anna&date=yesterday`, 'nurse')).status).toBe(400);
  });

  it('requires a patient for clinical searches by a user token', async () => {
    expect((await call('GET', `${B}/Observation?category=vital-signs`, 'nurse')).status).toBe(400);
  });
});

describe('audit', () => {
  it('lists who looked at a patient', async () => {
    await call('GET', `${B}/Patient/p-anna`, 'doctor-anna');
    const r = await call('GET', `${B}/AuditEvent?patient=p-anna`, 'nurse');
    expect(r.status).toBe(200);
    const events = ((r.resource as Bundle).entry ?? []).map((e) => e.resource as AuditEvent);
    expect(events.some((e) => e.agent?.[0]?.who?.reference === 'Practitioner/prac-doctor')).toBe(true);
  });

  it('accepts client-reported offline reads once, stamped with the received time', async () => {
    // Two hours ago: a client-reported read is accepted only within 30 days of its upload.
    const recorded = new Date(Date.now() - 2 * 3600_000).toISOString();
    const event: AuditEvent = {
      resourceType: 'AuditEvent',
      id: 'offline-read-1',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      recorded,
      agent: [{ who: { reference: 'Practitioner/prac-nurse' }, requestor: true }],
      source: { observer: { display: 'varde-pwa' } },
      entity: [{ what: { reference: 'Patient/p-anna' } }],
    };
    const tx = (): Bundle => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: event, request: { method: 'POST', url: 'AuditEvent' } }],
    });
    expect((await call('POST', B, 'nurse', tx())).status).toBe(200);
    expect((await call('POST', B, 'nurse', tx())).status).toBe(200);
    const all = (await store.searchAudit('4601', { patient: 'p-anna', count: 1000 })).events;
    const reported = all.filter((e) => e.meta?.tag?.some((t) => t.code === 'client-reported'));
    expect(reported).toHaveLength(1);
    expect(reported[0].recorded).toBe(recorded);
    expect(reported[0].meta?.extension?.[0]?.valueInstant).toBeTruthy();
  });

  it('cannot change audit records', async () => {
    await expect(db.query(`UPDATE audit_events SET patient = 'x'`)).rejects.toThrow(/append-only/);
  });
});

describe('operations', () => {
  it('$validate reports problems without storing anything', async () => {
    const before = await store.countEvents('4601');
    const r = await call('POST', `${B}/Observation/$validate`, 'nurse', {
      resourceType: 'Observation',
      status: 'final',
    });
    expect(r.status).toBe(200);
    expect((r.resource as OperationOutcome).issue?.[0]?.severity).toBe('error');
    const [ok] = vitalSignsSetToObservations(set('s-v', 'p-anna', { pulse: 70 }));
    const good = await call('POST', `${B}/Observation/$validate`, 'nurse', ok);
    expect((good.resource as OperationOutcome).issue?.[0]?.severity).toBe('information');
    expect(await store.countEvents('4601')).toBe(before);
  });

  it('$import needs the source-system credential', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Organization', id: 'org-new', name: 'Ny enhet' } }],
    };
    expect((await call('POST', `${B}/$import`, 'nurse', bundle)).status).toBe(401);
    const ok = await call('POST', `${B}/$import`, IMPORT_TOKEN, bundle);
    expect(ok.status).toBe(200);
    expect((await store.read('4601', 'Organization', 'org-new'))?.resource.meta?.source).toBe('kommunal-epj');
    const audit = (await store.searchAudit('4601', { count: 5 })).events;
    expect(audit.some((e) => e.agent?.[0]?.who?.display === 'kildesystem:kommunal-epj')).toBe(true);
  });
});

describe('wrong JSON types, NUL characters and codes outside a required value set', () => {
  function observation(change: (o: Record<string, unknown>) => void): Record<string, unknown> {
    const [obs] = vitalSignsSetToObservations(set('s-fuzz', 'p-anna', { pulse: 70 }));
    const o = JSON.parse(JSON.stringify(obs)) as Record<string, unknown>;
    change(o);
    return o;
  }

  /** Asserts a 400 OperationOutcome in bokmål naming `expression`, and that nothing was stored. */
  async function expectRefused(
    method: string,
    path: string,
    body: unknown,
    expression: RegExp,
    diagnostics: RegExp,
  ): Promise<OperationOutcome> {
    const before = await store.countEvents('4601');
    const r = await call(method, path, 'nurse', body);
    expect(r.status).toBe(400);
    expect(r.resource?.resourceType).toBe('OperationOutcome');
    const oo = r.resource as OperationOutcome;
    expect(oo.issue?.some((i) => i.expression?.some((e) => expression.test(e)))).toBe(true);
    expect(oo.issue?.[0]?.diagnostics).toMatch(diagnostics);
    expect(await store.countEvents('4601')).toBe(before);
    return oo;
  }

  it('refuses code.coding as an object, empty or not', async () => {
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => ((o.code as Record<string, unknown>).coding = {})),
      /^Observation\.code\.coding$/,
      /Tomme objekter er ikke tillatt/,
    );
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation(
        (o) => ((o.code as Record<string, unknown>).coding = { system: 'http://loinc.org', code: '8867-4' }),
      ),
      /^Observation\.code\.coding$/,
      /må være en liste/,
    );
  });

  it('refuses subject.reference as an array, empty or not', async () => {
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => ((o.subject as Record<string, unknown>).reference = [])),
      /^Observation\.subject\.reference$/,
      /Tomme lister er ikke tillatt/,
    );
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => ((o.subject as Record<string, unknown>).reference = ['Patient/p-anna'])),
      /^Observation\.subject\.reference$/,
      /bare ha én verdi/,
    );
  });

  it('refuses category as an object, also inside a transaction', async () => {
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => (o.category = {})),
      /^Observation\.category$/,
      /Tomme objekter/,
    );
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: observation((o) => (o.category = { coding: [] })),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    await expectRefused(
      'POST',
      B,
      bundle,
      /^Bundle\.entry\[0\]\.resource\.Observation\.category/,
      /ikke tillatt|liste/,
    );
  });

  it('refuses a transaction whose request.url is not a string', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: observation(() => {}), request: { method: 'POST', url: 42 } }],
    };
    await expectRefused('POST', B, bundle, /^Bundle\.entry\[0\]\.request\.url$/, /format|type/);
  });

  it('refuses a NUL character in a path id, a search value, a body and an import', async () => {
    for (const path of [`${B}/Patient/a%00b`, `${B}/Observation?patient=p-anna&code=a%00b`]) {
      const r = await call('GET', path, 'nurse');
      expect(r.status).toBe(400);
      expect(issueText(r.resource)).toMatch(/NUL/);
    }
    const search = await call('GET', `${B}/Observation?patient=p-anna&code=a%00b`, 'nurse');
    expect((search.resource as OperationOutcome).issue?.[0]?.expression).toEqual(['code']);
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => (o.note = [{ text: 'før\u0000etter' }])),
      /^Observation\.note\[0\]\.text$/,
      /NUL/,
    );
    await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => (o.status = 'fi\u0000nal')),
      /^Observation\.status$/,
      /NUL/,
    );
    const before = await store.countEvents('4601');
    const imported = await call('POST', `${B}/$import`, IMPORT_TOKEN, {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Organization', id: 'org-nul', name: 'A\u0000B' } }],
    });
    expect(imported.status).toBe(400);
    expect(issueText(imported.resource)).toMatch(/NUL.*Bundle\.entry\[0\]\.resource\.name/);
    expect(await store.countEvents('4601')).toBe(before);
  });

  it('refuses an Observation.status outside the required value set and accepts every code in it', async () => {
    const oo = await expectRefused(
      'POST',
      `${B}/Observation`,
      observation((o) => (o.status = 'not-a-status')),
      /^Observation\.status$/,
      /ikke en gyldig kode/,
    );
    expect(oo.issue?.[0]?.code).toBe('code-invalid');
    for (const status of ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled']) {
      const r = await call(
        'POST',
        `${B}/Observation/$validate`,
        'nurse',
        observation((o) => (o.status = status)),
      );
      expect(issueText(r.resource), status).toMatch(/gyldig/);
      expect((r.resource as OperationOutcome).issue?.[0]?.severity, status).toBe('information');
    }
  });

  it('$validate answers Parameters.parameter as an object with 400, not 500', async () => {
    const r = await call('POST', `${B}/Observation/$validate`, 'nurse', {
      resourceType: 'Parameters',
      parameter: { name: 'resource', resource: observation(() => {}) },
    });
    expect(r.status).toBe(400);
    expect(r.resource?.resourceType).toBe('OperationOutcome');
  });

  it('$validate reports an empty value as an issue instead of refusing the request', async () => {
    const r = await call(
      'POST',
      `${B}/Observation/$validate`,
      'nurse',
      observation((o) => (o.category = [])),
    );
    expect(r.status).toBe(200);
    expect(issueText(r.resource)).toMatch(/Tomme lister.*Observation\.category/);
  });
});
