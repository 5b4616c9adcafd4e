import { createFileRoute } from '@tanstack/react-router';
import { useMemo } from 'react';
import { vitalsWithEscalations } from '../../features/escalation/recordText';
import { SetHistory } from '../../features/history/SetHistory';
import { scale2Decisions } from '../../features/news2/scale2';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/historikk')({ component: History });

function History() {
  usePageTitle('Historikk');
  const app = useApp();
  const { view } = usePatient();
  // Every set, the ones marked "registrert feil" struck through (PatientView.history), each
  // with the escalation records about it (features/history/annotations.ts).
  const section = useMemo(
    () => vitalsWithEscalations(view.history ?? view.vitals, view.escalations),
    [view.history, view.vitals, view.escalations],
  );
  return (
    <SetHistory
      section={section}
      scale2={scale2Decisions(view.scale2)}
      withheld={view.withheld?.vitals}
      now={app.now()}
    />
  );
}
