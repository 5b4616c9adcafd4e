// The outbox kinds: the one place where a kind of write is registered.
//
// To add one (a correction of a set, a comment, an escalation, a plan, a Scale 2 decision):
//   1. Write its payload type and an OutboxKind for it in a file of its own here
//      (./vitals.ts is the example): validation, the client-made id, the patient, the
//      transaction Bundle of conditional creates, and the confirmation rule.
//   2. Add the payload type to OutboxPayloads and the kind to outboxKinds() below.
//   3. Give the OfflineClient a command that calls outbox.enqueue('<name>', payload), and
//      the view composition (../patientView.ts) a way to show items of the kind that wait.
// Nothing in the engine changes: it drains every kind oldest first through the same rules.
import { vitalSignsSetToObservations } from '../../core/fhir/toObservation';
import type { Scale2Change } from '../../core/news2/scale2Change';
import type { MonitoringPlan } from '../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../core/plan/personalPlan';
import type { VitalSignsSet } from '../../core/vitals/types';
import type { ToObservations } from '../sync/push';
import type { KindTable } from './kind';
import { monitoringPlanKind } from './monitoringPlan';
import { personalPlanKind } from './personalPlan';
import { scale2DecisionKind } from './scale2Decision';
import { escalationKind, type EscalationWrite } from './escalation';
import { vitalsKind } from './vitals';
import { correctionKind, type CorrectionWrite } from './correction';
import { commentKind, type CommentWrite } from './comment';

export type { KindTable, OutboxKind } from './kind';
export type { CorrectionWrite } from './correction';
export type { CommentWrite } from './comment';

/** The payload of each registered kind, by the name stored in OutboxItem.kind. */
export interface OutboxPayloads {
  vitals: VitalSignsSet;
  escalation: EscalationWrite;
  correction: CorrectionWrite;
  comment: CommentWrite;
  monitoringPlan: MonitoringPlan;
  personalPlan: PersonalPlan;
  scale2Decision: Scale2Change;
}

export type OutboxKindName = keyof OutboxPayloads;

export function outboxKinds(opts: { toObservations?: ToObservations } = {}): KindTable<OutboxPayloads> {
  const toObservations = opts.toObservations ?? vitalSignsSetToObservations;
  return {
    vitals: vitalsKind(toObservations),
    escalation: escalationKind,
    correction: correctionKind(toObservations),
    comment: commentKind(),
    monitoringPlan: monitoringPlanKind,
    personalPlan: personalPlanKind,
    scale2Decision: scale2DecisionKind,
  };
}
