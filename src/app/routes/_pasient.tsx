import { Link, Outlet, createFileRoute } from '@tanstack/react-router';
import { PatientBanner } from '../features/banner/PatientBanner';
import { LockGate } from '../features/layout/LockGate';
import { useApp } from '../state/appContext';
import { PatientViewContext } from '../state/patientViewContext';
import { usePatientView } from '../state/usePatientView';
import { guardPatient } from './-routeGuards';

// Pathless layout for every patient screen: the patient comes from app state (the launch
// or the worklist), never from the URL.
export const Route = createFileRoute('/_pasient')({ beforeLoad: guardPatient, component: PatientLayout });

function PatientLayout() {
  const app = useApp();
  if (app.blocked) return <Blocked reason={app.blocked.reason} />;
  if (!app.client)
    return (
      <p role="status">
        {app.session?.store === 'memory' ? 'Starter økten …' : 'Åpner lagringen på enheten …'}
      </p>
    );
  // The guard (-routeGuards.ts) has checked both before this screen was loaded.
  if (!app.session || !app.patientId) return null;
  const memory = app.session.store === 'memory';
  return (
    <LockGate client={app.client} prepareWhileLocked sessionOnly={memory}>
      {/* A new patient remounts everything below: nothing of the previous one survives. */}
      <PatientScreens key={app.patientId} patientId={app.patientId} />
    </LockGate>
  );
}

function PatientScreens({ patientId }: { patientId: string }) {
  const app = useApp();
  const view = usePatientView(app.client, patientId);
  if (!view) return <p>Henter pasient …</p>;
  return (
    <PatientViewContext.Provider value={{ patientId, view }}>
      <PatientBanner
        identity={view.identity}
        compact={app.session?.needPatientBanner === false}
        now={app.now()}
      />
      <nav aria-label="Pasientvisninger" className="tabs">
        <Link to="/oversikt" activeProps={{ 'aria-current': 'page' }}>
          Oversikt
        </Link>
        <Link to="/trender" activeProps={{ 'aria-current': 'page' }}>
          Trender
        </Link>
        <Link to="/historikk" activeProps={{ 'aria-current': 'page' }}>
          Historikk
        </Link>
        <Link to="/plan" activeProps={{ 'aria-current': 'page' }}>
          Plan
        </Link>
        <Link to="/maling" activeProps={{ 'aria-current': 'page' }}>
          Ny måling
        </Link>
      </nav>
      <Outlet />
    </PatientViewContext.Provider>
  );
}

export function Blocked({ reason }: { reason: string }) {
  return (
    <section className="card narrow notice--error" role="alert">
      <h1>Denne versjonen av Varde kan ikke brukes</h1>
      <p>{reason}</p>
      <p>Oppdater appen (lukk og åpne den igjen med nett) før du ser pasientdata.</p>
    </section>
  );
}
