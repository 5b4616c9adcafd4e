// buildMunicipality: one demo municipality from its compact row (municipalities.ts). The
// row holds only what differs between municipalities (names, streets, people); the builder
// adds what is the same shape in each: the fixed keys of the institutions, the city of the
// municipality's streets and the invented phone numbering plan below.
//
// Phone numbering plan, after the municipality's prefix ("55 55" Bergen, "51 55" Stavanger):
//   00 00 switchboard · 01 x0 home-care zone i: day 01 (10 + 20i), practical assistance
//   01 (20 + 20i) · 01 99 home care at night · 02 00 legevakt (day and night) · 02 10/11 KAD
//   (day / ward) · 03 (10 + 10i)/+1 nursing home i (day / ward) · 04 00 safety alarm ·
//   04 10 meal delivery · 04 20 day centre · 05 (10 + 10i)/+1 GP office i (patients / staff)
//   · 06 10/11 the neighbour municipality's GP office (patients / staff).

import type { ClinicianRole } from '../directory';
import type {
  GpOfficeDef,
  InstitutionDef,
  MunicipalityDef,
  StaffDef,
  Street,
  TenantId,
  ZoneDef,
} from './municipalityTypes';

/** A street of the municipality itself: [street, postal code]. */
export type LocalStreet = readonly [street: string, postalCode: string];
/** A person's name: [given, family]. */
export type PersonName = readonly [given: string, family: string];
/** A member of staff: [username, given, family, role, zone key of a home-care nurse]. */
export type StaffRow = readonly [
  username: string,
  given: string,
  family: string,
  role: ClinicianRole,
  zone?: string,
];

export interface MunicipalityRow {
  id: TenantId;
  name: string;
  /** City of every street of the municipality (addresses in a neighbour carry their own). */
  city: string;
  /** First four digits of every phone number, e.g. "55 55". */
  phonePrefix: string;
  goLiveDate: string;
  ploSystem: string;
  legevaktSystem: string;
  /** How the zones' services are named: `${homeCare} ${area}`, `${practicalAssistance} ${area}`. */
  zoneNaming: { homeCare: string; practicalAssistance: string };
  zones: readonly { key: string; area: string; streets: readonly LocalStreet[] }[];
  homeCareNightName: string;
  /** Institutions with one address each; the legevakt and the KAD unit share the legevakt's. */
  legevakt: { name: string; address: LocalStreet };
  kadName: string;
  nursingHomes: readonly { key: string; name: string; address: LocalStreet }[];
  alarmCentre: { name: string; address: LocalStreet };
  kitchen: { name: string; address: LocalStreet };
  dayCentre: { name: string; address: LocalStreet };
  neighbour: {
    name: string;
    code: string;
    streets: readonly Street[];
    gpOffice: { key: string; name: string; address: Street; doctors: readonly PersonName[] };
  };
  /** One office per zone, in the zones' order. */
  gpOffices: readonly {
    key: string;
    name: string;
    zone: string;
    address: LocalStreet;
    doctors: readonly PersonName[];
  }[];
  surnames: readonly string[];
  staff: readonly StaffRow[];
}

export function buildMunicipality(row: MunicipalityRow): MunicipalityDef {
  const phone = (local: string): string => `${row.phonePrefix} ${local}`;
  const street = ([name, postalCode]: LocalStreet): Street => ({ street: name, postalCode, city: row.city });
  const doctors = (names: readonly PersonName[]) => names.map(([given, family]) => ({ given, family }));
  /** An institution on `series` (e.g. "02 10"); a ward's number is the next one, else the same. */
  const institution = (
    key: string,
    name: string,
    address: LocalStreet,
    series: string,
    ward: 'ward' | 'same-number',
  ): InstitutionDef => ({
    key,
    name,
    dayPhone: phone(series),
    afterHoursPhone: phone(ward === 'ward' ? nextNumber(series) : series),
    address: street(address),
  });

  const zones = row.zones.map((z, i): ZoneDef => ({
    key: z.key,
    name: `${row.zoneNaming.homeCare} ${z.area}`,
    practicalAssistanceName: `${row.zoneNaming.practicalAssistance} ${z.area}`,
    dayPhone: phone(`01 ${10 + 20 * i}`),
    practicalAssistancePhone: phone(`01 ${20 + 20 * i}`),
    streets: z.streets.map(street),
  }));
  const n = row.neighbour;
  const neighbourOffice: GpOfficeDef = {
    key: n.gpOffice.key,
    name: n.gpOffice.name,
    phone: phone('06 10'),
    staffPhone: phone('06 11'),
    address: n.gpOffice.address,
    doctors: doctors(n.gpOffice.doctors),
  };
  return {
    id: row.id,
    name: row.name,
    goLiveDate: row.goLiveDate,
    ploSystem: row.ploSystem,
    legevaktSystem: row.legevaktSystem,
    switchboardPhone: phone('00 00'),
    zones,
    homeCareNight: { name: row.homeCareNightName, phone: phone('01 99') },
    legevakt: institution('legevakt', row.legevakt.name, row.legevakt.address, '02 00', 'same-number'),
    kad: institution('kad', row.kadName, row.legevakt.address, '02 10', 'ward'),
    nursingHomes: row.nursingHomes.map((h, i) =>
      institution(h.key, h.name, h.address, `03 ${10 + 10 * i}`, 'ward'),
    ),
    alarmCentre: institution(
      'trygghetsalarm',
      row.alarmCentre.name,
      row.alarmCentre.address,
      '04 00',
      'same-number',
    ),
    kitchen: institution('kjokken', row.kitchen.name, row.kitchen.address, '04 10', 'same-number'),
    dayCentre: institution('dagsenter', row.dayCentre.name, row.dayCentre.address, '04 20', 'same-number'),
    neighbour: { name: n.name, code: n.code, streets: n.streets, gpOffice: neighbourOffice },
    gpOffices: row.gpOffices.map((o, i): GpOfficeDef => ({
      key: o.key,
      name: o.name,
      zone: o.zone,
      phone: phone(`05 ${10 + 10 * i}`),
      staffPhone: phone(`05 ${11 + 10 * i}`),
      address: street(o.address),
      doctors: doctors(o.doctors),
    })),
    surnames: row.surnames,
    staff: row.staff.map(([username, given, family, role, zone]): StaffDef => ({
      username,
      given,
      family,
      role,
      ...(zone ? { zone } : {}),
    })),
  };
}

/** "02 10" -> "02 11": the two-digit local number after `series`. */
function nextNumber(series: string): string {
  const [block, number] = series.split(' ');
  return `${block} ${String(Number(number) + 1).padStart(2, '0')}`;
}
