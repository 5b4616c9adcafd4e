// A large dataset for load tests and benchmarks, streamed: batches are made as they are
// consumed, so 10,000 patients with 30 sets each never sit in memory at once. Patients
// and their vital signs, and with `services` their municipal services too (no care
// teams); patient ids start with "lt-" so they never clash with the demo data in the
// same tenant.

import type { Resource } from '@medplum/fhirtypes';
import { setPartOf, vitalSignsSetToObservations } from '../../core/fhir';
import type { SeedRecord } from '../seed/generate';
import { MUNICIPALITIES } from '../seed/municipalities';
import type { TenantId } from '../seed/municipalities';
import { buildMunicipalityDirectory } from '../seed/directoryResources';
import { makePerson, personToPatient } from '../seed/patients';
import { createRng } from '../seed/prng';
import { planServices, serviceToFhir } from '../seed/services';
import { DAY, HOUR, MINUTE, osloLocalTime, parseInstant, toOsloIso } from '../seed/time';
import { materialiseSets, vitalsProfile } from '../seed/vitals';
import type { Archetype, SetKind, SetPlan } from '../seed/vitals';

export interface LoadTestOptions {
  seed?: number;
  /** Default 10,000. */
  patients?: number;
  /** Vital-signs sets (or single measurements) per patient, default 30. */
  setsPerPatient?: number;
  /** Spread over this many days before `now`, default 90. */
  days?: number;
  now: string;
  /** Default 4601. */
  tenant?: TenantId;
  /** Patients per yielded batch, default 50 (about 10,000 resources with the defaults). */
  patientsPerBatch?: number;
  /**
   * Give each patient 1–4 municipal services (EpisodeOfCare + ServiceRequest, as the demo
   * data has them). The first batch then also holds the municipality's Organizations and
   * HealthcareServices that the services point at: the same ids as the demo data's, so
   * load them into a tenant without it (they would become second versions).
   */
  services?: boolean;
}

export interface LoadTestBatch {
  tenant: TenantId;
  records: SeedRecord[];
  /** Patients generated so far, this batch included. */
  patientsSoFar: number;
}

// No Scale 2 patients here: they would need the Flag a doctor decided, which this stream omits.
const MIX: ReadonlyArray<readonly [Archetype, number]> = [
  ['stable', 85],
  ['heart-failure', 15],
];

export function loadTestPatientId(tenant: string, index: number): string {
  return `lt-${tenant}-${String(index + 1).padStart(6, '0')}`;
}

export function* generateLoadTestData(opts: LoadTestOptions): Generator<LoadTestBatch> {
  const seed = (opts.seed ?? 1) >>> 0;
  const patients = opts.patients ?? 10_000;
  const setsPerPatient = opts.setsPerPatient ?? 30;
  const days = opts.days ?? 90;
  const perBatch = opts.patientsPerBatch ?? 50;
  const tenant = opts.tenant ?? '4601';
  const nowMs = parseInstant(opts.now, 'now');
  const m = MUNICIPALITIES.find((x) => x.id === tenant);
  if (!m) throw new Error(`unknown tenant ${tenant}`);
  for (const [name, v] of [
    ['patients', patients],
    ['setsPerPatient', setsPerPatient],
    ['days', days],
    ['patientsPerBatch', perBatch],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  }
  const streets = m.zones.flatMap((z) => z.streets);
  const usedFnr = new Set<string>();
  const goLiveMs = parseInstant(`${m.goLiveDate}T08:00:00+02:00`, 'goLiveDate');
  const dir = opts.services
    ? buildMunicipalityDirectory(
        m,
        MUNICIPALITIES.findIndex((x) => x.id === tenant),
        1,
      )
    : undefined;

  let records: SeedRecord[] = [];
  if (dir) {
    const recordedAt = toOsloIso(Math.min(goLiveMs, nowMs - DAY));
    for (const resource of [...dir.organizations, ...dir.healthcareServices]) {
      records.push({
        resource: { ...resource, meta: { ...resource.meta, source: m.ploSystem } },
        sourceSystem: m.ploSystem,
        recordedAt,
      });
    }
  }
  for (let i = 0; i < patients; i++) {
    const rng = createRng(seed, `load-test/${tenant}/${i}`);
    const id = loadTestPatientId(tenant, i);
    const person = makePerson(rng.fork('person'), m, streets, nowMs, usedFnr);
    const patient = personToPatient(person, { id, sourceSystem: m.ploSystem, notCovered: false });
    records.push({
      resource: patient,
      sourceSystem: m.ploSystem,
      recordedAt: toOsloIso(nowMs - (days + 1) * DAY),
    });

    // Evenly spaced visits with jitter; about one in eight is a single measurement.
    const archetype = rng.weighted(MIX);
    const span = days * DAY - HOUR;
    const plans: SetPlan[] = [];
    for (let k = 0; k < setsPerPatient; k++) {
      const slot = nowMs - span + (span * (k + rng.real(0.1, 0.9))) / setsPerPatient;
      const t = Math.min(osloLocalTime(slot, rng.int(8, 20), rng.int(0, 59)), nowMs - HOUR);
      const kind: SetKind = rng.chance(0.12)
        ? rng.pick(['spo2-only', 'bp-only', 'spo2-pulse'] as const)
        : 'full';
      plans.push({ t, kind, severity: 0 });
    }
    plans.sort((a, b) => a.t - b.t);
    const sets = materialiseSets(
      vitalsProfile(archetype, rng.fork('profile')),
      { patientId: id, sourceSystem: 'varde' },
      rng.fork('vitals'),
      plans,
      { nowMs, recordDelayMs: (r) => r.int(2, 40) * MINUTE },
    );
    for (const ps of sets) {
      for (const obs of vitalSignsSetToObservations(ps.set)) {
        const resource: Resource = {
          ...obs,
          id: `${ps.set.id}-${setPartOf(obs.identifier)?.part ?? ''}`,
        };
        records.push({ resource, sourceSystem: 'varde', recordedAt: toOsloIso(ps.recordedAtMs) });
      }
    }
    if (dir) {
      // Drawn after the vital signs from a fork of their own, so the data without services is unchanged.
      const srng = rng.fork('services');
      const zoneKey = srng.pick(m.zones).key;
      const planned = planServices({ patientId: id, zoneKey, kind: 'home-care', nowMs, goLiveMs }, dir, srng);
      for (const s of planned) {
        const { episodeOfCare, serviceRequest } = serviceToFhir(s, {
          patientId: id,
          municipalityOrgId: dir.municipalityOrgId,
          sourceSystem: m.ploSystem,
        });
        const recordedAt = toOsloIso(s.recordedAtMs);
        records.push({ resource: serviceRequest, sourceSystem: m.ploSystem, recordedAt });
        records.push({ resource: episodeOfCare, sourceSystem: m.ploSystem, recordedAt });
      }
    }
    if ((i + 1) % perBatch === 0 || i === patients - 1) {
      yield { tenant, records, patientsSoFar: i + 1 };
      records = [];
    }
  }
}
