import { createFileRoute } from '@tanstack/react-router';
import { News2Panel } from '../../features/news2/News2Panel';
import { ParkedSets } from '../../features/news2/ParkedSets';
import { ServicesSection } from '../../features/services/ServicesSection';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { scale2Decisions } from '../../features/news2/scale2';
import { useBaseline } from '../../features/news2/useBaseline';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/oversikt')({ component: Overview });

function Overview() {
  usePageTitle('Oversikt');
  const app = useApp();
  const { patientId, view } = usePatient();
  const now = app.now();
  const baseline = useBaseline(view.vitals, patientId, now);
  return (
    <div className="overview">
      <h1 className="visually-hidden">Oversikt</h1>
      <ParkedSets
        section={view.vitals}
        onDismiss={(id) => app.client?.dismissProblem(id) ?? Promise.resolve()}
      />
      <News2Panel section={view.vitals} scale2={scale2Decisions(view.scale2)} baseline={baseline} now={now} />
      <ServicesSection section={view.services} now={now} />
    </div>
  );
}
