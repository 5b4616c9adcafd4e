// The client metadata the sandbox accepts, one field list for both ways in: OAuth 2.0
// Dynamic Client Registration (RFC 7591, POST {issuer}/reg) and VARDE_EXTRA_CLIENTS.
// docs/platform-api.md documents the same list ("Verify your own app against the Varde
// sandbox"); CLIENT_FIELDS below is what that table is written from.
//
// Refusals carry the RFC 7591 error code (invalid_redirect_uri, invalid_client_metadata)
// and a description naming the field as it is spelt. In VARDE_EXTRA_CLIENTS an unknown
// field stops the start; a registration ignores fields it does not know (RFC 7591 section
// 2 requires it), and its response shows exactly what was registered.
import type { ClientMetadata } from 'oidc-provider';

export type RegistrationError = 'invalid_redirect_uri' | 'invalid_client_metadata';

export interface ClientMetadataProblem {
  error: RegistrationError;
  description: string;
}

export type ClientMetadataCheck =
  { ok: true; metadata: ClientMetadata } | { ok: false; problem: ClientMetadataProblem };

export type MetadataSource = 'config' | 'registration';

export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'none',
  'private_key_jwt',
  'client_secret_basic',
  'client_secret_post',
] as const;

/** Signing algorithms for private_key_jwt: SMART's RS384 and ES384, and their 256-bit kin. */
export const CLIENT_AUTH_SIGNING_ALGS = ['RS384', 'ES384', 'RS256', 'ES256'] as const;

export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;

/** One accepted field, for the documentation and for refusing unknown ones in configuration. */
export interface ClientField {
  name: string;
  /** Where it may be given. */
  in: 'both' | 'config';
  meaning: string;
}

export const CLIENT_FIELDS: readonly ClientField[] = [
  { name: 'client_id', in: 'config', meaning: 'required in configuration; registration assigns one' },
  { name: 'client_name', in: 'both', meaning: 'the app name on the login, consent and EPJ pages' },
  {
    name: 'redirect_uris',
    in: 'both',
    meaning: 'required; https, or http on localhost, 127.0.0.1 or [::1]; no fragment',
  },
  { name: 'launch_uri', in: 'both', meaning: 'EHR launch URL: the EPJ simulator offers the app when set' },
  { name: 'post_logout_redirect_uris', in: 'both', meaning: 'same rule as redirect_uris' },
  {
    name: 'token_endpoint_auth_method',
    in: 'both',
    meaning: `${TOKEN_ENDPOINT_AUTH_METHODS.join(' | ')}; default none (public client, PKCE S256)`,
  },
  { name: 'jwks_uri', in: 'both', meaning: 'private_key_jwt: the URL of the public JWK Set (preferred)' },
  { name: 'jwks', in: 'both', meaning: 'private_key_jwt: the public JWK Set inline, each key with kid' },
  {
    name: 'token_endpoint_auth_signing_alg',
    in: 'both',
    meaning: `${CLIENT_AUTH_SIGNING_ALGS.join(' | ')}; any of them when absent`,
  },
  { name: 'client_secret', in: 'config', meaning: 'client_secret_basic/_post: at least 16 characters' },
  { name: 'grant_types', in: 'both', meaning: `${GRANT_TYPES.join(', ')} (default both)` },
  { name: 'response_types', in: 'both', meaning: 'code (the only one)' },
  { name: 'application_type', in: 'both', meaning: 'web (the only one)' },
  { name: 'client_uri', in: 'both', meaning: 'informational URL' },
  { name: 'logo_uri', in: 'both', meaning: 'informational URL' },
  { name: 'tos_uri', in: 'both', meaning: 'informational URL' },
  { name: 'policy_uri', in: 'both', meaning: 'informational URL' },
  { name: 'contacts', in: 'both', meaning: 'e-mail addresses of the developers' },
];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class Refusal extends Error {
  constructor(
    readonly error: RegistrationError,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Stops the check; a redirect_uris problem is invalid_redirect_uri (RFC 7591 section 3.2.2). */
function refuse(field: string, text: string): never {
  throw new Refusal(
    field.startsWith('redirect_uris') ? 'invalid_redirect_uri' : 'invalid_client_metadata',
    `${field}: ${text}`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function string(field: string, value: unknown, max = 2000): string {
  if (typeof value !== 'string' || value.trim() === '') refuse(field, 'må være en ikke-tom tekst.');
  if ((value as string).length > max) refuse(field, `er lengre enn ${max} tegn.`);
  return value as string;
}

/** An app URL: https anywhere, http only on the machine itself (RFC 8252 loopback). */
function appUrl(field: string, value: unknown): string {
  const text = string(field, value);
  const url = URL.parse(text);
  if (!url) return refuse(field, `«${text}» er ikke en absolutt URL.`);
  if (url.hash) refuse(field, `«${text}» kan ikke ha fragment (#).`);
  if (url.protocol === 'https:') return text;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return text;
  return refuse(field, `«${text}» må bruke https (http er bare tillatt på localhost, 127.0.0.1 og [::1]).`);
}

function infoUrl(field: string, value: unknown): string {
  const text = string(field, value);
  const protocol = URL.parse(text)?.protocol;
  if (protocol !== 'https:' && protocol !== 'http:') refuse(field, `«${text}» er ikke en http(s)-URL.`);
  return text;
}

function stringArray(field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) refuse(field, 'må være en liste (JSON-array).');
  return value as unknown[];
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    refuse(field, `«${String(value)}» støttes ikke (støttet: ${allowed.join(', ')}).`);
  }
  return value as T;
}

/** A public JWK Set as SMART asymmetric client authentication requires it. */
export function checkJwks(value: unknown): { keys: Record<string, unknown>[] } {
  if (!isPlainObject(value) || !Array.isArray(value.keys)) {
    return refuse('jwks', 'må være et JWK Set: {"keys": [ … ]}.');
  }
  if (value.keys.length === 0) refuse('jwks.keys', 'er tom: legg inn minst én offentlig nøkkel.');
  const kids = new Set<string>();
  value.keys.forEach((key: unknown, i: number) => {
    const at = `jwks.keys[${i}]`;
    if (!isPlainObject(key)) return refuse(at, 'er ikke et JSON-objekt.');
    if (key.kty === 'oct') refuse(`${at}.kty`, 'symmetriske nøkler (oct) er ikke tillatt.');
    if (key.kty !== 'RSA' && key.kty !== 'EC') refuse(`${at}.kty`, 'må være RSA eller EC.');
    for (const member of PRIVATE_JWK_MEMBERS) {
      if (key[member] !== undefined)
        refuse(`${at}.${member}`, 'er privat nøkkelmateriale: send bare den offentlige nøkkelen.');
    }
    const required = key.kty === 'RSA' ? ['n', 'e'] : ['crv', 'x', 'y'];
    for (const member of required) {
      if (typeof key[member] !== 'string' || key[member] === '') {
        refuse(`${at}.${member}`, `mangler (${String(key.kty)}-nøkler må ha ${required.join(', ')}).`);
      }
      if (member !== 'crv' && !BASE64URL.test(key[member] as string)) {
        refuse(`${at}.${member}`, 'er ikke base64url.');
      }
    }
    if (key.kty === 'EC' && !EC_CURVES.has(key.crv as string)) {
      refuse(`${at}.crv`, `«${String(key.crv)}» støttes ikke (støttet: ${[...EC_CURVES].join(', ')}).`);
    }
    if (typeof key.kid !== 'string' || key.kid === '')
      refuse(`${at}.kid`, 'mangler: SMART krever kid på hver nøkkel.');
    if (kids.has(key.kid as string))
      refuse(`${at}.kid`, `«${String(key.kid)}» er brukt av en annen nøkkel i settet.`);
    kids.add(key.kid as string);
    if (key.alg !== undefined) oneOf(`${at}.alg`, key.alg, CLIENT_AUTH_SIGNING_ALGS);
  });
  return value as { keys: Record<string, unknown>[] };
}

function check(input: unknown, source: MetadataSource): ClientMetadata {
  if (!isPlainObject(input)) return refuse('klient', 'må være et JSON-objekt.');
  if (source === 'config') {
    const known = new Set(CLIENT_FIELDS.map((f) => f.name));
    const unknown = Object.keys(input).filter((k) => !known.has(k));
    if (unknown.length) {
      refuse(unknown[0]!, `er ikke et felt sandkassen kjenner (kjente felt: ${[...known].join(', ')}).`);
    }
  }
  const out: ClientMetadata = { client_id: '' };

  if (source === 'config') {
    const id = string('client_id', input.client_id, 200);
    if (!/^[A-Za-z0-9._~-]+$/.test(id))
      refuse('client_id', 'kan bare ha bokstavene A-Z, a-z, sifre og . _ ~ -');
    out.client_id = id;
  }
  if (input.client_name !== undefined) out.client_name = string('client_name', input.client_name, 100);

  if (input.redirect_uris === undefined) refuse('redirect_uris', 'mangler: minst én er påkrevd.');
  const redirects = stringArray('redirect_uris', input.redirect_uris);
  if (redirects.length === 0) refuse('redirect_uris', 'er tom: minst én er påkrevd.');
  out.redirect_uris = redirects.map((u, i) => appUrl(`redirect_uris[${i}]`, u));

  if (input.launch_uri !== undefined) out.launch_uri = appUrl('launch_uri', input.launch_uri);
  if (input.post_logout_redirect_uris !== undefined) {
    out.post_logout_redirect_uris = stringArray(
      'post_logout_redirect_uris',
      input.post_logout_redirect_uris,
    ).map((u, i) => appUrl(`post_logout_redirect_uris[${i}]`, u));
  }

  const method = oneOf(
    'token_endpoint_auth_method',
    input.token_endpoint_auth_method ?? 'none',
    TOKEN_ENDPOINT_AUTH_METHODS,
  );
  out.token_endpoint_auth_method = method;
  if (method === 'private_key_jwt') {
    if ((input.jwks === undefined) === (input.jwks_uri === undefined)) {
      refuse('jwks_uri', 'private_key_jwt krever nøyaktig ett av jwks_uri (anbefalt) og jwks.');
    }
  }
  if (input.jwks_uri !== undefined) out.jwks_uri = appUrl('jwks_uri', input.jwks_uri);
  if (input.jwks !== undefined) out.jwks = checkJwks(input.jwks) as ClientMetadata['jwks'];
  if (input.token_endpoint_auth_signing_alg !== undefined) {
    out.token_endpoint_auth_signing_alg = oneOf(
      'token_endpoint_auth_signing_alg',
      input.token_endpoint_auth_signing_alg,
      CLIENT_AUTH_SIGNING_ALGS,
    );
  }
  const withSecret = method === 'client_secret_basic' || method === 'client_secret_post';
  if (source === 'config') {
    if (withSecret) {
      const secret = string('client_secret', input.client_secret);
      if (secret.length < 16) refuse('client_secret', 'må ha minst 16 tegn.');
      out.client_secret = secret;
    } else if (input.client_secret !== undefined) {
      refuse(
        'client_secret',
        `brukes bare med client_secret_basic eller client_secret_post, ikke ${method}.`,
      );
    }
  }

  const grants = stringArray('grant_types', input.grant_types ?? [...GRANT_TYPES]).map((g, i) =>
    oneOf(`grant_types[${i}]`, g, GRANT_TYPES),
  );
  if (!grants.includes('authorization_code')) {
    refuse('grant_types', 'må inneholde authorization_code (SMART App Launch).');
  }
  out.grant_types = [...new Set(grants)];
  const responses = stringArray('response_types', input.response_types ?? ['code']).map((r, i) =>
    oneOf(`response_types[${i}]`, r, ['code'] as const),
  );
  out.response_types = [...new Set(responses)];
  if (input.application_type !== undefined) {
    out.application_type = oneOf('application_type', input.application_type, ['web'] as const);
  }
  for (const field of ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri'] as const) {
    if (input[field] !== undefined) out[field] = infoUrl(field, input[field]);
  }
  if (input.contacts !== undefined) {
    out.contacts = stringArray('contacts', input.contacts).map((c, i) => {
      const text = string(`contacts[${i}]`, c, 200);
      if (!EMAIL.test(text)) refuse(`contacts[${i}]`, `«${text}» er ikke en e-postadresse.`);
      return text;
    });
  }
  return out;
}

/**
 * Checks client metadata against the sandbox's field list. `config`: a VARDE_EXTRA_CLIENTS
 * entry (client_id and client_secret given, unknown fields refused). `registration`: an
 * RFC 7591 request body (the server assigns client_id and any secret; unknown fields are
 * left out of the result).
 */
export function checkClientMetadata(input: unknown, source: MetadataSource): ClientMetadataCheck {
  try {
    return { ok: true, metadata: check(input, source) };
  } catch (error) {
    if (error instanceof Refusal) {
      return { ok: false, problem: { error: error.error, description: error.description } };
    }
    throw error;
  }
}
