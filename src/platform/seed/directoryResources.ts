// The fixed part of a municipality: its organizations, service locations and staff, as
// FHIR resources. Ids are readable and stable (for example Practitioner/prac-4601-01) so
// that tests, the EPJ simulator and documentation can name them.

import type {
  ContactPoint,
  HealthcareService,
  Organization,
  Practitioner,
  PractitionerRole,
} from '@medplum/fhirtypes';
import {
  EXTENSION,
  LEGEVAKT_SERVICE_TYPE,
  SYSTEM,
  VOLVEN_9151,
  WORKFLOW_SYSTEM,
  coding,
  municipalServiceToFhir,
} from '../../core/fhir';
import type { ClinicianRole } from '../directory';
import type {
  GpOfficeDef,
  InstitutionDef,
  MunicipalityDef,
  StaffDef,
  Street,
  ZoneDef,
} from './municipalities';

export const USERNAME_SYSTEM = 'https://varde.no/fhir/sid/test-username';
export const ROLE_SYSTEM = 'https://varde.no/fhir/CodeSystem/role';
/** Norwegian organisation number register (Enhetsregisteret). */
const ORGNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.101';

const ROLE_DISPLAY: Readonly<Record<ClinicianRole, string>> = {
  'home-care-nurse': 'Sykepleier i hjemmesykepleien',
  'legevakt-doctor': 'Lege på legevakt',
  'kad-nurse': 'Sykepleier KAD',
  administrator: 'Administrator',
};

/** A place that delivers services: the HealthcareService patients' vedtak point at. */
export interface ServiceLocation {
  healthcareServiceId: string;
  organizationId: string;
  name: string;
  typeCodes: string[];
  dayPhone: string;
  afterHoursPhone?: string;
  address?: Street;
}

export interface StaffMember extends StaffDef {
  practitionerId: string;
  organizationId: string;
  organizationName: string;
}

/** A fastlege as patients reference them (Patient.generalPractitioner). */
export interface GeneralPractitioner {
  practitionerId: string;
  name: string;
  officeId: string;
  officeName: string;
}

export interface MunicipalityDirectory {
  organizations: Organization[];
  healthcareServices: HealthcareService[];
  practitioners: Practitioner[];
  practitionerRoles: PractitionerRole[];
  staff: StaffMember[];
  municipalityOrgId: string;
  zoneOrgIds: Record<string, string>;
  /** GPs of the office of each zone, by zone key; `neighbour` for visitors from outside. */
  generalPractitioners: Record<string, GeneralPractitioner[]>;
  /** The legevakt's HealthcareService (type healthcare-service-type|legevakt). */
  legevaktServiceId: string;
  locations: {
    homeCare: Record<string, ServiceLocation>;
    practicalAssistance: Record<string, ServiceLocation>;
    alarm: ServiceLocation;
    meals: ServiceLocation;
    dayCentre: ServiceLocation;
    respiteAtHome: Record<string, ServiceLocation>;
    nursingHomes: ServiceLocation[];
    /** The municipal acute bed unit (KAD), for short stays (Volven 9151 code 18). */
    kad: ServiceLocation;
  };
}

const phone = (value: string, afterHours = false): ContactPoint => ({
  system: 'phone',
  value,
  use: 'work',
  rank: afterHours ? 2 : 1,
  ...(afterHours ? { extension: [{ url: EXTENSION.afterHours, valueBoolean: true }] } : {}),
});

const address = (s: Street) => ({
  use: 'work' as const,
  type: 'physical' as const,
  line: [s.street],
  postalCode: s.postalCode,
  city: s.city,
  country: 'NO',
});

/** Invented 9-digit organisation numbers in a series no real unit uses in this demo. */
const orgNumber = (tenantIndex: number, n: number) => `9${tenantIndex}${String(n).padStart(7, '0')}`;

export function buildMunicipalityDirectory(
  m: MunicipalityDef,
  tenantIndex: number,
  nursesPerZone: number,
): MunicipalityDirectory {
  const t = m.id;
  const organizations: Organization[] = [];
  const healthcareServices: HealthcareService[] = [];
  const municipalityOrgId = `org-${t}`;
  let orgCount = 0;

  const addOrg = (
    id: string,
    name: string,
    type: string,
    phones: ContactPoint[],
    street?: Street,
    partOf = true,
  ) => {
    orgCount += 1;
    organizations.push({
      resourceType: 'Organization',
      id,
      identifier: [{ system: ORGNR_SYSTEM, value: orgNumber(tenantIndex, orgCount) }],
      active: true,
      type: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/organization-type', type)] }],
      name,
      telecom: phones,
      ...(street ? { address: [address(street)] } : {}),
      ...(partOf ? { partOf: { reference: `Organization/${municipalityOrgId}`, display: m.name } } : {}),
    });
    return id;
  };

  const addService = (loc: ServiceLocation) => {
    // Core owns the HealthcareService shape (telecom with the after-hours extension, address
    // in a contained Location), so the location is run through its service mapping.
    const { healthcareService } = municipalServiceToFhir(
      {
        id: loc.healthcareServiceId,
        typeCode: loc.typeCodes[0] ?? '',
        typeDisplay: '',
        status: 'active',
        location: {
          name: loc.name,
          phone: loc.dayPhone,
          ...(loc.afterHoursPhone ? { afterHoursPhone: loc.afterHoursPhone } : {}),
          ...(loc.address
            ? { address: `${loc.address.street}, ${loc.address.postalCode} ${loc.address.city}` }
            : {}),
        },
        sourceSystem: m.ploSystem,
      },
      { patientId: '-', organizationId: loc.organizationId, healthcareServiceId: loc.healthcareServiceId },
    );
    if (!healthcareService) throw new Error(`no HealthcareService for ${loc.healthcareServiceId}`);
    healthcareServices.push({
      ...healthcareService,
      type: loc.typeCodes.map((c) => ({ coding: [coding(SYSTEM.volven9151, c, VOLVEN_9151[c])] })),
    });
    return loc;
  };

  addOrg(municipalityOrgId, m.name, 'govt', [phone(m.switchboardPhone)], undefined, false);

  const zoneOrgIds: Record<string, string> = {};
  const homeCare: Record<string, ServiceLocation> = {};
  const practicalAssistance: Record<string, ServiceLocation> = {};
  const respiteAtHome: Record<string, ServiceLocation> = {};
  for (const zone of m.zones) {
    const orgId = addOrg(`org-${t}-${zone.key}`, zone.name, 'prov', [phone(zone.dayPhone)]);
    zoneOrgIds[zone.key] = orgId;
    homeCare[zone.key] = addService(zoneLocation(t, zone, orgId, m.homeCareNight.phone));
    practicalAssistance[zone.key] = addService({
      healthcareServiceId: `hs-${t}-${zone.key}-pb`,
      organizationId: orgId,
      name: zone.practicalAssistanceName,
      typeCodes: ['1', '2'],
      dayPhone: zone.practicalAssistancePhone,
    });
    respiteAtHome[zone.key] = addService({
      healthcareServiceId: `hs-${t}-${zone.key}-avl`,
      organizationId: orgId,
      name: `Avlastning i hjemmet – ${zone.name.replace(/^Hjemmesykepleie(n)? /, '')}`,
      typeCodes: ['7'],
      dayPhone: zone.dayPhone,
      afterHoursPhone: m.homeCareNight.phone,
    });
  }
  addOrg(`org-${t}-hjemmesykepleie-natt`, m.homeCareNight.name, 'prov', [phone(m.homeCareNight.phone)]);

  const institution = (def: InstitutionDef, type: string) =>
    addOrg(
      `org-${t}-${def.key}`,
      def.name,
      type,
      [phone(def.dayPhone), phone(def.afterHoursPhone, true)],
      def.address,
    );
  const legevaktOrgId = institution(m.legevakt, 'prov');
  const kadOrgId = institution(m.kad, 'prov');
  const institutionLocation = (
    def: InstitutionDef,
    orgId: string,
    typeCodes: string[],
    suffix = '',
  ): ServiceLocation =>
    addService({
      healthcareServiceId: `hs-${t}-${def.key}${suffix}`,
      organizationId: orgId,
      name: def.name,
      typeCodes,
      dayPhone: def.dayPhone,
      ...(def.afterHoursPhone !== def.dayPhone || typeCodes.includes('6')
        ? { afterHoursPhone: def.afterHoursPhone }
        : {}),
      address: def.address,
    });
  const kad = institutionLocation(m.kad, kadOrgId, ['18']);
  const nursingHomes = m.nursingHomes.map((nh) =>
    institutionLocation(nh, institution(nh, 'prov'), ['8', '21']),
  );
  const alarm = institutionLocation(m.alarmCentre, institution(m.alarmCentre, 'prov'), ['6']);
  const meals = institutionLocation(m.kitchen, institution(m.kitchen, 'prov'), ['5']);
  const dayCentre = institutionLocation(m.dayCentre, institution(m.dayCentre, 'prov'), ['4']);

  // The legevakt as a service the escalation panel finds by type (it is open around the
  // clock, so one number). Added after the units above so their ids and numbers stay.
  const legevaktServiceId = `hs-${t}-legevakt`;
  healthcareServices.push({
    resourceType: 'HealthcareService',
    id: legevaktServiceId,
    active: true,
    providedBy: { reference: `Organization/${legevaktOrgId}`, display: m.legevakt.name },
    type: [{ coding: [coding(WORKFLOW_SYSTEM.healthcareServiceType, LEGEVAKT_SERVICE_TYPE, 'Legevakt')] }],
    name: m.legevakt.name,
    telecom: [phone(m.legevakt.dayPhone)],
    availabilityExceptions: 'Døgnåpen',
  });

  // Fastlege offices and their GPs (Patient.generalPractitioner): not municipal units, so
  // no partOf; the GPs are Practitioners without a username, never users of the platform.
  const generalPractitioners: Record<string, GeneralPractitioner[]> = {};
  const gpPractitioners: Practitioner[] = [];
  const addGpOffice = (office: GpOfficeDef, listKey: string) => {
    const officeId = addOrg(
      `gpo-${t}-${office.key}`,
      office.name,
      'prov',
      [phone(office.phone), { ...phone(office.staffPhone), rank: 2 }],
      office.address,
      false,
    );
    generalPractitioners[listKey] = office.doctors.map((d, i) => {
      const practitionerId = `gp-${t}-${office.key}-${i + 1}`;
      gpPractitioners.push({
        resourceType: 'Practitioner',
        id: practitionerId,
        identifier: [
          {
            system: SYSTEM.hpr,
            value: `8${tenantIndex}${String(orgCount).padStart(3, '0')}${i + 1}${i + 1}`,
          },
        ],
        active: true,
        name: [
          { use: 'official', family: d.family, given: d.given.split(' '), text: `${d.given} ${d.family}` },
        ],
        // The office's line for health personnel: what a nurse calls about an ill patient.
        telecom: [phone(office.staffPhone)],
      });
      return { practitionerId, name: `${d.given} ${d.family}`, officeId, officeName: office.name };
    });
  };
  for (const office of m.gpOffices) addGpOffice(office, office.zone ?? office.key);
  addGpOffice(m.neighbour.gpOffice, 'neighbour');

  // Staff: nurses are taken zone by zone (the list is ordered one per zone, repeated).
  const nurseCount = nursesPerZone * m.zones.length;
  const chosen = [
    ...m.staff.filter((s) => s.role === 'home-care-nurse').slice(0, nurseCount),
    ...m.staff.filter((s) => s.role !== 'home-care-nurse'),
  ];
  const orgFor = (s: StaffDef): { id: string; name: string } => {
    switch (s.role) {
      case 'home-care-nurse': {
        const zone = m.zones.find((z) => z.key === s.zone);
        if (!zone) throw new Error(`staff ${s.username}: unknown zone ${s.zone}`);
        return { id: zoneOrgIds[zone.key] as string, name: zone.name };
      }
      case 'legevakt-doctor':
        return { id: legevaktOrgId, name: m.legevakt.name };
      case 'kad-nurse':
        return { id: kadOrgId, name: m.kad.name };
      case 'administrator':
        return { id: municipalityOrgId, name: m.name };
    }
  };

  const staff: StaffMember[] = [];
  const practitioners: Practitioner[] = [];
  const practitionerRoles: PractitionerRole[] = [];
  m.staff.forEach((s, index) => {
    if (!chosen.includes(s)) return;
    // Ids follow the fixed staff list, so a user keeps their id when the nurse count changes.
    const practitionerId = `prac-${t}-${String(index + 1).padStart(2, '0')}`;
    const org = orgFor(s);
    const hpr =
      s.role === 'administrator' ? undefined : `9${tenantIndex}${String(index + 1).padStart(5, '0')}`;
    staff.push({
      ...s,
      ...(hpr ? { hpr } : {}),
      practitionerId,
      organizationId: org.id,
      organizationName: org.name,
    });
    practitioners.push({
      resourceType: 'Practitioner',
      id: practitionerId,
      identifier: [
        { system: USERNAME_SYSTEM, value: s.username },
        ...(hpr ? [{ system: SYSTEM.hpr, value: hpr }] : []),
      ],
      active: true,
      name: [{ use: 'official', family: s.family, given: [s.given], text: `${s.given} ${s.family}` }],
    });
    practitionerRoles.push({
      resourceType: 'PractitionerRole',
      id: `role-${t}-${String(index + 1).padStart(2, '0')}`,
      active: true,
      practitioner: { reference: `Practitioner/${practitionerId}`, display: `${s.given} ${s.family}` },
      organization: { reference: `Organization/${org.id}`, display: org.name },
      code: [{ coding: [coding(ROLE_SYSTEM, s.role, ROLE_DISPLAY[s.role])] }],
    });
  });

  practitioners.push(...gpPractitioners);

  return {
    organizations,
    healthcareServices,
    practitioners,
    practitionerRoles,
    staff,
    municipalityOrgId,
    zoneOrgIds,
    generalPractitioners,
    legevaktServiceId,
    locations: { homeCare, practicalAssistance, alarm, meals, dayCentre, respiteAtHome, nursingHomes, kad },
  };
}

function zoneLocation(t: string, zone: ZoneDef, orgId: string, nightPhone: string): ServiceLocation {
  return {
    healthcareServiceId: `hs-${t}-${zone.key}`,
    organizationId: orgId,
    name: zone.name,
    typeCodes: ['15'],
    dayPhone: zone.dayPhone,
    afterHoursPhone: nightPhone,
  };
}
