import { generateKeyPair, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkClientMetadata, checkJwks, CLIENT_FIELDS } from './clientMetadata';

const publicApp = {
  client_name: 'Testapp',
  redirect_uris: ['https://app.example.no/callback'],
  launch_uri: 'https://app.example.no/launch',
};

async function rsaJwk(kid = 'k1') {
  const { publicKey } = await generateKeyPair('RS384');
  return { ...(await exportJWK(publicKey)), kid };
}

function problem(input: unknown, source: 'config' | 'registration' = 'registration') {
  const checked = checkClientMetadata(input, source);
  if (checked.ok) throw new Error(`accepted: ${JSON.stringify(checked.metadata)}`);
  return checked.problem;
}

describe('checkClientMetadata', () => {
  it('accepts a public app and fills in the defaults', () => {
    const checked = checkClientMetadata(publicApp, 'registration');
    expect(checked).toEqual({
      ok: true,
      metadata: {
        client_id: '',
        ...publicApp,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    });
  });

  it.each([
    'http://localhost:9000/cb',
    'http://127.0.0.1:9000/cb',
    'http://[::1]:9000/cb',
    'https://app.example.no/cb?x=1',
  ])('accepts the redirect URI %s', (uri) => {
    expect(checkClientMetadata({ redirect_uris: [uri] }, 'registration').ok).toBe(true);
  });

  it.each([
    ['plain http off the machine', 'http://app.example.no/cb', /må bruke https/],
    ['a fragment', 'https://app.example.no/cb#x', /fragment/],
    ['not a URL', 'app/cb', /ikke en absolutt URL/],
    ['another scheme', 'ftp://app.example.no/cb', /må bruke https/],
  ])('refuses a redirect URI with %s as invalid_redirect_uri', (_name, uri, text) => {
    const p = problem({ redirect_uris: ['https://ok.example.no/cb', uri] });
    expect(p.error).toBe('invalid_redirect_uri');
    expect(p.description).toMatch(/^redirect_uris\[1\]: /);
    expect(p.description).toMatch(text);
  });

  it('refuses no redirect URI at all', () => {
    expect(problem({ client_name: 'x' })).toMatchObject({ error: 'invalid_redirect_uri' });
    expect(problem({ redirect_uris: [] })).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it.each([
    [
      'an unknown grant type',
      { grant_types: ['authorization_code', 'client_credentials'] },
      /^grant_types\[1\]: «client_credentials» støttes ikke/,
    ],
    ['no authorization_code', { grant_types: ['refresh_token'] }, /må inneholde authorization_code/],
    ['implicit flow', { response_types: ['token'] }, /^response_types\[0\]/],
    ['client_secret_jwt', { token_endpoint_auth_method: 'client_secret_jwt' }, /^token_endpoint_auth_method/],
    ['a native app', { application_type: 'native' }, /^application_type/],
    ['a launch URL over http', { launch_uri: 'http://app.example.no/launch' }, /^launch_uri: .*https/],
    ['a bad contact', { contacts: ['not-mail'] }, /^contacts\[0\]/],
    [
      'private_key_jwt without keys',
      { token_endpoint_auth_method: 'private_key_jwt' },
      /nøyaktig ett av jwks_uri/,
    ],
  ])('refuses %s as invalid_client_metadata', (_name, extra, text) => {
    const p = problem({ ...publicApp, ...extra });
    expect(p.error).toBe('invalid_client_metadata');
    expect(p.description).toMatch(text);
  });

  it('accepts a confidential client with a JWKS URL or an inline JWK Set', async () => {
    const byUrl = checkClientMetadata(
      {
        ...publicApp,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: 'https://app.example.no/jwks.json',
      },
      'registration',
    );
    expect(byUrl.ok).toBe(true);
    const inline = checkClientMetadata(
      {
        ...publicApp,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS384',
        jwks: { keys: [await rsaJwk()] },
      },
      'registration',
    );
    expect(inline.ok && inline.metadata.jwks?.keys[0]?.kid).toBe('k1');
  });

  it('refuses both a JWKS URL and an inline set', async () => {
    const p = problem({
      ...publicApp,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: 'https://app.example.no/jwks.json',
      jwks: { keys: [await rsaJwk()] },
    });
    expect(p.description).toMatch(/nøyaktig ett/);
  });

  it('leaves fields it does not know out of a registration (RFC 7591 section 2)', () => {
    const checked = checkClientMetadata(
      { ...publicApp, scope: 'patient/*.rs', software_id: 'x' },
      'registration',
    );
    expect(checked.ok && Object.keys(checked.metadata)).not.toContain('scope');
  });
});

describe('checkJwks', () => {
  it('accepts RSA and EC public keys with kid', async () => {
    const { publicKey } = await generateKeyPair('ES384');
    expect(
      checkJwks({ keys: [await rsaJwk('a'), { ...(await exportJWK(publicKey)), kid: 'b' }] }).keys,
    ).toHaveLength(2);
  });

  it.each([
    ['not a set', [], /^jwks: må være et JWK Set/],
    ['an empty set', { keys: [] }, /^jwks.keys: er tom/],
    ['a symmetric key', { keys: [{ kty: 'oct', k: 'abc', kid: 'x' }] }, /^jwks.keys\[0\].kty: symmetriske/],
    ['no kid', { keys: [{ kty: 'RSA', n: 'abc', e: 'AQAB' }] }, /^jwks.keys\[0\].kid: mangler/],
    ['no modulus', { keys: [{ kty: 'RSA', e: 'AQAB', kid: 'x' }] }, /^jwks.keys\[0\].n: mangler/],
    [
      'a private key',
      { keys: [{ kty: 'RSA', n: 'abc', e: 'AQAB', d: 'secret', kid: 'x' }] },
      /^jwks.keys\[0\].d: er privat/,
    ],
    [
      'bad base64url',
      { keys: [{ kty: 'RSA', n: 'a+b/', e: 'AQAB', kid: 'x' }] },
      /^jwks.keys\[0\].n: er ikke base64url/,
    ],
    [
      'an unknown curve',
      { keys: [{ kty: 'EC', crv: 'P-192', x: 'a', y: 'b', kid: 'x' }] },
      /^jwks.keys\[0\].crv/,
    ],
    [
      'a repeated kid',
      {
        keys: [
          { kty: 'RSA', n: 'a', e: 'AQAB', kid: 'x' },
          { kty: 'RSA', n: 'b', e: 'AQAB', kid: 'x' },
        ],
      },
      /^jwks.keys\[1\].kid: «x» er brukt/,
    ],
  ])('refuses %s', (_name, jwks, text) => {
    const p = problem({ ...publicApp, token_endpoint_auth_method: 'private_key_jwt', jwks });
    expect(p.error).toBe('invalid_client_metadata');
    expect(p.description).toMatch(text);
  });
});

describe('configuration clients', () => {
  it('needs client_id and refuses fields it does not know', () => {
    expect(problem(publicApp, 'config').description).toMatch(/^client_id: /);
    const p = problem({ ...publicApp, client_id: 'x', redirect_uri: 'https://typo.example.no' }, 'config');
    expect(p.description).toMatch(/^redirect_uri: er ikke et felt sandkassen kjenner/);
  });

  it('documents every field it accepts', () => {
    expect(CLIENT_FIELDS.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'client_id',
        'redirect_uris',
        'launch_uri',
        'jwks_uri',
        'jwks',
        'client_secret',
      ]),
    );
  });
});
