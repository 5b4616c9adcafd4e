import { createFileRoute } from '@tanstack/react-router';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { scale2Decision } from '../../features/news2/scale2';
import { useBaseline } from '../../features/news2/useBaseline';
import { TrendsView } from '../../features/trends/TrendsView';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/trender')({ component: Trends });

function Trends() {
  usePageTitle('Trender');
  const app = useApp();
  const { patientId, view } = usePatient();
  const now = app.now();
  const baseline = useBaseline(view.vitals, patientId, now);
  return (
    <TrendsView
      section={view.vitals}
      baseline={baseline}
      scale={scale2Decision(view.scale2) ? 2 : 1}
      now={now}
    />
  );
}
