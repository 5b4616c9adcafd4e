import { afterEach, describe, expect, it } from 'vitest';
import { blockedReason, compareVersions, fetchVersionInfo } from './minimumVersion';

afterEach(() => localStorage.clear());

const json =
  (body: object): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const offline: typeof fetch = async () => {
  throw new TypeError('offline');
};

describe('minimum client version', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0')).toBe(0);
    expect(compareVersions('0.1.0', '0.2.0')).toBe(-1);
  });

  it('blocks a client below the minimum and lets an equal one run', () => {
    const info = { version: '0.3.0', minimumClientVersion: '0.2.0' };
    expect(blockedReason('0.1.0', info)?.reason).toContain('for gammel');
    expect(blockedReason('0.2.0', info)).toBeNull();
    expect(blockedReason('0.1.0', undefined)).toBeNull();
  });

  it('remembers the last answer when offline', async () => {
    const origin = 'https://app.test';
    await fetchVersionInfo(origin, localStorage, json({ version: '0.3.0', minimumClientVersion: '0.3.0' }));
    const info = await fetchVersionInfo(origin, localStorage, offline);
    expect(blockedReason('0.1.0', info)).not.toBeNull();
  });
});
