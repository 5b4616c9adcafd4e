import { describe, expect, it } from 'vitest';
import { evictionRisk, requestPersistence, storageInfo } from './storage';

const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

describe('storage durability', () => {
  it('flags Safari and iOS in a tab, not when installed, not Chrome', () => {
    expect(evictionRisk({ userAgent: SAFARI_IPHONE }, false)).toBe(true);
    expect(evictionRisk({ userAgent: SAFARI_IPHONE }, true)).toBe(false);
    expect(evictionRisk({ userAgent: SAFARI_MAC }, false)).toBe(true);
    expect(evictionRisk({ userAgent: CHROME }, false)).toBe(false);
  });

  it('reports usage, quota and persistence, and asks for persistence once', async () => {
    let asked = 0;
    const storage = {
      estimate: async () => ({ usage: 1234, quota: 10_000 }),
      persisted: async () => asked > 0,
      persist: async () => (asked++, true),
    };
    const nav = { userAgent: CHROME, storage };
    expect(await requestPersistence(nav)).toBe(true);
    expect(await requestPersistence(nav)).toBe(true);
    expect(asked).toBe(1);
    expect(await storageInfo(nav)).toEqual({
      usageBytes: 1234,
      quotaBytes: 10_000,
      persisted: true,
      evictionRisk: false,
    });
  });

  it('without the Storage API: unknown usage, not persisted', async () => {
    expect(await storageInfo({ userAgent: CHROME })).toEqual({
      usageBytes: undefined,
      quotaBytes: undefined,
      persisted: false,
      evictionRisk: false,
    });
    expect(await requestPersistence({})).toBe(false);
  });
});
