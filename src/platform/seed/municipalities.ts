// The demo municipalities (tenants) of the reference platform: their units, addresses and
// staff, one compact row each (municipalityBuilder.ts adds the shared shape and the phone
// numbering plan). Unit names are invented but follow the municipalities' own naming; phone
// numbers are invented numbers in a fixed series per municipality (55 55 0x xx in Bergen,
// 51 55 0x xx in Stavanger) and must not be dialled. Staff are fixed (not seeded) so that
// test users stay the same for every seed.

import { buildMunicipality } from './municipalityBuilder';
import type { MunicipalityDef } from './municipalityTypes';
import { SURNAMES_1103, SURNAMES_4601 } from './names';

export type {
  GpOfficeDef,
  InstitutionDef,
  MunicipalityDef,
  StaffDef,
  Street,
  TenantId,
  ZoneDef,
} from './municipalityTypes';

const BERGEN = buildMunicipality({
  id: '4601',
  name: 'Bergen kommune',
  city: 'Bergen',
  phonePrefix: '55 55',
  goLiveDate: '2025-09-01',
  ploSystem: 'Gerica',
  legevaktSystem: 'CosDoc',
  zoneNaming: { homeCare: 'Hjemmesykepleien', practicalAssistance: 'Praktisk bistand' },
  zones: [
    {
      key: 'arstad',
      area: 'Årstad',
      streets: [
        ['Kalfarveien', '5018'],
        ['Fjøsangerveien', '5054'],
        ['Inndalsveien', '5063'],
        ['Solheimsgaten', '5058'],
        ['Haukelandsveien', '5009'],
        ['Landåssvingen', '5096'],
      ],
    },
    {
      key: 'fana',
      area: 'Fana',
      streets: [
        ['Nesttunbrekka', '5221'],
        ['Fanaveien', '5244'],
        ['Hordnesvegen', '5244'],
        ['Skjoldvegen', '5236'],
        ['Sandslimarka', '5254'],
      ],
    },
    {
      key: 'laksevag',
      area: 'Laksevåg',
      streets: [
        ['Lyderhornsveien', '5171'],
        ['Damsgårdsveien', '5160'],
        ['Kringsjåveien', '5163'],
        ['Olsvikveien', '5183'],
      ],
    },
    {
      key: 'asane',
      area: 'Åsane',
      streets: [
        ['Hesthaugveien', '5119'],
        ['Myrdalsvegen', '5130'],
        ['Salhusvegen', '5107'],
        ['Eidsvågbakken', '5105'],
        ['Tertneskroken', '5113'],
      ],
    },
  ],
  homeCareNightName: 'Hjemmesykepleien natt Bergen',
  legevakt: { name: 'Bergen legevakt', address: ['Solheimsgaten 9', '5058'] },
  kadName: 'Kommunal akutt døgnenhet Bergen',
  nursingHomes: [
    { key: 'fjellsiden', name: 'Fjellsiden sykehjem', address: ['Fjellveien 40', '5019'] },
    {
      key: 'kvernhusbakken',
      name: 'Kvernhusbakken bo- og omsorgssenter',
      address: ['Kvernhusbakken 2', '5221'],
    },
  ],
  alarmCentre: { name: 'Trygghetsalarm Bergen – responssenter', address: ['Kaigaten 4', '5016'] },
  kitchen: { name: 'Bergen kommunale kjøkken – matombringing', address: ['Kanalveien 58', '5068'] },
  dayCentre: { name: 'Nesttun dagsenter', address: ['Nesttunbrekka 3', '5221'] },
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
      address: { street: 'Kleppestøvegen 10', postalCode: '5300', city: 'Kleppestø' },
      doctors: [['Marit', 'Hjelmås']],
    },
  },
  gpOffices: [
    {
      key: 'kalfaret',
      name: 'Kalfaret legekontor',
      zone: 'arstad',
      address: ['Kalfarveien 31', '5018'],
      doctors: [
        ['Per', 'Olsen'],
        ['Solveig', 'Rasmussen'],
        ['Kjetil', 'Brekke'],
      ],
    },
    {
      key: 'nesttun',
      name: 'Nesttun legesenter',
      zone: 'fana',
      address: ['Nesttunbrekka 99', '5221'],
      doctors: [
        ['Hilde', 'Mæland'],
        ['Tor', 'Kvamme'],
      ],
    },
    {
      key: 'damsgard',
      name: 'Damsgård legegruppe',
      zone: 'laksevag',
      address: ['Damsgårdsveien 110', '5160'],
      doctors: [
        ['Randi', 'Skogen'],
        ['Jan Erik', 'Nilsen'],
      ],
    },
    {
      key: 'eidsvag',
      name: 'Eidsvåg legekontor',
      zone: 'asane',
      address: ['Eidsvågbakken 6', '5105'],
      doctors: [
        ['Lise', 'Haugland'],
        ['Ørjan', 'Tveit'],
      ],
    },
  ],
  surnames: SURNAMES_4601,
  staff: [
    ['kari.nordmann', 'Kari', 'Nordmann', 'home-care-nurse', 'arstad'],
    ['silje.mjelde', 'Silje', 'Mjelde', 'home-care-nurse', 'fana'],
    ['jonas.haukeland', 'Jonas', 'Haukeland', 'home-care-nurse', 'laksevag'],
    ['marte.vik', 'Marte', 'Vik', 'home-care-nurse', 'asane'],
    ['thea.sovik', 'Thea', 'Søvik', 'home-care-nurse', 'arstad'],
    ['emil.fosse', 'Emil', 'Fosse', 'home-care-nurse', 'fana'],
    ['hanne.rong', 'Hanne', 'Rong', 'home-care-nurse', 'laksevag'],
    ['ida.hatlestad', 'Ida', 'Hatlestad', 'home-care-nurse', 'asane'],
    ['amir.rahimi', 'Amir', 'Rahimi', 'home-care-nurse', 'arstad'],
    ['nora.aadland', 'Nora', 'Aadland', 'home-care-nurse', 'fana'],
    ['erik.hopland', 'Erik', 'Hopland', 'home-care-nurse', 'laksevag'],
    ['ane.storebo', 'Ane', 'Storebø', 'home-care-nurse', 'asane'],
    ['lege.hansen', 'Anders', 'Hansen', 'legevakt-doctor'],
    ['lege.dale', 'Ingrid', 'Dale', 'legevakt-doctor'],
    ['tone.berg', 'Tone', 'Berg', 'kad-nurse'],
    ['admin.bergen', 'Geir', 'Sandvik', 'administrator'],
  ],
});

const STAVANGER = buildMunicipality({
  id: '1103',
  name: 'Stavanger kommune',
  city: 'Stavanger',
  phonePrefix: '51 55',
  goLiveDate: '2026-01-15',
  ploSystem: 'Profil',
  legevaktSystem: 'CosDoc',
  zoneNaming: { homeCare: 'Hjemmesykepleie sone', practicalAssistance: 'Praktisk bistand sone' },
  zones: [
    {
      key: 'nord',
      area: 'Nord',
      streets: [
        ['Hundvågveien', '4085'],
        ['Austbøveien', '4085'],
        ['Pedersgata', '4013'],
        ['Nymansveien', '4010'],
      ],
    },
    {
      key: 'sor',
      area: 'Sør',
      streets: [
        ['Gauselbakken', '4032'],
        ['Hinnasvingen', '4020'],
        ['Jåttåveien', '4020'],
        ['Godesetdalen', '4034'],
      ],
    },
    {
      key: 'ost',
      area: 'Øst',
      streets: [
        ['Hillevågsveien', '4016'],
        ['Vålandsbakken', '4011'],
        ['Ullandhaugveien', '4021'],
        ['Kvernevikveien', '4018'],
      ],
    },
    {
      key: 'vest',
      area: 'Vest',
      streets: [
        ['Tastaveien', '4027'],
        ['Revheimsveien', '4043'],
        ['Madlamarkveien', '4041'],
        ['Sunde terrasse', '4029'],
      ],
    },
  ],
  homeCareNightName: 'Hjemmesykepleie natt Stavanger',
  legevakt: { name: 'Stavanger legevakt', address: ['Armauer Hansens vei 30', '4011'] },
  kadName: 'Stavanger kommunale akutte døgnenhet',
  nursingHomes: [
    { key: 'vaganes', name: 'Våganes sykehjem', address: ['Vågsgata 12', '4006'] },
    { key: 'lundsvagen', name: 'Lundsvågen omsorgssenter', address: ['Lundsvågen 5', '4085'] },
  ],
  alarmCentre: { name: 'Trygghetsalarm Stavanger – responssenter', address: ['Olav Kyrres gate 19', '4005'] },
  kitchen: { name: 'Stavanger matombringing', address: ['Forusbeen 20', '4033'] },
  dayCentre: { name: 'Hinna dagsenter', address: ['Hinnasvingen 8', '4020'] },
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
      address: { street: 'Langgata 40', postalCode: '4306', city: 'Sandnes' },
      doctors: [['Terje', 'Undheim']],
    },
  },
  gpOffices: [
    {
      key: 'hundvag',
      name: 'Hundvåg legesenter',
      zone: 'nord',
      address: ['Hundvågveien 20', '4085'],
      doctors: [
        ['Gunhild', 'Fjelde'],
        ['Rune', 'Thorsen'],
      ],
    },
    {
      key: 'hinna',
      name: 'Hinna legekontor',
      zone: 'sor',
      address: ['Hinnasvingen 40', '4020'],
      doctors: [
        ['Karin', 'Oftedal'],
        ['Bjarne', 'Serigstad'],
      ],
    },
    {
      key: 'hillevag',
      name: 'Hillevåg legegruppe',
      zone: 'ost',
      address: ['Hillevågsveien 15', '4016'],
      doctors: [
        ['Anne Lise', 'Bore'],
        ['Stian', 'Rygh'],
      ],
    },
    {
      key: 'tasta',
      name: 'Tasta legesenter',
      zone: 'vest',
      address: ['Tastaveien 60', '4027'],
      doctors: [
        ['Eirik', 'Hognestad'],
        ['Silje', 'Thu'],
      ],
    },
  ],
  surnames: SURNAMES_1103,
  staff: [
    ['siri.tjelta', 'Siri', 'Tjelta', 'home-care-nurse', 'nord'],
    ['lars.egeland', 'Lars', 'Egeland', 'home-care-nurse', 'sor'],
    ['maria.helgo', 'Maria', 'Helgø', 'home-care-nurse', 'ost'],
    ['ingvild.sola', 'Ingvild', 'Sola', 'home-care-nurse', 'vest'],
    ['camilla.hetland', 'Camilla', 'Hetland', 'home-care-nurse', 'nord'],
    ['sander.bo', 'Sander', 'Bø', 'home-care-nurse', 'sor'],
    ['julie.stokka', 'Julie', 'Stokka', 'home-care-nurse', 'ost'],
    ['fatima.ali', 'Fatima', 'Ali', 'home-care-nurse', 'vest'],
    ['kristin.ueland', 'Kristin', 'Ueland', 'home-care-nurse', 'nord'],
    ['henrik.madland', 'Henrik', 'Madland', 'home-care-nurse', 'sor'],
    ['vilde.auestad', 'Vilde', 'Auestad', 'home-care-nurse', 'ost'],
    ['ole.vaaland', 'Ole', 'Vaaland', 'home-care-nurse', 'vest'],
    ['lege.larsen', 'Morten', 'Larsen', 'legevakt-doctor'],
    ['lege.tungland', 'Hilde', 'Tungland', 'legevakt-doctor'],
    ['eva.ravndal', 'Eva', 'Ravndal', 'kad-nurse'],
    ['admin.stavanger', 'Trond', 'Nesvik', 'administrator'],
  ],
});

export const MUNICIPALITIES: readonly MunicipalityDef[] = [BERGEN, STAVANGER];
