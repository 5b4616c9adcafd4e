import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_IMPORT_TOKEN, loadConfig } from './config';

describe('platform config', () => {
  it('access tokens live 5 minutes unless VARDE_ACCESS_TOKEN_TTL_SECONDS says otherwise', () => {
    expect(loadConfig({}).accessTokenTtlSeconds).toBeUndefined();
    expect(loadConfig({ VARDE_ACCESS_TOKEN_TTL_SECONDS: '60' }).accessTokenTtlSeconds).toBe(60);
    expect(() => loadConfig({ VARDE_ACCESS_TOKEN_TTL_SECONDS: '0' })).toThrow(
      /VARDE_ACCESS_TOKEN_TTL_SECONDS/,
    );
    expect(() => loadConfig({ VARDE_ACCESS_TOKEN_TTL_SECONDS: 'kort' })).toThrow(/whole number/);
  });

  it('publishes how an EHR launch keeps data only when the deployment says so', () => {
    expect(loadConfig({}).ehrLaunch).toBeUndefined();
    expect(loadConfig({ VARDE_EHR_LAUNCH_LOCK: 'idle' }).ehrLaunch).toEqual({ lock: 'idle' });
    expect(loadConfig({ VARDE_EHR_LAUNCH_STORE: 'device' }).ehrLaunch).toEqual({ store: 'device' });
    expect(() => loadConfig({ VARDE_EHR_LAUNCH_STORE: 'disk' })).toThrow(
      /VARDE_EHR_LAUNCH_STORE must be one of/,
    );
    expect(() => loadConfig({ VARDE_EHR_LAUNCH_LOCK: 'never' })).toThrow(/VARDE_EHR_LAUNCH_LOCK/);
  });
});

describe('per-tenant clinical policy (VARDE_TENANT_POLICY)', () => {
  it('is doctors only by default and may authorise nurses per municipality', () => {
    expect(loadConfig({}).tenants.every((t) => t.policy === undefined)).toBe(true);
    const tenants = loadConfig({
      VARDE_TENANT_POLICY: '{"1103": {"personalPlanAuthors": ["doctor", "nurse"]}}',
    }).tenants;
    expect(tenants.find((t) => t.id === '1103')?.policy).toEqual({
      personalPlanAuthors: ['doctor', 'nurse'],
      scale2DecisionAuthors: ['doctor'],
    });
    expect(tenants.find((t) => t.id === '4601')?.policy).toBeUndefined();
  });

  it('refuses what it cannot read, rather than fall back silently', () => {
    expect(() => loadConfig({ VARDE_TENANT_POLICY: '{' })).toThrow(/not JSON/);
    expect(() => loadConfig({ VARDE_TENANT_POLICY: '{"9999": {}}' })).toThrow(/unknown tenant: 9999/);
    expect(() => loadConfig({ VARDE_TENANT_POLICY: '{"4601": {"personalPlanAuthors": ["admin"]}}' })).toThrow(
      /doctor/,
    );
    expect(() => loadConfig({ VARDE_TENANT_POLICY: '{"4601": {"anyone": true}}' })).toThrow(/not a setting/);
  });
});

const STRONG = 'a'.repeat(20) + 'b'.repeat(20);
/** A complete production environment: every test below takes one thing away or spoils it. */
const production = (over: Record<string, string | undefined> = {}) => ({
  VARDE_MODE: 'production',
  VARDE_PUBLIC_URL: 'https://varde.kommune.example',
  VARDE_IMPORT_TOKEN: STRONG,
  VARDE_OIDC_ISSUER: 'https://helseid-sts.example',
  VARDE_OIDC_CLIENT_ID: 'varde-platform',
  VARDE_OIDC_CLIENT_JWK: JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }),
  ...over,
});

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('listening and framing', () => {
  it('listens on 127.0.0.1 unless VARDE_HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ VARDE_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('takes EPJ origins that may frame the app, and refuses anything that is not an origin', () => {
    expect(loadConfig({}).frameAncestors).toEqual([]);
    expect(
      loadConfig({ VARDE_FRAME_ANCESTORS: 'https://epj.example, https://dips.example:8443' }).frameAncestors,
    ).toEqual(['https://epj.example', 'https://dips.example:8443']);
    expect(() => loadConfig({ VARDE_FRAME_ANCESTORS: 'https://epj.example/path' })).toThrow(/not an origin/);
    expect(() => loadConfig({ VARDE_FRAME_ANCESTORS: '*' })).toThrow(/not an origin/);
  });
});

describe('production mode', () => {
  it('the default is the sandbox, with its development import token', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.importToken).toBe(DEFAULT_IMPORT_TOKEN);
    expect(config.registration).toBeUndefined();
  });

  it('starts with a complete production environment; registration is off', () => {
    const config = loadConfig(production());
    expect(config.mode).toBe('production');
    expect(config.upstreamOidc).toMatchObject({
      issuer: 'https://helseid-sts.example',
      clientId: 'varde-platform',
      hprClaim: 'helseid://claims/hpr/hpr_number',
      scope: 'openid profile',
    });
    expect(config.registration).toEqual({ enabled: false });
  });

  it('refuses the default import token, a known test token, a short one or none', () => {
    expect(problemsOf(production({ VARDE_IMPORT_TOKEN: DEFAULT_IMPORT_TOKEN }))).toEqual([
      expect.stringMatching(/VARDE_IMPORT_TOKEN har en standard- eller testverdi/),
    ]);
    expect(problemsOf(production({ VARDE_IMPORT_TOKEN: 'test-import-token' }))).toHaveLength(1);
    expect(problemsOf(production({ VARDE_IMPORT_TOKEN: 'kort' }))).toEqual([
      expect.stringMatching(/for kort/),
    ]);
    expect(problemsOf(production({ VARDE_IMPORT_TOKEN: undefined }))).toEqual([
      expect.stringMatching(/VARDE_IMPORT_TOKEN mangler/),
    ]);
  });

  it('refuses to start without an upstream OpenID provider, or with half of one', () => {
    const none = production({
      VARDE_OIDC_ISSUER: undefined,
      VARDE_OIDC_CLIENT_ID: undefined,
      VARDE_OIDC_CLIENT_JWK: undefined,
    });
    expect(problemsOf(none)).toEqual([expect.stringMatching(/ekstern OpenID-leverandør er ikke satt opp/)]);
    expect(problemsOf(production({ VARDE_OIDC_CLIENT_JWK: undefined }))).toEqual([
      expect.stringMatching(/Klientautentisering/),
    ]);
    expect(problemsOf(production({ VARDE_OIDC_CLIENT_JWK: '{"kty":"EC"}' }))).toEqual([
      expect.stringMatching(/VARDE_OIDC_CLIENT_JWK er ikke en privat nøkkel/),
    ]);
    expect(problemsOf(production({ VARDE_OIDC_ISSUER: 'http://idp.example' }))).toEqual([
      expect.stringMatching(/VARDE_OIDC_ISSUER må være en https-adresse/),
    ]);
  });

  it('needs its public https address stated; http only on this machine', () => {
    expect(problemsOf(production({ VARDE_PUBLIC_URL: undefined }))).toEqual([
      expect.stringMatching(/VARDE_PUBLIC_URL mangler/),
    ]);
    expect(problemsOf(production({ VARDE_PUBLIC_URL: 'http://varde.example' }))).toEqual([
      expect.stringMatching(/https/),
    ]);
    expect(problemsOf(production({ VARDE_PUBLIC_URL: 'http://127.0.0.1:8080' }))).toEqual([]);
  });

  it('refuses open client registration without a strong token, and wiping the data', () => {
    expect(problemsOf(production({ VARDE_REGISTRATION: 'open' }))).toEqual([
      expect.stringMatching(/VARDE_REGISTRATION=open krever VARDE_REGISTRATION_TOKEN/),
    ]);
    expect(
      problemsOf(production({ VARDE_REGISTRATION: 'open', VARDE_REGISTRATION_TOKEN: 'changeme' })),
    ).toEqual([expect.stringMatching(/VARDE_REGISTRATION_TOKEN har en standard/)]);
    expect(
      loadConfig(production({ VARDE_REGISTRATION: 'open', VARDE_REGISTRATION_TOKEN: STRONG })).registration,
    ).toEqual({ enabled: true, initialAccessToken: STRONG });
    expect(problemsOf(production({ VARDE_FRESH_DATA: '1' }))).toEqual([
      expect.stringMatching(/VARDE_FRESH_DATA/),
    ]);
  });

  it('lists every problem at once, and refuses an unknown mode', () => {
    expect(problemsOf({ VARDE_MODE: 'production' }).length).toBeGreaterThanOrEqual(3);
    expect(problemsOf({ VARDE_MODE: 'prod' })).toEqual([expect.stringMatching(/sandbox eller production/)]);
  });
});
