// Public NEWS2 contract (RCP 2017). Other parts of Varde and external verification use it.
// Implementation: ./score.ts (chart), ./response.ts (RCP charts 3 and 4).
export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U'; // ACVPU; C = new confusion
export interface VitalSigns {
  respirationRate?: number;
  spo2?: number;
  spo2Scale?: 1 | 2;
  onOxygen?: boolean;
  systolicBP?: number;
  pulse?: number;
  consciousness?: Consciousness;
  temperature?: number;
}
export type News2Parameter =
  'respirationRate' | 'spo2' | 'onOxygen' | 'systolicBP' | 'pulse' | 'consciousness' | 'temperature';
export type ClinicalRisk = 'low' | 'low-medium' | 'medium' | 'high';
export interface News2Score {
  total: number; // sum of the parameters that were present
  parts: Partial<Record<News2Parameter, number>>; // 0..3 for each parameter present
  missing: News2Parameter[]; // parameters absent from the input
  complete: boolean; // missing is empty
  risk: ClinicalRisk;
  /**
   * Set only on Scale 2 when SpO2 >= 93 % and onOxygen is unknown: the SpO2 part was scored
   * as if on oxygen (the higher, safer reading). The UI should say so.
   */
  spo2AssumedOnOxygen?: true;
}

export { scoreNews2, clinicalRisk, NEWS2_PARAMETERS } from './score';
export {
  news2Response,
  nextMeasurementDue,
  news2ResponseLevel,
  NEWS2_PARAMETER_LABELS,
  CLINICAL_RISK_LABELS,
} from './response';
export type { News2Response, News2ResponseOptions, MeasurementDue, News2ResponseLevel } from './response';
export { spo2ScaleFor, scale2AppliesAt, withSpo2Scale } from './scale2';
export type { Scale2Decision } from './scale2';
