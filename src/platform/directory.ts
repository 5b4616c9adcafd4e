// Who exists in a municipality and who may see whom. Implemented over the event store's
// projections (src/platform/fhir); used by the SMART server (login, patient picker, EHR
// launch) and by the access rules. A care relationship (tjenstlig behov) is the only way a
// clinician gets at a patient.
import type { ClinicalPolicy } from './access/planPolicy';

export interface Tenant {
  /** Kommunenummer, e.g. "4601". */
  id: string;
  name: string;
  /** The date the information service went live (coverage starts here), ISO date. */
  goLiveDate: string;
  /** Who may write personal plans and Scale 2 decisions; absent = doctors only (access/planPolicy.ts). */
  policy?: ClinicalPolicy;
}

export type ClinicianRole = 'home-care-nurse' | 'legevakt-doctor' | 'kad-nurse' | 'administrator';

export interface ClinicianUser {
  /** Login name in the simulated identity provider, unique per tenant, e.g. "kari.nordmann". */
  username: string;
  /** FHIR Practitioner id. */
  practitionerId: string;
  name: string;
  role: ClinicianRole;
  /** HPR number (helsepersonellnummer). */
  hpr?: string;
  /** Organization display and FHIR id. */
  organizationId: string;
  organizationName: string;
}

export interface PatientSummary {
  id: string;
  name: string;
  /** Synthetic fødselsnummer. */
  fnr: string;
  birthDate: string;
  gender: 'male' | 'female' | 'other' | 'unknown';
}

export interface ClinicalDirectory {
  listTenants(): Promise<Tenant[]>;
  listUsers(tenant: string): Promise<ClinicianUser[]>;
  findUser(tenant: string, username: string): Promise<ClinicianUser | undefined>;
  /** Patients the clinician has a care relationship with (the standalone patient picker). */
  listPatientsForUser(tenant: string, practitionerId: string): Promise<PatientSummary[]>;
  /** Any patient of the tenant, for the EPJ simulator's picker (the EPJ knows all its patients). */
  listPatients(tenant: string, opts?: { limit?: number }): Promise<PatientSummary[]>;
  /** One patient of the tenant by id (the consent page names the patient in context). */
  findPatient(tenant: string, patientId: string): Promise<PatientSummary | undefined>;
  hasCareRelationship(tenant: string, practitionerId: string, patientId: string): Promise<boolean>;
}
