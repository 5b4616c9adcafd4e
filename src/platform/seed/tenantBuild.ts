// What the generator fills while it builds one tenant (records per resource type, in the
// order they are emitted), and what it knows about the patient it is building.

import type { VitalSignsSet } from '../../core/vitals/types';
import type { SeedRecord } from './datasetTypes';
import type { MunicipalityDirectory, StaffMember } from './directoryResources';
import type { MunicipalityDef } from './municipalityTypes';
import type { Rng } from './prng';
import type { Archetype } from './vitals';

export interface TenantBuild {
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

export interface PatientParams {
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
