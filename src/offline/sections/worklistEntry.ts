// A worklist row from a patient's cached identity, sets and plans: core's triage row with
// the latest NEWS2. Pure: the clock arrives as an argument.
import { personalBaseline } from '../../core/baseline/baseline';
import { scoreNews2 } from '../../core/news2/index';
import {
  clinicianBaselineFromPlan,
  currentPersonalPlan,
  personalPlanStatus,
} from '../../core/plan/personalPlan';
import { triageRow } from '../../core/worklist/triage';
import { usableSets } from '../../core/vitals/order';
import type { DeviceVitalSignsSet, PatientIdentity, PatientPlans, WorklistEntry } from '../api';

/**
 * A worklist row from the cached identity, the sets (server and local) and the patient's
 * plans: core's triage row (risk band, latest NEWS2 with its age, usual and deviation, the
 * plan state, personal thresholds, "Krever handling"). The usual values are core's
 * personalBaseline: the personal plan's, when one is in force, else derived from the sets.
 * `visitOrder` is the place in the nurse's list. Without plans on the device the routine
 * interval is the municipal default and `plansKnown` says so (also when only the device's
 * own unsent plans are known).
 */
export function worklistEntry(
  patient: PatientIdentity,
  sets: DeviceVitalSignsSet[],
  now: Date,
  opts: { visitOrder?: number; plans?: PatientPlans; plansKnown?: boolean } = {},
): WorklistEntry {
  const at = now.toISOString();
  // Measured time, then entry order; a set marked entered-in-error never counts.
  const usable = usableSets(sets);
  const latest = usable.at(-1);
  const personal = opts.plans
    ? currentPersonalPlan(opts.plans.personal, { now: at, patientId: patient.id })
    : undefined;
  const clinician =
    personal && personalPlanStatus(personal, at) === 'active'
      ? clinicianBaselineFromPlan(personal)
      : undefined;
  const baseline =
    usable.length > 0 ? personalBaseline(patient.id, usable, clinician, { now: at }) : undefined;
  const triage = triageRow({
    patientId: patient.id,
    sets,
    now: at,
    ...(opts.visitOrder !== undefined ? { visitOrder: opts.visitOrder } : {}),
    ...(opts.plans ? { monitoringPlans: opts.plans.monitoring } : {}),
    ...(personal ? { personalPlan: personal } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const m = triage.monitoring;
  const entry: WorklistEntry = {
    patient,
    overdue: m.kind === 'overdue',
    triage,
    plansKnown: opts.plansKnown ?? opts.plans !== undefined,
  };
  if (m.kind === 'ok') entry.dueAt = m.nextDueAt;
  else if (m.kind === 'due-today') entry.dueAt = m.dueAt;
  else if (m.kind === 'overdue') entry.dueAt = m.since;
  if (latest) {
    const score = scoreNews2(latest.vitals);
    // A partial sum is not a NEWS2 total: never invent one.
    entry.latest = {
      total: score.complete ? score.total : null,
      complete: score.complete,
      effectiveDateTime: latest.effectiveDateTime,
    };
  }
  return entry;
}
