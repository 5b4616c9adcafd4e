import { createFileRoute } from '@tanstack/react-router';
import { grantsOf } from '../../auth/scopes';
import { clinicalActorOf, userRightsOf, type UserRights } from '../../auth/userRights';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { PlanScreen } from '../../features/plans/PlanScreen';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/plan')({ component: Plan });

function Plan() {
  usePageTitle('Plan');
  const app = useApp();
  const { patientId, view } = usePatient();
  const byRole = userRightsOf(app.session);
  // The login's grant decides too: a plan whose type was not granted could never be sent
  // (monitoring and personal plans are CarePlans, Scale 2 decisions Flags).
  const grants = app.session ? grantsOf(app.session.scope) : undefined;
  const rights: UserRights = {
    ...byRole,
    may: (r) => byRole.may(r) && (!grants || grants.mayWrite(r === 'scale2-decision' ? 'Flag' : 'CarePlan')),
  };
  const noStore = () => Promise.reject(new Error('Ingen lagring på enheten'));
  return (
    <PlanScreen
      patientId={patientId}
      view={view}
      actor={clinicalActorOf(app.session, byRole)}
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
