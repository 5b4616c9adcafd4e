// Issue #12 point 7: a search that leaves out items the patient restricted
// (pasientrettighetsloven § 5-3) says so with core's withheld marker, exactly when it did:
// matches or includes left out, never otherwise, and never to a user outside the patient's
// access. A NEWS2 score derived from restricted parts is withheld with them.
import type { Bundle, EpisodeOfCare, Observation, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithheld, restrictedByPatientLabel } from '../../core/fhir/withheld';
import { vitalSignsSetToObservations } from '../../core/fhir';
import { DEFAULT_TENANTS } from '../config';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createDirectory } from '../directoryStore';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { IMPORT_TOKEN, loadFixtures, testVerifier } from '../testing/fixtures';
import { deriveNews2, news2OnIngest } from './news2Derivation';
import { createFhirRouter, type FhirRequest, type FhirRouter } from './router';

const B = '/fhir/4601';
let db: Database;
let store: EventStore;
let router: FhirRouter;

async function search(path: string, token: string): Promise<Bundle> {
  const [p, qs] = path.split('?');
  const query: FhirRequest['query'] = {};
  for (const [k, v] of new URLSearchParams(qs ?? '')) {
    const prev = query[k];
    query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  const r = await router.handle({
    method: 'GET',
    path: `${B}/${p}`,
    query,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(r.status, JSON.stringify(r.resource)).toBe(200);
  return r.resource as Bundle;
}

const ids = (b: Bundle) =>
  (b.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => e.resource?.id);
const outcomes = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === 'outcome');

const restricted = <T extends Resource>(r: T): T => ({
  ...r,
  meta: { security: [restrictedByPatientLabel()] },
});

/** p-anna (fixtures): a second service whose vedtak the patient restricted, and a restricted complete set. */
function moreResources(): Resource[] {
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: 'sr-anna-2',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p-anna' },
    performer: [{ reference: 'HealthcareService/hs-nord' }],
    authoredOn: '2025-11-01',
  };
  const episode: EpisodeOfCare = {
    resourceType: 'EpisodeOfCare',
    id: 'eoc-anna-2',
    status: 'active',
    patient: { reference: 'Patient/p-anna' },
    type: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '6' }] }],
    referralRequest: [{ reference: 'ServiceRequest/sr-anna-2' }],
    period: { start: '2025-11-01' },
  };
  // Carl: an episode whose vedtak alone is restricted (only an include leaves it out).
  const carlRequest: ServiceRequest = { ...request, id: 'sr-carl', subject: { reference: 'Patient/p-carl' } };
  const carlEpisode: EpisodeOfCare = {
    ...episode,
    id: 'eoc-carl',
    patient: { reference: 'Patient/p-carl' },
    referralRequest: [{ reference: 'ServiceRequest/sr-carl' }],
  };
  const parts = vitalSignsSetToObservations({
    id: 'set-restricted',
    patientId: 'p-anna',
    effectiveDateTime: '2026-02-01T08:00:00+01:00',
    vitals: {
      respirationRate: 18,
      spo2: 96,
      onOxygen: false,
      systolicBP: 130,
      pulse: 80,
      consciousness: 'A',
      temperature: 37,
    },
    sourceSystem: 'Gerica',
  }).map((o, i) => restricted({ ...o, id: `obs-set-restricted-${i}` }));
  return [restricted(request), restricted(episode), restricted(carlRequest), carlEpisode, ...parts];
}

beforeAll(async () => {
  db = await openDatabase({});
  store = createSqlEventStore(db, { onAppend: news2OnIngest });
  await loadFixtures(store);
  await store.appendBatch(
    '4601',
    moreResources().map((resource) => ({ resource, sourceSystem: 'Gerica' })),
  );
  const tokens = testVerifier();
  router = createFhirRouter({
    store,
    directory: createDirectory(store, DEFAULT_TENANTS),
    verifier: tokens,
    tenants: DEFAULT_TENANTS,
    publicUrl: 'http://test',
    importToken: IMPORT_TOKEN,
  });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('the withheld marker', () => {
  it('is in a vitals search that left out restricted sets, after the matches', async () => {
    const b = await search('Observation?patient=p-anna&category=vital-signs&_count=1000', 'nurse');
    expect(ids(b)).toContain('obs-temp-1');
    expect(ids(b)).not.toContain('obs-restricted');
    expect(ids(b).some((id) => id?.startsWith('obs-set-restricted'))).toBe(false);
    expect(bundleWithheld(b)).toBe(true);
    expect(outcomes(b)).toHaveLength(1);
    expect(b.entry?.at(-1)?.search?.mode).toBe('outcome');
  });

  it('is absent when nothing matching the search was restricted', async () => {
    // The same patient, a period without restricted items.
    const dated = await search('Observation?patient=p-anna&date=ge2026-01-05&date=lt2026-01-31', 'nurse');
    expect(ids(dated)).toEqual(expect.arrayContaining(['obs-temp-2', 'obs-temp-3', 'obs-temp-4']));
    expect(bundleWithheld(dated)).toBe(false);
    expect(outcomes(dated)).toHaveLength(0);
    // Another code: nothing restricted among the pulses (there are none at all).
    const none = await search(
      'Observation?patient=p-anna&code=http://loinc.org|8867-4&date=lt2026-01-31',
      'nurse',
    );
    expect(bundleWithheld(none)).toBe(false);
    // An incremental pull after the restricted items were stored: none of them is new.
    const later = await search('Observation?patient=p-anna&_lastUpdated=gt2100-01-01', 'nurse');
    expect(ids(later)).toEqual([]);
    expect(bundleWithheld(later)).toBe(false);
  });

  it('is absent for a patient without restrictions, and present again with them', async () => {
    const bjorn = await search('Observation?patient=p-bjorn', 'doctor-bjorn');
    expect(bundleWithheld(bjorn)).toBe(false);
    const anna = await search('Observation?patient=p-anna', 'doctor-anna');
    expect(bundleWithheld(anna)).toBe(true);
  });

  it('sits beside the coverage outcome in a services search that left out a restricted service', async () => {
    const b = await search(
      'EpisodeOfCare?patient=p-anna&_include=EpisodeOfCare:incoming-referral&_include:iterate=ServiceRequest:performer',
      'doctor-anna',
    );
    expect(ids(b)).toEqual(expect.arrayContaining(['eoc-anna', 'sr-anna', 'hs-nord']));
    expect(ids(b)).not.toContain('eoc-anna-2');
    expect(ids(b)).not.toContain('sr-anna-2');
    expect(outcomes(b)).toHaveLength(2); // coverage and withheld
    expect(bundleWithheld(b)).toBe(true);
  });

  it('is set by an include that left out a restricted resource', async () => {
    // Carl's episode is visible; only its vedtak is restricted. The doctor token in Carl's
    // context does not exist, so give the nurse a care relationship through the store.
    await store.appendBatch('4601', [
      {
        resource: {
          resourceType: 'CareTeam',
          id: 'ct-carl',
          status: 'active',
          subject: { reference: 'Patient/p-carl' },
          participant: [{ member: { reference: 'Practitioner/prac-nurse' } }],
        },
        sourceSystem: 'Gerica',
      },
    ]);
    const plain = await search('EpisodeOfCare?patient=p-carl', 'nurse');
    expect(ids(plain)).toEqual(['eoc-carl']);
    expect(bundleWithheld(plain)).toBe(false);
    const included = await search(
      'EpisodeOfCare?patient=p-carl&_include=EpisodeOfCare:incoming-referral',
      'nurse',
    );
    expect(ids(included)).toEqual(['eoc-carl']);
    expect(bundleWithheld(included)).toBe(true);
  });

  it('answers a search by id too, but never to a user outside the patient', async () => {
    const nurse = await search('Observation?_id=obs-restricted', 'nurse');
    expect(ids(nurse)).toEqual([]);
    expect(bundleWithheld(nurse)).toBe(true);
    // Token for Bjørn: Anna is outside it. Nothing, and no hint that something exists.
    const other = await search('Observation?_id=obs-restricted', 'doctor-bjorn');
    expect(ids(other)).toEqual([]);
    expect(bundleWithheld(other)).toBe(false);
  });

  it('withholds a NEWS2 score derived from restricted parts with them', async () => {
    const scores = await search('Observation?patient=p-anna&category=survey', 'nurse');
    const derivedFromRestricted = (scores.entry ?? []).filter((e) =>
      (e.resource as Observation | undefined)?.identifier?.some((i) =>
        i.value?.startsWith('set-restricted/'),
      ),
    );
    expect(derivedFromRestricted).toEqual([]);
    expect(bundleWithheld(scores)).toBe(true);
    const stored = await store.search('4601', {
      type: 'Observation',
      patients: ['p-anna'],
      categories: ['survey'],
      onlyRestricted: true,
    });
    expect(stored.resources.map((r) => (r as Observation).identifier?.[0]?.value)).toEqual([
      'set-restricted/news2',
    ]);
  });
});

describe('deriveNews2', () => {
  it('labels a score restricted when any of its parts is, and only then', () => {
    const parts = vitalSignsSetToObservations({
      id: 's1',
      patientId: 'p',
      effectiveDateTime: '2026-02-01T08:00:00+01:00',
      vitals: {
        respirationRate: 18,
        spo2: 96,
        onOxygen: false,
        systolicBP: 130,
        pulse: 80,
        consciousness: 'A',
        temperature: 37,
      },
    }).map((o, i) => ({ ...o, id: `o${i}` }));
    expect(deriveNews2(parts)[0]?.meta?.security).toBeUndefined();
    const oneRestricted = parts.map((o, i) => (i === 2 ? restricted(o) : o));
    expect(deriveNews2(oneRestricted)[0]?.meta?.security).toEqual([restrictedByPatientLabel()]);
  });
});
