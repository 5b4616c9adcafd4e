// The claims of a JWT access token, read without verifying it (the platform verifies every
// token it receives). Kept apart from smartLaunch.ts so screens can read them without
// loading the OIDC client.
export function claimsOf(accessToken: string): Record<string, unknown> {
  // Read, not verified: the platform verifies the token; we only look for `tenant`, and
  // for what the user may record (auth/userRights.ts: `role`, `plan_rights`).
  try {
    const payload = accessToken.split('.')[1] ?? '';
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return {};
  }
}
