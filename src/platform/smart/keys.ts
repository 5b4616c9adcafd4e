// Signing keys (JWKS) and cookie keys of the authorization server: made once with jose and
// kept in the database, so tokens and sessions stay valid across restarts and processes.
import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Database } from '../db/types';

export interface SmartKeys {
  /** Private signing keys for oidc-provider. */
  jwks: { keys: JWK[] };
  /** The public halves, for verifying access tokens locally. */
  publicJwks: { keys: JWK[] };
  cookieKeys: string[];
}

/** RS256: the one algorithm every SMART client library verifies. */
const SIGNING_ALG = 'RS256';

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALG, use: 'sig' };
}

async function loadOrCreate<T>(db: Database, name: string, make: () => Promise<T>): Promise<T> {
  const existing = await db.query<{ value: T }>('SELECT value FROM smart_keys WHERE name = $1', [name]);
  if (existing.rows[0]) return existing.rows[0].value;
  // Two processes starting at once: the first insert wins and both read the same row.
  await db.query(
    'INSERT INTO smart_keys (name, value) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING',
    [name, JSON.stringify(await make())],
  );
  const stored = await db.query<{ value: T }>('SELECT value FROM smart_keys WHERE name = $1', [name]);
  const row = stored.rows[0];
  if (!row) throw new Error(`smart_keys: could not store ${name}`);
  return row.value;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export function publicJwk(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy as JWK;
}

export async function loadOrCreateKeys(db: Database): Promise<SmartKeys> {
  const jwks = await loadOrCreate(db, 'jwks', async () => ({ keys: [await newSigningKey()] }));
  const cookieKeys = await loadOrCreate(db, 'cookie-keys', async () => [
    randomBytes(32).toString('base64url'),
  ]);
  return { jwks, publicJwks: { keys: jwks.keys.map(publicJwk) }, cookieKeys };
}
