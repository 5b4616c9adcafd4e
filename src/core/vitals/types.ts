import type { VitalSigns } from '../news2/types';

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
}
