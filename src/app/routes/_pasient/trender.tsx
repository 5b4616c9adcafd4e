import { createFileRoute } from '@tanstack/react-router';
import { useMemo } from 'react';
import { spo2ScaleFor } from '../../../core/news2/scale2';
import { escalationTrendEvents } from '../../features/escalation/recordText';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { scale2Decisions } from '../../features/news2/scale2';
import { useBaseline } from '../../features/news2/useBaseline';
import { usePatientPlans } from '../../features/plans/usePatientPlans';
import { TrendsView } from '../../features/trends/TrendsView';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/trender')({ component: Trends });

function Trends() {
  usePageTitle('Trender');
  const app = useApp();
  const { patientId, view } = usePatient();
  const now = app.now();
  const { clinician } = usePatientPlans(view, patientId, now);
  const baseline = useBaseline(view.vitals, patientId, now, clinician);
  // The scale the SpO2 chart's bands are drawn for: core's rule for the decision in force now
  // (unknown decisions: Scale 1, the chart default, as before).
  const scale = spo2ScaleFor(scale2Decisions(view.scale2) ?? [], { at: now.toISOString() });
  // Escalation records as markers on the NEWS2 chart (issue #11 point 3).
  const events = useMemo(() => escalationTrendEvents(view.escalations), [view.escalations]);
  return (
    <TrendsView
      section={view.vitals}
      baseline={baseline}
      withheld={view.withheld?.vitals}
      scale={scale}
      now={now}
      events={events}
    />
  );
}
