import { describe, expect, it } from 'vitest';
import { extraClientsFromJson, redirectUrisFromList, vardeClient } from './clients';

describe('vardeClient', () => {
  it('is a public client with the app callback and any dev callbacks', () => {
    const client = vardeClient('http://localhost:8080', ['http://localhost:5173/callback']);
    expect(client).toMatchObject({
      client_id: 'varde',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://localhost:8080/callback', 'http://localhost:5173/callback'],
      post_logout_redirect_uris: ['http://localhost:8080/', 'http://localhost:5173/'],
      grant_types: ['authorization_code', 'refresh_token'],
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
      JSON.stringify([{ client_id: 'sandbox', redirect_uris: ['http://localhost:9000/cb'] }]),
    );
    expect(clients).toEqual([
      expect.objectContaining({
        client_id: 'sandbox',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      }),
    ]);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['no redirect URI', JSON.stringify([{ client_id: 'x', redirect_uris: [] }]), /invalid/],
    ['a bad URL', JSON.stringify([{ client_id: 'x', redirect_uris: ['not a url'] }]), /invalid/],
    [
      'a confidential client without secret',
      JSON.stringify([
        {
          client_id: 'x',
          redirect_uris: ['http://a.test/cb'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ]),
      /client_secret is required/,
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
