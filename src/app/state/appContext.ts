import { createContext, useContext } from 'react';
import type { OfflineClient } from '../../offline/api';
import type { SmartSession } from '../auth/session';
import type { AppConfig } from '../config/appConfig';

export interface AppState {
  config: AppConfig;
  session: SmartSession | null;
  /** Present once a session exists (the device store is per login). */
  client: OfflineClient | null;
  /** The patient on screen. Held in app state, never in the URL or the title. */
  patientId: string | null;
  /** Clock, injectable for tests. */
  now: () => Date;
  startSession(session: SmartSession): void;
  /** Standalone only; an EHR launch is bound to the launched patient. */
  selectPatient(patientId: string): void;
  /** Wipes the device store; rejects (UnsentDataError) while writes wait unless discardUnsent. */
  signOut(opts?: { discardUnsent?: boolean }): Promise<void>;
  /** Client below the platform's minimum version: patient data must not be shown. */
  blocked: { reason: string } | null;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppProvider');
  return app;
}
