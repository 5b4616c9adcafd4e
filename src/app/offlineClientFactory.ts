// Connects a login to the device store and sync (src/offline). One database per
// municipality, so one tenant's cache never mixes with another's on a shared device.
import type { OfflineClient } from '../offline/api';
import { practitionerId, type SmartSession } from './auth/session';
import type { TokenAccess } from './state/AppProvider';

// The dynamic import is one promise for the whole page: calling it twice loads the chunk once.
const loadDeviceStore = () => import('../offline/index');

/**
 * Starts fetching and compiling the device store's chunk without waiting for React. With a
 * session, the patient screens need it for their first paint (the PIN prompt): started
 * here, it loads while the route chunks load, instead of after them.
 */
export function preloadDeviceStore(): void {
  void loadDeviceStore().catch(() => {
    // createClientForSession imports it again and reports the failure where it matters.
  });
}

export async function createClientForSession(
  session: SmartSession,
  tokens: TokenAccess,
): Promise<OfflineClient> {
  // Loaded on demand: the store, its crypto and the FHIR mapping are not needed to log in.
  const { createOfflineClient } = await loadDeviceStore();
  return createOfflineClient({
    fhirBaseUrl: session.fhirBase,
    getAccessToken: () => tokens.getAccessToken(),
    practitionerId: practitionerId(session),
    dbName: `varde-${session.tenant ?? 'default'}`,
  });
}

/** Stops a client's timers and closes its database, when it has such a method. */
export function closeClient(client: OfflineClient): void {
  (client as OfflineClient & { close?: () => void }).close?.();
}
