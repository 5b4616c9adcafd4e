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

/** What the EPJ knows when it launches an app (SMART EHR launch context). */
export interface LaunchRequest {
  tenant: string;
  /** The app launched; only its authorization request may use the launch (absent: any app). */
  clientId?: string;
  /** The EPJ's logged-in user; logged in to Varde without asking (single sign-on). */
  username: string;
  patientId: string;
  /** false when the EPJ already shows its own patient banner. */
  needPatientBanner: boolean;
  encounter?: string;
  /** SMART `intent`, e.g. "reconcile-medications"; passed through to the app. */
  intent?: string;
}

/** A registered app the EPJ simulator can start (it has a launch URL). */
export interface LaunchableApp {
  clientId: string;
  name: string;
  launchUri: string;
}

/** The authorization server's endpoints (absolute URLs), for discovery and /metadata. */
export interface SmartEndpoints {
  issuer: string;
  authorize: string;
  token: string;
  revoke: string;
  introspect: string;
  /** Absent when dynamic client registration is turned off. */
  register?: string;
  jwks: string;
  userinfo: string;
}

/** The SMART authorization server as the rest of the platform sees it. */
export interface SmartServer extends TokenVerifier {
  /** Stores a single-use launch context and returns its opaque id (the `launch` parameter). */
  createLaunch(ctx: LaunchRequest): Promise<string>;
  /** The SMART configuration document of a tenant, or undefined for an unknown tenant. */
  smartConfiguration(tenant: string): Promise<SmartConfiguration | undefined>;
  /** FHIR base URL of a tenant (the `aud` of its tokens). */
  fhirBase(tenant: string): string;
  /** Registered apps with a launch URL (configured and dynamically registered), Varde first. */
  launchableApps(): Promise<LaunchableApp[]>;
  readonly issuer: string;
  readonly endpoints: SmartEndpoints;
}

/** SMART App Launch 2 `.well-known/smart-configuration`. */
export interface SmartConfiguration {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
  registration_endpoint?: string;
  userinfo_endpoint: string;
  grant_types_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  token_endpoint_auth_signing_alg_values_supported: string[];
  code_challenge_methods_supported: string[];
  scopes_supported: string[];
  response_types_supported: string[];
  capabilities: string[];
}
