// The shapes generateSyntheticData takes and returns (the dataset, its records and summary).

import type { Resource } from '@medplum/fhirtypes';
import type { VitalSignsSet } from '../../core/vitals/types';
import type { StaffMember } from './directoryResources';
import type { TenantId } from './municipalityTypes';
import type { Archetype } from './vitals';

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
