import type { VitalSigns } from '../news2/index';
import type { SetComment, SetCorrection } from '../correction/types';

/** One vital-signs set as recorded at the bedside (or a single measurement). */
export interface VitalSignsSet {
  /** Client-made identifier (UUID). Becomes the FHIR identifier used for conditional create. */
  id: string;
  /** FHIR Patient id (logical id on the platform). */
  patientId: string;
  /** When measured, ISO 8601 with offset. */
  effectiveDateTime: string;
  vitals: VitalSigns;
  /** Recorded, not scored (trial requirement). */
  pulseIrregular?: boolean;
  diastolicBP?: number;
  /** Inhaled oxygen flow in L/min when on oxygen. */
  oxygenFlowLpm?: number;
  /** Who measured: FHIR reference, e.g. Practitioner/abc. */
  performer?: { reference: string; display?: string };
  /** Source system of the record (e.g. "varde", "Gerica", "CosDoc"). */
  sourceSystem?: string;
  /** When the platform received it (server data only). */
  receivedAt?: string;
  /**
   * When the set was entered (saved) on the recording device, ISO 8601 to the second. It
   * orders sets measured in the same second (./order.ts); a random id never does. On the
   * wire it belongs in Observation.issued.
   */
  recordedAt?: string;
  /**
   * Present when the set was marked "registrert feil" (entered-in-error): it is then kept
   * for the history only and counts in no score, baseline, trend, latest set or worklist.
   */
  enteredInError?: SetCorrection;
  /** Free-text comments on the set (Observation.note), oldest first. */
  comments?: readonly SetComment[];
}
