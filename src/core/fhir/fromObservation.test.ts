// Tolerant reading of other systems' vital signs (issue 13, point 3), as tables of cases.
// Codes are spelled out here on purpose: the test says what arrives on the wire.
import { describe, expect, it } from 'vitest';
import type { Observation } from '@medplum/fhirtypes';
import { scoreNews2 } from '../news2/score';
import type { VitalSignsSet } from '../vitals/types';
import { observationsToVitalSignsSets } from './fromObservation';
import { SAME_SET_TOLERANCE_MS } from './vitalsMapping';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

let n = 0;
/** A foreign part: LOINC code, a value, patient pas-ola, measured at `at`. */
function part(code: string, value: Partial<Observation>, at = '2026-11-20T08:00:00Z'): Observation {
  return {
    resourceType: 'Observation',
    id: `o${++n}`,
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: 'Patient/pas-ola' },
    effectiveDateTime: at,
    ...value,
  };
}
const q = (value: number, code?: string) => ({ valueQuantity: code ? { value, code } : { value } });
const rr = (v: number, at?: string, more: Partial<Observation> = {}) =>
  part('9279-1', { ...q(v), ...more }, at);
const pulse = (v: number, at?: string, more: Partial<Observation> = {}) =>
  part('8867-4', { ...q(v), ...more }, at);
const temp = (v: number, at?: string) => part('8310-5', q(v, 'Cel'), at);
const spo2 = (v: number, at?: string, more: Partial<Observation> = {}) =>
  part('59408-5', { ...q(v, '%'), ...more }, at);

/** The sets as [effective, vitals] pairs: what a reader of the chart sees. */
const shape = (sets: VitalSignsSet[]) => sets.map((s) => [s.effectiveDateTime, s.vitals]);

describe('grouping parts into sets', () => {
  it.each<[string, Observation[], [string, VitalSignsSet['vitals']][]]>([
    [
      'parts seconds apart form one set, timed by its first part',
      [rr(18, '2026-11-20T08:00:00Z'), pulse(80, '2026-11-20T08:00:40Z'), temp(37.1, '2026-11-20T08:02:10Z')],
      [['2026-11-20T08:00:00Z', { respirationRate: 18, pulse: 80, temperature: 37.1 }]],
    ],
    [
      '`Z` and `+01:00` spellings of nearby instants are one set',
      [rr(18, '2026-11-20T08:00:00Z'), pulse(80, '2026-11-20T09:00:30+01:00')],
      [['2026-11-20T08:00:00Z', { respirationRate: 18, pulse: 80 }]],
    ],
    [
      'a different meta.source does not split a set',
      [
        rr(18, undefined, { meta: { source: '#req-1' } }),
        pulse(80, undefined, { meta: { source: '#req-2' } }),
      ],
      [['2026-11-20T08:00:00Z', { respirationRate: 18, pulse: 80 }]],
    ],
    [
      'exactly the tolerance apart is still one set',
      [rr(18, '2026-11-20T08:00:00Z'), pulse(80, '2026-11-20T08:05:00Z')],
      [['2026-11-20T08:00:00Z', { respirationRate: 18, pulse: 80 }]],
    ],
    [
      'beyond the tolerance is another set',
      [rr(18, '2026-11-20T08:00:00Z'), pulse(80, '2026-11-20T08:05:01Z')],
      [
        ['2026-11-20T08:00:00Z', { respirationRate: 18 }],
        ['2026-11-20T08:05:01Z', { pulse: 80 }],
      ],
    ],
    [
      'the tolerance is measured from the first part, not chained',
      [rr(18, '2026-11-20T08:00:00Z'), pulse(80, '2026-11-20T08:04:00Z'), temp(37, '2026-11-20T08:08:00Z')],
      [
        ['2026-11-20T08:00:00Z', { respirationRate: 18, pulse: 80 }],
        ['2026-11-20T08:08:00Z', { temperature: 37 }],
      ],
    ],
    [
      'a second, different pulse a minute later is a second measurement, never merged',
      [pulse(80, '2026-11-20T08:00:00Z'), rr(18, '2026-11-20T08:00:30Z'), pulse(96, '2026-11-20T08:01:00Z')],
      [
        ['2026-11-20T08:00:00Z', { pulse: 80, respirationRate: 18 }],
        ['2026-11-20T08:01:00Z', { pulse: 96 }],
      ],
    ],
    [
      'the same value sent twice is one set',
      [pulse(80, '2026-11-20T08:00:00Z'), pulse(80, '2026-11-20T08:00:20Z')],
      [['2026-11-20T08:00:00Z', { pulse: 80 }]],
    ],
    [
      'input order does not matter',
      [temp(37.1, '2026-11-20T08:02:10Z'), pulse(80, '2026-11-20T08:00:40Z'), rr(18, '2026-11-20T08:00:00Z')],
      [['2026-11-20T08:00:00Z', { respirationRate: 18, pulse: 80, temperature: 37.1 }]],
    ],
    [
      'a date without a time of day matches only the same date text',
      [rr(18, '2026-11-20'), pulse(80, '2026-11-20'), temp(37, '2026-11-20T00:01:00Z')],
      [
        ['2026-11-20', { respirationRate: 18, pulse: 80 }],
        ['2026-11-20T00:01:00Z', { temperature: 37 }],
      ],
    ],
  ])('%s', (_name, observations, expected) => {
    expect(shape(observationsToVitalSignsSets(observations))).toEqual(expected);
  });

  it('the tolerance is 5 minutes', () => {
    expect(SAME_SET_TOLERANCE_MS).toBe(300_000);
  });

  it('never puts two patients in one set', () => {
    const other = { subject: { reference: 'Patient/pas-kari' } };
    const sets = observationsToVitalSignsSets([rr(18), pulse(80, undefined, other)]);
    // Same time, no entry time: the order the Observations came in, never the ids.
    expect(sets.map((s) => [s.patientId, s.vitals])).toEqual([
      ['pas-ola', { respirationRate: 18 }],
      ['pas-kari', { pulse: 80 }],
    ]);
  });

  it('orders sets of the same second by entry time, else by arrival, never by the random id', () => {
    const ident = (setId: string, part: string) => ({
      identifier: [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: `${setId}/${part}` }],
    });
    const at = '2026-11-20T08:00:07Z';
    const saved = (setId: string, lastUpdated: string) =>
      pulse(80, at, { ...ident(setId, 'pulse'), meta: { lastUpdated } });
    // 'a-…' sorts first by id but was stored later: it is the later set.
    const later = saved('a-later', '2026-11-20T08:00:30Z');
    const earlier = saved('z-earlier', '2026-11-20T08:00:10Z');
    expect(observationsToVitalSignsSets([later, earlier]).map((s) => s.id)).toEqual(['z-earlier', 'a-later']);
    // No time of entry at all: the order given (the server's), whatever the ids say.
    const x = pulse(80, at, ident('a-second', 'pulse'));
    const y = pulse(81, at, ident('z-first', 'pulse'));
    expect(observationsToVitalSignsSets([y, x]).map((s) => s.id)).toEqual(['z-first', 'a-second']);
  });

  it('names a time-grouped set after its first part (patient, time, source)', () => {
    const [set] = observationsToVitalSignsSets([
      pulse(80, '2026-11-20T09:00:40+01:00', {
        meta: { source: 'Gerica', lastUpdated: '2026-11-20T08:10:00Z' },
      }),
      rr(18, '2026-11-20T08:00:00Z', { meta: { source: 'CosDoc', lastUpdated: '2026-11-20T08:20:00Z' } }),
    ]);
    expect(set).toMatchObject({
      id: 'auto:Patient/pas-ola|2026-11-20T08:00:00Z|CosDoc',
      effectiveDateTime: '2026-11-20T08:00:00Z',
      sourceSystem: 'CosDoc',
      receivedAt: '2026-11-20T08:20:00Z',
    });
  });
});

describe('a vital-signs panel (85353-1, hasMember) makes one set', () => {
  const members = [
    rr(18, '2026-11-20T08:00:00Z'),
    pulse(80, '2026-11-20T08:20:00Z'),
    temp(37.2, '2026-11-20T08:40:00+01:00'),
  ];
  const panel = (hasMember: string[], more: Partial<Observation> = {}): Observation => ({
    resourceType: 'Observation',
    id: 'panel-1',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '85353-1' }] },
    subject: { reference: 'Patient/pas-ola' },
    effectiveDateTime: '2026-11-20T08:00:00Z',
    hasMember: hasMember.map((reference) => ({ reference })),
    ...more,
  });

  it.each<[string, string[]]>([
    ['relative references', members.map((m) => `Observation/${m.id}`)],
    [
      'absolute and versioned references',
      members.map((m) => `https://ehr.example/fhir/Observation/${m.id}/_history/2`),
    ],
  ])('members by %s, even 40 minutes apart', (_name, refs) => {
    const sets = observationsToVitalSignsSets([...members, panel(refs, { meta: { source: 'EHR' } })]);
    expect(sets).toEqual([
      {
        id: 'panel:Observation/panel-1',
        patientId: 'pas-ola',
        effectiveDateTime: '2026-11-20T08:00:00Z',
        sourceSystem: 'EHR',
        vitals: { respirationRate: 18, pulse: 80, temperature: 37.2 },
      },
    ]);
  });

  it('takes a member only of the same patient, and leaves parts it does not list to the time rule', () => {
    const stranger = pulse(120, '2026-11-20T08:00:00Z', { subject: { reference: 'Patient/pas-kari' } });
    const unlisted = spo2(95, '2026-11-20T08:01:00Z');
    const sets = observationsToVitalSignsSets([
      ...members,
      stranger,
      unlisted,
      panel([...members, stranger].map((m) => `Observation/${m.id}`)),
    ]);
    expect(sets.map((s) => [s.id.split('|')[0], s.patientId, s.vitals])).toEqual([
      ['panel:Observation/panel-1', 'pas-ola', { respirationRate: 18, pulse: 80, temperature: 37.2 }],
      ['auto:Patient/pas-kari', 'pas-kari', { pulse: 120 }],
      ['auto:Patient/pas-ola', 'pas-ola', { spo2: 95 }],
    ]);
  });

  it("Varde's set identifier wins over a panel", () => {
    const identified = rr(22, '2026-11-20T08:00:00Z', {
      identifier: [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: 's-1/respirationRate' }],
    });
    const sets = observationsToVitalSignsSets([identified, panel([`Observation/${identified.id}`])]);
    expect(sets.map((s) => s.id)).toEqual(['s-1']);
  });
});

describe('ACVPU from codes and from unambiguous text', () => {
  const acvpu = (value: Partial<Observation>, code = { system: LOINC, code: '67775-7' }): Observation => ({
    ...part('67775-7', value),
    code: { coding: [code] },
  });
  const coded = (...coding: { system: string; code: string }[]) => ({ valueCodeableConcept: { coding } });

  it.each<[string, Observation, string | undefined]>([
    ['SNOMED finding', acvpu(coded({ system: SNOMED, code: '248234008' })), 'A'],
    ["Varde's letter", acvpu(coded({ system: 'https://varde.no/fhir/CodeSystem/acvpu', code: 'V' })), 'V'],
    ['LOINC answer LA9340-6 Alert', acvpu(coded({ system: LOINC, code: 'LA9340-6' })), 'A'],
    ['LOINC answer LA6560-2 Confused (C)', acvpu(coded({ system: LOINC, code: 'LA6560-2' })), 'C'],
    ['LOINC answer LA17108-4 Verbal', acvpu(coded({ system: LOINC, code: 'LA17108-4' })), 'V'],
    ['LOINC answer LA17107-6 Painful', acvpu(coded({ system: LOINC, code: 'LA17107-6' })), 'P'],
    ['LOINC answer LA9343-0 Unresponsive', acvpu(coded({ system: LOINC, code: 'LA9343-0' })), 'U'],
    [
      'coded by the SNOMED ACVPU scale code only',
      acvpu(coded({ system: LOINC, code: 'LA17107-6' }), { system: SNOMED, code: '1104441000000107' }),
      'P',
    ],
    ['text only: valueString "Alert"', acvpu({ valueString: 'Alert' }), 'A'],
    [
      'text only: "Reagerer på smerte."',
      acvpu({ valueCodeableConcept: { text: 'Reagerer på smerte.' } }),
      'P',
    ],
    ['text only: "Våken (A)"', acvpu({ valueString: 'Våken (A)' }), 'A'],
    ['text only: a letter', acvpu({ valueString: ' u ' }), 'U'],
    ['text only: "new confusion"', acvpu({ valueString: 'New confusion' }), 'C'],
    ['text "Confused" need not be new confusion: not read', acvpu({ valueString: 'Confused' }), undefined],
    ['text whose words and letter disagree: not read', acvpu({ valueString: 'Alert (V)' }), undefined],
    ['text naming two levels: not read', acvpu({ valueString: 'A/V' }), undefined],
    [
      'codes that disagree: not read',
      acvpu(coded({ system: LOINC, code: 'LA9340-6' }, { system: SNOMED, code: '422768004' })),
      undefined,
    ],
    [
      'a known code wins over text',
      acvpu({ valueCodeableConcept: { coding: [{ system: LOINC, code: 'LA9343-0' }], text: 'Alert' } }),
      'U',
    ],
    [
      'an unknown code with a clear text reads the text',
      acvpu({ valueCodeableConcept: { coding: [{ system: 'urn:x', code: '1' }], text: 'Unresponsive' } }),
      'U',
    ],
  ])('%s', (_name, obs, expected) => {
    const [set] = observationsToVitalSignsSets([obs]);
    expect(set?.vitals.consciousness).toBe(expected);
  });
});

describe('air or oxygen, and "ukjent" when not stated', () => {
  const flow = (litres: number) => part('3151-8', q(litres, 'L/min'));
  const fio2 = (percent: number) => part('3150-0', q(percent, '%'));
  const component = (code: string, value: number, unit: string) => ({
    code: { coding: [{ system: LOINC, code }] },
    valueQuantity: { value, code: unit },
  });
  const snomedCode = (code: string, value: Partial<Observation> = {}): Observation => ({
    ...part('x', value),
    code: { coding: [{ system: SNOMED, code }] },
  });

  it.each<[string, Observation[], boolean | undefined, number | undefined]>([
    ['3151-8 flow 2 L/min', [flow(2)], true, 2],
    ['3151-8 flow 0 L/min', [flow(0)], false, undefined],
    [
      '3151-8 coded "breathing room air"',
      [part('3151-8', { valueCodeableConcept: { coding: [{ system: SNOMED, code: '722742002' }] } })],
      false,
      undefined,
    ],
    [
      '3151-8 coded "oxygen therapy"',
      [part('3151-8', { valueCodeableConcept: { coding: [{ system: SNOMED, code: '57485005' }] } })],
      true,
      undefined,
    ],
    ['3150-0 inhaled concentration 28 %', [fio2(28)], true, undefined],
    ['3150-0 inhaled concentration 21 % (room air)', [fio2(21)], false, undefined],
    ['flow wins over concentration', [fio2(21), flow(3)], true, 3],
    [
      'oximeter with an inhaled-oxygen flow component',
      [spo2(93, undefined, { component: [component('3151-8', 4, 'L/min')] })],
      true,
      4,
    ],
    [
      'oximeter with an inhaled-oxygen concentration component',
      [spo2(97, undefined, { component: [component('3150-0', 21, '%')] })],
      false,
      undefined,
    ],
    ['a "breathing room air" finding as the code', [snomedCode('722742002')], false, undefined],
    [
      '"patient on oxygen": yes',
      [
        snomedCode('371825009', {
          valueCodeableConcept: { coding: [{ system: SNOMED, code: '373066001' }] },
        }),
      ],
      true,
      undefined,
    ],
    [
      '"patient on oxygen": no',
      [
        snomedCode('371825009', {
          valueCodeableConcept: { coding: [{ system: SNOMED, code: '373067005' }] },
        }),
      ],
      false,
      undefined,
    ],
    ['"patient on oxygen": valueBoolean', [snomedCode('371825009', { valueBoolean: true })], true, undefined],
    ['an oximeter alone says nothing about oxygen', [spo2(97)], undefined, undefined],
    ['a flow without a number or code says nothing', [part('3151-8', {})], undefined, undefined],
  ])('%s', (_name, observations, onOxygen, flowLpm) => {
    const [set] = observationsToVitalSignsSets([rr(16), ...observations]);
    expect(set?.vitals.onOxygen).toBe(onOxygen);
    expect(set?.oxygenFlowLpm).toBe(flowLpm);
  });

  it('a set without air or oxygen scores an honest partial sum, never a guess', () => {
    const acvpuAlert = {
      ...part('67775-7', { valueCodeableConcept: { coding: [{ system: LOINC, code: 'LA9340-6' }] } }),
    };
    const [set] = observationsToVitalSignsSets([
      rr(22, '2026-11-20T08:00:00Z'),
      spo2(95, '2026-11-20T08:00:20Z'),
      part('8480-6', q(105, 'mm[Hg]'), '2026-11-20T08:00:40Z'),
      pulse(95, '2026-11-20T08:01:00Z'),
      acvpuAlert,
      temp(38.4, '2026-11-20T08:02:00Z'),
    ]);
    expect(set!.vitals).not.toHaveProperty('onOxygen');
    const score = scoreNews2(set!.vitals);
    // 22/min 2 + 95 % 1 + 105 mmHg 1 + 95/min 1 + alert 0 + 38.4 °C 1 = 6 of the six stated.
    expect(score).toMatchObject({ total: 6, complete: false, missing: ['onOxygen'] });
  });
});
