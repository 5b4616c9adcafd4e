// The SMART session: tokens plus the launch context that oidc-client-ts's UserManager would
// drop (patient, need_patient_banner, fhirContext; see TOOLING.md). Kept in sessionStorage:
// it belongs to this tab's session and is gone when the app is closed, so a lost or shared
// tablet does not keep a clinician's tokens (DOMAIN.md section 7, risk 11).
import { z } from 'zod/mini';

const sessionSchema = z.object({
  kind: z.enum(['ehr', 'standalone']),
  fhirBase: z.string(),
  municipality: z.string(),
  clientId: z.string(),
  /** OIDC metadata built from the SMART configuration, kept for token refresh. */
  metadata: z.record(z.string(), z.unknown()),
  scope: z.string(),
  accessToken: z.string(),
  refreshToken: z.optional(z.string()),
  idToken: z.optional(z.string()),
  /** Epoch seconds. */
  expiresAt: z.number(),
  profile: z.record(z.string(), z.unknown()),
  /** SMART launch context from the token response. */
  patient: z.optional(z.string()),
  encounter: z.optional(z.string()),
  needPatientBanner: z.boolean(),
  fhirContext: z.optional(z.array(z.unknown())),
  fhirUser: z.optional(z.string()),
  userName: z.optional(z.string()),
  tenant: z.optional(z.string()),
  /**
   * Where this login keeps patient data: 'memory' = an online session (EHR launch by
   * default, see ehrLaunchOf in config/appConfig.ts), 'device' (or absent) = the encrypted
   * device store. Decided once, at the callback.
   */
  store: z.optional(z.enum(['memory', 'device'])),
  /** For a memory store: 'epj' = the EPJ governs locking (no PIN), 'idle' = PIN and idle lock. */
  lock: z.optional(z.enum(['epj', 'idle'])),
  /**
   * The user's clinical role as the FHIR server's PractitionerRole states it (read at the
   * callback, auth/practitionerRole.ts): words the RCP response. Absent: not known.
   */
  role: z.optional(z.enum(['doctor', 'nurse'])),
});

export type SmartSession = z.infer<typeof sessionSchema>;

/**
 * The authorization server answered a refresh with a refusal (an OAuth error such as
 * invalid_grant: the refresh token expired or was revoked), or there is no refresh token.
 * The user must log in again; anything else that makes a refresh fail (no network, a
 * timeout, a 5xx) is a network failure and is tried again later.
 */
export class RefreshRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RefreshRefusedError';
  }
}

const key = 'varde.session';

export function saveSession(storage: Storage, session: SmartSession): void {
  storage.setItem(key, JSON.stringify(session));
}

/** The stored session, or null when there is none or it cannot be read (never half a session). */
export function loadSession(storage: Storage): SmartSession | null {
  const raw = storage.getItem(key);
  if (!raw) return null;
  try {
    return sessionSchema.parse(JSON.parse(raw));
  } catch {
    storage.removeItem(key);
    return null;
  }
}

export function clearSession(storage: Storage): void {
  storage.removeItem(key);
}

/** The Practitioner id from fhirUser ("Practitioner/abc" or an absolute URL). */
export function practitionerId(session: Pick<SmartSession, 'fhirUser'>): string | undefined {
  const m = session.fhirUser?.match(/Practitioner\/([^/]+)$/);
  return m?.[1];
}
