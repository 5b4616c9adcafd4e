import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { LockGate } from '../features/layout/LockGate';
import { usePageTitle } from '../features/layout/usePageTitle';
import { Worklist } from '../features/worklist/Worklist';
import { useApp } from '../state/appContext';
import { useWorklist } from '../state/usePatientView';
import { Blocked } from './_pasient';
import { guardWorklist } from './-routeGuards';

export const Route = createFileRoute('/pasienter')({ beforeLoad: guardWorklist, component: WorklistPage });

function WorklistPage() {
  usePageTitle('Mine pasienter');
  const app = useApp();
  if (app.blocked) return <Blocked reason={app.blocked.reason} />;
  if (!app.client) return <p role="status">Åpner lagringen på enheten …</p>;
  return (
    <LockGate client={app.client}>
      <WorklistContainer />
    </LockGate>
  );
}

function WorklistContainer() {
  const app = useApp();
  const navigate = useNavigate();
  const section = useWorklist(app.client);
  const [evictionRisk, setEvictionRisk] = useState(false);
  useEffect(() => {
    void app.client?.storageInfo().then((info) => setEvictionRisk(info.evictionRisk));
  }, [app.client]);
  return (
    <>
      {evictionRisk && (
        <p className="notice notice--warn">
          Nettleseren kan slette data på enheten. Legg Varde til på Hjem-skjermen før du drar på tur uten
          nett.
        </p>
      )}
      <Worklist
        section={section}
        now={app.now()}
        onSelect={(id) => {
          app.selectPatient(id);
          void navigate({ to: '/oversikt' });
        }}
        autoFetch={navigator.onLine}
        onPrefetch={(onProgress) => app.client?.prefetchWorklist(onProgress) ?? Promise.resolve()}
      />
    </>
  );
}
