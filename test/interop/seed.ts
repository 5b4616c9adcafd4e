// What the second FHIR server holds: written the way another EHR writes it, not the way
// Varde does. Vital signs: one Observation per measurement (systolic and diastolic apart, no
// panel, no set identifier), times in UTC with `Z`, the parts seconds apart, ACVPU as a LOINC
// answer of 67775-7, air stated as an inhaled-oxygen flow of 0. Services: plain
// EpisodeOfCare -> ServiceRequest -> HealthcareService, hours in `availableTime` (a day team
// and a night team), no coverage statement anywhere. Literal codes on purpose: this is
// another vendor's data, not Varde's contract.
import type {
  CareTeam,
  EpisodeOfCare,
  HealthcareService,
  Observation,
  Patient,
  Practitioner,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';

export interface InteropUser {
  username: string;
  name: string;
  practitionerId: string;
}

export interface InteropPatient {
  id: string;
  name: string;
  fnr: string;
}

export interface SeedResult {
  resources: Resource[];
  users: InteropUser[];
  patients: InteropPatient[];
  /** The vital-signs Observations of the first patient, as seeded (for the specs' own reading). */
  vitals: Observation[];
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const vitalSigns = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
];

function quantity(
  id: string,
  patient: string,
  at: string,
  code: string,
  display: string,
  value: number,
  unit: string,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: vitalSigns,
    code: { coding: [{ system: LOINC, code, display }], text: display },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: at,
    valueQuantity: { value, unit, system: UCUM, code: unit },
  };
}

/** One set as the other EHR records it: each part its own Observation, seconds apart, in UTC. */
function vitalsOf(
  patient: string,
  start: Date,
  values: { rr: number; spo2: number; sys: number; dia: number; pulse: number; temp: number },
): Observation[] {
  const at = (s: number) => new Date(start.getTime() + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const p = `${patient}-${start.getTime()}`;
  return [
    quantity(`${p}-rr`, patient, at(0), '9279-1', 'Respiratory rate', values.rr, '/min'),
    quantity(`${p}-spo2`, patient, at(6), '59408-5', 'Oxygen saturation by pulse oximetry', values.spo2, '%'),
    quantity(`${p}-o2`, patient, at(9), '3151-8', 'Inhaled oxygen flow rate', 0, 'L/min'),
    quantity(`${p}-sys`, patient, at(21), '8480-6', 'Systolic blood pressure', values.sys, 'mm[Hg]'),
    quantity(`${p}-dia`, patient, at(22), '8462-4', 'Diastolic blood pressure', values.dia, 'mm[Hg]'),
    quantity(`${p}-pulse`, patient, at(30), '8867-4', 'Heart rate', values.pulse, '/min'),
    {
      resourceType: 'Observation',
      id: `${p}-acvpu`,
      status: 'final',
      category: vitalSigns,
      code: { coding: [{ system: LOINC, code: '67775-7', display: 'Level of responsiveness' }] },
      subject: { reference: `Patient/${patient}` },
      effectiveDateTime: at(41),
      valueCodeableConcept: {
        coding: [{ system: LOINC, code: 'LA9340-6', display: 'Alert' }],
        text: 'Alert',
      },
    },
    quantity(`${p}-temp`, patient, at(55), '8310-5', 'Body temperature', values.temp, 'Cel'),
  ];
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/**
 * The resources of one base. `tag` keeps the two bases apart (their own patients and users);
 * `now` places the newest set two hours back.
 */
export function seed(tag: 'a' | 'b', now: Date): SeedResult {
  const upper = tag.toUpperCase();
  const nurse: Practitioner = {
    resourceType: 'Practitioner',
    id: `sykepleier-${tag}`,
    name: [{ given: [tag === 'a' ? 'Nina' : 'Berit'], family: tag === 'a' ? 'Aas' : 'Bakke' }],
  };
  const users: InteropUser[] = [
    {
      username: `sykepleier.${tag}`,
      name: `${nurse.name![0]!.given![0]} ${nurse.name![0]!.family}`,
      practitionerId: nurse.id!,
    },
  ];
  const patients: InteropPatient[] = [
    {
      id: `pas-${tag}1`,
      name: tag === 'a' ? 'Astrid Fjell' : 'Bjørn Elv',
      fnr: tag === 'a' ? '13034512345' : '24055054321',
    },
    {
      id: `pas-${tag}2`,
      name: tag === 'a' ? 'Arne Dal' : 'Berta Li',
      fnr: tag === 'a' ? '05063823456' : '17094165432',
    },
  ];
  const patientResources: Patient[] = patients.map((p) => {
    const [given, family] = p.name.split(' ');
    return {
      resourceType: 'Patient',
      id: p.id,
      identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: p.fnr }],
      name: [{ use: 'official', given: [given!], family: family! }],
      gender: p.id.endsWith('1') ? 'female' : 'male',
      birthDate: `19${p.fnr.slice(4, 6)}-${p.fnr.slice(2, 4)}-${p.fnr.slice(0, 2)}`,
    };
  });
  const careTeam: CareTeam = {
    resourceType: 'CareTeam',
    id: `team-${tag}`,
    status: 'active',
    subject: { reference: `Patient/${patients[0]!.id}` },
    participant: [{ member: { reference: `Practitioner/${nurse.id}` } }],
  };
  const careTeam2: CareTeam = {
    ...careTeam,
    id: `team-${tag}2`,
    subject: { reference: `Patient/${patients[1]!.id}` },
  };

  const first = patients[0]!.id;
  const twoHoursAgo = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 2 * 3600_000);
  const yesterday = new Date(twoHoursAgo.getTime() - 24 * 3600_000);
  const vitals = [
    ...vitalsOf(first, yesterday, { rr: 16, spo2: 97, sys: 128, dia: 78, pulse: 72, temp: 36.8 }),
    ...vitalsOf(first, twoHoursAgo, { rr: 22, spo2: 94, sys: 108, dia: 66, pulse: 96, temp: 38.4 }),
  ];

  const day: HealthcareService = {
    resourceType: 'HealthcareService',
    id: `hjemmesykepleien-dag-${tag}`,
    active: true,
    name: `Hjemmesykepleien ${upper} dag`,
    telecom: [{ system: 'phone', value: tag === 'a' ? '55 10 20 30' : '51 10 20 30', use: 'work' }],
    availableTime: [
      { daysOfWeek: [...weekdays], availableStartTime: '07:30:00', availableEndTime: '15:30:00' },
    ],
  };
  const night: HealthcareService = {
    resourceType: 'HealthcareService',
    id: `hjemmesykepleien-natt-${tag}`,
    active: true,
    name: `Hjemmesykepleien ${upper} kveld og natt`,
    telecom: [{ system: 'phone', value: tag === 'a' ? '55 99 88 77' : '51 99 88 77', use: 'work' }],
    availableTime: [
      { daysOfWeek: [...weekdays], availableStartTime: '15:30:00', availableEndTime: '23:59:59' },
      { daysOfWeek: [...weekdays], availableStartTime: '00:00:00', availableEndTime: '07:30:00' },
      { daysOfWeek: ['sat', 'sun'], allDay: true },
    ],
  };
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: `vedtak-${first}`,
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${first}` },
    authoredOn: '2026-01-05',
    quantityQuantity: { value: 10.5, unit: 'h/wk', system: UCUM, code: 'h/wk' },
    occurrencePeriod: { start: '2026-01-10', end: '2027-01-10' },
    performer: [{ reference: `HealthcareService/${day.id}` }, { reference: `HealthcareService/${night.id}` }],
  };
  const episode: EpisodeOfCare = {
    resourceType: 'EpisodeOfCare',
    id: `tjeneste-${first}`,
    status: 'active',
    type: [
      {
        coding: [
          { system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15', display: 'Helsetjenester i hjemmet' },
        ],
        text: `Hjemmesykepleie sone ${upper}`,
      },
    ],
    patient: { reference: `Patient/${first}` },
    period: { start: '2026-01-10' },
    referralRequest: [{ reference: `ServiceRequest/${request.id}` }],
  };
  return {
    resources: [nurse, ...patientResources, careTeam, careTeam2, ...vitals, day, night, request, episode],
    users,
    patients,
    vitals: vitals.filter((o) => o.subject?.reference === `Patient/${first}`),
  };
}
