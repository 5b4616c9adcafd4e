import { describe, expect, it } from 'vitest';
import { extraClientsFromJson, redirectUrisFromList, vardeClient } from './clients';

describe('vardeClient', () => {
  it('is a public client with the app callback, any dev callbacks and its launch URL', () => {
    const client = vardeClient('http://localhost:8080', ['http://localhost:5173/callback']);
    expect(client).toMatchObject({
      client_id: 'varde',
      client_name: 'Varde',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://localhost:8080/callback', 'http://localhost:5173/callback'],
      post_logout_redirect_uris: ['http://localhost:8080/', 'http://localhost:5173/'],
      grant_types: ['authorization_code', 'refresh_token'],
      launch_uri: 'http://localhost:8080/launch',
    });
  });
});

describe('extraClientsFromJson', () => {
  it('is empty when unset', () => {
    expect(extraClientsFromJson(undefined)).toEqual([]);
    expect(extraClientsFromJson('  ')).toEqual([]);
  });

  it('reads sandbox clients', () => {
    const clients = extraClientsFromJson(
      JSON.stringify([
        { client_id: 'sandbox', redirect_uris: ['http://localhost:9000/cb'] },
        {
          client_id: 'backend',
          client_name: 'Annen leverandør',
          redirect_uris: ['https://app.example.no/cb'],
          token_endpoint_auth_method: 'client_secret_basic',
          client_secret: 'a-secret-of-20-chars',
        },
      ]),
    );
    expect(clients).toEqual([
      expect.objectContaining({
        client_id: 'sandbox',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      }),
      expect.objectContaining({ client_id: 'backend', client_secret: 'a-secret-of-20-chars' }),
    ]);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an array', JSON.stringify({ client_id: 'x' }), /must be a JSON array/],
    [
      'no redirect URI',
      JSON.stringify([{ client_id: 'x', redirect_uris: [] }]),
      /invalid_redirect_uri: redirect_uris/,
    ],
    [
      'a bad URL',
      JSON.stringify([{ client_id: 'x', redirect_uris: ['not a url'] }]),
      /\[0\] \(client_id x\) is invalid/,
    ],
    [
      'an unknown field',
      JSON.stringify([{ client_id: 'x', redirect_uris: ['http://localhost:1/cb'], redirectUri: 'typo' }]),
      /redirectUri: er ikke et felt sandkassen kjenner/,
    ],
    [
      'a confidential client without secret',
      JSON.stringify([
        {
          client_id: 'x',
          redirect_uris: ['https://a.example.no/cb'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ]),
      /client_secret: må være en ikke-tom tekst/,
    ],
    [
      'the PWA client id',
      JSON.stringify([{ client_id: 'varde', redirect_uris: ['http://localhost:1/cb'] }]),
      /client_id varde is used twice/,
    ],
  ])('refuses %s with a clear message', (_name, json, message) => {
    expect(() => extraClientsFromJson(json)).toThrow(message);
  });
});

describe('redirectUrisFromList', () => {
  it('splits on commas and spaces', () => {
    expect(redirectUrisFromList('http://localhost:5173/callback, http://127.0.0.1:5173/callback')).toEqual([
      'http://localhost:5173/callback',
      'http://127.0.0.1:5173/callback',
    ]);
    expect(redirectUrisFromList(undefined)).toEqual([]);
  });

  it('refuses something that is not a URL', () => {
    expect(() => redirectUrisFromList('localhost:5173/callback')).toThrow(/not an http\(s\) URL/);
  });
});
