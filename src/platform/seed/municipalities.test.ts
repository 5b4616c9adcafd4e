// The phone numbering plan and addresses municipalityBuilder.ts derives from the compact rows,
// pinned to the values the hand-written tables held before the rows replaced them (the whole
// generated dataset hashed the same before and after that change).

import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from './municipalities';
import type { MunicipalityDef } from './municipalityTypes';

function phoneBook(m: MunicipalityDef): string[][] {
  const at = (a: { street: string; postalCode: string; city: string }) =>
    `${a.street}, ${a.postalCode} ${a.city}`;
  const rows: string[][] = [['switchboard', m.switchboardPhone]];
  for (const z of m.zones)
    rows.push([z.name, z.dayPhone], [z.practicalAssistanceName, z.practicalAssistancePhone]);
  rows.push([m.homeCareNight.name, m.homeCareNight.phone]);
  for (const i of [m.legevakt, m.kad, ...m.nursingHomes, m.alarmCentre, m.kitchen, m.dayCentre])
    rows.push([i.name, i.dayPhone, i.afterHoursPhone, at(i.address)]);
  for (const o of [...m.gpOffices, m.neighbour.gpOffice])
    rows.push([o.name, o.phone, o.staffPhone, at(o.address)]);
  return rows;
}

const BERGEN = [
  ['switchboard', '55 55 00 00'],
  ['Hjemmesykepleien Årstad', '55 55 01 10'],
  ['Praktisk bistand Årstad', '55 55 01 20'],
  ['Hjemmesykepleien Fana', '55 55 01 30'],
  ['Praktisk bistand Fana', '55 55 01 40'],
  ['Hjemmesykepleien Laksevåg', '55 55 01 50'],
  ['Praktisk bistand Laksevåg', '55 55 01 60'],
  ['Hjemmesykepleien Åsane', '55 55 01 70'],
  ['Praktisk bistand Åsane', '55 55 01 80'],
  ['Hjemmesykepleien natt Bergen', '55 55 01 99'],
  ['Bergen legevakt', '55 55 02 00', '55 55 02 00', 'Solheimsgaten 9, 5058 Bergen'],
  ['Kommunal akutt døgnenhet Bergen', '55 55 02 10', '55 55 02 11', 'Solheimsgaten 9, 5058 Bergen'],
  ['Fjellsiden sykehjem', '55 55 03 10', '55 55 03 11', 'Fjellveien 40, 5019 Bergen'],
  ['Kvernhusbakken bo- og omsorgssenter', '55 55 03 20', '55 55 03 21', 'Kvernhusbakken 2, 5221 Bergen'],
  ['Trygghetsalarm Bergen – responssenter', '55 55 04 00', '55 55 04 00', 'Kaigaten 4, 5016 Bergen'],
  ['Bergen kommunale kjøkken – matombringing', '55 55 04 10', '55 55 04 10', 'Kanalveien 58, 5068 Bergen'],
  ['Nesttun dagsenter', '55 55 04 20', '55 55 04 20', 'Nesttunbrekka 3, 5221 Bergen'],
  ['Kalfaret legekontor', '55 55 05 10', '55 55 05 11', 'Kalfarveien 31, 5018 Bergen'],
  ['Nesttun legesenter', '55 55 05 20', '55 55 05 21', 'Nesttunbrekka 99, 5221 Bergen'],
  ['Damsgård legegruppe', '55 55 05 30', '55 55 05 31', 'Damsgårdsveien 110, 5160 Bergen'],
  ['Eidsvåg legekontor', '55 55 05 40', '55 55 05 41', 'Eidsvågbakken 6, 5105 Bergen'],
  ['Kleppestø legesenter', '55 55 06 10', '55 55 06 11', 'Kleppestøvegen 10, 5300 Kleppestø'],
];

const STAVANGER = [
  ['switchboard', '51 55 00 00'],
  ['Hjemmesykepleie sone Nord', '51 55 01 10'],
  ['Praktisk bistand sone Nord', '51 55 01 20'],
  ['Hjemmesykepleie sone Sør', '51 55 01 30'],
  ['Praktisk bistand sone Sør', '51 55 01 40'],
  ['Hjemmesykepleie sone Øst', '51 55 01 50'],
  ['Praktisk bistand sone Øst', '51 55 01 60'],
  ['Hjemmesykepleie sone Vest', '51 55 01 70'],
  ['Praktisk bistand sone Vest', '51 55 01 80'],
  ['Hjemmesykepleie natt Stavanger', '51 55 01 99'],
  ['Stavanger legevakt', '51 55 02 00', '51 55 02 00', 'Armauer Hansens vei 30, 4011 Stavanger'],
  [
    'Stavanger kommunale akutte døgnenhet',
    '51 55 02 10',
    '51 55 02 11',
    'Armauer Hansens vei 30, 4011 Stavanger',
  ],
  ['Våganes sykehjem', '51 55 03 10', '51 55 03 11', 'Vågsgata 12, 4006 Stavanger'],
  ['Lundsvågen omsorgssenter', '51 55 03 20', '51 55 03 21', 'Lundsvågen 5, 4085 Stavanger'],
  [
    'Trygghetsalarm Stavanger – responssenter',
    '51 55 04 00',
    '51 55 04 00',
    'Olav Kyrres gate 19, 4005 Stavanger',
  ],
  ['Stavanger matombringing', '51 55 04 10', '51 55 04 10', 'Forusbeen 20, 4033 Stavanger'],
  ['Hinna dagsenter', '51 55 04 20', '51 55 04 20', 'Hinnasvingen 8, 4020 Stavanger'],
  ['Hundvåg legesenter', '51 55 05 10', '51 55 05 11', 'Hundvågveien 20, 4085 Stavanger'],
  ['Hinna legekontor', '51 55 05 20', '51 55 05 21', 'Hinnasvingen 40, 4020 Stavanger'],
  ['Hillevåg legegruppe', '51 55 05 30', '51 55 05 31', 'Hillevågsveien 15, 4016 Stavanger'],
  ['Tasta legesenter', '51 55 05 40', '51 55 05 41', 'Tastaveien 60, 4027 Stavanger'],
  ['Sandnes sentrum legekontor', '51 55 06 10', '51 55 06 11', 'Langgata 40, 4306 Sandnes'],
];

describe('municipalities', () => {
  it('keeps every unit name, phone number and address of Bergen and Stavanger', () => {
    expect(MUNICIPALITIES.map((m) => m.id)).toEqual(['4601', '1103']);
    expect(phoneBook(MUNICIPALITIES[0] as MunicipalityDef)).toEqual(BERGEN);
    expect(phoneBook(MUNICIPALITIES[1] as MunicipalityDef)).toEqual(STAVANGER);
  });

  it('gives each GP office the zone it serves and each institution its fixed key', () => {
    for (const m of MUNICIPALITIES) {
      expect(m.gpOffices.map((o) => o.zone)).toEqual(m.zones.map((z) => z.key));
      expect(m.neighbour.gpOffice.zone).toBeUndefined();
      expect([m.legevakt, m.kad, m.alarmCentre, m.kitchen, m.dayCentre].map((i) => i.key)).toEqual([
        'legevakt',
        'kad',
        'trygghetsalarm',
        'kjokken',
        'dagsenter',
      ]);
      expect(
        m.staff
          .filter((s) => s.role === 'home-care-nurse')
          .every((s) => m.zones.some((z) => z.key === s.zone)),
      ).toBe(true);
      expect(m.staff.filter((s) => s.role !== 'home-care-nurse').every((s) => !('zone' in s))).toBe(true);
    }
  });
});
