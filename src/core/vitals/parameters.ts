// The one table of vital-sign parameters: how each is coded on the FHIR wire, its unit, its
// Norwegian names, its limits and precision, and its NEWS2 sub-score code. Every room reads
// these facts from here (validation, FHIR mapping both ways, the platform's write rules, the
// screens); a second copy anywhere else is what src/core/contract.test.ts refuses.
//
// Sources: LOINC/UCUM per the R4 vital-signs profile
// (http://hl7.org/fhir/R4/observation-vitalsigns.html) and DOMAIN.md section 5; NEWS2
// sub-score codes are the SNOMED CT UK extension codes of DOMAIN.md section 5.
//
// Limits, per field:
// - hard: physiologically impossible outside (a typo such as 370 for 37.0 °C). The app
//   refuses the value and the platform refuses the write, so a set the app accepts is never
//   refused on upload. A cuff cannot read a systolic below 20 mmHg.
// - soft: extreme but possible outside. Accepted; the app asks the nurse to confirm it (a
//   slip such as 19 for 91 is likelier there than a true value, but a true one is never blocked).
import type { News2Parameter } from '../news2/types';
import { LOINC, SNOMED_NEWS2, UCUM } from '../fhir/codes';

/** Every parameter of a vital-signs set: the seven NEWS2 ones plus what is recorded beside them. */
export type VitalParameter = News2Parameter | 'diastolicBP' | 'oxygenFlowLpm' | 'inhaledOxygenConcentration';

export interface SoftLimits {
  min: number;
  max: number;
  /** Norwegian word below min ("svært lav"), agreeing with the label's gender. */
  low: string;
  /** Norwegian word above max ("svært høy"). */
  high: string;
}

export interface VitalParameterSpec {
  /** LOINC codes that carry the parameter; the first is the one Varde writes. */
  readonly loinc: readonly string[];
  /** UCUM code of the value, for a quantity. */
  readonly ucum?: string;
  /** The unit as the user reads it (°C, mmHg). */
  readonly unit?: string;
  /** Norwegian label: a heading, a table row, a form field ("Oksygenmetning (SpO₂)"). */
  readonly label: string;
  /** The noun of validation messages ("Oksygenmetning må være et tall"). */
  readonly name: string;
  /** Short label where space is tight ("SpO₂"). */
  readonly shortLabel: string;
  /** Decimals the value is entered and shown with (0: whole numbers only). */
  readonly decimals?: 0 | 1;
  /** Physiological limits: outside is impossible and refused. */
  readonly hard?: readonly [min: number, max: number];
  /** Extreme-value limits: outside asks for confirmation. */
  readonly soft?: SoftLimits;
  /** NEWS2 sub-score code (SNOMED CT UK); for SpO2 the Scale 1 code, with Scale 2 beside it. */
  readonly news2?: { code: string; display: string; scale2?: { code: string; display: string } };
}

export const VITAL_PARAMETERS = {
  respirationRate: {
    loinc: [LOINC.respirationRate],
    ucum: UCUM.perMinute,
    unit: '/min',
    label: 'Respirasjonsfrekvens',
    name: 'Respirasjonsfrekvens',
    shortLabel: 'Respirasjonsfrekvens',
    decimals: 0,
    hard: [0, 80],
    soft: { min: 6, max: 45, low: 'svært lav', high: 'svært høy' },
    news2: { code: SNOMED_NEWS2.respirationRate, display: 'NEWS2 respiration rate score' },
  },
  spo2: {
    loinc: [LOINC.spo2, LOINC.spo2PulseOximetry],
    ucum: UCUM.percent,
    unit: '%',
    label: 'Oksygenmetning (SpO₂)',
    name: 'Oksygenmetning',
    shortLabel: 'SpO₂',
    decimals: 0,
    hard: [0, 100],
    soft: { min: 70, max: 100, low: 'svært lav', high: '' },
    news2: {
      code: SNOMED_NEWS2.spo2Scale1,
      display: 'NEWS2 SpO2 scale 1 score',
      scale2: { code: SNOMED_NEWS2.spo2Scale2, display: 'NEWS2 SpO2 scale 2 score' },
    },
  },
  onOxygen: {
    // Written as 3151-8 (flow, or a coded air/oxygen value); 3150-0 is read as well.
    loinc: [LOINC.inhaledOxygenFlow, LOINC.inhaledOxygenConcentration],
    label: 'Luft eller oksygen',
    name: 'Luft eller oksygen',
    shortLabel: 'Luft/oksygen',
    news2: { code: SNOMED_NEWS2.airOrOxygen, display: 'NEWS2 air or oxygen score' },
  },
  systolicBP: {
    loinc: [LOINC.systolicBP],
    ucum: UCUM.mmHg,
    unit: 'mmHg',
    label: 'Systolisk blodtrykk',
    name: 'Systolisk blodtrykk',
    shortLabel: 'Systolisk blodtrykk',
    decimals: 0,
    hard: [20, 300],
    soft: { min: 60, max: 250, low: 'svært lavt', high: 'svært høyt' },
    news2: { code: SNOMED_NEWS2.systolicBP, display: 'NEWS2 systolic blood pressure score' },
  },
  diastolicBP: {
    loinc: [LOINC.diastolicBP],
    ucum: UCUM.mmHg,
    unit: 'mmHg',
    label: 'Diastolisk blodtrykk',
    name: 'Diastolisk blodtrykk',
    shortLabel: 'Diastolisk blodtrykk',
    decimals: 0,
    hard: [10, 250],
    soft: { min: 30, max: 150, low: 'svært lavt', high: 'svært høyt' },
  },
  pulse: {
    loinc: [LOINC.heartRate],
    ucum: UCUM.perMinute,
    unit: '/min',
    label: 'Puls',
    name: 'Puls',
    shortLabel: 'Puls',
    decimals: 0,
    hard: [0, 300],
    soft: { min: 30, max: 200, low: 'svært lav', high: 'svært høy' },
    news2: { code: SNOMED_NEWS2.pulse, display: 'NEWS2 pulse score' },
  },
  consciousness: {
    // Also recognised by the SNOMED CT UK ACVPU code (SNOMED_NEWS2.acvpu) on its own.
    loinc: [LOINC.levelOfResponsiveness],
    label: 'Bevissthet (ACVPU)',
    name: 'Bevissthet',
    shortLabel: 'ACVPU',
    news2: { code: SNOMED_NEWS2.consciousness, display: 'NEWS2 consciousness score' },
  },
  temperature: {
    loinc: [LOINC.bodyTemperature],
    ucum: UCUM.celsius,
    unit: '°C',
    label: 'Temperatur',
    name: 'Temperatur',
    shortLabel: 'Temperatur',
    decimals: 1,
    hard: [25, 45],
    soft: { min: 32, max: 42, low: 'svært lav', high: 'svært høy' },
    news2: { code: SNOMED_NEWS2.temperature, display: 'NEWS2 temperature score' },
  },
  oxygenFlowLpm: {
    loinc: [LOINC.inhaledOxygenFlow],
    ucum: UCUM.litersPerMinute,
    unit: 'L/min',
    label: 'Oksygenflow',
    name: 'Oksygenflow',
    shortLabel: 'O₂-flow',
    decimals: 1,
    hard: [0, 60],
    soft: { min: 0, max: 15, low: '', high: 'uvanlig høy' },
  },
  inhaledOxygenConcentration: {
    // Read from other systems (room air is 21 %), never written by Varde.
    loinc: [LOINC.inhaledOxygenConcentration],
    ucum: UCUM.percent,
    unit: '%',
    label: 'Oksygenkonsentrasjon i innåndingsluft',
    name: 'Oksygenkonsentrasjon',
    shortLabel: 'FiO₂',
    decimals: 0,
    hard: [21, 100],
  },
} as const satisfies Record<VitalParameter, VitalParameterSpec>;

/** A parameter's spec, typed as the general shape (optional fields readable). */
export function parameterSpec(p: VitalParameter): VitalParameterSpec {
  return VITAL_PARAMETERS[p];
}

/**
 * Inside a sentence Norwegian common nouns are lower case ("mangler puls"); an abbreviation
 * keeps its capitals ("SpO₂"): a first word with a capital or subscript after its first
 * letter is one.
 */
function inSentence(text: string): string {
  const firstWord = text.split(' ')[0]!;
  if (/[A-ZÆØÅ₂]/.test(firstWord.slice(1))) return text;
  return text.charAt(0).toLocaleLowerCase('nb') + text.slice(1);
}

/** The label inside a sentence ("mangler oksygenmetning (SpO₂)"). */
export function labelInSentence(p: VitalParameter): string {
  return inSentence(VITAL_PARAMETERS[p].label);
}

/** The short label inside a sentence ("puls ≥ 120 /min", "SpO₂ ≤ 88 %"). */
export function shortLabelInSentence(p: VitalParameter): string {
  return inSentence(VITAL_PARAMETERS[p].shortLabel);
}

/** Labels of a list of parameters, as a record (for tables keyed by parameter). */
export function labelsOf<P extends VitalParameter>(
  params: readonly P[],
  form: 'label' | 'shortLabel' | 'inSentence' = 'label',
): Record<P, string> {
  const out = {} as Record<P, string>;
  for (const p of params) {
    out[p] = form === 'inSentence' ? labelInSentence(p) : VITAL_PARAMETERS[p][form];
  }
  return out;
}
