import { createFileRoute } from '@tanstack/react-router';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { VitalsForm } from '../../features/vitals/VitalsForm';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/maling')({ component: NewMeasurement });

function NewMeasurement() {
  usePageTitle('Ny måling');
  const app = useApp();
  const { patientId, view } = usePatient();
  const sets =
    view.vitals.kind === 'ready'
      ? view.vitals.data
      : view.vitals.kind === 'unavailable'
        ? view.vitals.cached?.data
        : [];
  const performer = app.session?.fhirUser
    ? {
        reference: app.session.fhirUser.replace(/^.*\/(Practitioner\/[^/]+)$/, '$1'),
        display: app.session.userName,
      }
    : undefined;
  return (
    <VitalsForm
      patientId={patientId}
      scale2={view.scale2}
      performer={performer}
      now={app.now}
      newId={() => crypto.randomUUID()}
      onSave={(set) => app.client?.recordVitals(set) ?? Promise.reject(new Error('Ingen lagring på enheten'))}
      syncStateOf={(id) => sets?.find((s) => s.id === id)?.syncState}
    />
  );
}
