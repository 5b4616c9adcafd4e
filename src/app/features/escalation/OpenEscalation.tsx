import { useState } from 'react';
import { CLINICAL_RISK_LABELS } from '../../../core/news2/response';
import { scoreNews2 } from '../../../core/news2/score';
import type { DeviceEscalationRecord, DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDateTime } from '../../format/norwegian';
import { setAwaitingEscalation } from './awaiting';
import { sectionData } from './sectionData';
import { callerOf, PatientEscalationPanel } from './PatientEscalationPanel';
import { useApp } from '../../state/appContext';

/**
 * On the overview: the patient's newest set calls for escalation and nothing is recorded
 * about it yet (awaiting.ts). Says so, and opens the escalation panel for that set. Once
 * opened it stays for that set, so the nurse sees her record land.
 */
export function OpenEscalation(props: {
  vitals: Section<DeviceVitalSignsSet[]>;
  escalations: Section<DeviceEscalationRecord[]> | undefined;
  now: Date;
}) {
  const app = useApp();
  const [open, setOpen] = useState<DeviceVitalSignsSet | null>(null);
  const me = callerOf(app.session)?.reference;
  // Only in the home-care nurse's own app (standalone): launched from an EPJ, the overview is
  // the legevakt's one-screen glance and the EPJ holds the doctor's own notes. Records still
  // loading: no prompt yet, rather than one that is wrong.
  if (!open && (app.session?.kind !== 'standalone' || !me)) return null;
  if (!open && (!props.escalations || props.escalations.kind === 'loading')) return null;
  const awaiting =
    open || !me
      ? undefined
      : setAwaitingEscalation(
          sectionData(props.vitals) ?? [],
          sectionData(props.escalations) ?? [],
          props.now,
          me,
        );
  if (open) {
    const set = (sectionData(props.vitals) ?? []).find((s) => s.id === open.id) ?? open;
    return <PatientEscalationPanel set={set} score={scoreNews2(set.vitals)} />;
  }
  if (!awaiting) return null;
  const { set, score } = awaiting;
  return (
    <section className="card notice--warn open-escalation" aria-labelledby="open-escalation-heading">
      <h2 id="open-escalation-heading">Eskalering ikke registrert</h2>
      <p>
        Målingen {formatDateTime(set.effectiveDateTime)} (
        {score.complete ? `NEWS2 ${score.total}` : 'ufullstendig'},{' '}
        {CLINICAL_RISK_LABELS[score.risk].toLowerCase()}) har ingen registrering av hvem som ble kontaktet,
        eller hvorfor ikke.
      </p>
      <button type="button" className="primary" onClick={() => setOpen(set)}>
        Vis hvem du ringer, og registrer
      </button>
    </section>
  );
}
