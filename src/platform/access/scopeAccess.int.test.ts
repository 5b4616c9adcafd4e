// The access rules of SMART v2 query scopes and of user/ scopes in an EHR launch, through
// the FHIR router on PGlite with the shared fixtures (Anna: four temperatures, one of them
// hidden by her sharing restriction, an EpisodeOfCare of Volven type 15; Ola the doctor has
// no care relationship with anyone, Kari the nurse has one with Anna).
import type { AuditEvent, Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANTS } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createDirectory } from '../directoryStore';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { createFhirRouter, type FhirRouter } from '../fhir/router';
import { IMPORT_TOKEN, loadFixtures, testAccess, testVerifier } from '../testing/fixtures';
import type { AccessContext } from '../smart/types';

let db: Database;
let store: EventStore;
let router: FhirRouter;

const doctor = testAccess()['doctor-anna']!;
const tokens: Record<string, AccessContext> = {
  vitals: { ...doctor, scopes: ['patient/Observation.rs?category=vital-signs', 'patient/Patient.rs'] },
  survey: { ...doctor, scopes: ['patient/Observation.rs?category=survey'] },
  temperature: { ...doctor, scopes: ['patient/Observation.rs?code=http://loinc.org|8310-5'] },
  pulse: { ...doctor, scopes: ['patient/Observation.rs?code=http://loinc.org|8867-4'] },
  mixed: { ...doctor, scopes: ['patient/Observation.rs?category=survey', 'patient/*.rs'] },
  homeCare: { ...doctor, scopes: ['patient/EpisodeOfCare.rs?type=urn:oid:2.16.578.1.12.4.1.1.9151|15'] },
  otherService: { ...doctor, scopes: ['patient/EpisodeOfCare.rs?type=99'] },
  // An EHR launch on Anna with user/ scopes only: Ola has no care relationship with her.
  userLaunch: { ...doctor, scopes: ['user/*.rs'] },
  // The same scopes without an EHR launch (standalone, no launch id).
  userStandalone: { ...doctor, scopes: ['user/*.rs'], launchId: undefined, patient: undefined },
};

beforeAll(async () => {
  db = await openDatabase({});
  store = createSqlEventStore(db);
  await loadFixtures(store);
  router = createFhirRouter({
    store,
    directory: createDirectory(store, DEFAULT_TENANTS),
    verifier: testVerifier(tokens),
    tenants: DEFAULT_TENANTS,
    publicUrl: 'http://localhost:8080',
    importToken: IMPORT_TOKEN,
  });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

async function get(path: string, token: string) {
  const [p, qs] = path.split('?');
  const res = await router.handle({
    method: 'GET',
    path: `/fhir/4601${p}`,
    query: Object.fromEntries(new URLSearchParams(qs ?? '')),
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, resource: res.resource };
}

const ids = (b: unknown) =>
  ((b as Bundle).entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => e.resource?.id)
    .sort();

describe('SMART v2 scopes with search parameters', () => {
  it('let through the resources that match them, on search and on read', async () => {
    const search = await get('/Observation?patient=p-anna', 'vitals');
    expect(search.status).toBe(200);
    expect(ids(search.resource)).toEqual(['obs-temp-1', 'obs-temp-2', 'obs-temp-3', 'obs-temp-4']);
    expect((await get('/Observation/obs-temp-1', 'vitals')).status).toBe(200);
  });

  it('leave the others out of a search and refuse them on read, audited', async () => {
    const search = await get('/Observation?patient=p-anna', 'survey');
    expect(search.status).toBe(200);
    expect(ids(search.resource)).toEqual([]);
    const read = await get('/Observation/obs-temp-1', 'survey');
    expect(read.status).toBe(403);
    expect((read.resource as OperationOutcome).issue?.[0]?.diagnostics).toBe(
      'Tokenet gir bare tilgang til Observation med category=survey.',
    );
    const audit = await store.searchAudit('4601', { patient: 'p-anna' });
    const denial = audit.events.find((e: AuditEvent) => e.outcome !== '0');
    expect(denial?.outcomeDesc).toContain('category=survey');
  });

  it('match a system|code token', async () => {
    expect(ids((await get('/Observation?patient=p-anna', 'temperature')).resource)).toHaveLength(4);
    expect(ids((await get('/Observation?patient=p-anna', 'pulse')).resource)).toEqual([]);
  });

  it('do not narrow what an unrestricted scope of the same type grants', async () => {
    expect(ids((await get('/Observation?patient=p-anna', 'mixed')).resource)).toHaveLength(4);
  });

  it('apply to other types with token parameters (EpisodeOfCare type)', async () => {
    expect(ids((await get('/EpisodeOfCare?patient=p-anna', 'homeCare')).resource)).toEqual(['eoc-anna']);
    expect(ids((await get('/EpisodeOfCare?patient=p-anna', 'otherService')).resource)).toEqual([]);
    expect((await get('/EpisodeOfCare/eoc-anna', 'otherService')).status).toBe(403);
  });

  it('still refuse a type the token has no scope for', async () => {
    expect((await get('/Flag?patient=p-anna', 'vitals')).status).toBe(403);
  });
});

describe('user/ scopes in an EHR launch', () => {
  it('reach the launched patient as the current care context', async () => {
    expect((await get('/Patient/p-anna', 'userLaunch')).status).toBe(200);
    expect(ids((await get('/Observation?patient=p-anna', 'userLaunch')).resource)).toHaveLength(4);
  });

  it('still need a care relationship for any other patient', async () => {
    const other = await get('/Patient/p-carl', 'userLaunch');
    expect(other.status).toBe(403);
    expect((other.resource as OperationOutcome).issue?.[0]?.diagnostics).toMatch(/tjenstlig behov/);
  });

  it('without a launch, reach no patient without a care relationship', async () => {
    expect((await get('/Patient/p-anna', 'userStandalone')).status).toBe(403);
  });
});
