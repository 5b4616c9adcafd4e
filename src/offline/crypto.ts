// At-rest protection for cached patient data (DOMAIN.md risk 11).
//
// 1. A random AES-GCM data key seals every record that holds patient data.
// 2. The data key is stored only wrapped (AES-KW) under a key-encryption key derived with
//    PBKDF2-SHA-256 from a secret the device does not keep: the nurse's PIN (or session
//    material the app passes in instead).
// 3. Unwrapped, the data key is a non-extractable CryptoKey held in memory only; lock()
//    drops it, wipe() deletes the wrapped copy too.
//
// Limit stated plainly: a short PIN is only as strong as PBKDF2 makes it; someone with a
// copy of the disk can try every 4–6 digit PIN offline. It protects against casual access
// to a lost device, not against a determined attacker. Web Crypto is used directly because
// it is the platform's audited implementation; no library adds anything here.

/**
 * Base64 text rather than bytes: Dexie's update() deep-clones records, and typed arrays from
 * another realm (fake-indexeddb under jsdom, or a structured clone from another frame) come
 * back as plain objects. Strings survive every path; the 33 % size cost is small for the
 * few large records we keep.
 */
export interface Sealed {
  iv: string;
  ct: string;
}

export interface KeyEnvelope {
  /** Base64, like Sealed. */
  salt: string;
  iterations: number;
  /** The data key wrapped with AES-KW, base64. */
  wrapped: string;
}

/**
 * OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet,
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2).
 * Its equivalent for SHA-512, 210,000 iterations, was measured and is slower here: in
 * Chromium on this x86-64 machine 600k SHA-256 took a median 178 ms and 210k SHA-512 283 ms,
 * because SHA-256 has CPU instructions (x86 SHA extensions, ARMv8 crypto on tablets) that
 * most SHA-512 implementations lack. Tests pass a small number to stay fast.
 */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto er ikke tilgjengelig (krever https eller localhost).');
  return s;
}

// Copies into a fresh buffer: fake-indexeddb and jsdom hand back typed arrays from another
// realm, which Web Crypto refuses as BufferSource in some engines.
function bytes(b: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  const src = b instanceof Uint8Array ? b : new Uint8Array(b);
  const out = new Uint8Array(new ArrayBuffer(src.byteLength));
  out.set(src);
  return out;
}

async function deriveKek(secret: string, salt: string, iterations: number): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', bytes(new TextEncoder().encode(secret)), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(salt), iterations },
    base,
    { name: 'AES-KW', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

async function unwrapDataKey(kek: CryptoKey, wrapped: string): Promise<CryptoKey> {
  return subtle().unwrapKey(
    'raw',
    fromBase64(wrapped),
    kek,
    'AES-KW',
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * A data key that is never wrapped or stored (an online session's memory store): made
 * non-extractable, so not even this page can read its bytes.
 */
export async function createSessionKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Makes a new data key and its envelope. The returned key is non-extractable. */
export async function createKeyEnvelope(
  secret: string,
  iterations = DEFAULT_PBKDF2_ITERATIONS,
): Promise<{ envelope: KeyEnvelope; key: CryptoKey }> {
  const salt = toBase64(crypto.getRandomValues(new Uint8Array(16)));
  const kek = await deriveKek(secret, salt, iterations);
  // Wrapping needs an extractable key; it lives only for these two calls.
  const extractable = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const wrapped = toBase64(bytes(await subtle().wrapKey('raw', extractable, kek, 'AES-KW')));
  const key = await unwrapDataKey(kek, wrapped);
  return { envelope: { salt, iterations, wrapped }, key };
}

/** The data key, or null when the secret is wrong (AES-KW's integrity check fails). */
export async function openKeyEnvelope(envelope: KeyEnvelope, secret: string): Promise<CryptoKey | null> {
  const kek = await deriveKek(secret, envelope.salt, envelope.iterations);
  try {
    return await unwrapDataKey(kek, envelope.wrapped);
  } catch {
    return null;
  }
}

/** Re-wraps the same data key under a new secret (PIN change) without re-sealing data. */
export async function rewrapEnvelope(
  envelope: KeyEnvelope,
  oldSecret: string,
  newSecret: string,
): Promise<KeyEnvelope | null> {
  const kek = await deriveKek(oldSecret, envelope.salt, envelope.iterations);
  let raw: ArrayBuffer;
  try {
    // Unwrap as extractable only for the moment it takes to wrap again.
    const k = await subtle().unwrapKey(
      'raw',
      fromBase64(envelope.wrapped),
      kek,
      'AES-KW',
      { name: 'AES-GCM', length: 256 },
      true,
      ['encrypt', 'decrypt'],
    );
    raw = await subtle().exportKey('raw', k);
  } catch {
    return null;
  }
  const salt = toBase64(crypto.getRandomValues(new Uint8Array(16)));
  const newKek = await deriveKek(newSecret, salt, envelope.iterations);
  const tmp = await subtle().importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']);
  const wrapped = toBase64(bytes(await subtle().wrapKey('raw', tmp, newKek, 'AES-KW')));
  return { salt, iterations: envelope.iterations, wrapped };
}

const CHUNK = 0x8000;

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += CHUNK) s += String.fromCharCode(...b.subarray(i, i + CHUNK));
  return btoa(s);
}

export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = bytes(crypto.getRandomValues(new Uint8Array(12)));
  const plain = bytes(new TextEncoder().encode(JSON.stringify(value)));
  const ct = bytes(await subtle().encrypt({ name: 'AES-GCM', iv }, key, plain));
  return { iv: toBase64(iv), ct: toBase64(ct) };
}

export async function unseal<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv) },
    key,
    fromBase64(sealed.ct),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}
