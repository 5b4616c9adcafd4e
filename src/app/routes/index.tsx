import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { beginLaunch } from '../auth/smartLaunch';
import { usePageTitle } from '../features/layout/usePageTitle';
import { useApp } from '../state/appContext';
import { guardStart } from './-routeGuards';

export const Route = createFileRoute('/')({ beforeLoad: guardStart, component: StartPage });

/** Standalone start: choose municipality, log in, then "Mine pasienter i dag". */
function StartPage() {
  usePageTitle('Start');
  const app = useApp();
  const [choice, setChoice] = useState(app.config.municipalities[0]?.fhirBase ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function logIn() {
    setBusy(true);
    setError(null);
    try {
      const url = await beginLaunch(
        { config: app.config, origin: location.origin, storage: sessionStorage },
        { iss: choice },
      );
      location.assign(url);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Innloggingen kunne ikke startes.');
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="start-heading">
      <h1 id="start-heading">Logg inn i Varde</h1>
      <p>Kommunale tjenester og NEWS2 for hjemmesykepleie og legevakt.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void logIn();
        }}
      >
        <fieldset>
          <legend>Velg kommune</legend>
          {app.config.municipalities.map((m) => (
            <label key={m.fhirBase} className="choice">
              <input
                type="radio"
                name="municipality"
                value={m.fhirBase}
                checked={choice === m.fhirBase}
                onChange={() => setChoice(m.fhirBase)}
              />
              {m.name}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !choice}>
          {busy ? 'Sender deg til innlogging …' : 'Logg inn'}
        </button>
      </form>
      <p className="muted">Leger på legevakten starter Varde fra journalsystemet med pasienten valgt.</p>
    </section>
  );
}
