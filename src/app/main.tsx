import './zodWithoutEval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { loadSession } from './auth/session';
import { loadConfig } from './config/appConfig';
import { provideServiceWorkerRegistration } from './features/update/UpdatePrompt';
import { appVersion, blockedReason, fetchVersionInfo } from './features/update/minimumVersion';
import { closeClient, createClientForSession, openDeviceStoreEarly } from './offlineClientFactory';
import { AppRouter } from './AppRouter';
import { createAppRouter } from './router';
import { AppProvider } from './state/AppProvider';
import './styles.css';

async function start() {
  const root = document.getElementById('root');
  if (!root) return;
  const origin = location.origin;
  const session = loadSession(sessionStorage);
  if (session) openDeviceStoreEarly(session);
  // A bad network must not hold the first screen: both fall back to what is known.
  const quick: typeof fetch = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
  const [config, versionInfo] = await Promise.all([
    loadConfig({ origin, env: import.meta.env, fetchFn: quick }),
    fetchVersionInfo(origin, localStorage, quick),
  ]);
  provideServiceWorkerRegistration(registerSW);
  const router = createAppRouter();
  createRoot(root).render(
    <StrictMode>
      <AppProvider
        config={config}
        initialSession={session}
        createClient={createClientForSession}
        closeClient={closeClient}
        refresh={async (s) => {
          const { refreshSession } = await import('./auth/smartLaunch');
          return refreshSession({ config, origin, storage: sessionStorage }, s);
        }}
        storage={sessionStorage}
        blocked={blockedReason(appVersion, versionInfo)}
      >
        <AppRouter router={router} />
      </AppProvider>
    </StrictMode>,
  );
}

void start();
