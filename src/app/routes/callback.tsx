import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { withLaunchContext } from '../auth/practitionerRole';
import { completeLaunch } from '../auth/smartLaunch';
import { usePageTitle } from '../features/layout/usePageTitle';
import { useApp } from '../state/appContext';

export const Route = createFileRoute('/callback')({ component: CallbackPage });

function CallbackPage() {
  usePageTitle('Logger inn');
  const app = useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // The code is single-use: StrictMode's second effect run must not exchange it again.
    if (started.current) return;
    started.current = true;
    const url = location.href;
    // The code and state leave the address bar and history at once.
    history.replaceState(null, '', '/callback');
    completeLaunch({ config: app.config, origin: location.origin, storage: sessionStorage }, url)
      .then((session) => withLaunchContext(session, app.config))
      .then((session) => {
        app.startSession(session);
        void navigate({ to: session.kind === 'ehr' ? '/oversikt' : '/pasienter', replace: true });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Innloggingen mislyktes.'));
  }, [app, navigate]);

  return (
    <section className="card narrow" aria-labelledby="callback-heading">
      <h1 id="callback-heading">Logger inn</h1>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : (
        <p role="status">Fullfører innloggingen …</p>
      )}
    </section>
  );
}
