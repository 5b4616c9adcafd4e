import { createFileRoute } from '@tanstack/react-router';
import { clinicalActorOf, userRightsOf } from '../../auth/userRights';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { PlanScreen } from '../../features/plans/PlanScreen';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/plan')({ component: Plan });

function Plan() {
  usePageTitle('Plan');
  const app = useApp();
  const { patientId, view } = usePatient();
  const rights = userRightsOf(app.session);
  const noStore = () => Promise.reject(new Error('Ingen lagring på enheten'));
  return (
    <PlanScreen
      patientId={patientId}
      view={view}
      actor={clinicalActorOf(app.session, rights)}
      rights={rights}
      commands={{
        recordMonitoringPlan: (plan) => app.client?.recordMonitoringPlan(plan) ?? noStore(),
        recordPersonalPlan: (plan) => app.client?.recordPersonalPlan(plan) ?? noStore(),
        recordScale2Change: (change) => app.client?.recordScale2Change(change) ?? noStore(),
      }}
      now={app.now}
      newId={() => crypto.randomUUID()}
    />
  );
}
