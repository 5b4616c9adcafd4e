// OAuth clients of the authorization server: the PWA's public client, plus sandbox
// clients from configuration (VARDE_EXTRA_CLIENTS) for other teams' SMART apps.
import type { ClientMetadata } from 'oidc-provider';
import { z } from 'zod';

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
  };
}

const extraClientSchema = z
  .object({
    client_id: z.string().min(1),
    client_name: z.string().optional(),
    redirect_uris: z.array(z.url()).min(1),
    post_logout_redirect_uris: z.array(z.url()).optional(),
    token_endpoint_auth_method: z.enum(['none', 'client_secret_basic', 'client_secret_post']).default('none'),
    client_secret: z.string().min(16).optional(),
  })
  .refine((c) => c.token_endpoint_auth_method === 'none' || c.client_secret !== undefined, {
    message: 'client_secret is required unless token_endpoint_auth_method is none',
  });

/**
 * Parses VARDE_EXTRA_CLIENTS: a JSON array of client metadata. A bad value stops the
 * start with a clear message rather than running with clients silently missing.
 */
export function extraClientsFromJson(json: string | undefined): ClientMetadata[] {
  if (!json?.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`VARDE_EXTRA_CLIENTS is not valid JSON: ${(error as Error).message}`);
  }
  const result = z.array(extraClientSchema).safeParse(parsed);
  if (!result.success) {
    throw new Error(`VARDE_EXTRA_CLIENTS is invalid: ${z.prettifyError(result.error)}`);
  }
  return result.data.map((c) => ({
    ...c,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }));
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
