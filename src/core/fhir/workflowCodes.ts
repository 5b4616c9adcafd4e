// Codes, identifier systems and extensions of the clinical workflow around a score
// (plans, corrections, comments, escalation records). Kept apart from ./codes.ts for now,
// to be folded into it with the contract work; the values are the wire contract already.
import type { CodeableConcept } from '@medplum/fhirtypes';
import { coding } from './codes';

export const WORKFLOW_SYSTEM = {
  /** Identifier of a monitoring plan (client-made UUID; conditional create keys on it). */
  monitoringPlan: 'https://varde.no/fhir/sid/monitoring-plan',
  /** Identifier of a clinician-set personal NEWS2 plan. */
  personalPlan: 'https://varde.no/fhir/sid/personal-plan',
  /** Identifier of a Scale 2 decision or end record (Flag), client-made. */
  scale2Decision: 'https://varde.no/fhir/sid/scale2-decision',
  /** Identifier of an escalation record (Communication). */
  escalation: 'https://varde.no/fhir/sid/escalation',
  /** CarePlan.category: news2-monitoring-plan | news2-personal-plan. */
  carePlanCategory: 'https://varde.no/fhir/CodeSystem/care-plan-category',
  /** Communication.category: news2-escalation. */
  communicationCategory: 'https://varde.no/fhir/CodeSystem/communication-category',
  /** Varde's zone codes green | yellow | red (same meaning as HL7 Norway's draft below). */
  planZone: 'https://varde.no/fhir/CodeSystem/plan-zone',
  /**
   * HL7 Norway's draft zone code system (Planer/CarePlan work, "Vurderingssone for
   * observasjon": green "Grønn sone", yellow "Gul sone", red "Rød sone"). Written beside
   * Varde's code so a reader of the HL7 Norway draft recognises the zone.
   */
  hl7NoZone: 'http://hl7.no/fhir/ig/planer-hacking/CodeSystem/planer-hacking-observation-severity-zone-cs',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  participationMode: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode',
  /** Whom a nurse contacted: fastlege | legevakt | amk | other. */
  contactKind: 'https://varde.no/fhir/CodeSystem/escalation-contact',
  /**
   * HealthcareService.type of the services an escalation calls that Volven 9151 (municipal
   * care services) does not list: legevakt. Searched with `HealthcareService?type=…`.
   */
  healthcareServiceType: 'https://varde.no/fhir/CodeSystem/healthcare-service-type',
} as const;

export const WORKFLOW_EXTENSION = {
  /**
   * On an Observation with status entered-in-error: who marked it, when and why. Complex:
   * `reason` (valueString), `by` (valueReference), `at` (valueDateTime).
   */
  enteredInError: 'https://varde.no/fhir/StructureDefinition/entered-in-error',
  /** On a CarePlan or Communication: valueCode doctor | nurse, the author's role. */
  authorRole: 'https://varde.no/fhir/StructureDefinition/author-role',
  /**
   * On a zone Condition: one machine-readable threshold. Complex: `parameter`
   * (valueCoding, LOINC or the NEWS2 SNOMED code), `comparator` (valueCode >= | <=),
   * `value` (valueQuantity, UCUM).
   */
  planThreshold: 'https://varde.no/fhir/StructureDefinition/plan-threshold',
  /**
   * On the green-zone Condition: one usual value. Complex: `parameter` (valueCoding),
   * `usual`, `low`, `high` (valueQuantity).
   */
  planUsualValue: 'https://varde.no/fhir/StructureDefinition/plan-usual-value',
  /**
   * On a Scale 2 end record (Flag, status inactive): valueReference to the decision it ends,
   * `Flag/{id}` or by `identifier` (WORKFLOW_SYSTEM.scale2Decision).
   */
  scale2Ends: 'https://varde.no/fhir/StructureDefinition/scale2-ends',
  /** On a revoked personal plan CarePlan: valueDateTime, when it was withdrawn (period.end stays the review date). */
  withdrawnAt: 'https://varde.no/fhir/StructureDefinition/plan-withdrawn-at',
  /** On a Communication: valueDateTime, when the record was made on the device. */
  recordedAt: 'https://varde.no/fhir/StructureDefinition/recorded-at',
  /** On Communication.recipient: valueCode from WORKFLOW_SYSTEM.contactKind. */
  contactKind: 'https://varde.no/fhir/StructureDefinition/escalation-contact-kind',
  /** On Communication.recipient: valueString, the phone number called. */
  contactPhone: 'https://varde.no/fhir/StructureDefinition/escalation-contact-phone',
} as const;

export const CARE_PLAN_CATEGORY = {
  monitoring: 'news2-monitoring-plan',
  personal: 'news2-personal-plan',
} as const;

export const ESCALATION_CATEGORY = 'news2-escalation';

/** HealthcareService.type code of the municipality's legevakt (WORKFLOW_SYSTEM.healthcareServiceType). */
export const LEGEVAKT_SERVICE_TYPE = 'legevakt';

export function carePlanCategory(code: string, display: string): CodeableConcept {
  return { coding: [coding(WORKFLOW_SYSTEM.carePlanCategory, code, display)] };
}
