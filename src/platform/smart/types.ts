import type { ClinicianRole } from '../directory';

/** What a verified access token grants. The FHIR routes enforce it. */
export interface AccessContext {
  tenant: string;
  clientId: string;
  /** Practitioner id of the user (fhirUser = Practitioner/<id>). */
  practitionerId: string;
  username: string;
  role: ClinicianRole;
  organizationId: string;
  organizationName: string;
  /** SMART v2 scopes granted, e.g. "patient/Observation.rs". */
  scopes: string[];
  /** Patient in context for patient/* scopes. */
  patient?: string;
  /** Launch context id (EHR launch) for the audit's purpose of use. */
  launchId?: string;
  /** Token id (jti) for audit correlation. */
  tokenId?: string;
}

export type TokenVerification =
  | { kind: 'ok'; access: AccessContext }
  | { kind: 'invalid'; reason: string } // 401
  | { kind: 'wrong-tenant'; reason: string }; // 401/403: token of another municipality

export interface TokenVerifier {
  verifyAccessToken(bearer: string | undefined, tenant: string): Promise<TokenVerification>;
}
