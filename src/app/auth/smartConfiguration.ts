// SMART App Launch 2 discovery: `{iss}/.well-known/smart-configuration` turned into the
// OIDC metadata oidc-client-ts needs. The FHIR base is not the OIDC issuer here (one
// issuer serves every municipality), so OIDC discovery at the FHIR base would fail.
import type { OidcMetadata } from 'oidc-client-ts';
import { z } from 'zod';

const smartConfigurationSchema = z.object({
  issuer: z.string().optional(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string().optional(),
  revocation_endpoint: z.string().optional(),
  userinfo_endpoint: z.string().optional(),
  end_session_endpoint: z.string().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  capabilities: z.array(z.string()).optional(),
  scopes_supported: z.array(z.string()).optional(),
});

export type SmartConfiguration = z.infer<typeof smartConfigurationSchema>;

export class SmartDiscoveryError extends Error {}

export async function fetchSmartConfiguration(
  fhirBase: string,
  fetchFn: typeof fetch = fetch,
): Promise<SmartConfiguration> {
  let res: Response;
  try {
    res = await fetchFn(`${fhirBase}/.well-known/smart-configuration`, {
      headers: { accept: 'application/json' },
    });
  } catch {
    throw new SmartDiscoveryError('Får ikke kontakt med påloggingstjenesten. Sjekk nettforbindelsen.');
  }
  if (!res.ok) throw new SmartDiscoveryError(`Påloggingstjenesten svarte med feil (${res.status}).`);
  const parsed = smartConfigurationSchema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new SmartDiscoveryError('Påloggingstjenesten har en ugyldig SMART-konfigurasjon.');
  const methods = parsed.data.code_challenge_methods_supported;
  // SMART 2 requires PKCE S256; a server without it must not get our login.
  if (methods && !methods.includes('S256'))
    throw new SmartDiscoveryError('Påloggingstjenesten støtter ikke PKCE S256.');
  return parsed.data;
}

export function toOidcMetadata(config: SmartConfiguration): Partial<OidcMetadata> {
  const metadata: Partial<OidcMetadata> = {
    issuer: config.issuer ?? new URL(config.authorization_endpoint).origin,
    authorization_endpoint: config.authorization_endpoint,
    token_endpoint: config.token_endpoint,
  };
  if (config.jwks_uri) metadata.jwks_uri = config.jwks_uri;
  if (config.revocation_endpoint) metadata.revocation_endpoint = config.revocation_endpoint;
  if (config.userinfo_endpoint) metadata.userinfo_endpoint = config.userinfo_endpoint;
  if (config.end_session_endpoint) metadata.end_session_endpoint = config.end_session_endpoint;
  return metadata;
}
