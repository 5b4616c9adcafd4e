// Public API of the clinical core: pure and isomorphic (browser, service worker, Node).
export * from './news2/index';
export type { VitalSignsSet } from './vitals/types';
export type { MunicipalService, ServiceContact, ServiceStatus } from './services/types';
export * from './fhir/index';
export { validateVitals, validateVitalSignsSet, notANumberMessage } from './vitals/validate';
export {
  VITAL_PARAMETERS,
  parameterSpec,
  labelInSentence,
  shortLabelInSentence,
  labelsOf,
} from './vitals/parameters';
export type { VitalParameter, VitalParameterSpec, SoftLimits } from './vitals/parameters';
export type {
  FieldIssue,
  NumericField,
  ValidationField,
  ValidationResult,
  VitalsField,
  ValidateSetOptions,
} from './vitals/validate';
export { latestCompleteSet } from './vitals/latest';
export {
  compareSetsChronologically,
  sortSetsChronologically,
  usableSets,
  isUsable,
  entryMs,
} from './vitals/order';
export type { LatestCompleteSet } from './vitals/latest';
export {
  BASELINE_PARAMETERS,
  deriveBaseline,
  personalBaseline,
  clinicianBaselineInForce,
  describeBaseline,
  baselineWindowText,
  norwegianDate,
  quantile,
} from './baseline/baseline';
export type {
  Baseline,
  BaselineOptions,
  BaselineParameter,
  BaselineValues,
  BaselineWindowOptions,
  ClinicianBaseline,
  DerivedBaseline,
  ExcludedEpisode,
  NotEnoughData,
  UsualValue,
} from './baseline/baseline';
export { deviationFromBaseline, deviationOf, BASELINE_PARAMETER_LABELS } from './baseline/deviation';
export type { Deviation, RangePosition, SetDeviation } from './baseline/deviation';

export { CLINICAL_ROLES, CLINICAL_ROLE_LABELS, actorText } from './actor';
export type { ActorRef, ClinicalActor, ClinicalRole } from './actor';
export { textLength } from './validation';
export type { Checked, Issue } from './validation';
export {
  osloDateOf,
  osloStartOfDay,
  osloClock,
  norwegianCalendarDate,
  toOsloIso,
  addDays,
  addMonths,
} from './time/oslo';
export type { CalendarDate } from './time/oslo';

export {
  COMMENT_MAX_LENGTH,
  CORRECTION_REASON_MAX_LENGTH,
  validateSetCorrection,
  validateSetComment,
  validateSetWithComments,
  applyCorrections,
  applyComments,
  mergeComments,
} from './correction/correction';
export type { CorrectionField, CommentField } from './correction/correction';
export type { SetComment, SetCorrection } from './correction/types';

export {
  MUNICIPAL_DEFAULT_INTERVAL,
  MAX_INTERVAL_MONTHS,
  MONITORING_PLAN_REASON_MAX_LENGTH,
  intervalText,
  validateMonitoringPlan,
  monitoringPlanAppliesAt,
  monitoringPlanInForce,
} from './plan/monitoringPlan';
export type {
  IntervalUnit,
  MonitoringPlan,
  MonitoringPlanField,
  RoutineInterval,
} from './plan/monitoringPlan';
export { monitoringState, routineDueDate, elevation, usualNews2High } from './plan/monitoringState';
export type {
  DueBasis,
  EscalatedBasis,
  EscalationTrigger,
  MonitoringState,
  MonitoringStateInput,
  RoutineBasis,
} from './plan/monitoringState';
export {
  PLAN_PARAMETERS,
  PLAN_PARAMETER_TEXT,
  PLAN_REASON_MAX_LENGTH,
  PLAN_ACTION_MAX_LENGTH,
  PLAN_MAX_VALIDITY_MONTHS,
  physiologicalLimits,
  validatePersonalPlan,
  personalPlanStatus,
  currentPersonalPlan,
  clinicianBaselineFromPlan,
  evaluatePersonalPlan,
  thresholdText,
  alertText,
  describePersonalPlan,
} from './plan/personalPlan';
export type {
  CrossedAlert,
  PersonalAlert,
  PersonalPlan,
  PersonalPlanField,
  PersonalPlanStatus,
  PlanEvaluation,
  PlanParameter,
  PlanZone,
  Spo2Target,
  ThresholdComparator,
} from './plan/personalPlan';

export {
  TRIAGE_BAND_ORDER,
  triageRow,
  compareTriage,
  sortWorklist,
  requiringAction,
} from './worklist/triage';
export type { ActionReason, TriageBand, TriageInput, TriageRow } from './worklist/triage';
export {
  TRIAGE_BAND_LABELS,
  measurementAgeText,
  usualDeviationText,
  monitoringStateText,
  dueBasisText,
  actionReasonText,
} from './worklist/texts';

export {
  CONTACT_KINDS,
  CONTACT_KIND_LABELS,
  LEGEVAKT_PHONE,
  AMK_PHONE,
  ESCALATION_TEXT_MAX_LENGTH,
  ISBAR_MAX_LENGTH,
  validateEscalation,
} from './escalation/escalation';
export type {
  ContactKind,
  DoctorContacted,
  EscalationContact,
  EscalationField,
  EscalationRecord,
  NotEscalated,
} from './escalation/escalation';
export { isbarSummary } from './escalation/isbar';
export type { Isbar, IsbarInput } from './escalation/isbar';
export {
  dialString,
  escalationCallOrder,
  escalationIndicated,
  inFastlegeOfficeHours,
} from './escalation/contacts';
export type {
  CallNumber,
  CallOption,
  CallOrder,
  FastlegeContact,
  LocalLegevakt,
  PatientContacts,
} from './escalation/contacts';
