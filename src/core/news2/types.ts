// The NEWS2 types (RCP 2017): the input of the score and its result. Kept apart from the
// barrel (./index.ts) so that the modules of news2/ and the rest of core import their types
// from here and never through the barrel that re-exports them (no import circle).
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
