// Verifies the authorization server's JWT access tokens locally (no database round trip per
// FHIR request): signature with our own JWKS, issuer, expiry, and that the token was made
// for this municipality's FHIR base. Revocation takes effect within the short token TTL.
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { TokenVerification, TokenVerifier } from './types';

const ROLES = ['home-care-nurse', 'legevakt-doctor', 'kad-nurse', 'administrator'] as const;

const claimsSchema = z.object({
  sub: z.string().min(1),
  client_id: z.string().min(1),
  scope: z.string().default(''),
  fhirUser: z.string().regex(/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/),
  tenant: z.string().min(1),
  username: z.string().min(1),
  role: z.enum(ROLES),
  org: z.string().min(1),
  org_name: z.string(),
  patient: z.string().min(1).optional(),
  launch_id: z.string().min(1).optional(),
  jti: z.string().min(1).optional(),
});

export interface VerifierOptions {
  issuer: string;
  publicJwks: JSONWebKeySet;
  fhirBase(tenant: string): string;
  /** Tolerated clock difference in seconds. */
  clockToleranceSeconds?: number;
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature invalid';
  if (error instanceof joseErrors.JOSEError) return `token invalid (${error.code})`;
  return 'token invalid';
}

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const keys = createLocalJWKSet(opts.publicJwks);
  return {
    async verifyAccessToken(bearer, tenant): Promise<TokenVerification> {
      const token = bearer?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return { kind: 'invalid', reason: 'no access token' };
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: opts.issuer,
          typ: 'at+jwt',
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'aud'],
          clockTolerance: opts.clockToleranceSeconds ?? 5,
        }));
      } catch (error) {
        return { kind: 'invalid', reason: reasonOf(error) };
      }
      const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (!audiences.includes(opts.fhirBase(tenant))) {
        return { kind: 'wrong-tenant', reason: 'token was issued for another FHIR server' };
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return { kind: 'invalid', reason: 'token lacks SMART claims' };
      const c = claims.data;
      if (c.tenant !== tenant)
        return { kind: 'wrong-tenant', reason: 'token belongs to another municipality' };
      return {
        kind: 'ok',
        access: {
          tenant,
          clientId: c.client_id,
          practitionerId: c.fhirUser.slice('Practitioner/'.length),
          username: c.username,
          role: c.role,
          organizationId: c.org,
          organizationName: c.org_name,
          scopes: c.scope.split(' ').filter(Boolean),
          ...(c.patient ? { patient: c.patient } : {}),
          ...(c.launch_id ? { launchId: c.launch_id } : {}),
          ...(c.jti ? { tokenId: c.jti } : {}),
        },
      };
    },
  };
}
