// The demo municipalities (tenants) of the reference platform: their units, addresses and
// staff. Unit names are invented but follow the municipalities' own naming; phone numbers
// are invented numbers in a fixed series per municipality (55 55 0x xx in Bergen,
// 51 55 0x xx in Stavanger) and must not be dialled. Staff are fixed (not seeded) so that
// test users stay the same for every seed.

import type { ClinicianRole } from '../directory';
import { SURNAMES_1103, SURNAMES_4601 } from './names';

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

const bergenStreet = (street: string, postalCode: string): Street => ({ street, postalCode, city: 'Bergen' });
const stavangerStreet = (street: string, postalCode: string): Street => ({
  street,
  postalCode,
  city: 'Stavanger',
});

const BERGEN: MunicipalityDef = {
  id: '4601',
  name: 'Bergen kommune',
  goLiveDate: '2025-09-01',
  ploSystem: 'Gerica',
  legevaktSystem: 'CosDoc',
  switchboardPhone: '55 55 00 00',
  zones: [
    {
      key: 'arstad',
      name: 'Hjemmesykepleien Årstad',
      practicalAssistanceName: 'Praktisk bistand Årstad',
      dayPhone: '55 55 01 10',
      practicalAssistancePhone: '55 55 01 20',
      streets: [
        bergenStreet('Kalfarveien', '5018'),
        bergenStreet('Fjøsangerveien', '5054'),
        bergenStreet('Inndalsveien', '5063'),
        bergenStreet('Solheimsgaten', '5058'),
        bergenStreet('Haukelandsveien', '5009'),
        bergenStreet('Landåssvingen', '5096'),
      ],
    },
    {
      key: 'fana',
      name: 'Hjemmesykepleien Fana',
      practicalAssistanceName: 'Praktisk bistand Fana',
      dayPhone: '55 55 01 30',
      practicalAssistancePhone: '55 55 01 40',
      streets: [
        bergenStreet('Nesttunbrekka', '5221'),
        bergenStreet('Fanaveien', '5244'),
        bergenStreet('Hordnesvegen', '5244'),
        bergenStreet('Skjoldvegen', '5236'),
        bergenStreet('Sandslimarka', '5254'),
      ],
    },
    {
      key: 'laksevag',
      name: 'Hjemmesykepleien Laksevåg',
      practicalAssistanceName: 'Praktisk bistand Laksevåg',
      dayPhone: '55 55 01 50',
      practicalAssistancePhone: '55 55 01 60',
      streets: [
        bergenStreet('Lyderhornsveien', '5171'),
        bergenStreet('Damsgårdsveien', '5160'),
        bergenStreet('Kringsjåveien', '5163'),
        bergenStreet('Olsvikveien', '5183'),
      ],
    },
    {
      key: 'asane',
      name: 'Hjemmesykepleien Åsane',
      practicalAssistanceName: 'Praktisk bistand Åsane',
      dayPhone: '55 55 01 70',
      practicalAssistancePhone: '55 55 01 80',
      streets: [
        bergenStreet('Hesthaugveien', '5119'),
        bergenStreet('Myrdalsvegen', '5130'),
        bergenStreet('Salhusvegen', '5107'),
        bergenStreet('Eidsvågbakken', '5105'),
        bergenStreet('Tertneskroken', '5113'),
      ],
    },
  ],
  homeCareNight: { name: 'Hjemmesykepleien natt Bergen', phone: '55 55 01 99' },
  legevakt: {
    key: 'legevakt',
    name: 'Bergen legevakt',
    dayPhone: '55 55 02 00',
    afterHoursPhone: '55 55 02 00',
    address: bergenStreet('Solheimsgaten 9', '5058'),
  },
  kad: {
    key: 'kad',
    name: 'Kommunal akutt døgnenhet Bergen',
    dayPhone: '55 55 02 10',
    afterHoursPhone: '55 55 02 11',
    address: bergenStreet('Solheimsgaten 9', '5058'),
  },
  nursingHomes: [
    {
      key: 'fjellsiden',
      name: 'Fjellsiden sykehjem',
      dayPhone: '55 55 03 10',
      afterHoursPhone: '55 55 03 11',
      address: bergenStreet('Fjellveien 40', '5019'),
    },
    {
      key: 'kvernhusbakken',
      name: 'Kvernhusbakken bo- og omsorgssenter',
      dayPhone: '55 55 03 20',
      afterHoursPhone: '55 55 03 21',
      address: bergenStreet('Kvernhusbakken 2', '5221'),
    },
  ],
  alarmCentre: {
    key: 'trygghetsalarm',
    name: 'Trygghetsalarm Bergen – responssenter',
    dayPhone: '55 55 04 00',
    afterHoursPhone: '55 55 04 00',
    address: bergenStreet('Kaigaten 4', '5016'),
  },
  kitchen: {
    key: 'kjokken',
    name: 'Bergen kommunale kjøkken – matombringing',
    dayPhone: '55 55 04 10',
    afterHoursPhone: '55 55 04 10',
    address: bergenStreet('Kanalveien 58', '5068'),
  },
  dayCentre: {
    key: 'dagsenter',
    name: 'Nesttun dagsenter',
    dayPhone: '55 55 04 20',
    afterHoursPhone: '55 55 04 20',
    address: bergenStreet('Nesttunbrekka 3', '5221'),
  },
  neighbour: {
    name: 'Askøy',
    code: '4627',
    streets: [
      { street: 'Kleppestøvegen', postalCode: '5300', city: 'Kleppestø' },
      { street: 'Strusshamnvegen', postalCode: '5302', city: 'Strusshamn' },
    ],
    gpOffice: {
      key: 'kleppesto',
      name: 'Kleppestø legesenter',
      phone: '55 55 06 10',
      staffPhone: '55 55 06 11',
      address: { street: 'Kleppestøvegen 10', postalCode: '5300', city: 'Kleppestø' },
      doctors: [{ given: 'Marit', family: 'Hjelmås' }],
    },
  },
  gpOffices: [
    {
      key: 'kalfaret',
      name: 'Kalfaret legekontor',
      zone: 'arstad',
      phone: '55 55 05 10',
      staffPhone: '55 55 05 11',
      address: bergenStreet('Kalfarveien 31', '5018'),
      doctors: [
        { given: 'Per', family: 'Olsen' },
        { given: 'Solveig', family: 'Rasmussen' },
        { given: 'Kjetil', family: 'Brekke' },
      ],
    },
    {
      key: 'nesttun',
      name: 'Nesttun legesenter',
      zone: 'fana',
      phone: '55 55 05 20',
      staffPhone: '55 55 05 21',
      address: bergenStreet('Nesttunbrekka 99', '5221'),
      doctors: [
        { given: 'Hilde', family: 'Mæland' },
        { given: 'Tor', family: 'Kvamme' },
      ],
    },
    {
      key: 'damsgard',
      name: 'Damsgård legegruppe',
      zone: 'laksevag',
      phone: '55 55 05 30',
      staffPhone: '55 55 05 31',
      address: bergenStreet('Damsgårdsveien 110', '5160'),
      doctors: [
        { given: 'Randi', family: 'Skogen' },
        { given: 'Jan Erik', family: 'Nilsen' },
      ],
    },
    {
      key: 'eidsvag',
      name: 'Eidsvåg legekontor',
      zone: 'asane',
      phone: '55 55 05 40',
      staffPhone: '55 55 05 41',
      address: bergenStreet('Eidsvågbakken 6', '5105'),
      doctors: [
        { given: 'Lise', family: 'Haugland' },
        { given: 'Ørjan', family: 'Tveit' },
      ],
    },
  ],
  surnames: SURNAMES_4601,
  staff: [
    { username: 'kari.nordmann', given: 'Kari', family: 'Nordmann', role: 'home-care-nurse', zone: 'arstad' },
    { username: 'silje.mjelde', given: 'Silje', family: 'Mjelde', role: 'home-care-nurse', zone: 'fana' },
    {
      username: 'jonas.haukeland',
      given: 'Jonas',
      family: 'Haukeland',
      role: 'home-care-nurse',
      zone: 'laksevag',
    },
    { username: 'marte.vik', given: 'Marte', family: 'Vik', role: 'home-care-nurse', zone: 'asane' },
    { username: 'thea.sovik', given: 'Thea', family: 'Søvik', role: 'home-care-nurse', zone: 'arstad' },
    { username: 'emil.fosse', given: 'Emil', family: 'Fosse', role: 'home-care-nurse', zone: 'fana' },
    { username: 'hanne.rong', given: 'Hanne', family: 'Rong', role: 'home-care-nurse', zone: 'laksevag' },
    { username: 'ida.hatlestad', given: 'Ida', family: 'Hatlestad', role: 'home-care-nurse', zone: 'asane' },
    { username: 'amir.rahimi', given: 'Amir', family: 'Rahimi', role: 'home-care-nurse', zone: 'arstad' },
    { username: 'nora.aadland', given: 'Nora', family: 'Aadland', role: 'home-care-nurse', zone: 'fana' },
    { username: 'erik.hopland', given: 'Erik', family: 'Hopland', role: 'home-care-nurse', zone: 'laksevag' },
    { username: 'ane.storebo', given: 'Ane', family: 'Storebø', role: 'home-care-nurse', zone: 'asane' },
    { username: 'lege.hansen', given: 'Anders', family: 'Hansen', role: 'legevakt-doctor' },
    { username: 'lege.dale', given: 'Ingrid', family: 'Dale', role: 'legevakt-doctor' },
    { username: 'tone.berg', given: 'Tone', family: 'Berg', role: 'kad-nurse' },
    { username: 'admin.bergen', given: 'Geir', family: 'Sandvik', role: 'administrator' },
  ],
};

const STAVANGER: MunicipalityDef = {
  id: '1103',
  name: 'Stavanger kommune',
  goLiveDate: '2026-01-15',
  ploSystem: 'Profil',
  legevaktSystem: 'CosDoc',
  switchboardPhone: '51 55 00 00',
  zones: [
    {
      key: 'nord',
      name: 'Hjemmesykepleie sone Nord',
      practicalAssistanceName: 'Praktisk bistand sone Nord',
      dayPhone: '51 55 01 10',
      practicalAssistancePhone: '51 55 01 20',
      streets: [
        stavangerStreet('Hundvågveien', '4085'),
        stavangerStreet('Austbøveien', '4085'),
        stavangerStreet('Pedersgata', '4013'),
        stavangerStreet('Nymansveien', '4010'),
      ],
    },
    {
      key: 'sor',
      name: 'Hjemmesykepleie sone Sør',
      practicalAssistanceName: 'Praktisk bistand sone Sør',
      dayPhone: '51 55 01 30',
      practicalAssistancePhone: '51 55 01 40',
      streets: [
        stavangerStreet('Gauselbakken', '4032'),
        stavangerStreet('Hinnasvingen', '4020'),
        stavangerStreet('Jåttåveien', '4020'),
        stavangerStreet('Godesetdalen', '4034'),
      ],
    },
    {
      key: 'ost',
      name: 'Hjemmesykepleie sone Øst',
      practicalAssistanceName: 'Praktisk bistand sone Øst',
      dayPhone: '51 55 01 50',
      practicalAssistancePhone: '51 55 01 60',
      streets: [
        stavangerStreet('Hillevågsveien', '4016'),
        stavangerStreet('Vålandsbakken', '4011'),
        stavangerStreet('Ullandhaugveien', '4021'),
        stavangerStreet('Kvernevikveien', '4018'),
      ],
    },
    {
      key: 'vest',
      name: 'Hjemmesykepleie sone Vest',
      practicalAssistanceName: 'Praktisk bistand sone Vest',
      dayPhone: '51 55 01 70',
      practicalAssistancePhone: '51 55 01 80',
      streets: [
        stavangerStreet('Tastaveien', '4027'),
        stavangerStreet('Revheimsveien', '4043'),
        stavangerStreet('Madlamarkveien', '4041'),
        stavangerStreet('Sunde terrasse', '4029'),
      ],
    },
  ],
  homeCareNight: { name: 'Hjemmesykepleie natt Stavanger', phone: '51 55 01 99' },
  legevakt: {
    key: 'legevakt',
    name: 'Stavanger legevakt',
    dayPhone: '51 55 02 00',
    afterHoursPhone: '51 55 02 00',
    address: stavangerStreet('Armauer Hansens vei 30', '4011'),
  },
  kad: {
    key: 'kad',
    name: 'Stavanger kommunale akutte døgnenhet',
    dayPhone: '51 55 02 10',
    afterHoursPhone: '51 55 02 11',
    address: stavangerStreet('Armauer Hansens vei 30', '4011'),
  },
  nursingHomes: [
    {
      key: 'vaganes',
      name: 'Våganes sykehjem',
      dayPhone: '51 55 03 10',
      afterHoursPhone: '51 55 03 11',
      address: stavangerStreet('Vågsgata 12', '4006'),
    },
    {
      key: 'lundsvagen',
      name: 'Lundsvågen omsorgssenter',
      dayPhone: '51 55 03 20',
      afterHoursPhone: '51 55 03 21',
      address: stavangerStreet('Lundsvågen 5', '4085'),
    },
  ],
  alarmCentre: {
    key: 'trygghetsalarm',
    name: 'Trygghetsalarm Stavanger – responssenter',
    dayPhone: '51 55 04 00',
    afterHoursPhone: '51 55 04 00',
    address: stavangerStreet('Olav Kyrres gate 19', '4005'),
  },
  kitchen: {
    key: 'kjokken',
    name: 'Stavanger matombringing',
    dayPhone: '51 55 04 10',
    afterHoursPhone: '51 55 04 10',
    address: stavangerStreet('Forusbeen 20', '4033'),
  },
  dayCentre: {
    key: 'dagsenter',
    name: 'Hinna dagsenter',
    dayPhone: '51 55 04 20',
    afterHoursPhone: '51 55 04 20',
    address: stavangerStreet('Hinnasvingen 8', '4020'),
  },
  neighbour: {
    name: 'Sandnes',
    code: '1108',
    streets: [
      { street: 'Langgata', postalCode: '4306', city: 'Sandnes' },
      { street: 'Gravarsveien', postalCode: '4306', city: 'Sandnes' },
    ],
    gpOffice: {
      key: 'sandnes-sentrum',
      name: 'Sandnes sentrum legekontor',
      phone: '51 55 06 10',
      staffPhone: '51 55 06 11',
      address: { street: 'Langgata 40', postalCode: '4306', city: 'Sandnes' },
      doctors: [{ given: 'Terje', family: 'Undheim' }],
    },
  },
  gpOffices: [
    {
      key: 'hundvag',
      name: 'Hundvåg legesenter',
      zone: 'nord',
      phone: '51 55 05 10',
      staffPhone: '51 55 05 11',
      address: stavangerStreet('Hundvågveien 20', '4085'),
      doctors: [
        { given: 'Gunhild', family: 'Fjelde' },
        { given: 'Rune', family: 'Thorsen' },
      ],
    },
    {
      key: 'hinna',
      name: 'Hinna legekontor',
      zone: 'sor',
      phone: '51 55 05 20',
      staffPhone: '51 55 05 21',
      address: stavangerStreet('Hinnasvingen 40', '4020'),
      doctors: [
        { given: 'Karin', family: 'Oftedal' },
        { given: 'Bjarne', family: 'Serigstad' },
      ],
    },
    {
      key: 'hillevag',
      name: 'Hillevåg legegruppe',
      zone: 'ost',
      phone: '51 55 05 30',
      staffPhone: '51 55 05 31',
      address: stavangerStreet('Hillevågsveien 15', '4016'),
      doctors: [
        { given: 'Anne Lise', family: 'Bore' },
        { given: 'Stian', family: 'Rygh' },
      ],
    },
    {
      key: 'tasta',
      name: 'Tasta legesenter',
      zone: 'vest',
      phone: '51 55 05 40',
      staffPhone: '51 55 05 41',
      address: stavangerStreet('Tastaveien 60', '4027'),
      doctors: [
        { given: 'Eirik', family: 'Hognestad' },
        { given: 'Silje', family: 'Thu' },
      ],
    },
  ],
  surnames: SURNAMES_1103,
  staff: [
    { username: 'siri.tjelta', given: 'Siri', family: 'Tjelta', role: 'home-care-nurse', zone: 'nord' },
    { username: 'lars.egeland', given: 'Lars', family: 'Egeland', role: 'home-care-nurse', zone: 'sor' },
    { username: 'maria.helgo', given: 'Maria', family: 'Helgø', role: 'home-care-nurse', zone: 'ost' },
    { username: 'ingvild.sola', given: 'Ingvild', family: 'Sola', role: 'home-care-nurse', zone: 'vest' },
    {
      username: 'camilla.hetland',
      given: 'Camilla',
      family: 'Hetland',
      role: 'home-care-nurse',
      zone: 'nord',
    },
    { username: 'sander.bo', given: 'Sander', family: 'Bø', role: 'home-care-nurse', zone: 'sor' },
    { username: 'julie.stokka', given: 'Julie', family: 'Stokka', role: 'home-care-nurse', zone: 'ost' },
    { username: 'fatima.ali', given: 'Fatima', family: 'Ali', role: 'home-care-nurse', zone: 'vest' },
    { username: 'kristin.ueland', given: 'Kristin', family: 'Ueland', role: 'home-care-nurse', zone: 'nord' },
    { username: 'henrik.madland', given: 'Henrik', family: 'Madland', role: 'home-care-nurse', zone: 'sor' },
    { username: 'vilde.auestad', given: 'Vilde', family: 'Auestad', role: 'home-care-nurse', zone: 'ost' },
    { username: 'ole.vaaland', given: 'Ole', family: 'Vaaland', role: 'home-care-nurse', zone: 'vest' },
    { username: 'lege.larsen', given: 'Morten', family: 'Larsen', role: 'legevakt-doctor' },
    { username: 'lege.tungland', given: 'Hilde', family: 'Tungland', role: 'legevakt-doctor' },
    { username: 'eva.ravndal', given: 'Eva', family: 'Ravndal', role: 'kad-nurse' },
    { username: 'admin.stavanger', given: 'Trond', family: 'Nesvik', role: 'administrator' },
  ],
};

export const MUNICIPALITIES: readonly MunicipalityDef[] = [BERGEN, STAVANGER];
