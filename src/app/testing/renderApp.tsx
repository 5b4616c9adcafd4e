import { createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { SmartSession } from '../auth/session';
import type { AppConfig } from '../config/appConfig';
import { AppRouter } from '../AppRouter';
import { createAppRouter } from '../router';
import { AppProvider } from '../state/AppProvider';
import type { FakeOfflineClient } from './fakeOfflineClient';
import { NOW } from './fixtures';

export const testConfig: AppConfig = {
  clientId: 'varde',
  municipalities: [{ name: 'Bergen', fhirBase: 'https://app.test/fhir/4601' }],
};

export function session(overrides: Partial<SmartSession> = {}): SmartSession {
  return {
    kind: 'ehr',
    fhirBase: 'https://app.test/fhir/4601',
    municipality: 'Bergen',
    clientId: 'varde',
    metadata: {},
    // What Varde asks a v2 server for (auth/scopes.ts requestedScope('ehr', 'v2')).
    scope:
      'openid fhirUser profile launch patient/*.rs patient/Observation.c patient/AuditEvent.c patient/Communication.c offline_access',
    accessToken: 'token',
    expiresAt: 4_000_000_000,
    profile: { sub: 'u1' },
    patient: 'pat-kari',
    needPatientBanner: true,
    userName: 'Lege Lise',
    ...overrides,
  };
}

/** The whole app (routes, provider, fake client) at a path, as a user would see it. */
export function renderApp(opts: {
  client: FakeOfflineClient;
  session: SmartSession | null;
  path: string;
  blocked?: { reason: string };
}) {
  const router = createAppRouter({ history: createMemoryHistory({ initialEntries: [opts.path] }) });
  const result = render(
    <AppProvider
      config={testConfig}
      initialSession={opts.session}
      createClient={() => opts.client}
      storage={window.sessionStorage}
      now={() => NOW}
      blocked={opts.blocked}
    >
      <AppRouter router={router} />
    </AppProvider>,
  );
  return { ...result, router };
}
