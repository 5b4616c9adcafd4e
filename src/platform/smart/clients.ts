// OAuth clients of the authorization server: the PWA's public client, plus sandbox
// clients from configuration (VARDE_EXTRA_CLIENTS) for other teams' SMART apps. Clients
// registered at run time (RFC 7591) live in the database; see clientMetadata.ts for the
// one field list both follow, and apps.ts for the list the EPJ simulator launches from.
import type { ClientMetadata } from 'oidc-provider';
import { checkClientMetadata } from './clientMetadata';

export const VARDE_CLIENT_ID = 'varde';

export function vardeClient(publicUrl: string, extraRedirectUris: readonly string[] = []): ClientMetadata {
  const redirectUris = [`${publicUrl}/callback`, ...extraRedirectUris];
  const origins = [...new Set(redirectUris.map((uri) => `${new URL(uri).origin}/`))];
  return {
    client_id: VARDE_CLIENT_ID,
    client_name: 'Varde',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: origins,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    launch_uri: `${publicUrl}/launch`,
  };
}

/**
 * Parses VARDE_EXTRA_CLIENTS: a JSON array of client metadata (the fields of
 * clientMetadata.ts). A bad value, an unknown field included, stops the start with a
 * clear message rather than running with clients silently missing or changed.
 */
export function extraClientsFromJson(json: string | undefined): ClientMetadata[] {
  if (!json?.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`VARDE_EXTRA_CLIENTS is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error('VARDE_EXTRA_CLIENTS must be a JSON array of clients');
  const seen = new Set<string>([VARDE_CLIENT_ID]);
  return parsed.map((entry, i) => {
    const checked = checkClientMetadata(entry, 'config');
    if (!checked.ok) {
      const id = (entry as { client_id?: unknown } | null)?.client_id;
      const which = typeof id === 'string' ? ` (client_id ${id})` : '';
      throw new Error(
        `VARDE_EXTRA_CLIENTS[${i}]${which} is invalid: ${checked.problem.error}: ${checked.problem.description}`,
      );
    }
    if (seen.has(checked.metadata.client_id)) {
      throw new Error(`VARDE_EXTRA_CLIENTS[${i}]: client_id ${checked.metadata.client_id} is used twice`);
    }
    seen.add(checked.metadata.client_id);
    return checked.metadata;
  });
}

/**
 * Parses VARDE_EXTRA_REDIRECT_URIS: more callback URLs for the PWA client, separated by
 * commas or spaces (e.g. the Vite dev server's http://localhost:5173/callback).
 */
export function redirectUrisFromList(list: string | undefined): string[] {
  const uris = (list ?? '').split(/[\s,]+/).filter(Boolean);
  for (const uri of uris) {
    const protocol = URL.parse(uri)?.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new Error(`VARDE_EXTRA_REDIRECT_URIS: not an http(s) URL: ${uri}`);
    }
  }
  return uris;
}
