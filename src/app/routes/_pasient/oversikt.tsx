import { createFileRoute } from '@tanstack/react-router';
import { OpenEscalation } from '../../features/escalation/OpenEscalation';
import { News2Panel } from '../../features/news2/News2Panel';
import { ParkedSets } from '../../features/news2/ParkedSets';
import { ServicesSection } from '../../features/services/ServicesSection';
import { News2WeekTrend } from '../../features/trends/News2WeekTrend';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { scale2Decisions } from '../../features/news2/scale2';
import { useWideScreen } from '../../features/layout/useWideScreen';
import { useBaseline } from '../../features/news2/useBaseline';
import { usePatientPlans } from '../../features/plans/usePatientPlans';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/oversikt')({ component: Overview });

/**
 * The patient at a glance. On a legevakt desktop (1920 × 1080) everything fits the first
 * screen: NEWS2 now on the left, the week's trend and the services table on the right
 * (issue #12 point 1). On a tablet the same parts stack, services as cards.
 */
function Overview() {
  usePageTitle('Oversikt');
  const app = useApp();
  const wide = useWideScreen();
  const { patientId, view } = usePatient();
  const now = app.now();
  const { plans, clinician } = usePatientPlans(view, patientId, now);
  const baseline = useBaseline(view.vitals, patientId, now, clinician);
  return (
    <>
      <h1 className="visually-hidden">Oversikt</h1>
      <ParkedSets
        section={view.history ?? view.vitals}
        onDismiss={(id) => app.client?.dismissProblem(id) ?? Promise.resolve()}
      />
      <OpenEscalation vitals={view.vitals} escalations={view.escalations} now={now} />
      <div className="overview">
        <News2Panel
          section={view.vitals}
          scale2={scale2Decisions(view.scale2)}
          baseline={baseline}
          plans={plans}
          withheld={view.withheld?.vitals}
          now={now}
        />
        <News2WeekTrend section={view.vitals} baseline={baseline} now={now} />
        <ServicesSection
          section={view.services}
          withheld={view.withheld?.services}
          now={now}
          layout={wide ? 'table' : 'cards'}
          source={app.session?.municipality}
        />
      </div>
    </>
  );
}
