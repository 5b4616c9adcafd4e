// The shape of a demo municipality (tenant) of the reference platform as the generator reads
// it: its zones, institutions, GP offices and staff. The values live in municipalities.ts.

import type { ClinicianRole } from '../directory';

export type TenantId = '4601' | '1103';

export interface Street {
  street: string;
  postalCode: string;
  city: string;
}

export interface ZoneDef {
  /** ASCII key used in resource ids. */
  key: string;
  /** Organization and local service name, e.g. "Hjemmesykepleien Årstad". */
  name: string;
  /** Local name of practical assistance in this zone. */
  practicalAssistanceName: string;
  dayPhone: string;
  practicalAssistancePhone: string;
  streets: readonly Street[];
}

export interface InstitutionDef {
  key: string;
  name: string;
  /** Reception / daytime phone. */
  dayPhone: string;
  /** Ward phone, staffed around the clock. */
  afterHoursPhone: string;
  address: Street;
}

/** A fastlege office (legekontor) and its GPs. Patients of a zone get a GP of its office. */
export interface GpOfficeDef {
  key: string;
  name: string;
  /** The zone whose patients list their GP here; absent: the neighbour municipality's office. */
  zone?: string;
  /** The office's number for patients. */
  phone: string;
  /** The direct number for health personnel (what a nurse calls about an ill patient). */
  staffPhone: string;
  address: Street;
  doctors: readonly { given: string; family: string }[];
}

export interface StaffDef {
  username: string;
  given: string;
  family: string;
  role: ClinicianRole;
  /** Fake HPR number (helsepersonellnummer), 7 digits. Administrators have none. */
  hpr?: string;
  /** Zone key for home-care nurses. */
  zone?: string;
}

export interface MunicipalityDef {
  id: TenantId;
  /** Municipality name as the tenant is called, e.g. "Bergen kommune". */
  name: string;
  goLiveDate: string;
  /** The care-and-nursing (PLO) EPJ that is master for services. */
  ploSystem: string;
  /** The legevakt's EPJ. */
  legevaktSystem: string;
  switchboardPhone: string;
  zones: readonly ZoneDef[];
  /** Night and evening home-care service: the after-hours number for home care. */
  homeCareNight: { name: string; phone: string };
  legevakt: InstitutionDef;
  kad: InstitutionDef;
  nursingHomes: readonly InstitutionDef[];
  alarmCentre: InstitutionDef;
  kitchen: InstitutionDef;
  dayCentre: InstitutionDef;
  /** Where visiting patients (outside coverage) live, and their GP office. */
  neighbour: { name: string; code: string; streets: readonly Street[]; gpOffice: GpOfficeDef };
  /** Fastlege offices, one per home-care zone (Patient.generalPractitioner). */
  gpOffices: readonly GpOfficeDef[];
  surnames: readonly string[];
  staff: readonly StaffDef[];
}
