import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AccessToken, OfflineClient } from '../../offline/api';
import { clearSession, RefreshRefusedError, saveSession, type SmartSession } from '../auth/session';
import type { AppConfig } from '../config/appConfig';
import { AppContext, type AppState } from './appContext';

const patientKey = 'varde.patient';

export interface TokenAccess {
  /**
   * A valid access token, refreshed when needed; null when the user must log in again (the
   * server refused the refresh); { kind: 'unreachable' } when the refresh found no network.
   * Never throws: offline past the token's lifetime is a network failure, not an error.
   */
  getAccessToken(): Promise<AccessToken>;
}

export interface AppProviderProps {
  config: AppConfig;
  initialSession: SmartSession | null;
  /** Makes the device store and sync for a login; the real one or a fake in tests. */
  createClient: (session: SmartSession, tokens: TokenAccess) => OfflineClient | Promise<OfflineClient>;
  /**
   * Exchanges the refresh token; absent in tests. Throws a RefreshRefusedError when the
   * server refuses it; any other throw counts as "no network".
   */
  refresh?: (session: SmartSession) => Promise<SmartSession>;
  /** Releases a client that is no longer used. */
  closeClient?: (client: OfflineClient) => void;
  storage: Storage;
  now?: () => Date;
  blocked?: { reason: string } | null;
  children: ReactNode;
}

/** One login: a token refresh keeps it, a new launch or another patient context does not. */
function loginKey(s: SmartSession | null): string | null {
  return s ? [s.kind, s.fhirBase, s.patient ?? '', String(s.profile.sub ?? '')].join('|') : null;
}

export function AppProvider(props: AppProviderProps) {
  const { storage, createClient, refresh, closeClient } = props;
  const [session, setSession] = useState<SmartSession | null>(props.initialSession);
  const sessionRef = useRef(session);
  const [patientId, setPatientId] = useState<string | null>(() => {
    if (props.initialSession?.kind === 'ehr') return props.initialSession.patient ?? null;
    return props.initialSession ? storage.getItem(patientKey) : null;
  });

  useEffect(() => {
    sessionRef.current = session;
  }, [session]);

  const refreshing = useRef<Promise<AccessToken> | null>(null);
  const getAccessToken = useCallback(async (): Promise<AccessToken> => {
    const current = sessionRef.current;
    if (!current) return null;
    if (current.expiresAt - 30 > Date.now() / 1000) return current.accessToken;
    if (!refresh || !current.refreshToken) return null;
    // One refresh at a time: refresh tokens rotate, a second use would be refused.
    refreshing.current ??= refresh(current)
      .then(
        (next): AccessToken => {
          saveSession(storage, next);
          sessionRef.current = next;
          setSession(next);
          return next.accessToken;
        },
        (e: unknown): AccessToken => {
          if (e instanceof RefreshRefusedError) {
            // Refused: the refresh token is dead. Forget it (no further tries with it) and
            // keep the session and its device store: the outbox waits for the next login.
            const withoutRefresh = { ...current, refreshToken: undefined };
            saveSession(storage, withoutRefresh);
            sessionRef.current = withoutRefresh;
            setSession(withoutRefresh);
            return null;
          }
          // No answer (offline, a timeout, a server error): the same refresh token is still
          // good, and the next request tries again.
          return { kind: 'unreachable', reason: 'Ingen forbindelse med påloggingstjenesten.' };
        },
      )
      .finally(() => {
        refreshing.current = null;
      });
    return refreshing.current;
  }, [refresh, storage]);

  const key = loginKey(session);
  // The device store is created per login, and may load its code on demand (it is not
  // needed for the start page), so it arrives asynchronously.
  const [clientState, setClientState] = useState<{ key: string; client: OfflineClient } | null>(null);
  useEffect(() => {
    if (!key || !sessionRef.current) return;
    let cancelled = false;
    let made: OfflineClient | null = null;
    void Promise.resolve(createClient(sessionRef.current, { getAccessToken })).then((c) => {
      made = c;
      if (cancelled) closeClient?.(c);
      else setClientState({ key, client: c });
    });
    return () => {
      cancelled = true;
      if (made) closeClient?.(made);
      setClientState(null);
    };
  }, [key, createClient, closeClient, getAccessToken]);
  const client = clientState && clientState.key === key ? clientState.client : null;

  useEffect(() => {
    if (patientId) storage.setItem(patientKey, patientId);
    else storage.removeItem(patientKey);
  }, [patientId, storage]);

  const startSession = useCallback(
    (s: SmartSession) => {
      saveSession(storage, s);
      sessionRef.current = s;
      setSession(s);
      // The launch's patient is the displayed patient (DOMAIN.md section 7, risk 2).
      setPatientId(s.kind === 'ehr' ? (s.patient ?? null) : null);
    },
    [storage],
  );

  const selectPatient = useCallback(
    (id: string) => {
      if (session?.kind === 'ehr' && id !== session.patient) return;
      setPatientId(id);
    },
    [session],
  );

  const signOut = useCallback(
    async (opts?: { discardUnsent?: boolean }) => {
      // The client refuses while measurements wait to be sent; the caller asks the user.
      await client?.wipe(opts);
      clearSession(storage);
      storage.removeItem(patientKey);
      sessionRef.current = null;
      setPatientId(null);
      setSession(null);
    },
    [client, storage],
  );

  const now = props.now;
  const value: AppState = useMemo(
    () => ({
      config: props.config,
      session,
      client,
      patientId,
      now: now ?? (() => new Date()),
      startSession,
      selectPatient,
      signOut,
      blocked: props.blocked ?? null,
    }),
    [props.config, now, props.blocked, session, client, patientId, startSession, selectPatient, signOut],
  );
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}
