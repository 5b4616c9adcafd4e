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
