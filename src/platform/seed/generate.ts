// generateSyntheticData: the demo municipalities with staff, patients, care teams,
// services, Scale 2 flags and months of vital signs. Pure: no I/O, no clock; the same
// seed and `now` always give the same dataset (DESIGN.md "Synthetic data").
//
// Every patient draws from a stream of its own (seed, tenant, index), so a small dataset
// holds the same first patients as a large one. The first nine patients of each tenant are
// the named archetype examples (DOMAIN.md 3 and 4), all on the first zone's first nurse's
// list (kari.nordmann in Bergen) so a demo login shows every case.

import type { Resource } from '@medplum/fhirtypes';
import { HAS_HOME_CARE, archetypeOf } from './archetypeMix';
import type {
  SeedRecord,
  SyntheticDataset,
  SyntheticTenant,
  TenantSummary,
  GenerateOptions,
} from './datasetTypes';
import { buildMunicipalityDirectory } from './directoryResources';
import type { StaffMember } from './directoryResources';
import { MUNICIPALITIES } from './municipalities';
import type { MunicipalityDef } from './municipalities';
import { generatePatient } from './patientRecords';
import { createRng } from './prng';
import type { TenantBuild } from './tenantBuild';
import { DAY, HOUR, parseInstant, toOsloIso } from './time';
import { ARCHETYPES } from './vitals';
import type { Archetype } from './vitals';

export type { Archetype } from './vitals';
export type { TenantId } from './municipalities';
export type {
  GenerateOptions,
  SeedRecord,
  SeedUser,
  SyntheticDataset,
  SyntheticSummary,
  SyntheticTenant,
  TenantSummary,
} from './datasetTypes';
export { archetypeOf } from './archetypeMix';

export const DEFAULT_SEED = 4601;
export const DEFAULT_PATIENTS_PER_TENANT = 200;
export const DEFAULT_HISTORY_DAYS = 120;

export function patientId(tenant: string, index: number): string {
  return `pat-${tenant}-${String(index + 1).padStart(4, '0')}`;
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
