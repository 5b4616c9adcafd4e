// Connects a login to the device store and sync (src/offline), or, for an online session
// (session.store 'memory': an EHR launch by default), to the same client with its store in
// the page's memory. One device store per FHIR server and user, named by the FHIR base in
// full, the issuer, the tenant and the user
// (src/offline/storeScope.ts): one server's cache and queue never mix with another's on a
// shared device, and every queued write is bound to the server it was recorded for.
import type { OfflineClient } from '../offline/api';
import type { StoreScope } from '../offline/index';
import { grantsOf } from './auth/scopes';
import { practitionerId, type SmartSession } from './auth/session';
import type { TokenAccess } from './state/AppProvider';

// Loaded on demand: the store, its crypto and the FHIR mapping are not needed to log in.
// The dynamic import is one promise for the whole page, however often it is called.
const loadDeviceStore = () => import('../offline/index');

/** Whose store a login opens (the FHIR base is given apart, as the client's server). */
export function storeScopeOf(session: SmartSession): Omit<StoreScope, 'fhirBase'> {
  const issuer = session.metadata.issuer;
  const sub = session.profile.sub;
  return {
    issuer: typeof issuer === 'string' ? issuer : undefined,
    tenant: session.tenant,
    user: session.fhirUser ?? (typeof sub === 'string' ? sub : undefined),
    label: session.municipality,
  };
}

/**
 * The name this login's store had before schema v5: `varde-{tenant}`, the tenant being the
 * token's claim or else the last path segment of the FHIR base. Its contents move into the
 * login's own store on first open (src/offline/storeDirectory.ts).
 */
export function legacyStoreName(session: SmartSession): string {
  return `varde-${session.tenant ?? session.fhirBase.split('/').pop() ?? 'default'}`;
}

async function openClient(session: SmartSession, tokens: TokenAccess): Promise<OfflineClient> {
  const { openOfflineClient } = await loadDeviceStore();
  return openOfflineClient({
    fhirBaseUrl: session.fhirBase,
    getAccessToken: () => tokens.getAccessToken(),
    practitionerId: practitionerId(session),
    scope: storeScopeOf(session),
    // An online session (an EHR launch, by default) keeps patient data in memory only and
    // takes nothing over from the device; see ehrLaunchOf in config/appConfig.ts.
    ...(session.store === 'memory'
      ? { memory: { lock: session.lock ?? 'epj' } }
      : { legacyDbName: legacyStoreName(session) }),
    // The granted scope: a write the server will not take is never queued.
    mayWrite: grantsOf(session.scope).mayWrite,
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
