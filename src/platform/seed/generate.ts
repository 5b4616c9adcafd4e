// generateSyntheticData: the demo municipalities with staff, patients, care teams,
// services, Scale 2 flags and months of vital signs. Pure: no I/O, no clock; the same
// seed and `now` always give the same dataset (DESIGN.md "Synthetic data").
//
// Every patient draws from a stream of its own (seed, tenant, index), so a small dataset
// holds the same first patients as a large one. The first nine patients of each tenant are
// the named archetype examples (DOMAIN.md 3 and 4), all on the first zone's first nurse's
// list (kari.nordmann in Bergen) so a demo login shows every case.

import type { CareTeam, Flag, Observation, Resource } from '@medplum/fhirtypes';
import {
  coding,
  monitoringPlanToCarePlan,
  scale2DecisionToFlag,
  vitalSignsSetToObservations,
} from '../../core/fhir';
import type { RoutineInterval } from '../../core/plan/monitoringPlan';
import type { VitalSignsSet } from '../../core/vitals/types';
import { ROLE_SYSTEM, buildMunicipalityDirectory } from './directoryResources';
import type { MunicipalityDirectory, StaffMember } from './directoryResources';
import { MUNICIPALITIES } from './municipalities';
import type { MunicipalityDef, TenantId } from './municipalities';
import { makePerson, personToPatient } from './patients';
import { createRng } from './prng';
import type { Rng } from './prng';
import { planServices, restrictedLabel, serviceToFhir } from './services';
import type { PlannedService } from './services';
import { DAY, HOUR, MINUTE, osloLocalTime, parseInstant, toOsloIso } from './time';
import { ARCHETYPES, materialiseSets, vitalsHistory, vitalsProfile } from './vitals';
import type { Archetype, PlannedSet, SetPlan } from './vitals';

export type { Archetype } from './vitals';
export type { TenantId } from './municipalities';

export const DEFAULT_SEED = 4601;
export const DEFAULT_PATIENTS_PER_TENANT = 200;
export const DEFAULT_HISTORY_DAYS = 120;

export interface GenerateOptions {
  seed?: number;
  /** Default 200. */
  patientsPerTenant?: number;
  /** The dataset's "now", ISO 8601. Every time in the data lies before it. */
  now: string;
  /** Days of regular vital-signs history, default 120. */
  historyDays?: number;
  /** Which municipalities, default all (4601 Bergen, 1103 Stavanger). */
  tenants?: readonly TenantId[];
}

/** One resource as the event store takes it (AppendInput of src/platform/events). */
export interface SeedRecord {
  resource: Resource;
  sourceSystem: string;
  /** FHIR reference of who recorded it, when known. */
  author?: string;
  /** When the source system recorded it, ISO 8601. */
  recordedAt: string;
}

export interface SyntheticTenant {
  id: TenantId;
  name: string;
  goLiveDate: string;
  /** Ordered so that references resolve: Organization, Practitioner, PractitionerRole,
   * HealthcareService, Patient, CareTeam, ServiceRequest, EpisodeOfCare, Flag, CarePlan,
   * Observation. */
  resources: Resource[];
  /** The same resources, in the same order, with source system, author and recorded time. */
  records: SeedRecord[];
  /** The vital-signs sets behind the Observations (for tests and benchmarks). */
  vitalSignsSets: VitalSignsSet[];
}

export interface SeedUser {
  username: string;
  role: StaffMember['role'];
  practitionerId: string;
  name: string;
  organizationId: string;
  hpr?: string;
}

export interface TenantSummary {
  id: TenantId;
  name: string;
  goLiveDate: string;
  patients: number;
  observations: number;
  vitalSignsSets: number;
  singleMeasurements: number;
  resourcesByType: Record<string, number>;
  users: SeedUser[];
  /** One named, documented patient id per archetype (the first patients of the tenant). */
  examples: Partial<Record<Archetype, string>>;
  patientsByArchetype: Record<Archetype, string[]>;
  /** Patient ids on each home-care nurse's list (CareTeam membership), by username. */
  careLists: Record<string, string[]>;
}

export interface SyntheticSummary {
  seed: number;
  now: string;
  historyDays: number;
  patientsPerTenant: number;
  totals: { patients: number; observations: number; vitalSignsSets: number; resources: number };
  tenants: TenantSummary[];
}

export interface SyntheticDataset {
  tenants: SyntheticTenant[];
  summary: SyntheticSummary;
}

/** Archetypes after the nine examples: a block of 50 repeated (mostly stable). */
const ARCHETYPE_COUNTS_PER_50: ReadonlyArray<readonly [Archetype, number]> = [
  ['stable', 30],
  ['kols-scale-2', 5],
  ['heart-failure', 6],
  ['sepsis', 1],
  ['sparse', 2],
  ['not-covered', 1],
  ['sharing-restricted', 1],
  ['no-services', 1],
  ['long-term-care', 3],
];

/** The block spread evenly: archetype a with count c sits at (k + 0.5) * 50 / c. */
const ARCHETYPE_BLOCK: readonly Archetype[] = ARCHETYPE_COUNTS_PER_50.flatMap(([a, c]) =>
  Array.from({ length: c }, (_, k) => ({ a, pos: ((k + 0.5) * 50) / c })),
)
  .sort((x, y) => x.pos - y.pos || ARCHETYPES.indexOf(x.a) - ARCHETYPES.indexOf(y.a))
  .map((x) => x.a);

export function archetypeOf(index: number): Archetype {
  if (index < ARCHETYPES.length) return ARCHETYPES[index] as Archetype;
  return ARCHETYPE_BLOCK[(index - ARCHETYPES.length) % ARCHETYPE_BLOCK.length] as Archetype;
}

const HAS_HOME_CARE: ReadonlySet<Archetype> = new Set([
  'stable',
  'kols-scale-2',
  'heart-failure',
  'sepsis',
  'sparse',
  'sharing-restricted',
]);

export function patientId(tenant: string, index: number): string {
  return `pat-${tenant}-${String(index + 1).padStart(4, '0')}`;
}

interface TenantBuild {
  organizations: SeedRecord[];
  practitioners: SeedRecord[];
  roles: SeedRecord[];
  healthcareServices: SeedRecord[];
  patients: SeedRecord[];
  careTeams: SeedRecord[];
  serviceRequests: SeedRecord[];
  episodes: SeedRecord[];
  flags: SeedRecord[];
  carePlans: SeedRecord[];
  observations: SeedRecord[];
  sets: VitalSignsSet[];
  singleMeasurements: number;
  usedFnr: Set<string>;
}

export function generateSyntheticData(opts: GenerateOptions): SyntheticDataset {
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const patientsPerTenant = opts.patientsPerTenant ?? DEFAULT_PATIENTS_PER_TENANT;
  const historyDays = opts.historyDays ?? DEFAULT_HISTORY_DAYS;
  if (!Number.isInteger(patientsPerTenant) || patientsPerTenant < 1 || patientsPerTenant > 9999) {
    throw new Error(`patientsPerTenant must be an integer 1–9999, got ${patientsPerTenant}`);
  }
  if (!Number.isFinite(historyDays) || historyDays < 7 || historyDays > 3650) {
    throw new Error(`historyDays must be 7–3650, got ${historyDays}`);
  }
  const nowMs = parseInstant(opts.now, 'now');
  const wanted = opts.tenants ?? MUNICIPALITIES.map((m) => m.id);

  const tenants: SyntheticTenant[] = [];
  const summaries: TenantSummary[] = [];
  MUNICIPALITIES.forEach((m, tenantIndex) => {
    if (!wanted.includes(m.id)) return;
    const { tenant, summary } = generateTenant(m, tenantIndex + 1, {
      seed,
      patientsPerTenant,
      historyDays,
      nowMs,
    });
    tenants.push(tenant);
    summaries.push(summary);
  });

  const sum = (f: (t: TenantSummary) => number) => summaries.reduce((acc, t) => acc + f(t), 0);
  return {
    tenants,
    summary: {
      seed,
      now: opts.now,
      historyDays,
      patientsPerTenant,
      totals: {
        patients: sum((t) => t.patients),
        observations: sum((t) => t.observations),
        vitalSignsSets: sum((t) => t.vitalSignsSets),
        resources: tenants.reduce((acc, t) => acc + t.resources.length, 0),
      },
      tenants: summaries,
    },
  };
}

interface TenantParams {
  seed: number;
  patientsPerTenant: number;
  historyDays: number;
  nowMs: number;
}

function generateTenant(
  m: MunicipalityDef,
  tenantIndex: number,
  p: TenantParams,
): { tenant: SyntheticTenant; summary: TenantSummary } {
  const goLiveMs = parseInstant(`${m.goLiveDate}T08:00:00+02:00`, 'goLiveDate');
  // About 17 patients per nurse, at least one nurse per zone, at most the listed staff.
  const nursesPerZone = Math.min(3, Math.max(1, Math.round(p.patientsPerTenant / (m.zones.length * 17))));
  const dir = buildMunicipalityDirectory(m, tenantIndex, nursesPerZone);
  const directoryAt = toOsloIso(Math.min(goLiveMs, p.nowMs - DAY));
  const directoryRecord = (resource: Resource): SeedRecord => ({
    resource: { ...resource, meta: { ...resource.meta, source: m.ploSystem } },
    sourceSystem: m.ploSystem,
    recordedAt: directoryAt,
  });

  const b: TenantBuild = {
    organizations: dir.organizations.map(directoryRecord),
    practitioners: dir.practitioners.map(directoryRecord),
    roles: dir.practitionerRoles.map(directoryRecord),
    healthcareServices: dir.healthcareServices.map(directoryRecord),
    patients: [],
    careTeams: [],
    serviceRequests: [],
    episodes: [],
    flags: [],
    carePlans: [],
    observations: [],
    sets: [],
    singleMeasurements: 0,
    usedFnr: new Set(),
  };

  const patientsByArchetype = Object.fromEntries(ARCHETYPES.map((a) => [a, [] as string[]])) as Record<
    Archetype,
    string[]
  >;
  const examples: Partial<Record<Archetype, string>> = {};
  const careLists: Record<string, string[]> = {};
  const nursesByZone = new Map<string, StaffMember[]>();
  for (const s of dir.staff) {
    if (s.role === 'home-care-nurse' && s.zone)
      nursesByZone.set(s.zone, [...(nursesByZone.get(s.zone) ?? []), s]);
    if (s.role === 'home-care-nurse') careLists[s.username] = [];
  }
  const doctors = dir.staff.filter((s) => s.role === 'legevakt-doctor');
  const kadNurse = dir.staff.find((s) => s.role === 'kad-nurse');
  if (kadNurse) careLists[kadNurse.username] = [];
  let kadOngoing = 0;
  const zoneCounters = new Map<string, number>();

  for (let i = 0; i < p.patientsPerTenant; i++) {
    const archetype = archetypeOf(i);
    const isExample = i < ARCHETYPES.length;
    const zone = isExample ? m.zones[0] : m.zones[(i - ARCHETYPES.length) % m.zones.length];
    if (!zone) throw new Error(`${m.id} has no zones`);
    const rng = createRng(p.seed, `${m.id}/patient/${i}`);
    const id = patientId(m.id, i);
    patientsByArchetype[archetype].push(id);
    if (isExample) examples[archetype] = id;

    // Nurses: the examples go to the zone's first nurse; others round-robin, some with a second.
    const zoneNurses = nursesByZone.get(zone.key) ?? [];
    const counter = zoneCounters.get(zone.key) ?? 0;
    let nurses: StaffMember[] = [];
    if (HAS_HOME_CARE.has(archetype) && zoneNurses.length > 0) {
      const primaryIndex = isExample ? 0 : counter % zoneNurses.length;
      if (!isExample) zoneCounters.set(zone.key, counter + 1);
      const primary = zoneNurses[primaryIndex] as StaffMember;
      nurses = [primary];
      if (zoneNurses.length > 1 && rng.fork('second-nurse').chance(0.25)) {
        nurses.push(zoneNurses[(primaryIndex + 1) % zoneNurses.length] as StaffMember);
      }
    }

    // KAD: the first two heart-failure patients after the examples are in an acute bed now
    // (so the KAD nurse has a list); the heart-failure example and some others had a stay.
    let kadStay: { startMs: number; endMs?: number } | undefined;
    const kadRng = rng.fork('kad-stay');
    if (archetype === 'heart-failure' && !isExample && kadOngoing < 2) {
      kadOngoing += 1;
      kadStay = { startMs: p.nowMs - kadRng.int(20, 70) * HOUR };
    } else if (archetype === 'heart-failure' && (isExample || kadRng.chance(0.3))) {
      const startMs = p.nowMs - kadRng.int(20, 60) * DAY;
      kadStay = { startMs, endMs: startMs + kadRng.int(3, 5) * DAY };
    }
    generatePatient(b, {
      m,
      dir,
      rng,
      id,
      archetype,
      zoneKey: zone.key,
      nurses,
      doctor: doctors[0],
      kadNurse,
      ...(kadStay ? { kadStay } : {}),
      nowMs: p.nowMs,
      goLiveMs,
      historyDays: p.historyDays,
    });
    for (const n of nurses) careLists[n.username]?.push(id);
    if (kadStay && kadStay.endMs === undefined && kadNurse) careLists[kadNurse.username]?.push(id);
  }

  const ordered: SeedRecord[] = [
    ...b.organizations,
    ...b.practitioners,
    ...b.roles,
    ...b.healthcareServices,
    ...b.patients,
    ...b.careTeams,
    ...b.serviceRequests,
    ...b.episodes,
    ...b.flags,
    ...b.carePlans,
    ...b.observations,
  ];
  const resourcesByType: Record<string, number> = {};
  for (const r of ordered)
    resourcesByType[r.resource.resourceType] = (resourcesByType[r.resource.resourceType] ?? 0) + 1;

  return {
    tenant: {
      id: m.id,
      name: m.name,
      goLiveDate: m.goLiveDate,
      resources: ordered.map((r) => r.resource),
      records: ordered,
      vitalSignsSets: b.sets,
    },
    summary: {
      id: m.id,
      name: m.name,
      goLiveDate: m.goLiveDate,
      patients: b.patients.length,
      observations: b.observations.length,
      vitalSignsSets: b.sets.length,
      singleMeasurements: b.singleMeasurements,
      resourcesByType,
      users: dir.staff.map((s) => ({
        username: s.username,
        role: s.role,
        practitionerId: s.practitionerId,
        name: `${s.given} ${s.family}`,
        organizationId: s.organizationId,
        ...(s.hpr ? { hpr: s.hpr } : {}),
      })),
      examples,
      patientsByArchetype,
      careLists,
    },
  };
}

interface PatientParams {
  m: MunicipalityDef;
  dir: MunicipalityDirectory;
  rng: Rng;
  id: string;
  archetype: Archetype;
  zoneKey: string;
  nurses: StaffMember[];
  doctor: StaffMember | undefined;
  /** The KAD nurse, for stays in the municipal acute bed unit. */
  kadNurse: StaffMember | undefined;
  kadStay?: { startMs: number; endMs?: number };
  nowMs: number;
  goLiveMs: number;
  historyDays: number;
}

function generatePatient(b: TenantBuild, p: PatientParams): void {
  const { m, dir, rng, id, archetype, nowMs, goLiveMs } = p;
  const notCovered = archetype === 'not-covered';
  const zone = m.zones.find((z) => z.key === p.zoneKey);
  if (!zone) throw new Error(`unknown zone ${p.zoneKey}`);

  // Patient. A visitor is registered by the legevakt's EPJ today; the others came with the
  // PLO EPJ's first load at go-live.
  const person = makePerson(
    rng.fork('person'),
    m,
    notCovered ? m.neighbour.streets : zone.streets,
    nowMs,
    b.usedFnr,
  );
  const patientSource = notCovered ? m.legevaktSystem : m.ploSystem;
  // The fastlege: a GP of the zone's office (a visitor's is in the neighbour municipality).
  // Its own stream, so adding it changed no other value of the patient.
  const gps = dir.generalPractitioners[notCovered ? 'neighbour' : p.zoneKey] ?? [];
  const gp = gps.length > 0 ? rng.fork('fastlege').pick(gps) : undefined;
  b.patients.push({
    resource: personToPatient(person, {
      id,
      sourceSystem: patientSource,
      notCovered,
      ...(gp ? { generalPractitioner: gp } : {}),
      ...(notCovered ? {} : { managingOrganization: { id: dir.municipalityOrgId, display: m.name } }),
    }),
    sourceSystem: patientSource,
    recordedAt: toOsloIso(
      notCovered
        ? nowMs - rng.int(60, 300) * MINUTE
        : Math.min(goLiveMs + rng.int(0, 36) * HOUR, nowMs - DAY),
    ),
  });

  // Services.
  let services: PlannedService[] = [];
  if (archetype !== 'not-covered' && archetype !== 'no-services') {
    services = planServices(
      {
        patientId: id,
        zoneKey: p.zoneKey,
        kind:
          archetype === 'long-term-care'
            ? 'long-term-care'
            : archetype === 'sparse'
              ? 'home-care-light'
              : 'home-care',
        minServices: archetype === 'sharing-restricted' ? 2 : 1,
        ...(p.kadStay ? { kadStay: p.kadStay } : {}),
        nowMs,
        goLiveMs,
      },
      dir,
      rng.fork('services'),
    );
    if (archetype === 'sharing-restricted') {
      const last = services[services.length - 1];
      if (last) last.restricted = true;
    }
    for (const s of services) {
      const { episodeOfCare, serviceRequest } = serviceToFhir(s, {
        patientId: id,
        municipalityOrgId: dir.municipalityOrgId,
        sourceSystem: m.ploSystem,
      });
      const recordedAt = toOsloIso(s.recordedAtMs);
      b.serviceRequests.push({ resource: serviceRequest, sourceSystem: m.ploSystem, recordedAt });
      b.episodes.push({ resource: episodeOfCare, sourceSystem: m.ploSystem, recordedAt });
    }
  }

  // Care team: the home-care nurses who visit (today's list).
  if (p.nurses.length > 0) {
    const homeCare = services.find((s) => s.typeCode === '15' && s.status !== 'finished');
    const careTeam: CareTeam = {
      resourceType: 'CareTeam',
      id: `ct-${id}`,
      meta: { source: m.ploSystem },
      status: 'active',
      name: zone.name,
      subject: { reference: `Patient/${id}` },
      period: { start: homeCare?.start ?? toOsloIso(goLiveMs).slice(0, 10) },
      participant: p.nurses.map((n) => ({
        role: [{ coding: [coding(ROLE_SYSTEM, 'home-care-nurse', 'Sykepleier i hjemmesykepleien')] }],
        member: { reference: `Practitioner/${n.practitionerId}`, display: `${n.given} ${n.family}` },
        onBehalfOf: { reference: `Organization/${n.organizationId}` },
      })),
      managingOrganization: [{ reference: `Organization/${dir.zoneOrgIds[p.zoneKey]}`, display: zone.name }],
    };
    b.careTeams.push({
      resource: careTeam,
      sourceSystem: m.ploSystem,
      recordedAt: toOsloIso(homeCare?.recordedAtMs ?? Math.min(goLiveMs, nowMs - DAY)),
    });
  }
  const kadService = services.find((s) => s.typeCode === '18' && s.status === 'active');
  if (p.kadStay && p.kadStay.endMs === undefined && p.kadNurse && kadService) {
    const n = p.kadNurse;
    b.careTeams.push({
      resource: {
        resourceType: 'CareTeam',
        id: `ct-kad-${id}`,
        meta: { source: m.ploSystem },
        status: 'active',
        name: m.kad.name,
        subject: { reference: `Patient/${id}` },
        period: { start: toOsloIso(p.kadStay.startMs) },
        participant: [
          {
            role: [{ coding: [coding(ROLE_SYSTEM, 'kad-nurse', 'Sykepleier KAD')] }],
            member: { reference: `Practitioner/${n.practitionerId}`, display: `${n.given} ${n.family}` },
            onBehalfOf: { reference: `Organization/${n.organizationId}` },
          },
        ],
        managingOrganization: [{ reference: `Organization/${n.organizationId}`, display: m.kad.name }],
      },
      sourceSystem: m.ploSystem,
      recordedAt: toOsloIso(Math.min(p.kadStay.startMs + HOUR, nowMs - MINUTE)),
    });
  }

  // Scale 2: decided by a doctor before the history starts, so every set uses Scale 2.
  if (archetype === 'kols-scale-2' && p.doctor) {
    const decidedMs = nowMs - (p.historyDays + rng.int(10, 400)) * DAY;
    const flag: Flag = {
      ...scale2DecisionToFlag({
        id: `flag-${id}-scale2`,
        patientId: id,
        decidedBy: {
          reference: `Practitioner/${p.doctor.practitionerId}`,
          display: `${p.doctor.given} ${p.doctor.family}`,
        },
        decidedAt: toOsloIso(decidedMs),
        reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt: bruk SpO₂-skala 2',
      }),
      meta: { source: m.legevaktSystem },
    };
    b.flags.push({
      resource: flag,
      sourceSystem: m.legevaktSystem,
      author: `Practitioner/${p.doctor.practitionerId}`,
      recordedAt: toOsloIso(decidedMs),
    });
  }

  addMonitoringPlan(b, p);

  // Vital signs.
  const profile = vitalsProfile(archetype, rng.fork('profile'));
  const primary = p.nurses[0];
  const longTerm = archetype === 'long-term-care';
  const planned = vitalsHistory(
    profile,
    {
      patientId: id,
      sourceSystem: longTerm ? m.ploSystem : 'varde',
      ...(primary && !longTerm
        ? {
            performer: {
              reference: `Practitioner/${primary.practitionerId}`,
              display: `${primary.given} ${primary.family}`,
            },
          }
        : {}),
    },
    rng.fork('vitals'),
    {
      nowMs,
      historyDays: p.historyDays,
      recordDelayMs: (r) => (r.chance(0.1) ? r.int(60, 360) * MINUTE : r.int(2, 40) * MINUTE),
    },
  );
  if (p.kadStay) {
    // In the acute bed unit NEWS2 is taken twice a day (DOMAIN.md 2); home visits pause.
    const { startMs } = p.kadStay;
    const endMs = p.kadStay.endMs ?? nowMs - 30 * MINUTE;
    const kadRng = rng.fork('kad-vitals');
    const plans: SetPlan[] = [];
    for (let day = startMs - DAY; day < endMs + DAY; day += DAY) {
      for (const hour of [8, 20]) {
        const t = osloLocalTime(day, hour, kadRng.int(0, 45));
        if (t > startMs + HOUR && t < endMs) plans.push({ t, kind: 'full', severity: 0 });
      }
    }
    const kadSets = materialiseSets(
      profile,
      {
        patientId: id,
        sourceSystem: 'varde',
        ...(p.kadNurse
          ? {
              performer: {
                reference: `Practitioner/${p.kadNurse.practitionerId}`,
                display: `${p.kadNurse.given} ${p.kadNurse.family}`,
              },
            }
          : {}),
      },
      kadRng,
      plans,
      { nowMs, recordDelayMs: (r) => r.int(1, 20) * MINUTE },
    );
    const outside = planned.filter((ps) => {
      const t = Date.parse(ps.set.effectiveDateTime);
      return t < startMs || t > endMs;
    });
    planned.splice(0, planned.length, ...outside, ...kadSets);
    planned.sort((x, y) => Date.parse(x.set.effectiveDateTime) - Date.parse(y.set.effectiveDateTime));
  }
  const sourceRng = rng.fork('vitals-source');
  const restrictRng = rng.fork('restrict');
  for (const ps of planned) {
    // Some older sets were typed into the PLO EPJ at the office instead of the app.
    if (!longTerm && Date.parse(ps.set.effectiveDateTime) < nowMs - 7 * DAY && sourceRng.chance(0.2)) {
      ps.set.sourceSystem = m.ploSystem;
      ps.recordedAtMs = Math.min(
        Date.parse(ps.set.effectiveDateTime) + sourceRng.int(60, 480) * MINUTE,
        nowMs - MINUTE,
      );
    }
    const restricted = archetype === 'sharing-restricted' && restrictRng.chance(0.3);
    addSet(b, ps, restricted);
  }
}

/**
 * The routine NEWS2 interval a nurse (or, for KOLS, the legevakt doctor) set for the
 * archetype (issue #11 point 2): weekly for the home-care patients measured every few days,
 * none for the sparse patient (the municipality's default of 12 months applies) and for
 * those without home care.
 */
const MONITORING_PLANS: Partial<
  Record<Archetype, { interval: RoutineInterval; by: 'nurse' | 'doctor'; reason: string }>
> = {
  stable: { interval: { value: 1, unit: 'wk' }, by: 'nurse', reason: 'Stabil, besøk flere ganger i uka' },
  'kols-scale-2': {
    interval: { value: 1, unit: 'wk' },
    by: 'doctor',
    reason: 'KOLS med høy vanlig NEWS2: ukentlig NEWS2, og alltid ved endring',
  },
  'heart-failure': {
    interval: { value: 1, unit: 'wk' },
    by: 'nurse',
    reason: 'Hjertesvikt: ukentlig NEWS2 og vekt',
  },
  sepsis: { interval: { value: 1, unit: 'wk' }, by: 'nurse', reason: 'Stabil, besøk flere ganger i uka' },
  'sharing-restricted': {
    interval: { value: 1, unit: 'wk' },
    by: 'nurse',
    reason: 'Stabil, besøk flere ganger i uka',
  },
};

/** The archetype's monitoring plan as a CarePlan set in Varde, before the history begins. */
function addMonitoringPlan(b: TenantBuild, p: PatientParams): void {
  const def = MONITORING_PLANS[p.archetype];
  const who = def?.by === 'doctor' ? p.doctor : p.nurses[0];
  if (!def || !who) return;
  const planRng = p.rng.fork('monitoring-plan');
  const setAtMs = Math.min(
    Math.max(p.goLiveMs, p.nowMs - (p.historyDays + planRng.int(5, 40)) * DAY),
    p.nowMs - DAY,
  );
  const setAt = toOsloIso(setAtMs);
  const resource = monitoringPlanToCarePlan({
    id: `mp-${p.id}`,
    patientId: p.id,
    interval: def.interval,
    setBy: {
      reference: `Practitioner/${who.practitionerId}`,
      display: `${who.given} ${who.family}`,
      role: def.by,
    },
    setAt,
    reason: def.reason,
  });
  b.carePlans.push({
    resource: { ...resource, id: `cp-${p.id}-monitoring`, meta: { source: 'varde' } },
    sourceSystem: 'varde',
    author: `Practitioner/${who.practitionerId}`,
    recordedAt: setAt,
  });
}

function addSet(b: TenantBuild, ps: PlannedSet, restricted: boolean): void {
  const { set } = ps;
  b.sets.push(set);
  if (ps.kind !== 'full') b.singleMeasurements += 1;
  const sourceSystem = set.sourceSystem ?? 'varde';
  const recordedAt = toOsloIso(ps.recordedAtMs);
  for (const obs of vitalSignsSetToObservations(set)) {
    b.observations.push({
      resource: withObservationId(obs, restricted),
      sourceSystem,
      ...(set.performer ? { author: set.performer.reference } : {}),
      recordedAt,
    });
  }
}

/** Deterministic id from the part identifier `{setId}/{part}` (the store would otherwise draw one). */
function withObservationId(obs: Observation, restricted: boolean): Observation {
  const value = obs.identifier?.[0]?.value;
  if (!value) throw new Error('vital-signs Observation without a set identifier');
  const out: Observation = { ...obs, id: value.replace('/', '-') };
  if (restricted) out.meta = { ...obs.meta, security: [restrictedLabel()] };
  return out;
}
