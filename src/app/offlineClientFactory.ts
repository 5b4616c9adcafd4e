// Connects a login to the device store and sync (src/offline).
import type { OfflineClient, PatientView, Section } from '../offline/api';
import type { SmartSession } from './auth/session';
import type { TokenAccess } from './state/AppProvider';

const notReady = { kind: 'unavailable', reason: 'Lagringen på enheten er ikke klar ennå.' } as const;

export function createClientForSession(_session: SmartSession, _tokens: TokenAccess): OfflineClient {
  const view: PatientView = { identity: notReady, services: notReady, vitals: notReady, scale2: undefined };
  const none: Section<never[]> = notReady;
  return {
    watchPatient: (_id, on) => (on(view), () => {}),
    refreshPatient: async () => {},
    recordVitals: async () => {
      throw new Error('Lagringen på enheten er ikke klar ennå.');
    },
    watchSyncStatus: (on) => (on({ kind: 'offline', waiting: 0 }), () => {}),
    syncNow: async () => {},
    watchWorklist: (on) => (on(none), () => {}),
    prefetchWorklist: async () => {},
    storageInfo: async () => ({ persisted: false, evictionRisk: false }),
    wipe: async () => {},
    lockState: async () => 'unlocked',
    watchLock: (on) => (on('unlocked'), () => {}),
    setupPin: async () => {},
    unlock: async () => true,
    lock: () => {},
    noteActivity: () => {},
    dismissProblem: async () => {},
  };
}
