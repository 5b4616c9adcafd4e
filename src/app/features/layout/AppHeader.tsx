import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useApp } from '../../state/appContext';
import { useSyncStatus } from '../../state/usePatientView';
import { useReader } from '../../state/reader';
import { SyncStatusIndicator } from '../sync/SyncStatusIndicator';
import { UnsentInMemory } from '../sync/UnsentInMemory';

export function AppHeader() {
  const app = useApp();
  const status = useSyncStatus(app.client);
  const reader = useReader();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A new login keeps the device store: waiting measurements are sent after it.
  async function logInAgain() {
    if (!app.session) return;
    try {
      // Loaded on demand: oidc-client-ts is not needed on the first screen.
      const { beginLaunch } = await import('../../auth/smartLaunch');
      const url = await beginLaunch(
        { config: app.config, origin: location.origin, storage: sessionStorage },
        { iss: app.session.fhirBase },
      );
      location.assign(url);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Innloggingen kunne ikke startes.');
    }
  }

  async function signOut(discardUnsent = false) {
    setError(null);
    try {
      await app.signOut({ discardUnsent });
      setConfirmDiscard(false);
    } catch (e) {
      if (e instanceof Error && e.name === 'UnsentDataError') setConfirmDiscard(true);
      else setError(e instanceof Error ? e.message : 'Utlogging feilet.');
    }
  }

  return (
    <header className="app-header">
      <div className="app-header__row">
        <p className="app-header__brand">
          <Link to="/">Varde</Link>
          {app.session && <span className="muted"> · {app.session.municipality}</span>}
        </p>
        <SyncStatusIndicator
          status={app.session ? status : null}
          pending={!!app.session}
          onSyncNow={app.client ? () => void app.client?.syncNow() : undefined}
          onLogin={app.session ? () => void logInAgain() : undefined}
        />
        {app.session && (
          <div className="app-header__user">
            {app.session.userName && <span>{app.session.userName}</span>}
            {app.session.kind === 'standalone' && <Link to="/pasienter">Mine pasienter</Link>}
            <button type="button" onClick={() => void signOut()}>
              Logg ut
            </button>
          </div>
        )}
      </div>
      {app.session && <UnsentInMemory status={status} storage={reader.storage} />}
      {confirmDiscard && (
        <div className="notice notice--error" role="alertdialog" aria-labelledby="discard-heading">
          <p id="discard-heading">
            <strong>Det finnes målinger som ikke er sendt.</strong> Logger du ut nå,{' '}
            {reader.storage === 'memory' ? 'går de tapt.' : 'slettes de fra enheten.'}
          </p>
          <button type="button" onClick={() => setConfirmDiscard(false)}>
            Avbryt
          </button>{' '}
          <button type="button" className="danger" onClick={() => void signOut(true)}>
            Logg ut og slett usendte målinger
          </button>
        </div>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}
