import '../testing/autoCleanup';
import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccessToken } from '../../offline/api';
import { RefreshRefusedError, type SmartSession } from '../auth/session';
import { createFakeOfflineClient } from '../testing/fakeOfflineClient';
import { session, testConfig } from '../testing/renderApp';
import { AppProvider, type TokenAccess } from './AppProvider';
import { useApp, type AppState } from './appContext';

afterEach(() => sessionStorage.clear());

function Probe(props: { onApp: (app: AppState) => void }) {
  props.onApp(useApp());
  return null;
}

function setup(initial: SmartSession, refresh?: (s: SmartSession) => Promise<SmartSession>) {
  let tokens: TokenAccess | undefined;
  let app: AppState | undefined;
  const client = createFakeOfflineClient();
  const createClient = vi.fn((_s: SmartSession, t: TokenAccess) => {
    tokens = t;
    return client;
  });
  render(
    <AppProvider
      config={testConfig}
      initialSession={initial}
      createClient={createClient}
      refresh={refresh}
      storage={sessionStorage}
    >
      <Probe onApp={(a) => (app = a)} />
    </AppProvider>,
  );
  return { createClient, tokens: () => tokens!, app: () => app!, client };
}

describe('AppProvider', () => {
  it('refreshes an expired token once for concurrent callers and keeps the same client', async () => {
    const expired = session({ expiresAt: 1, refreshToken: 'r1', accessToken: 'old' });
    const refresh = vi.fn(async (s: SmartSession) => ({
      ...s,
      accessToken: 'new',
      refreshToken: 'r2',
      expiresAt: 4e9,
    }));
    const { createClient, tokens } = setup(expired, refresh);
    await vi.waitFor(() => expect(createClient).toHaveBeenCalled());
    let results: AccessToken[] = [];
    await act(async () => {
      results = await Promise.all([tokens().getAccessToken(), tokens().getAccessToken()]);
    });
    expect(results).toEqual(['new', 'new']);
    expect(refresh).toHaveBeenCalledOnce();
    expect(createClient).toHaveBeenCalledOnce();
    expect(JSON.parse(sessionStorage.getItem('varde.session') ?? '{}').refreshToken).toBe('r2');
  });

  it('asks for login when the token is expired and cannot be refreshed', async () => {
    const { createClient, tokens } = setup(session({ expiresAt: 1, refreshToken: undefined }));
    await vi.waitFor(() => expect(createClient).toHaveBeenCalled());
    expect(await tokens().getAccessToken()).toBeNull();
  });

  it('a refresh without network is a network failure, not an error, and is tried again', async () => {
    const expired = session({ expiresAt: 1, refreshToken: 'r1', accessToken: 'old' });
    let online = false;
    const refresh = vi.fn(async (s: SmartSession) => {
      if (!online) throw new TypeError('Failed to fetch');
      return { ...s, accessToken: 'new', refreshToken: 'r2', expiresAt: 4e9 };
    });
    const { createClient, tokens, app } = setup(expired, refresh);
    await vi.waitFor(() => expect(createClient).toHaveBeenCalled());
    let token: AccessToken = null;
    await act(async () => {
      token = await tokens().getAccessToken();
    });
    expect(token).toEqual({ kind: 'unreachable', reason: expect.any(String) });
    // Nothing is lost: the session and its refresh token stay for the next try.
    expect(app().session?.refreshToken).toBe('r1');
    online = true;
    await act(async () => {
      token = await tokens().getAccessToken();
    });
    expect(token).toBe('new');
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('a refresh the server refuses asks for login, keeps the session, and forgets the dead refresh token', async () => {
    const expired = session({ expiresAt: 1, refreshToken: 'r-dead', accessToken: 'old' });
    const refresh = vi.fn(async () => {
      throw new RefreshRefusedError('grant request is invalid');
    });
    const { createClient, tokens, app, client } = setup(expired, refresh);
    await vi.waitFor(() => expect(createClient).toHaveBeenCalled());
    let token: AccessToken = 'x';
    await act(async () => {
      token = await tokens().getAccessToken();
    });
    expect(token).toBeNull();
    expect(app().session).not.toBeNull();
    expect(app().session?.refreshToken).toBeUndefined();
    expect(client.wiped).toBe(false);
    await act(async () => {
      token = await tokens().getAccessToken();
    });
    expect(refresh).toHaveBeenCalledOnce();
  });

  it('binds an EHR launch to the launched patient', async () => {
    const { app } = setup(session({ patient: 'pat-kari' }));
    expect(app().patientId).toBe('pat-kari');
    act(() => app().selectPatient('pat-other'));
    expect(app().patientId).toBe('pat-kari');
  });

  it('lets a standalone user choose, and a new login clears the choice', async () => {
    const { app } = setup(session({ kind: 'standalone', patient: undefined }));
    act(() => app().selectPatient('pat-per'));
    expect(app().patientId).toBe('pat-per');
    act(() => app().startSession(session({ kind: 'ehr', patient: 'pat-kari', profile: { sub: 'u2' } })));
    expect(app().patientId).toBe('pat-kari');
  });
});
