import { createFileRoute } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { beginLaunch } from '../auth/smartLaunch';
import { usePageTitle } from '../features/layout/usePageTitle';
import { useApp } from '../state/appContext';

// SMART EHR launch: /launch?iss=...&launch=... . Neither parameter is patient data
// (launch is an opaque handle), and both leave the address bar with the redirect.
export const Route = createFileRoute('/launch')({
  validateSearch: (search: Record<string, unknown>) => ({
    iss: typeof search.iss === 'string' ? search.iss : '',
    launch: typeof search.launch === 'string' ? search.launch : '',
  }),
  component: LaunchPage,
});

function LaunchPage() {
  usePageTitle('Starter');
  const app = useApp();
  const { iss, launch } = Route.useSearch();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!iss || !launch) {
      setError('Oppstartslenken mangler iss eller launch. Start Varde på nytt fra journalsystemet.');
      return;
    }
    let cancelled = false;
    beginLaunch({ config: app.config, origin: location.origin, storage: sessionStorage }, { iss, launch })
      .then((url) => {
        if (!cancelled) location.assign(url);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : 'Oppstarten mislyktes.');
      });
    return () => {
      cancelled = true;
    };
  }, [app.config, iss, launch]);

  return (
    <section className="card narrow" aria-labelledby="launch-heading">
      <h1 id="launch-heading">Starter Varde fra journalsystemet</h1>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : (
        <p role="status">Kobler til innlogging …</p>
      )}
    </section>
  );
}
