// Connects a login to the device store and sync (src/offline). One database per
// municipality, so one tenant's cache never mixes with another's on a shared device.
import type { OfflineClient } from '../offline/api';
import { practitionerId, type SmartSession } from './auth/session';
import type { TokenAccess } from './state/AppProvider';

// Loaded on demand: the store, its crypto and the FHIR mapping are not needed to log in.
// The dynamic import is one promise for the whole page, however often it is called.
const loadDeviceStore = () => import('../offline/index');

async function openClient(session: SmartSession, tokens: TokenAccess): Promise<OfflineClient> {
  const { createOfflineClient } = await loadDeviceStore();
  return createOfflineClient({
    fhirBaseUrl: session.fhirBase,
    getAccessToken: () => tokens.getAccessToken(),
    practitionerId: practitionerId(session),
    dbName: `varde-${session.tenant ?? 'default'}`,
  });
}

interface EarlyClient {
  session: SmartSession;
  client: Promise<OfflineClient>;
  giveTokens(tokens: TokenAccess): void;
}
let early: EarlyClient | null = null;

/**
 * Opens the device store of a restored session before React renders. The patient screens
 * need it for their first paint (the PIN prompt asks the store whether a PIN exists), so its
 * chunk, the database open and that first read run while the app's routes load, instead of
 * after them. createClientForSession hands this client to the first caller with the same
 * session object.
 */
export function openDeviceStoreEarly(session: SmartSession): void {
  let giveTokens: (t: TokenAccess) => void = () => {};
  const tokens = new Promise<TokenAccess>((resolve) => (giveTokens = resolve));
  // Token requests wait for the app's token access. Nothing asks before the store is
  // unlocked with the PIN, and the app hands its tokens over on its first render.
  const client = openClient(session, { getAccessToken: async () => (await tokens).getAccessToken() });
  client.then(
    (c) => void c.lockState().catch(() => {}),
    () => {
      // The failure is reported where the client is awaited.
    },
  );
  early = { session, client, giveTokens };
}

export function createClientForSession(session: SmartSession, tokens: TokenAccess): Promise<OfflineClient> {
  if (early?.session === session) {
    const { client, giveTokens } = early;
    early = null;
    giveTokens(tokens);
    return client;
  }
  return openClient(session, tokens);
}

/** Stops a client's timers and closes its database. */
export function closeClient(client: OfflineClient): void {
  client.close();
}
