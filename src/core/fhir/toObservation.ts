// A vital-signs set as FHIR R4 Observations: one Observation per parameter present, and
// the platform-made NEWS2 score. See docs/platform-api.md ("Vital-signs sets on the wire").
//
// Mapping decisions (the inverse is ./fromObservation.ts):
// - Each part carries identifier {system: vital-signs-set, value: `{setId}/{part}`} with
//   part one of VITAL_SIGNS_PARTS; parts of one set share `{setId}`. That identifier is
//   what conditional create (ifNoneExist) keys on, so a retried upload never duplicates.
// - SpO2: code LOINC 2708-6 plus 59408-5 (pulse oximetry). The NEWS2 scale in use is an
//   extension (EXTENSION.spo2Scale, valueInteger 1|2), written only when the set has an SpO2
//   value and states the scale: the scale is a property of how the value is scored, not of
//   the measurement method, and without an SpO2 value it changes no score.
// - Air or oxygen: one Observation coded LOINC 3151-8 (inhaled oxygen flow). On oxygen with
//   a known flow: valueQuantity in L/min. On oxygen, flow unknown: valueCodeableConcept
//   SNOMED 57485005 "Oxygen therapy". On air: valueCodeableConcept SNOMED 722742002
//   "Breathing room air". Written only when onOxygen is known.
// - Blood pressure: the 85354-9 panel with 8480-6/8462-4 components; a component not
//   measured carries dataAbsentReason, as the R4 BP profile asks.
// - Pulse: 8867-4; regular/irregular (recorded, not scored) as a component LOINC 8884-9
//   with SNOMED 271636001 "Pulse regular" / 61086009 "Pulse irregular".
// - Consciousness: LOINC 67775-7 + SNOMED UK 1104441000000107 (ACVPU), value the SNOMED
//   finding plus Varde's one-letter ACVPU code.
// - The source system goes to meta.source. Times the platform stamps (receivedAt) are not
//   written: the platform owns meta.lastUpdated.
// - When the set was entered (recordedAt: the moment the nurse saved it on the device, to
//   the second) goes to Observation.issued on every part: it orders two sets measured in
//   the same second (../vitals/order.ts), and a reader of one part still has it.
// - Comments written with the set (before saving) go to Observation.note on every part,
//   as ./correction.ts writes a later comment.
// - A single measurement never gets a NEWS2 total: news2ScoreObservation returns null for
//   an incomplete set.
import type {
  CodeableConcept,
  Extension,
  Observation,
  ObservationComponent,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';
import { scoreNews2 } from '../news2/score';
import { CLINICAL_RISK_LABELS } from '../news2/response';
import type { News2Parameter, News2Score } from '../news2/types';
import type { VitalSignsSet } from '../vitals/types';
import {
  ACVPU,
  EXTENSION,
  LOINC,
  SNOMED_FINDING,
  SNOMED_NEWS2,
  SYSTEM,
  UCUM,
  coding,
  notPerformed,
  surveyCategory,
  vitalSignsCategory,
} from './codes';
import { NEWS2_PART, partIdentifier, type VitalSignsPart } from './setIdentifier';
import { commentToAnnotation } from './correction';
import { VITAL_PARAMETERS, parameterSpec } from '../vitals/parameters';

function quantity(value: number, unit: string, display = unit): Quantity {
  return { value, unit: display, system: SYSTEM.ucum, code: unit };
}

function loincConcept(code: string, display: string, text: string): CodeableConcept {
  return { coding: [coding(SYSTEM.loinc, code, display)], text };
}

function base(set: VitalSignsSet, part: VitalSignsPart, code: CodeableConcept): Observation {
  const obs: Observation = {
    resourceType: 'Observation',
    identifier: [partIdentifier(set.id, part)],
    status: 'final',
    category: [vitalSignsCategory()],
    code,
    subject: { reference: `Patient/${set.patientId}` },
    effectiveDateTime: set.effectiveDateTime,
  };
  const issued = instantOf(set.recordedAt);
  if (issued !== undefined) obs.issued = issued;
  if (set.sourceSystem !== undefined) obs.meta = { source: set.sourceSystem };
  if (set.performer !== undefined) obs.performer = [{ ...set.performer }];
  if (set.comments?.length) obs.note = set.comments.map(commentToAnnotation);
  return obs;
}

/**
 * An ISO 8601 date-time as a FHIR instant (seconds and zone required): kept as written
 * when it already has seconds, else written out in UTC. undefined when it does not parse.
 */
function instantOf(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return /T\d{2}:\d{2}:\d{2}/.test(iso) ? iso : new Date(ms).toISOString();
}

function spo2Observation(set: VitalSignsSet, spo2: number): Observation {
  const obs = base(set, 'spo2', {
    coding: [
      coding(SYSTEM.loinc, LOINC.spo2, 'Oxygen saturation in Arterial blood'),
      coding(SYSTEM.loinc, LOINC.spo2PulseOximetry, 'Oxygen saturation in Arterial blood by Pulse oximetry'),
    ],
    text: VITAL_PARAMETERS.spo2.label,
  });
  obs.valueQuantity = quantity(spo2, UCUM.percent);
  const scale = set.vitals.spo2Scale;
  if (scale !== undefined) {
    const ext: Extension = { url: EXTENSION.spo2Scale, valueInteger: scale };
    obs.extension = [ext];
  }
  return obs;
}

function oxygenObservation(set: VitalSignsSet, onOxygen: boolean): Observation {
  const obs = base(
    set,
    'onOxygen',
    loincConcept(LOINC.inhaledOxygenFlow, 'Inhaled oxygen flow rate', VITAL_PARAMETERS.onOxygen.label),
  );
  if (!onOxygen) {
    obs.valueCodeableConcept = {
      coding: [coding(SYSTEM.snomed, SNOMED_FINDING.breathingRoomAir, 'Breathing room air')],
      text: 'Romluft',
    };
  } else if (set.oxygenFlowLpm !== undefined) {
    obs.valueQuantity = quantity(set.oxygenFlowLpm, UCUM.litersPerMinute);
  } else {
    obs.valueCodeableConcept = {
      coding: [coding(SYSTEM.snomed, SNOMED_FINDING.oxygenTherapy, 'Oxygen therapy')],
      text: 'Oksygenbehandling',
    };
  }
  return obs;
}

function bpComponent(code: string, display: string, value: number | undefined): ObservationComponent {
  const component: ObservationComponent = { code: loincConcept(code, display, display) };
  if (value === undefined) component.dataAbsentReason = notPerformed();
  else component.valueQuantity = quantity(value, UCUM.mmHg, 'mmHg');
  return component;
}

function bloodPressureObservation(set: VitalSignsSet): Observation {
  const obs = base(
    set,
    'bloodPressure',
    loincConcept(LOINC.bloodPressurePanel, 'Blood pressure panel with all children optional', 'Blodtrykk'),
  );
  obs.component = [
    bpComponent(LOINC.systolicBP, 'Systolic blood pressure', set.vitals.systolicBP),
    bpComponent(LOINC.diastolicBP, 'Diastolic blood pressure', set.diastolicBP),
  ];
  return obs;
}

function pulseObservation(set: VitalSignsSet): Observation {
  const obs = base(set, 'pulse', loincConcept(LOINC.heartRate, 'Heart rate', VITAL_PARAMETERS.pulse.label));
  if (set.vitals.pulse !== undefined) obs.valueQuantity = quantity(set.vitals.pulse, UCUM.perMinute, '/min');
  else obs.dataAbsentReason = notPerformed();
  if (set.pulseIrregular !== undefined) {
    const finding = set.pulseIrregular
      ? coding(SYSTEM.snomed, SNOMED_FINDING.pulseIrregular, 'Pulse irregular')
      : coding(SYSTEM.snomed, SNOMED_FINDING.pulseRegular, 'Pulse regular');
    obs.component = [
      {
        code: loincConcept(LOINC.heartRhythm, 'Heart rate rhythm', 'Pulsrytme'),
        valueCodeableConcept: {
          coding: [finding],
          text: set.pulseIrregular ? 'Uregelmessig' : 'Regelmessig',
        },
      },
    ];
  }
  return obs;
}

function consciousnessObservation(set: VitalSignsSet, level: keyof typeof ACVPU): Observation {
  const obs = base(set, 'consciousness', {
    coding: [
      coding(SYSTEM.loinc, LOINC.levelOfResponsiveness, 'Level of responsiveness'),
      coding(
        SYSTEM.snomed,
        SNOMED_NEWS2.acvpu,
        'ACVPU (alert, confusion, voice, pain, unresponsive) scale score',
      ),
    ],
    text: VITAL_PARAMETERS.consciousness.label,
  });
  const a = ACVPU[level];
  obs.valueCodeableConcept = {
    coding: [coding(SYSTEM.snomed, a.snomed, a.display), coding(SYSTEM.acvpu, level)],
    text: a.text,
  };
  return obs;
}

/**
 * One Observation per parameter present in the set, in VITAL_SIGNS_PARTS order.
 * Resources have no id: the platform assigns it on conditional create.
 */
export function vitalSignsSetToObservations(set: VitalSignsSet): Observation[] {
  const v = set.vitals;
  const out: Observation[] = [];
  if (v.respirationRate !== undefined) {
    const obs = base(
      set,
      'respirationRate',
      loincConcept(LOINC.respirationRate, 'Respiratory rate', VITAL_PARAMETERS.respirationRate.label),
    );
    obs.valueQuantity = quantity(v.respirationRate, UCUM.perMinute, '/min');
    out.push(obs);
  }
  if (v.spo2 !== undefined) out.push(spo2Observation(set, v.spo2));
  if (v.onOxygen !== undefined) out.push(oxygenObservation(set, v.onOxygen));
  if (v.systolicBP !== undefined || set.diastolicBP !== undefined) out.push(bloodPressureObservation(set));
  if (v.pulse !== undefined || set.pulseIrregular !== undefined) out.push(pulseObservation(set));
  if (v.consciousness !== undefined) out.push(consciousnessObservation(set, v.consciousness));
  if (v.temperature !== undefined) {
    const obs = base(
      set,
      'temperature',
      loincConcept(LOINC.bodyTemperature, 'Body temperature', VITAL_PARAMETERS.temperature.label),
    );
    obs.valueQuantity = quantity(v.temperature, UCUM.celsius, '°C');
    out.push(obs);
  }
  return out;
}

function subscoreCode(param: News2Parameter, scale: 1 | 2): [string, string] {
  const news2 = parameterSpec(param).news2!;
  const coded = scale === 2 && news2.scale2 !== undefined ? news2.scale2 : news2;
  return [coded.code, coded.display];
}

const SUBSCORE_ORDER: readonly News2Parameter[] = [
  'respirationRate',
  'spo2',
  'onOxygen',
  'systolicBP',
  'pulse',
  'consciousness',
  'temperature',
];

/**
 * The NEWS2 score of a complete set as an Observation (category survey, SNOMED UK total,
 * one component per sub-score, risk band as interpretation), or null when the set is
 * incomplete: a partial sum is never stored as a NEWS2 total.
 * Throws if `score` is not the score of `set`: storing a wrong score must be impossible.
 */
export function news2ScoreObservation(
  set: VitalSignsSet,
  score: News2Score,
  derivedFrom: Reference[],
): Observation | null {
  const expected = scoreNews2(set.vitals);
  if (
    expected.total !== score.total ||
    expected.risk !== score.risk ||
    expected.complete !== score.complete
  ) {
    throw new Error(`NEWS2 score does not match vital-signs set ${set.id}`);
  }
  if (!expected.complete) return null;
  const scale = set.vitals.spo2Scale ?? 1;
  const obs: Observation = {
    resourceType: 'Observation',
    identifier: [partIdentifier(set.id, NEWS2_PART)],
    status: 'final',
    category: [surveyCategory()],
    code: {
      coding: [
        coding(
          SYSTEM.snomed,
          SNOMED_NEWS2.total,
          'Royal College of Physicians NEWS2 (National Early Warning Score 2) total score',
        ),
      ],
      text: 'NEWS2',
    },
    subject: { reference: `Patient/${set.patientId}` },
    effectiveDateTime: set.effectiveDateTime,
    valueInteger: expected.total,
    interpretation: [
      {
        coding: [coding(SYSTEM.news2Risk, expected.risk, CLINICAL_RISK_LABELS[expected.risk])],
        text: CLINICAL_RISK_LABELS[expected.risk],
      },
    ],
    component: SUBSCORE_ORDER.map((param) => {
      const [code, display] = subscoreCode(param, scale);
      return {
        code: { coding: [coding(SYSTEM.snomed, code, display)] },
        valueInteger: expected.parts[param],
      };
    }),
    derivedFrom: derivedFrom.map((r) => ({ ...r }) as Reference<Observation>),
  };
  if (set.sourceSystem !== undefined) obs.meta = { source: set.sourceSystem };
  if (set.performer !== undefined) obs.performer = [{ ...set.performer }];
  return obs;
}
