// PGlite's stand-in for autovacuum's ANALYZE: a table that changed by more than 50 rows +
// 10 % since its last ANALYZE gets statistics; one that did not is left alone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzeChanged } from './autoAnalyze';
import { migrate } from './migrations';
import { openDatabase } from './open';
import type { Database } from './types';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({});
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const statsOf = async () =>
  (
    await db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM pg_stats WHERE tablename = 'audit_events'`,
    )
  ).rows[0].n;

it('analyzes a table after many changes, and not again without them', async () => {
  expect(Number(await statsOf())).toBe(0);
  await db.exec(`INSERT INTO audit_events (tenant, id, patient, recorded_at, content)
    SELECT 't', 'a' || g, 'p' || (g % 7), now(), '{}'::jsonb FROM generate_series(1, 500) g`);
  // The statistics counters reach pg_stat_user_tables shortly after the transaction.
  let due: string[] = [];
  for (let i = 0; i < 50 && !due.includes('audit_events'); i++) {
    due = await analyzeChanged(db);
    if (!due.includes('audit_events')) await new Promise((r) => setTimeout(r, 200));
  }
  expect(due).toContain('audit_events');
  expect(Number(await statsOf())).toBeGreaterThan(0);
  expect(await analyzeChanged(db)).not.toContain('audit_events');
});
