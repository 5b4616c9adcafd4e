import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { openVardeDb, SCHEMA_V1, SCHEMA_V2 } from './db';
import { uniqueDbName } from './testing/harness';

describe('device store schema', () => {
  it('v1 -> v2 keeps queued writes and fills in the new fields', async () => {
    const name = uniqueDbName('upgrade');
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('outbox').add({
      id: 'set-old',
      patientId: 'pas-9',
      kind: 'vitals',
      createdAt: '2026-11-24T20:00:00Z',
      data: { iv: 'aXY=', ct: 'Y3Q=' },
    });
    await v1
      .table('sections')
      .put({ patientId: 'pas-9', section: 'identity', fetchedAt: '2026-11-24T20:00:00Z' });
    v1.close();

    const db = openVardeDb(name);
    const items = await db.outbox.toArray();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: 'set-old',
      state: 'pending',
      attempts: 0,
      data: { iv: 'aXY=', ct: 'Y3Q=' },
    });
    expect(await db.outbox.where('state').equals('pending').count()).toBe(1);
    expect(await db.sections.get(['pas-9', 'identity'])).toMatchObject({
      fetchedAt: '2026-11-24T20:00:00Z',
    });
    expect(await db.auditLog.count()).toBe(0);
    db.close();
  });

  it('v2 -> v3 drops cached vitals (whole Observations) and keeps the outbox and other sections', async () => {
    const name = uniqueDbName('upgrade3');
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    const queued = {
      id: 'set-unsent',
      patientId: 'pas-9',
      kind: 'vitals',
      state: 'conflict',
      attempts: 3,
      createdAt: '2026-11-24T20:00:00Z',
      problem: 'Konflikt',
      data: { iv: 'aXY=', ct: 'Y3Q=' },
    };
    await v2.table('outbox').add(queued);
    await v2.table('sections').bulkPut([
      { patientId: 'pas-9', section: 'vitals', fetchedAt: 'x', checkpoint: 'y', data: { iv: 'a', ct: 'b' } },
      { patientId: 'pas-9', section: 'identity', fetchedAt: 'x', data: { iv: 'c', ct: 'd' } },
    ]);
    v2.close();

    const db = openVardeDb(name);
    expect(await db.sections.get(['pas-9', 'vitals'])).toBeUndefined();
    expect(await db.sections.get(['pas-9', 'identity'])).toMatchObject({ data: { iv: 'c', ct: 'd' } });
    expect(await db.outbox.toArray()).toEqual([{ ...queued, seq: 1 }]);
    db.close();
  });

  it('v3 -> v4 drops cached vitals (stripped Observations) and keeps the outbox and other sections', async () => {
    const name = uniqueDbName('upgrade4');
    const v3 = new Dexie(name);
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V2);
    const queued = [
      {
        id: 'set-sending',
        patientId: 'pas-7',
        kind: 'vitals',
        state: 'sending',
        attempts: 1,
        createdAt: '2026-11-25T06:00:00Z',
        data: { iv: 'aXYx', ct: 'Y3Qx' },
      },
      {
        id: 'set-parked',
        patientId: 'pas-8',
        kind: 'vitals',
        state: 'parked',
        attempts: 2,
        createdAt: '2026-11-25T06:05:00Z',
        nextTryAt: '2026-11-25T06:10:00Z',
        problem: 'Ugyldig verdi',
        data: { iv: 'aXYy', ct: 'Y3Qy' },
      },
    ];
    await v3.table('outbox').bulkAdd(queued);
    await v3.table('auditLog').add({ id: 'read-1', patientId: 'pas-7', at: 'z', data: { iv: 'e', ct: 'f' } });
    await v3.table('sections').bulkPut([
      { patientId: 'pas-7', section: 'vitals', fetchedAt: 'x', checkpoint: 'y', data: { iv: 'a', ct: 'b' } },
      { patientId: 'pas-8', section: 'vitals', lastOutcome: { kind: 'denied', at: 'x', reason: 'Nei' } },
      { patientId: 'pas-7', section: 'services', fetchedAt: 'x', data: { iv: 'c', ct: 'd' } },
    ]);
    v3.close();

    const db = openVardeDb(name);
    expect(await db.sections.toArray()).toEqual([
      { patientId: 'pas-7', section: 'services', fetchedAt: 'x', data: { iv: 'c', ct: 'd' } },
    ]);
    expect(await db.outbox.toArray()).toEqual(queued.map((q, i) => ({ ...q, seq: i + 1 })));
    expect(await db.auditLog.count()).toBe(1);
    expect(db.verno).toBe(5); // the newest version (v5 since the outbox binding)
    db.close();
  });

  it("v4 -> v5 binds queued writes and offline reads to the store's own server and loses nothing", async () => {
    const name = uniqueDbName('upgrade5');
    const v4 = new Dexie(name);
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2);
    v4.version(3).stores(SCHEMA_V2);
    v4.version(4).stores(SCHEMA_V2);
    const queued = [
      {
        id: 'set-queued',
        patientId: 'pas-5',
        kind: 'vitals',
        state: 'pending',
        attempts: 2,
        createdAt: '2026-11-25T06:00:00Z',
        nextTryAt: '2026-11-25T06:01:00Z',
        data: { iv: 'aXYx', ct: 'Y3Qx' },
      },
      {
        id: 'set-parked',
        patientId: 'pas-6',
        kind: 'vitals',
        state: 'parked',
        attempts: 1,
        createdAt: '2026-11-25T06:05:00Z',
        problem: 'Ugyldig verdi',
        data: { iv: 'aXYy', ct: 'Y3Qy' },
      },
    ];
    await v4.table('outbox').bulkAdd(queued);
    await v4.table('auditLog').add({ id: 'read-1', patientId: 'pas-5', at: 'z', data: { iv: 'e', ct: 'f' } });
    await v4
      .table('sections')
      .put({ patientId: 'pas-5', section: 'vitals', fetchedAt: 'x', data: { iv: 'a', ct: 'b' } });
    await v4.table('meta').put({ key: 'keyEnvelope', value: { wrapped: 'k' } });
    v4.close();

    const scope = { fhirBase: 'https://a.test/fhir/', tenant: '4601', user: 'Practitioner/p1', label: 'A' };
    const db = openVardeDb(name, scope);
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(
      queued.map((q, i) => ({ ...q, seq: i + 1, server: 'https://a.test/fhir', tenant: '4601' })),
    );
    expect(await db.outbox.where('[server+state]').equals(['https://a.test/fhir', 'pending']).count()).toBe(
      1,
    );
    expect(await db.auditLog.toArray()).toMatchObject([{ id: 'read-1', server: 'https://a.test/fhir' }]);
    // The cache and the key stay: the sealed set can still be opened with the PIN.
    expect(await db.sections.count()).toBe(1);
    expect(await db.meta.get('keyEnvelope')).toEqual({ key: 'keyEnvelope', value: { wrapped: 'k' } });
    expect(await db.meta.get('scope')).toEqual({ key: 'scope', value: scope });
    expect(db.verno).toBe(5);
    db.close();
  });

  it('refuses two outbox items with the same set id', async () => {
    const db = openVardeDb(uniqueDbName());
    const item = {
      id: 'dup',
      patientId: 'p',
      kind: 'vitals' as const,
      state: 'pending' as const,
      createdAt: 'x',
      attempts: 0,
      data: { iv: '', ct: '' },
    };
    await db.outbox.add(item);
    await expect(db.outbox.add({ ...item })).rejects.toThrow();
    db.close();
  });
});
