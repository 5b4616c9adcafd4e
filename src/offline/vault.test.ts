import { describe, expect, it } from 'vitest';
import { createKeyEnvelope, openKeyEnvelope, seal, unseal } from './crypto';
import { openVardeDb } from './db';
import { TEST_ITERATIONS, uniqueDbName } from './testing/harness';
import { createVault, LockedError } from './vault';

describe('at-rest protection', () => {
  it('seals with AES-GCM: the stored text holds no patient data and opens back to the same value', async () => {
    const { key } = await createKeyEnvelope('1357', TEST_ITERATIONS);
    const value = { name: 'Kari Nordmann', fnr: '01017012345' };
    const sealed = await seal(key, value);
    expect(JSON.stringify(sealed)).not.toContain('Kari');
    expect(await unseal(key, sealed)).toEqual(value);
  });

  it('keeps the data key non-extractable and stores only its wrapped form', async () => {
    const { key, envelope } = await createKeyEnvelope('1357', TEST_ITERATIONS);
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    expect(typeof envelope.wrapped).toBe('string');
  });

  it('a wrong PIN does not open the envelope', async () => {
    const { envelope } = await createKeyEnvelope('1357', TEST_ITERATIONS);
    expect(await openKeyEnvelope(envelope, '9999')).toBeNull();
    expect(await openKeyEnvelope(envelope, '1357')).not.toBeNull();
  });

  it('vault: setup, lock, unlock with the right PIN only, and data sealed before a lock opens after it', async () => {
    const db = openVardeDb(uniqueDbName());
    const vault = createVault(db, { iterations: TEST_ITERATIONS });
    expect(await vault.state()).toBe('setup-required');
    await vault.setup('2580');
    const sealed = await vault.seal({ spo2: 94 });
    vault.lock();
    expect(await vault.state()).toBe('locked');
    await expect(vault.open(sealed)).rejects.toBeInstanceOf(LockedError);
    expect(await vault.unlock('0000')).toBe(false);
    expect(await vault.unlock('2580')).toBe(true);
    expect(await vault.open(sealed)).toEqual({ spo2: 94 });
    db.close();
  });

  it('vault survives a restart (new vault object, same store) and a PIN change', async () => {
    const name = uniqueDbName();
    const db = openVardeDb(name);
    const v1 = createVault(db, { iterations: TEST_ITERATIONS });
    await v1.setup('1111');
    const sealed = await v1.seal('hei');
    expect(await v1.changePin('1111', '2222')).toBe(true);
    db.close();
    const db2 = openVardeDb(name);
    const v2 = createVault(db2, { iterations: TEST_ITERATIONS });
    expect(await v2.state()).toBe('locked');
    expect(await v2.unlock('1111')).toBe(false);
    expect(await v2.unlock('2222')).toBe(true);
    expect(await v2.open(sealed)).toBe('hei');
    await v2.destroy();
    expect(await v2.state()).toBe('setup-required');
    db2.close();
  });

  it('slows PIN guessing after five misses, survives a reload, and never wipes', async () => {
    const name = uniqueDbName();
    const db = openVardeDb(name);
    let t = Date.parse('2026-11-25T08:00:00Z');
    const now = () => new Date(t);
    const vault = createVault(db, { iterations: TEST_ITERATIONS, now });
    await vault.setup('4321');
    const sealed = await vault.seal('målinger');
    vault.lock();
    for (let i = 0; i < 5; i++) expect(await vault.unlock('0000')).toBe(false);
    // Blocked now: even the right PIN is refused until the wait is over.
    expect(await vault.unlock('4321')).toBe(false);
    const reloaded = createVault(db, { iterations: TEST_ITERATIONS, now });
    expect(await reloaded.unlock('4321')).toBe(false);
    t += 30_001;
    expect(await reloaded.unlock('4321')).toBe(true);
    expect(await reloaded.open(sealed)).toBe('målinger');
    db.close();
  });

  it('a right PIN resets the count of misses, so earlier misses do not add up to a block', async () => {
    const db = openVardeDb(uniqueDbName());
    const vault = createVault(db, { iterations: TEST_ITERATIONS });
    await vault.setup('8642');
    vault.lock();
    for (let i = 0; i < 3; i++) expect(await vault.unlock('0000')).toBe(false);
    expect(await vault.unlock('8642')).toBe(true);
    vault.lock();
    // Without the reset these would be misses 4 to 7, and the right PIN would be refused.
    for (let i = 0; i < 4; i++) expect(await vault.unlock('0000')).toBe(false);
    expect(await vault.unlock('8642')).toBe(true);
    db.close();
  });
});
