// Code systems, codes and identifier systems Varde uses on the FHIR wire.
// Sources: DOMAIN.md sections 3 and 5 (LOINC/UCUM per the R4 vital-signs profile,
// http://hl7.org/fhir/R4/observation-vitalsigns.html; SNOMED CT UK extension codes for
// NEWS2; Volven 9151 for IPLOS service types) and docs/platform-api.md.
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import type { Consciousness } from '../news2/types';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  /** Volven 9151: IPLOS service types (tjenestetyper). */
  volven9151: 'urn:oid:2.16.578.1.12.4.1.1.9151',
  /** Norwegian national identity number (fødselsnummer). */
  fodselsnummer: 'urn:oid:2.16.578.1.12.4.1.4.1',
  /** Health personnel register number (HPR-nummer). */
  hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  /** Identifier of one part of a vital-signs set: `{setId}/{parameter}`. */
  vitalSignsSet: 'https://varde.no/fhir/sid/vital-signs-set',
  /** Varde's own codes (ACVPU letters, NEWS2 risk bands, flags, coverage). */
  acvpu: 'https://varde.no/fhir/CodeSystem/acvpu',
  news2Risk: 'https://varde.no/fhir/CodeSystem/news2-risk',
  flag: 'https://varde.no/fhir/CodeSystem/flag',
  coverage: 'https://varde.no/fhir/CodeSystem/coverage',
  /**
   * Security label of an item the patient has asked not to share (pasientrettighetsloven
   * § 5-3): `restricted-by-patient` in `meta.security`; also the code of the withheld marker.
   */
  sharing: 'https://varde.no/fhir/CodeSystem/sharing',
  /** PractitionerRole.code of the reference platform's users (home-care-nurse, legevakt-doctor, …). */
  practitionerRole: 'https://varde.no/fhir/CodeSystem/role',
  /** Volven 9060 "Kategori helsepersonell" (HPR authorisation category: LE lege, SP sykepleier, …). */
  volven9060: 'urn:oid:2.16.578.1.12.4.1.1.9060',
} as const;

export const EXTENSION = {
  /** On the SpO2 Observation: valueInteger 1 or 2, the NEWS2 SpO2 scale in use. */
  spo2Scale: 'https://varde.no/fhir/StructureDefinition/news2-spo2-scale',
  /** On a HealthcareService ContactPoint: valueBoolean true marks the after-hours number. */
  afterHours: 'https://varde.no/fhir/StructureDefinition/after-hours',
} as const;

export const LOINC = {
  respirationRate: '9279-1',
  heartRate: '8867-4',
  heartRhythm: '8884-9',
  spo2: '2708-6',
  spo2PulseOximetry: '59408-5',
  inhaledOxygenFlow: '3151-8',
  inhaledOxygenConcentration: '3150-0',
  bloodPressurePanel: '85354-9',
  /** Vital signs panel: groups a set's parts by `hasMember` (R4 vital-signs profile). */
  vitalSignsPanel: '85353-1',
  systolicBP: '8480-6',
  diastolicBP: '8462-4',
  bodyTemperature: '8310-5',
  levelOfResponsiveness: '67775-7',
} as const;

export const UCUM = {
  perMinute: '/min',
  percent: '%',
  litersPerMinute: 'L/min',
  mmHg: 'mm[Hg]',
  celsius: 'Cel',
  hoursPerWeek: 'h/wk',
} as const;

/** SNOMED CT UK extension codes for NEWS2 (DOMAIN.md section 5). */
export const SNOMED_NEWS2 = {
  total: '1104051000000101',
  respirationRate: '1104301000000104',
  spo2Scale1: '1104311000000102',
  spo2Scale2: '1104321000000108',
  airOrOxygen: '1104331000000105',
  systolicBP: '1104341000000101',
  pulse: '1104351000000103',
  consciousness: '1104361000000100',
  temperature: '1104371000000107',
  acvpu: '1104441000000107',
} as const;

/** SNOMED CT findings used as coded values. */
export const SNOMED_FINDING = {
  breathingRoomAir: '722742002',
  oxygenTherapy: '57485005',
  pulseRegular: '271636001',
  pulseIrregular: '61086009',
  /** Observable "Patient on oxygen", answered yes/no (read from other systems only). */
  patientOnOxygen: '371825009',
  yes: '373066001',
  no: '373067005',
} as const;

/**
 * ACVPU levels: the SNOMED CT finding Varde writes, Norwegian text for the wire (`text`, in
 * the Observation) and for the screens (`label`, shorter). The codes read from other systems
 * are in ./vitalsMapping.ts.
 */
export const ACVPU: Readonly<
  Record<Consciousness, { snomed: string; display: string; text: string; label: string }>
> = {
  A: { snomed: '248234008', display: 'Mentally alert', text: 'Våken (A)', label: 'Våken (A)' },
  C: {
    snomed: '130987000',
    display: 'Acute confusion',
    text: 'Nyoppstått forvirring (C)',
    label: 'Ny forvirring (C)',
  },
  V: {
    snomed: '300202002',
    display: 'Response to voice',
    text: 'Reagerer på tiltale (V)',
    label: 'Reagerer på tiltale (V)',
  },
  P: {
    snomed: '450847001',
    display: 'Responds to pain',
    text: 'Reagerer på smerte (P)',
    label: 'Reagerer på smerte (P)',
  },
  U: { snomed: '422768004', display: 'Unresponsive', text: 'Reagerer ikke (U)', label: 'Reagerer ikke (U)' },
};

/** Volven 9151 (IPLOS) service types and their national display texts (DOMAIN.md section 3). */
export const VOLVEN_9151: Readonly<Record<string, string>> = {
  '1': 'Praktisk bistand – daglige gjøremål',
  '2': 'Praktisk bistand – opplæring',
  '3': 'Brukerstyrt personlig assistanse (BPA)',
  '4': 'Dagaktivitetstilbud',
  '5': 'Matombringing',
  '6': 'Trygghetsalarm',
  '7': 'Avlastning utenfor institusjon',
  '8': 'Avlastning i institusjon',
  '9': 'Støttekontakt',
  '11': 'Omsorgsstønad',
  '15': 'Helsetjenester i hjemmet',
  '17': 'Dagopphold i institusjon',
  '18': 'Tidsbegrenset opphold – utredning/behandling',
  '19': 'Tidsbegrenset opphold – habilitering/rehabilitering',
  '20': 'Tidsbegrenset opphold – annet',
  '21': 'Langtidsopphold i institusjon',
  '29': 'Bolig til helse- og omsorgsformål',
};

/** Flag code for "this patient is scored on NEWS2 SpO2 Scale 2". */
export const FLAG_SCALE_2 = 'news2-spo2-scale-2';

export const COVERAGE_CODES = ['covered', 'not-covered'] as const;
export type CoverageCode = (typeof COVERAGE_CODES)[number];

export function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

export function hasCoding(concept: CodeableConcept | undefined, system: string, code: string): boolean {
  return concept?.coding?.some((c) => c.system === system && c.code === code) ?? false;
}

/** The first code of `concept` in `system`, if any. */
export function codeIn(concept: CodeableConcept | undefined, system: string): string | undefined {
  return concept?.coding?.find((c) => c.system === system && typeof c.code === 'string')?.code;
}

// Factories, not shared constants: every resource gets its own objects, so a caller that
// edits one resource cannot change another.
export function vitalSignsCategory(): CodeableConcept {
  return { coding: [coding(SYSTEM.observationCategory, 'vital-signs', 'Vital Signs')] };
}

export function surveyCategory(): CodeableConcept {
  return { coding: [coding(SYSTEM.observationCategory, 'survey', 'Survey')] };
}

export function notPerformed(): CodeableConcept {
  return { coding: [coding(SYSTEM.dataAbsentReason, 'not-performed', 'Not Performed')] };
}
