// "Neste måling" by the patient's monitoring plan (issue #11 point 2), beside the RCP
// monitoring text that stays as it is: the plan decides when NEWS2 is due in home care;
// RCP's interval applies on top of it only while the latest set is elevated.
import { monitoringState, type MonitoringState } from '../../../core/plan/monitoringState';
import type { Baseline } from '../../../core/baseline/baseline';
import { dueBasisText, monitoringStateText } from '../../../core/worklist/texts';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { PatientPlans } from '../../../offline/api';

export function monitoringStateOf(
  patientId: string,
  sets: readonly VitalSignsSet[],
  plans: PatientPlans | undefined,
  baseline: Baseline | undefined,
  now: Date,
): MonitoringState {
  return monitoringState({
    patientId,
    sets,
    ...(plans ? { plans: plans.monitoring } : {}),
    ...(baseline ? { baseline } : {}),
    now: now.toISOString(),
  });
}

export function MonitoringLine(props: { state: MonitoringState; plansKnown: boolean; now: Date }) {
  const { state } = props;
  const now = props.now.toISOString();
  const overdue = state.kind === 'overdue';
  return (
    <p className="monitoring-line">
      <strong>Neste måling etter planen:</strong>{' '}
      <span className={overdue ? 'tone-error monitoring-line__due' : 'monitoring-line__due'}>
        {monitoringStateText(state, now)}
      </span>{' '}
      <span className="muted">({dueBasisText(state.basis)})</span>
      {!props.plansKnown && (
        <span className="muted">
          {' '}
          Overvåkingsplanen er ikke hentet til enheten: kommunens standard (minst årlig) er brukt.
        </span>
      )}
    </p>
  );
}
