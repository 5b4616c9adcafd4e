import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('platform config', () => {
  it('access tokens live 5 minutes unless VARDE_ACCESS_TOKEN_TTL_SECONDS says otherwise', () => {
    expect(loadConfig({}).accessTokenTtlSeconds).toBeUndefined();
    expect(loadConfig({ VARDE_ACCESS_TOKEN_TTL_SECONDS: '60' }).accessTokenTtlSeconds).toBe(60);
    expect(() => loadConfig({ VARDE_ACCESS_TOKEN_TTL_SECONDS: '0' })).toThrow(
      /VARDE_ACCESS_TOKEN_TTL_SECONDS/,
    );
    expect(() => loadConfig({ VARDE_ACCESS_TOKEN_TTL_SECONDS: 'kort' })).toThrow(/whole number/);
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
