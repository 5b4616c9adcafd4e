// SMART App Launch 2 with oidc-client-ts: authorization code + PKCE S256 + state, `aud`
// and `launch` as extra query parameters. We use OidcClient rather than UserManager
// because UserManager builds a User that drops the SMART launch context; here the
// SigninResponse carries every token-response field and we keep what we need.
//
// Scopes are negotiated (./scopes.ts): built from the table of what the app writes, in SMART
// v2 syntax where the server's smart-configuration says it takes it, v1 otherwise. Against
// Varde's platform (v2):
//   EHR launch:  openid fhirUser profile launch patient/*.rs patient/Observation.c patient/AuditEvent.c patient/Communication.c offline_access
//   standalone:  openid fhirUser profile user/*.rs user/Observation.c user/AuditEvent.c user/Communication.c offline_access
// AuditEvent.c uploads the reads made offline (DOMAIN.md section 7, risk 3). Communication.c
// writes escalation records (issue #11 point 3).
// Standalone asks for user/ scopes and no launch/patient: the nurse picks the patient from
// her own worklist ("Mine pasienter i dag") inside the app; the platform still enforces the
// care relationship on every read.
import {
  ErrorResponse,
  OidcClient,
  WebStorageStateStore,
  type OidcMetadata,
  type SigninResponse,
} from 'oidc-client-ts';
import { municipalityForIss, type AppConfig } from '../config/appConfig';
import { RefreshRefusedError, type SmartSession } from './session';
import { requestedScope, scopeSyntaxOf } from './scopes';
import { claimsOf } from './tokenClaims';
import { fetchSmartConfiguration, toOidcMetadata } from './smartConfiguration';

/** What Varde asks a SMART v2 server for (the scopes of ./scopes.ts APP_WRITES). */
export const ehrScope = requestedScope('ehr', 'v2');
export const standaloneScope = requestedScope('standalone', 'v2');

export class LaunchError extends Error {}

interface PendingLaunch {
  kind: 'ehr' | 'standalone';
  fhirBase: string;
  municipality: string;
  metadata: Partial<OidcMetadata>;
  /** The scope asked for (negotiated from the server's smart-configuration). */
  scope?: string;
}

const pendingKey = 'varde.pendingLaunch';

export interface LaunchEnvironment {
  config: AppConfig;
  origin: string;
  storage: Storage;
  fetchFn?: typeof fetch;
}

function makeClient(
  env: LaunchEnvironment,
  fhirBase: string,
  metadata: Partial<OidcMetadata>,
  scope: string,
) {
  return new OidcClient({
    authority: fhirBase,
    metadata,
    client_id: env.config.clientId,
    redirect_uri: `${env.origin}/callback`,
    response_type: 'code',
    scope,
    loadUserInfo: false,
    stateStore: new WebStorageStateStore({ store: env.storage }),
  });
}

/**
 * Builds the authorization request and returns the URL to send the browser to.
 * `launch` is present for an EHR launch and absent for a standalone one.
 */
export async function beginLaunch(
  env: LaunchEnvironment,
  args: { iss: string; launch?: string },
): Promise<string> {
  const municipality = municipalityForIss(env.config, args.iss);
  if (!municipality) {
    const known = env.config.municipalities.map((m) => `${m.name} (${m.fhirBase})`).join(', ');
    throw new LaunchError(
      `Oppstarten kom fra en ukjent FHIR-server (${args.iss}) og ble avvist. Varde er satt opp for: ${known}.`,
    );
  }
  const kind = args.launch ? 'ehr' : 'standalone';
  const smart = await fetchSmartConfiguration(municipality.fhirBase, env.fetchFn);
  const metadata = toOidcMetadata(smart);
  const scope = requestedScope(kind, scopeSyntaxOf(smart));
  const client = makeClient(env, municipality.fhirBase, metadata, scope);
  const extraQueryParams: Record<string, string> = { aud: municipality.fhirBase };
  if (args.launch) extraQueryParams.launch = args.launch;
  const request = await client.createSigninRequest({ extraQueryParams });
  const pending: PendingLaunch = {
    kind,
    fhirBase: municipality.fhirBase,
    municipality: municipality.name,
    metadata,
    scope,
  };
  env.storage.setItem(pendingKey, JSON.stringify(pending));
  return request.url;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

export function sessionFromResponse(
  response: SigninResponse,
  pending: Pick<PendingLaunch, 'kind' | 'fhirBase' | 'municipality' | 'metadata'>,
  clientId: string,
  nowSeconds: number,
): SmartSession {
  // The SMART context parameters ride along on the token response (SMART 2, section 2.0.9).
  const extra = response as unknown as Record<string, unknown>;
  const profile = (response.profile ?? {}) as unknown as Record<string, unknown>;
  const tenantClaim = claimsOf(response.access_token).tenant;
  const session: SmartSession = {
    kind: pending.kind,
    fhirBase: pending.fhirBase,
    municipality: pending.municipality,
    clientId,
    metadata: pending.metadata as Record<string, unknown>,
    scope: response.scope ?? '',
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
    expiresAt: response.expires_at ?? nowSeconds + (response.expires_in ?? 300),
    profile,
    patient: text(extra.patient),
    encounter: text(extra.encounter),
    // SMART: absent means the app must show the banner.
    needPatientBanner: extra.need_patient_banner !== false,
    fhirContext: Array.isArray(extra.fhirContext) ? extra.fhirContext : undefined,
    fhirUser: text(profile.fhirUser) ?? text(extra.fhirUser),
    userName: text(profile.name) ?? text(profile.preferred_username),
    // Only the server's own word: a path segment of the base is no tenant (two servers whose
    // bases both end in /fhir would look like one; the device store is keyed by the base).
    tenant: text(tenantClaim),
  };
  if (session.kind === 'ehr' && !session.patient) {
    throw new LaunchError('Oppstarten fra journalsystemet ga ingen pasient. Start på nytt fra journalen.');
  }
  return session;
}

/** Completes the redirect at /callback: code exchange, state and PKCE checks, then the session. */
export async function completeLaunch(env: LaunchEnvironment, callbackUrl: string): Promise<SmartSession> {
  const raw = env.storage.getItem(pendingKey);
  if (!raw) throw new LaunchError('Påloggingen var utløpt eller startet i en annen fane. Start på nytt.');
  const pending = JSON.parse(raw) as PendingLaunch;
  const client = makeClient(
    env,
    pending.fhirBase,
    pending.metadata,
    pending.scope ?? (pending.kind === 'ehr' ? ehrScope : standaloneScope),
  );
  try {
    const response = await client.processSigninResponse(callbackUrl);
    return sessionFromResponse(response, pending, env.config.clientId, Math.floor(Date.now() / 1000));
  } catch (e) {
    if (e instanceof LaunchError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new LaunchError(`Påloggingen mislyktes: ${reason}`);
  } finally {
    env.storage.removeItem(pendingKey);
  }
}

const TRY_LATER = new Set(['server_error', 'temporarily_unavailable']);

/**
 * A new access token from the refresh token; the launch context stays as it was. Throws a
 * RefreshRefusedError when the server refuses (log in again); any other error (no network,
 * timeout, server error) means the refresh could not be made now.
 */
export async function refreshSession(env: LaunchEnvironment, session: SmartSession): Promise<SmartSession> {
  if (!session.refreshToken) throw new RefreshRefusedError('Økten er utløpt. Logg inn på nytt.');
  const client = makeClient(env, session.fhirBase, session.metadata as Partial<OidcMetadata>, session.scope);
  let response: Awaited<ReturnType<typeof client.useRefreshToken>>;
  try {
    response = await client.useRefreshToken({
      state: {
        refresh_token: session.refreshToken,
        id_token: session.idToken,
        session_state: null,
        scope: session.scope,
        profile: session.profile as never,
      },
    });
  } catch (e) {
    // An OAuth error answer (RFC 6749 section 5.2: invalid_grant and the like) is the
    // server's refusal; server_error and temporarily_unavailable say "not now". Without an
    // answer (no network, a timeout) there is nothing to conclude.
    if (e instanceof ErrorResponse && !TRY_LATER.has(e.error ?? '')) {
      throw new RefreshRefusedError(e.error_description ?? e.error ?? e.message);
    }
    throw e;
  }
  return {
    ...session,
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? session.refreshToken,
    idToken: response.id_token ?? session.idToken,
    scope: response.scope ?? session.scope,
    expiresAt: response.expires_at ?? Math.floor(Date.now() / 1000) + (response.expires_in ?? 300),
  };
}
