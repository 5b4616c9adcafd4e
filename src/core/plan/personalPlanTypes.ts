// The shape of a clinician-set personal plan (see ./personalPlan.ts for what it is and the
// safety rule): what a threshold or usual value may be about, an alert, the SpO2 target,
// the plan, and the limits on its texts and validity.
import type { ClinicalActor } from '../actor';
import type { UsualValue } from '../baseline/baseline';

/** What a personal threshold or usual value may be about. */
export const PLAN_PARAMETERS = [
  'news2Total',
  'respirationRate',
  'spo2',
  'systolicBP',
  'pulse',
  'temperature',
] as const;
export type PlanParameter = (typeof PLAN_PARAMETERS)[number];

export type PlanZone = 'yellow' | 'red';
export type ThresholdComparator = '>=' | '<=';

export interface PersonalAlert {
  parameter: PlanParameter;
  comparator: ThresholdComparator;
  value: number;
  /** Yellow: act soon (e.g. call the GP); red: act at once. Both count as "Krever handling". */
  zone: PlanZone;
  /** What to do, Norwegian, e.g. "Ring fastlege". */
  action: string;
}

export interface Spo2Target {
  low: number;
  high: number;
  /** The SpO2 scale the target belongs to (88–92 % goes with Scale 2). */
  scale?: 1 | 2;
}

export interface PersonalPlan {
  /** Client-made identifier (UUID); the FHIR identifier conditional create keys on. */
  id: string;
  patientId: string;
  setBy: ClinicalActor;
  setAt: string;
  /** Why the plan was made ("Kjent KOLS, vanlig NEWS2 5"). */
  reason: string;
  /** Review/expiry date-time: from then the plan reads "utløpt" and is not used. */
  validUntil: string;
  /** Usual values or ranges per parameter; they replace the derived baseline as a whole. */
  usualValues?: Partial<Record<PlanParameter, UsualValue>>;
  spo2Target?: Spo2Target;
  alerts: PersonalAlert[];
  /** Set when the plan was withdrawn before its expiry. */
  endedAt?: string;
}

export const PLAN_REASON_MAX_LENGTH = 500;
export const PLAN_ACTION_MAX_LENGTH = 300;
export const PLAN_MAX_VALIDITY_MONTHS = 12;
