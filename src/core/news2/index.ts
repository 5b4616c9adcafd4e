// Public NEWS2 contract (RCP 2017). Other parts of Varde and external verification use it.
// Types: ./types.ts. Implementation: ./score.ts (chart), ./response.ts (RCP charts 3 and 4).
// Modules inside src/core import from those files, never from this barrel.
export type { Consciousness, VitalSigns, News2Parameter, ClinicalRisk, News2Score } from './types';

export { scoreNews2, clinicalRisk, NEWS2_PARAMETERS } from './score';
export {
  news2Response,
  nextMeasurementDue,
  news2ResponseLevel,
  NEWS2_PARAMETER_LABELS,
  CLINICAL_RISK_LABELS,
} from './response';
export type { News2Response, News2ResponseOptions, MeasurementDue, News2ResponseLevel } from './response';
export {
  spo2ScaleFor,
  scale2AppliesAt,
  scale2DecisionAt,
  scale2DecidedByText,
  withSpo2Scale,
} from './scale2';
export type { Scale2Actor, Scale2Decision } from './scale2';
export {
  validateScale2Change,
  checkScale2ChangeAgainst,
  applyScale2Changes,
  decisionOfStart,
  decisionRef,
  refersTo,
  SCALE2_REASON_MAX_LENGTH,
} from './scale2Change';
export type {
  Scale2Change,
  Scale2ChangeField,
  Scale2DecisionRef,
  Scale2End,
  Scale2Start,
} from './scale2Change';
