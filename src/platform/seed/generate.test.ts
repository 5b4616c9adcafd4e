import { createHash } from 'node:crypto';
import type {
  CareTeam,
  EpisodeOfCare,
  Flag,
  HealthcareService,
  Observation,
  Patient,
  PractitionerRole,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import {
  FLAG_SCALE_2,
  SYSTEM,
  legevaktFromFhir,
  patientContactsFromFhir,
  servicesFromFhir,
} from '../../core/fhir';
import { scoreNews2 } from '../../core/news2';
import type { VitalSignsSet } from '../../core/vitals/types';
import { DEFAULT_TENANTS } from '../config';
import { ROLE_SYSTEM, USERNAME_SYSTEM } from './directoryResources';
import { hasValidFnrControlDigits } from './fodselsnummer';
import { generateSyntheticData } from './generate';
import type { Archetype, SyntheticDataset, SyntheticTenant } from './generate';
import { RESTRICTED_BY_PATIENT, SHARING_SYSTEM } from './services';
import { ARCHETYPES } from './vitals';

const NOW = '2026-11-25T09:00:00+01:00';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;

const hash = (d: SyntheticDataset) => createHash('sha256').update(JSON.stringify(d)).digest('hex');
const ofType = <T extends Resource>(t: SyntheticTenant, type: T['resourceType']) =>
  t.resources.filter((r): r is T => r.resourceType === type);
const setsOf = (t: SyntheticTenant, patientId: string) =>
  t.vitalSignsSets.filter((s) => s.patientId === patientId);
const isComplete = (s: VitalSignsSet) => scoreNews2(s.vitals).complete;
const isRestricted = (r: Resource) =>
  r.meta?.security?.some((c) => c.system === SHARING_SYSTEM && c.code === RESTRICTED_BY_PATIENT) ?? false;

let data: SyntheticDataset;
beforeAll(() => {
  data = generateSyntheticData({ now: NOW });
});
const tenant = (id: string) => {
  const t = data.tenants.find((x) => x.id === id);
  if (!t) throw new Error(`no tenant ${id}`);
  return t;
};
const example = (tenantId: string, a: Archetype) => {
  const id = data.summary.tenants.find((t) => t.id === tenantId)?.examples[a];
  if (!id) throw new Error(`no ${a} example in ${tenantId}`);
  return id;
};

describe('determinism', () => {
  it(
    'gives the same dataset for the same seed and now, and a different one otherwise',
    { timeout: 30_000 },
    () => {
      const opts = { seed: 7, now: NOW, patientsPerTenant: 12 };
      const a = hash(generateSyntheticData(opts));
      expect(hash(generateSyntheticData(opts))).toBe(a);
      expect(hash(generateSyntheticData({ ...opts, seed: 8 }))).not.toBe(a);
      expect(hash(generateSyntheticData({ ...opts, now: '2026-11-26T09:00:00+01:00' }))).not.toBe(a);
    },
  );

  it('keeps patient n the same person whatever the dataset size', () => {
    const small = generateSyntheticData({ now: NOW, patientsPerTenant: 12 });
    const big = tenant('4601');
    for (const p of ofType<Patient>(small.tenants[0] as SyntheticTenant, 'Patient')) {
      expect(big.resources.find((r) => r.resourceType === 'Patient' && r.id === p.id)).toEqual(p);
    }
  });

  it('refuses bad options with a clear message', () => {
    expect(() => generateSyntheticData({ now: 'yesterday' })).toThrow(/now must be an ISO 8601/);
    expect(() => generateSyntheticData({ now: NOW, patientsPerTenant: 0 })).toThrow(/patientsPerTenant/);
  });
});

describe('size and people', () => {
  it('has two municipalities with at least 200 patients each and stays loadable', () => {
    expect(data.tenants.map((t) => t.id)).toEqual(['4601', '1103']);
    for (const t of data.tenants) expect(ofType<Patient>(t, 'Patient').length).toBeGreaterThanOrEqual(200);
    expect(data.summary.totals.observations).toBeLessThanOrEqual(150_000);
    expect(data.summary.totals.observations).toBe(
      data.tenants.reduce((n, t) => n + ofType(t, 'Observation').length, 0),
    );
  });

  it("matches the platform's configured municipalities and go-live dates", () => {
    expect(data.tenants.map(({ id, name, goLiveDate }) => ({ id, name, goLiveDate }))).toEqual(
      DEFAULT_TENANTS.map(({ id, name, goLiveDate }) => ({ id, name, goLiveDate })),
    );
  });

  it('has the documented staff in every municipality', () => {
    for (const s of data.summary.tenants) {
      const count = (role: string) => s.users.filter((u) => u.role === role).length;
      expect(count('home-care-nurse')).toBeGreaterThanOrEqual(4);
      expect(count('legevakt-doctor')).toBeGreaterThanOrEqual(2);
      expect(count('kad-nurse')).toBeGreaterThanOrEqual(1);
      expect(count('administrator')).toBeGreaterThanOrEqual(1);
    }
    const bergen = tenant('4601');
    const kari = bergen.resources.find(
      (r) =>
        r.resourceType === 'Practitioner' &&
        r.identifier?.some((i) => i.system === USERNAME_SYSTEM && i.value === 'kari.nordmann'),
    );
    expect(kari?.id).toBe('prac-4601-01');
    const roleOf = (practitionerId: string) =>
      ofType<PractitionerRole>(bergen, 'PractitionerRole').find(
        (r) => r.practitioner?.reference === `Practitioner/${practitionerId}`,
      );
    expect(roleOf('prac-4601-01')?.code?.[0]?.coding?.[0]).toMatchObject({
      system: ROLE_SYSTEM,
      code: 'home-care-nurse',
    });
    expect(roleOf('prac-4601-01')?.organization?.display).toBe('Hjemmesykepleien Årstad');
    expect(roleOf('prac-4601-13')?.code?.[0]?.coding?.[0]?.code).toBe('legevakt-doctor');
    expect(data.summary.tenants[0]?.users.find((u) => u.username === 'lege.hansen')?.practitionerId).toBe(
      'prac-4601-13',
    );
  });

  it('gives each home-care nurse a list of 10–25 patients, held in CareTeams', () => {
    for (const t of data.tenants) {
      const summary = data.summary.tenants.find((s) => s.id === t.id);
      const homeCareNurses = new Set(
        summary?.users.filter((u) => u.role === 'home-care-nurse').map((u) => u.username),
      );
      for (const [username, patients] of Object.entries(summary?.careLists ?? {})) {
        if (!homeCareNurses.has(username)) continue;
        expect(patients.length, username).toBeGreaterThanOrEqual(10);
        expect(patients.length, username).toBeLessThanOrEqual(25);
      }
      for (const ct of ofType<CareTeam>(t, 'CareTeam')) {
        expect(ct.status).toBe('active');
        expect(ct.participant?.length).toBeGreaterThan(0);
      }
    }
  });

  it('gives every patient a valid synthetic fødselsnummer matching birth date and gender', () => {
    for (const t of data.tenants) {
      const seen = new Set<string>();
      for (const p of ofType<Patient>(t, 'Patient')) {
        const fnr = p.identifier?.find((i) => i.system === SYSTEM.fodselsnummer)?.value ?? '';
        expect(hasValidFnrControlDigits(fnr), fnr).toBe(true);
        const month = Number(fnr.slice(2, 4));
        expect(month).toBeGreaterThanOrEqual(81);
        expect(month).toBeLessThanOrEqual(92);
        const [y, mo, d] = (p.birthDate ?? '').split('-');
        expect(`${d}${Number(mo) + 80}${y?.slice(2)}`).toBe(fnr.slice(0, 6));
        expect(Number(fnr[8]) % 2 === 1 ? 'male' : 'female').toBe(p.gender);
        const age = (NOW_MS - Date.parse(p.birthDate ?? '')) / (365.25 * DAY);
        expect(age).toBeGreaterThanOrEqual(64.9);
        expect(age).toBeLessThan(100);
        expect(seen.has(fnr)).toBe(false);
        seen.add(fnr);
      }
    }
  });
});

describe('integrity', () => {
  // These walk every resource: problems are collected and asserted once, which keeps the
  // test fast and the failure message a list of offenders.
  it('has unique, valid ids and only references to resources earlier in the same tenant', () => {
    const problems: string[] = [];
    for (const t of data.tenants) {
      const seen = new Set<string>();
      const visit = (node: unknown, from: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => visit(n, from));
        if (node === null || typeof node !== 'object') return;
        for (const [k, v] of Object.entries(node)) {
          if (k === 'reference' && typeof v === 'string' && !v.startsWith('#')) {
            if (!seen.has(v)) problems.push(`${t.id} ${from} -> ${v} (unresolved or later)`);
          } else visit(v, from);
        }
      };
      for (const r of t.resources) {
        const key = `${r.resourceType}/${r.id}`;
        if (!/^[A-Za-z0-9\-.]{1,64}$/.test(r.id ?? '')) problems.push(`${t.id} bad id ${key}`);
        if (seen.has(key)) problems.push(`${t.id} duplicate ${key}`);
        visit(r, key);
        seen.add(key);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('puts every time before now and records nothing before it was measured', () => {
    const problems: string[] = [];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const t of data.tenants) {
      t.records.forEach((rec, i) => {
        const key = `${rec.resource.resourceType}/${rec.resource.id}`;
        if (!(Date.parse(rec.recordedAt) <= NOW_MS)) problems.push(`${key} recorded ${rec.recordedAt}`);
        if (rec.resource !== t.resources[i]) problems.push(`${key} records and resources differ at ${i}`);
        if (rec.sourceSystem !== rec.resource.meta?.source)
          problems.push(`${key} source ${rec.sourceSystem}`);
        const o = rec.resource;
        if (
          o.resourceType === 'Observation' &&
          Date.parse(rec.recordedAt) < Date.parse(o.effectiveDateTime ?? '')
        ) {
          problems.push(`${key} recorded before measured`);
        }
      });
      for (const s of t.vitalSignsSets) {
        if (!uuid.test(s.id)) problems.push(`set id ${s.id}`);
        if (!(Date.parse(s.effectiveDateTime) < NOW_MS))
          problems.push(`set ${s.id} at ${s.effectiveDateTime}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('holds no NEWS2 Observations: the platform derives them on ingest', () => {
    const offenders = data.tenants.flatMap((t) =>
      ofType<Observation>(t, 'Observation').filter(
        (o) =>
          o.category?.[0]?.coding?.[0]?.code !== 'vital-signs' ||
          /\/news2$/.test(o.identifier?.[0]?.value ?? ''),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('validates against base FHIR R4 (a sample of every resource type)', async () => {
    const t = tenant('4601');
    const byType = new Map<string, Resource[]>();
    for (const r of t.resources) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
    const sample: Resource[] = [];
    for (const list of byType.values()) {
      const step = Math.max(1, Math.floor(list.length / 6));
      for (let i = 0; i < list.length; i += step) sample.push(list[i] as Resource);
    }
    sample.push(...t.resources.filter(isRestricted).slice(0, 3));
    expect(sample.length).toBeGreaterThan(50);
    for (const r of sample)
      await expect(validateR4(r), `${r.resourceType}/${r.id}`).resolves.toBeInstanceOf(Array);
  }, 60_000);
});

describe('archetypes', () => {
  it('has several patients of every archetype and a named example of each in both municipalities', () => {
    for (const s of data.summary.tenants) {
      for (const a of ARCHETYPES) {
        expect(s.patientsByArchetype[a].length, a).toBeGreaterThanOrEqual(a === 'sepsis' ? 3 : 4);
        expect(s.examples[a]).toBe(s.patientsByArchetype[a][0]);
      }
    }
  });

  it('stable: every complete set scores NEWS2 0–1', () => {
    const t = tenant('4601');
    for (const id of data.summary.tenants[0]?.patientsByArchetype.stable ?? []) {
      for (const s of setsOf(t, id).filter(isComplete))
        expect(scoreNews2(s.vitals).total).toBeLessThanOrEqual(1);
    }
  });

  it('KOLS: Scale 2 decided by a doctor before the history, usual NEWS2 3–5, SpO2 88–92', () => {
    for (const t of data.tenants) {
      const summary = data.summary.tenants.find((s) => s.id === t.id);
      const doctors = new Set(
        summary?.users
          .filter((u) => u.role === 'legevakt-doctor')
          .map((u) => `Practitioner/${u.practitionerId}`),
      );
      for (const id of summary?.patientsByArchetype['kols-scale-2'] ?? []) {
        const flag = ofType<Flag>(t, 'Flag').find((f) => f.subject.reference === `Patient/${id}`);
        expect(flag?.code.coding?.[0]).toMatchObject({ system: SYSTEM.flag, code: FLAG_SCALE_2 });
        expect(flag?.status).toBe('active');
        expect(doctors.has(flag?.author?.reference ?? '')).toBe(true);
        const sets = setsOf(t, id);
        expect(sets.length).toBeGreaterThan(10);
        expect(Date.parse(flag?.period?.start ?? '')).toBeLessThan(
          Date.parse(sets[0]?.effectiveDateTime ?? ''),
        );
        const totals = sets
          .filter(isComplete)
          .map((s) => scoreNews2(s.vitals).total)
          .sort((a, b) => a - b);
        const median = totals[Math.floor(totals.length / 2)] ?? 0;
        expect(median).toBeGreaterThanOrEqual(3);
        expect(median).toBeLessThanOrEqual(5);
        for (const s of sets.filter((x) => x.vitals.spo2 !== undefined)) {
          expect(s.vitals.spo2Scale).toBe(2);
          if (s.vitals.spo2 !== undefined) expect(s.vitals.spo2).toBeGreaterThanOrEqual(88);
          if (s.vitals.spo2 !== undefined) expect(s.vitals.spo2).toBeLessThanOrEqual(92);
        }
      }
    }
  });

  it('heart failure: irregular pulse 90–110 and now and then SpO2 94–95', () => {
    const t = tenant('4601');
    const sets = setsOf(t, example('4601', 'heart-failure'));
    const withPulse = sets.filter((s) => s.vitals.pulse !== undefined);
    expect(withPulse.length).toBeGreaterThan(10);
    for (const s of withPulse) {
      expect(s.vitals.pulse).toBeGreaterThanOrEqual(90);
      expect(s.vitals.pulse).toBeLessThanOrEqual(110);
      expect(s.pulseIrregular).toBe(true);
    }
    expect(sets.some((s) => s.vitals.spo2 === 94 || s.vitals.spo2 === 95)).toBe(true);
  });

  it('sepsis: stable for months, then 4-hourly sets and a last complete set with NEWS2 >= 7', () => {
    for (const t of data.tenants) {
      for (const id of data.summary.tenants.find((s) => s.id === t.id)?.patientsByArchetype.sepsis ?? []) {
        const complete = setsOf(t, id).filter(isComplete);
        const last = complete[complete.length - 1];
        expect(last && scoreNews2(last.vitals).total).toBeGreaterThanOrEqual(7);
        const lastTwoDays = complete.filter((s) => Date.parse(s.effectiveDateTime) > NOW_MS - 2 * DAY);
        expect(lastTwoDays.length).toBeGreaterThanOrEqual(11);
        const early = complete.filter((s) => Date.parse(s.effectiveDateTime) < NOW_MS - 6 * DAY);
        expect(early.length).toBeGreaterThan(10);
        for (const s of early) expect(scoreNews2(s.vitals).total).toBeLessThanOrEqual(1);
      }
    }
  });

  it('sparse: one or two sets, the latest older than 12 months', () => {
    const t = tenant('1103');
    for (const id of data.summary.tenants[1]?.patientsByArchetype.sparse ?? []) {
      const sets = setsOf(t, id);
      expect(sets.length).toBeGreaterThanOrEqual(1);
      expect(sets.length).toBeLessThanOrEqual(2);
      for (const s of sets) expect(Date.parse(s.effectiveDateTime)).toBeLessThan(NOW_MS - 365 * DAY);
    }
  });

  it('outside coverage: tagged not-covered, lives elsewhere, no services or home care', () => {
    const t = tenant('4601');
    const id = example('4601', 'not-covered');
    const patient = ofType<Patient>(t, 'Patient').find((p) => p.id === id);
    expect(patient?.meta?.tag).toContainEqual(
      expect.objectContaining({ system: SYSTEM.coverage, code: 'not-covered' }),
    );
    expect(patient?.address?.[0]?.city).not.toBe('Bergen');
    const refsPatient = (r: Resource) => JSON.stringify(r).includes(`"Patient/${id}"`);
    expect(t.resources.filter((r) => r.resourceType !== 'Patient' && refsPatient(r))).toEqual([]);
    const covered = ofType<Patient>(t, 'Patient').filter((p) => !p.meta?.tag?.length);
    expect(covered.length).toBeGreaterThan(190);
  });

  it('sharing restriction: one service and some, not all, vital signs are restricted', () => {
    const t = tenant('4601');
    const id = example('4601', 'sharing-restricted');
    const episodes = ofType<EpisodeOfCare>(t, 'EpisodeOfCare').filter(
      (e) => e.patient.reference === `Patient/${id}`,
    );
    expect(episodes.filter(isRestricted)).toHaveLength(1);
    expect(episodes.length).toBeGreaterThanOrEqual(2);
    const requestId = episodes.find(isRestricted)?.referralRequest?.[0]?.reference;
    expect(
      ofType<ServiceRequest>(t, 'ServiceRequest').find(
        (r) => `ServiceRequest/${r.id}` === requestId && isRestricted(r),
      ),
    ).toBeDefined();
    const obs = ofType<Observation>(t, 'Observation').filter((o) => o.subject?.reference === `Patient/${id}`);
    const restricted = obs.filter(isRestricted);
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.length).toBeLessThan(obs.length);
    // A set is restricted as a whole, never part by part.
    const setOf = (o: Observation) => o.identifier?.[0]?.value?.split('/')[0];
    const restrictedSets = new Set(restricted.map(setOf));
    expect(obs.filter((o) => restrictedSets.has(setOf(o)) && !isRestricted(o))).toEqual([]);
    // Only patients who objected have restricted data.
    const objecting = data.summary.tenants[0]?.patientsByArchetype['sharing-restricted'] ?? [];
    for (const r of t.resources.filter(isRestricted)) {
      expect(objecting.some((p) => JSON.stringify(r).includes(`"Patient/${p}"`))).toBe(true);
    }
  });

  it('covered without services: no EpisodeOfCare, and not tagged as outside coverage', () => {
    const t = tenant('1103');
    const id = example('1103', 'no-services');
    expect(
      ofType<EpisodeOfCare>(t, 'EpisodeOfCare').filter((e) => e.patient.reference === `Patient/${id}`),
    ).toEqual([]);
    expect(ofType<Patient>(t, 'Patient').find((p) => p.id === id)?.meta?.tag).toBeUndefined();
  });

  it('single measurements exist and can never make a NEWS2 total', () => {
    for (const t of data.tenants) {
      const single = t.vitalSignsSets.filter((s) => !isComplete(s));
      expect(single.length).toBeGreaterThan(50);
      const parts = new Map<string, number>();
      for (const o of ofType<Observation>(t, 'Observation')) {
        const setId = o.identifier?.[0]?.value?.split('/')[0] ?? '';
        parts.set(setId, (parts.get(setId) ?? 0) + 1);
      }
      expect(single.filter((s) => (parts.get(s.id) ?? 0) >= 7)).toEqual([]);
    }
  });
});

describe('services', () => {
  it('gives covered home-care patients 1–4 Volven 9151 services, mostly home nursing', () => {
    for (const t of data.tenants) {
      const byPatient = new Map<string, EpisodeOfCare[]>();
      for (const e of ofType<EpisodeOfCare>(t, 'EpisodeOfCare')) {
        byPatient.set(e.patient.reference ?? '', [...(byPatient.get(e.patient.reference ?? '') ?? []), e]);
        expect(e.type?.[0]?.coding?.[0]?.system).toBe(SYSTEM.volven9151);
        expect(e.type?.[0]?.text).toBeTruthy();
      }
      for (const list of byPatient.values()) {
        expect(list.length).toBeGreaterThanOrEqual(1);
        expect(list.length).toBeLessThanOrEqual(4);
      }
      const codes = ofType<EpisodeOfCare>(t, 'EpisodeOfCare').map((e) => e.type?.[0]?.coding?.[0]?.code);
      const count = (c: string) => codes.filter((x) => x === c).length;
      expect(count('15')).toBeGreaterThan(count('1'));
      for (const c of ['1', '5', '6', '15', '21']) expect(count(c), c).toBeGreaterThan(0);
      const statuses = new Set(ofType<EpisodeOfCare>(t, 'EpisodeOfCare').map((e) => e.status));
      expect([...statuses].sort()).toEqual(['active', 'finished', 'onhold']);
    }
  });

  it("reads back through core's services mapping with day and after-hours phones", () => {
    const t = tenant('4601');
    const id = example('4601', 'stable');
    const episodes = ofType<EpisodeOfCare>(t, 'EpisodeOfCare').filter(
      (e) => e.patient.reference === `Patient/${id}`,
    );
    const services = servicesFromFhir({
      episodes,
      requests: ofType<ServiceRequest>(t, 'ServiceRequest'),
      services: ofType<HealthcareService>(t, 'HealthcareService'),
    });
    const homeNursing = services.find((s) => s.typeCode === '15');
    expect(homeNursing).toMatchObject({
      status: 'active',
      localName: 'Hjemmesykepleien Årstad',
      location: { name: 'Hjemmesykepleien Årstad', phone: '55 55 01 10', afterHoursPhone: '55 55 01 99' },
      sourceSystem: 'Gerica',
    });
    expect(homeNursing?.hoursPerWeek).toBeGreaterThan(0);
    expect(homeNursing?.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has patients in the acute bed unit (KAD) now: home nursing on hold, twice-daily NEWS2 by the KAD nurse', () => {
    for (const t of data.tenants) {
      const summary = data.summary.tenants.find((x) => x.id === t.id);
      const kadNurse = summary?.users.find((u) => u.role === 'kad-nurse');
      const current = summary?.careLists[kadNurse?.username ?? ''] ?? [];
      expect(current).toHaveLength(2);
      for (const id of current) {
        const episodes = ofType<EpisodeOfCare>(t, 'EpisodeOfCare').filter(
          (e) => e.patient.reference === `Patient/${id}`,
        );
        const status = (code: string) =>
          episodes.find((e) => e.type?.[0]?.coding?.[0]?.code === code)?.status;
        expect(status('18')).toBe('active');
        expect(status('15')).toBe('onhold');
        const kadSets = setsOf(t, id).filter(
          (s) => s.performer?.reference === `Practitioner/${kadNurse?.practitionerId}`,
        );
        expect(kadSets.length).toBeGreaterThanOrEqual(1);
        const stayStart = Date.parse(
          ofType<CareTeam>(t, 'CareTeam').find((c) => c.id === `ct-kad-${id}`)?.period?.start ?? '',
        );
        const homeDuringStay = setsOf(t, id).filter(
          (s) =>
            Date.parse(s.effectiveDateTime) > stayStart &&
            s.performer?.reference !== `Practitioner/${kadNurse?.practitionerId}`,
        );
        expect(homeDuringStay).toEqual([]);
      }
    }
  });

  it('puts long-term care in a nursing home with an active Langtidsopphold', () => {
    const t = tenant('4601');
    const id = example('4601', 'long-term-care');
    const episodes = ofType<EpisodeOfCare>(t, 'EpisodeOfCare').filter(
      (e) => e.patient.reference === `Patient/${id}`,
    );
    expect(episodes.find((e) => e.type?.[0]?.coding?.[0]?.code === '21')?.status).toBe('active');
    expect(ofType<CareTeam>(t, 'CareTeam').some((c) => c.subject?.reference === `Patient/${id}`)).toBe(false);
  });
});

describe('whom to call (issue #11 point 3)', () => {
  /** A Patient search with _include=Patient:general-practitioner, as the platform answers it. */
  const byRef = new Map<SyntheticTenant, Map<string, Resource>>();
  const patientBundle = (t: SyntheticTenant, p: Patient) => {
    if (!byRef.has(t)) byRef.set(t, new Map(t.resources.map((r) => [`${r.resourceType}/${r.id}`, r])));
    const included = (p.generalPractitioner ?? []).flatMap((r) => byRef.get(t)?.get(r.reference ?? '') ?? []);
    return {
      resourceType: 'Bundle' as const,
      type: 'searchset' as const,
      entry: [p, ...included].map((resource) => ({ resource })),
    };
  };
  const legevaktBundle = (t: SyntheticTenant) => ({
    resourceType: 'Bundle' as const,
    type: 'searchset' as const,
    entry: ofType<HealthcareService>(t, 'HealthcareService').map((resource) => ({ resource })),
  });

  it('gives every patient a fastlege with a phone and the office, readable by core', () => {
    for (const t of data.tenants) {
      const gpIds = new Set<string>();
      for (const p of ofType<Patient>(t, 'Patient')) {
        const contacts = patientContactsFromFhir(patientBundle(t, p), legevaktBundle(t));
        expect(contacts?.fastlege, p.id).toMatchObject({
          name: expect.stringMatching(/\S+ \S+/),
          reference: expect.stringMatching(/^Practitioner\/gp-/),
          phone: expect.stringMatching(/^\d{2} \d{2} \d{2} \d{2}$/),
          office: {
            name: expect.stringMatching(/lege/),
            phone: expect.stringMatching(/^\d{2} \d{2} \d{2} \d{2}$/),
          },
        });
        // The number for health personnel is not the office's number for patients.
        expect(contacts?.fastlege?.phone).not.toBe(contacts?.fastlege?.office?.phone);
        expect(contacts?.homeAddress, p.id).toMatch(/\d{4} \S+/);
        gpIds.add(contacts!.fastlege!.reference!);
      }
      // Patients are spread over the GPs, not all on one.
      expect(gpIds.size).toBeGreaterThanOrEqual(5);
    }
  });

  it("has the municipality's legevakt as a HealthcareService the panel finds by type", () => {
    expect(legevaktFromFhir(legevaktBundle(tenant('4601')))).toEqual({
      name: 'Bergen legevakt',
      reference: 'HealthcareService/hs-4601-legevakt',
      phone: '55 55 02 00',
    });
    expect(legevaktFromFhir(legevaktBundle(tenant('1103')))).toMatchObject({
      name: 'Stavanger legevakt',
      phone: '51 55 02 00',
    });
  });

  it('gives a visitor from outside coverage a GP in the neighbour municipality, and GPs are no users', () => {
    const t = tenant('4601');
    const visitor = ofType<Patient>(t, 'Patient').find((p) => p.id === example('4601', 'not-covered'))!;
    const contacts = patientContactsFromFhir(patientBundle(t, visitor), undefined);
    expect(contacts?.fastlege?.office?.name).toBe('Kleppestø legesenter');
    const users = new Set(data.summary.tenants[0]!.users.map((u) => u.practitionerId));
    for (const p of ofType<Resource>(t, 'Practitioner').filter((r) => r.id?.startsWith('gp-'))) {
      expect(users.has(p.id!)).toBe(false);
      expect(JSON.stringify(p)).not.toContain(USERNAME_SYSTEM);
    }
  });
});
