// How other systems' vital signs are read: the one mapping table of codes and words that
// ./fromObservation.ts applies. What Varde writes is ./toObservation.ts; what a parameter is
// coded as is the parameter table (../vitals/parameters.ts), from which the LOINC kinds here
// are derived. Anything not in these tables is not read: a value that cannot be placed is
// "ukjent", and the score is an honest partial sum (never a guess).
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { Consciousness } from '../news2/types';
import { VITAL_PARAMETERS } from '../vitals/parameters';
import { ACVPU, LOINC, SNOMED_FINDING, SNOMED_NEWS2, SYSTEM } from './codes';

/**
 * Parts measured within this span of the first part of a set, for the same patient, form one
 * set when nothing else ties them together (no set identifier, no panel). 5 minutes: a bedside
 * NEWS2 round takes a few minutes and devices write each part as it is taken (seconds to
 * minutes apart), while the shortest RCP monitoring interval short of continuous is one hour
 * and even close monitoring repeats sets at 15 minutes or more. It matches the clock skew core
 * tolerates in validation (../vitals/validate.ts). Measured from the first part, not chained,
 * so parts every 4 minutes never stretch one set over an hour.
 */
export const SAME_SET_TOLERANCE_MS = 5 * 60_000;

/** What one Observation carries, by its code. */
export type ReadKind =
  | 'respirationRate'
  | 'spo2'
  | 'oxygenFlow'
  | 'oxygenConcentration'
  | 'bloodPressure'
  | 'systolicBP'
  | 'diastolicBP'
  | 'pulse'
  | 'consciousness'
  | 'temperature'
  /** A finding "breathing room air" as the Observation's code (UK NEWS2 records). */
  | 'roomAir'
  /** The observable "patient on oxygen", answered yes or no. */
  | 'patientOnOxygen';

/** LOINC code -> kind, derived from the parameter table (plus the BP panel, read by its components). */
export const READ_KIND_BY_LOINC: Readonly<Record<string, ReadKind>> = (() => {
  const kindOf: Partial<Record<keyof typeof VITAL_PARAMETERS, ReadKind>> = {
    respirationRate: 'respirationRate',
    spo2: 'spo2',
    systolicBP: 'systolicBP',
    diastolicBP: 'diastolicBP',
    pulse: 'pulse',
    consciousness: 'consciousness',
    temperature: 'temperature',
    oxygenFlowLpm: 'oxygenFlow',
    inhaledOxygenConcentration: 'oxygenConcentration',
  };
  const out: Record<string, ReadKind> = { [LOINC.bloodPressurePanel]: 'bloodPressure' };
  for (const [param, kind] of Object.entries(kindOf) as [keyof typeof VITAL_PARAMETERS, ReadKind][]) {
    for (const code of VITAL_PARAMETERS[param].loinc) out[code] = kind;
  }
  return out;
})();

/** Codes of other systems (not LOINC) that name a kind by themselves. */
export const READ_KIND_BY_SNOMED: Readonly<Record<string, ReadKind>> = {
  [SNOMED_NEWS2.acvpu]: 'consciousness',
  [SNOMED_FINDING.breathingRoomAir]: 'roomAir',
  [SNOMED_FINDING.patientOnOxygen]: 'patientOnOxygen',
};

/** The kind of an Observation by its code (LOINC first, then the SNOMED codes above). */
export function readKindOf(code: CodeableConcept | undefined): ReadKind | undefined {
  for (const c of code?.coding ?? []) {
    if (c.system === SYSTEM.loinc && c.code !== undefined && READ_KIND_BY_LOINC[c.code])
      return READ_KIND_BY_LOINC[c.code];
  }
  for (const c of code?.coding ?? []) {
    if (c.system === SYSTEM.snomed && c.code !== undefined && READ_KIND_BY_SNOMED[c.code])
      return READ_KIND_BY_SNOMED[c.code];
  }
  return undefined;
}

/** True for the codes whose value is also read from text (ACVPU): what a cache must keep. */
export function readsValueText(code: CodeableConcept | undefined): boolean {
  return readKindOf(code) === 'consciousness';
}

/** Panels whose `hasMember` lists parts of one set. */
export const PANEL_LOINC: ReadonlySet<string> = new Set([LOINC.vitalSignsPanel, LOINC.bloodPressurePanel]);

/** Room air is 21 % oxygen: a higher inhaled concentration means supplemental oxygen. */
export const ROOM_AIR_O2_PERCENT = 21;

/**
 * Coded ACVPU answers, per level. Sources:
 * - SNOMED CT findings: the ones Varde writes (ACVPU in ./codes.ts; UK NEWS2 records use
 *   the same findings, e.g. 248234008 "Mentally alert").
 * - Varde's letter code system (SYSTEM.acvpu).
 * - LOINC answers of 67775-7 "Level of responsiveness": LA9340-6 Alert, LA17108-4 Verbal,
 *   LA17107-6 Painful, LA9343-0 Unresponsive. These four are the value constraint of the HL7
 *   EMS Patient Care Report CDA template for 67775-7 (as generated in Open Health Tools MDHT,
 *   org.openhealthtools.mdht.uml.cda.emspcr LevelOfResponsivenessOperations) and the answers
 *   the HL7 Belgium patient-monitoring IG (hl7-be/patient-monitoring, "Carepath NEWS")
 *   lists. The list has no "new confusion"; that IG uses LA6560-2 "Confused" (an answer of the
 *   Glasgow coma score verbal list, LL356-7, per the FHIR R4 GCS Questionnaire example) for C,
 *   and so does this table, on a 67775-7 Observation only. LIMIT: loinc.org itself could not be
 *   consulted from here; the codes are confirmed by the two sources above, not by LOINC's own
 *   answer list page. Check them against LOINC before relying on them in production.
 */
export const ACVPU_CODED: readonly { system: string; code: string; level: Consciousness }[] = [
  ...(Object.entries(ACVPU) as [Consciousness, (typeof ACVPU)[Consciousness]][]).flatMap(([level, a]) => [
    { system: SYSTEM.snomed, code: a.snomed, level },
    { system: SYSTEM.acvpu, code: level, level },
  ]),
  { system: SYSTEM.loinc, code: 'LA9340-6', level: 'A' },
  { system: SYSTEM.loinc, code: 'LA6560-2', level: 'C' },
  { system: SYSTEM.loinc, code: 'LA17108-4', level: 'V' },
  { system: SYSTEM.loinc, code: 'LA17107-6', level: 'P' },
  { system: SYSTEM.loinc, code: 'LA9343-0', level: 'U' },
];

/**
 * Free text that names one ACVPU level and nothing else, compared whole (case, spaces and a
 * final full stop ignored). "Confused" alone is not here: it need not be *new* confusion,
 * which is what C scores. A text naming a level in brackets ("Våken (A)") must agree with
 * its words. Everything else is not read.
 */
export const ACVPU_WORDS: Readonly<Record<Consciousness, readonly string[]>> = {
  A: ['a', 'alert', 'mentally alert', 'våken', 'våken og klar'],
  C: [
    'c',
    'new confusion',
    'acute confusion',
    'new-onset confusion',
    'ny forvirring',
    'nyoppstått forvirring',
    'akutt forvirring',
  ],
  V: [
    'v',
    'voice',
    'verbal',
    'responds to voice',
    'response to voice',
    'reagerer på tiltale',
    'reagerer på stemme',
  ],
  P: ['p', 'pain', 'painful', 'responds to pain', 'response to pain', 'reagerer på smerte'],
  U: ['u', 'unresponsive', 'reagerer ikke', 'ikke kontaktbar'],
};

const WORD_LEVEL: ReadonlyMap<string, Consciousness> = new Map(
  (Object.entries(ACVPU_WORDS) as [Consciousness, readonly string[]][]).flatMap(([level, words]) =>
    [...words, ACVPU[level].text, ACVPU[level].label, ACVPU[level].display].map(
      (w) => [normalise(w), level] as const,
    ),
  ),
);

function normalise(text: string): string {
  return text.trim().toLocaleLowerCase('nb').replace(/\s+/g, ' ').replace(/\.$/, '');
}

/** The ACVPU level a free text names unambiguously, or undefined. */
export function acvpuFromText(text: string | undefined): Consciousness | undefined {
  if (text === undefined) return undefined;
  const t = normalise(text);
  const whole = WORD_LEVEL.get(t);
  if (whole !== undefined) return whole;
  const bracket = /^(.*?)\s*\(([acvpu])\)$/.exec(t);
  if (!bracket) return undefined;
  const letter = bracket[2]!.toUpperCase() as Consciousness;
  const words = bracket[1]!;
  if (words === '') return letter;
  return WORD_LEVEL.get(words) === letter ? letter : undefined;
}

/**
 * The ACVPU level of a coded value: every coding that is in ACVPU_CODED must name the same
 * level, else the value is ambiguous and not read.
 */
export function acvpuFromCodings(concept: CodeableConcept | undefined): Consciousness | undefined {
  const levels = new Set<Consciousness>();
  for (const c of concept?.coding ?? []) {
    const hit = ACVPU_CODED.find((x) => x.system === c.system && x.code === c.code);
    if (hit) levels.add(hit.level);
  }
  return levels.size === 1 ? [...levels][0] : undefined;
}

/** True when any coding of `concept` is an ACVPU answer of the table. */
export function hasAcvpuCoding(concept: CodeableConcept | undefined): boolean {
  return (concept?.coding ?? []).some((c) =>
    ACVPU_CODED.some((x) => x.system === c.system && x.code === c.code),
  );
}

/** Coded air/oxygen answers: true = on supplemental oxygen, false = room air. */
export const AIR_OR_OXYGEN_CODED: readonly { system: string; code: string; onOxygen: boolean }[] = [
  // Varde's own values of 3151-8 (./toObservation.ts), also used by UK NEWS2 records.
  { system: SYSTEM.snomed, code: SNOMED_FINDING.breathingRoomAir, onOxygen: false },
  { system: SYSTEM.snomed, code: SNOMED_FINDING.oxygenTherapy, onOxygen: true },
  // Answers to "patient on oxygen" (SNOMED 371825009), as the HL7 Belgium patient-monitoring
  // IG codes them: 373066001 Yes, 373067005 No.
  { system: SYSTEM.snomed, code: SNOMED_FINDING.yes, onOxygen: true },
  { system: SYSTEM.snomed, code: SNOMED_FINDING.no, onOxygen: false },
];

/** The air/oxygen answer of a coded value, or undefined when it states none (or both). */
export function airOrOxygenFromCodings(concept: CodeableConcept | undefined): boolean | undefined {
  const answers = new Set<boolean>();
  for (const c of concept?.coding ?? []) {
    const hit = AIR_OR_OXYGEN_CODED.find((x) => x.system === c.system && x.code === c.code);
    if (hit) answers.add(hit.onOxygen);
  }
  return answers.size === 1 ? [...answers][0] : undefined;
}
