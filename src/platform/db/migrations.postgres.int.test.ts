// Several platform processes starting at once on one empty PostgreSQL database (a deploy of
// N processes behind a load balancer) all migrate it: none may fail. Without the lock
// around the bookkeeping table, concurrent CREATE TABLE IF NOT EXISTS fails with a
// duplicate key in pg_type. Needs VARDE_TEST_DATABASE_URL (npm test starts a server).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ensureSmartSchema } from '../smart/storage';
import { migrate, migrations } from './migrations';
import { openPostgres } from './postgres';

const url = process.env.VARDE_TEST_DATABASE_URL;
if (!url) console.warn('[varde] VARDE_TEST_DATABASE_URL is unset: concurrent migration test skipped.');

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.skipIf(!url)('migrations on PostgreSQL', () => {
  it('three processes migrating one empty database at once all succeed, each migration once', async () => {
    for (let round = 0; round < 3; round++) {
      const name = `varde_migrate_${process.pid}_${round}`;
      await admin(`CREATE DATABASE ${name}`);
      const u = new URL(url!);
      u.pathname = `/${name}`;
      const dbs = [0, 1, 2].map(() => openPostgres(u.toString(), { max: 2 }));
      try {
        const results = await Promise.allSettled(
          dbs.map(async (db) => {
            await migrate(db);
            await ensureSmartSchema(db);
          }),
        );
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        const applied = await dbs[0]!.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM schema_migrations',
        );
        expect(applied.rows[0]!.n).toBe(migrations.length);
      } finally {
        for (const db of dbs) await db.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  }, 60_000);
});
