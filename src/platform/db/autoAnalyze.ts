// PostgreSQL's autovacuum keeps the planner's statistics fresh; PGlite runs no autovacuum,
// so after a load its tables have none, and the planner then picks plans for a table of
// a few rows (benchmark 4: a sort of the patient's rows with their JSON text on every page
// instead of reading them in order from the index). This does autovacuum's ANALYZE rule
// for PGlite: every interval, a table changed by more than 50 rows + 10 % since its last
// ANALYZE is analyzed again.
import type { Database } from './types';

const TABLES = ['resources', 'events', 'audit_events'];

/** ANALYZE of the tables that changed enough since their last one; the tables analyzed. */
export async function analyzeChanged(db: Database): Promise<string[]> {
  const r = await db.query<{ relname: string; changed: string | number; tuples: string | number }>(
    `SELECT s.relname, s.n_mod_since_analyze AS changed, greatest(c.reltuples, 0) AS tuples
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.relname = ANY($1::text[])`,
    [TABLES],
  );
  const due = r.rows.filter((x) => Number(x.changed) > 50 + 0.1 * Number(x.tuples)).map((x) => x.relname);
  for (const t of due) await db.exec(`ANALYZE ${t}`);
  return due;
}

/** Runs analyzeChanged every `intervalMs` on PGlite (PostgreSQL has autovacuum); stop() ends it. */
export function startAutoAnalyze(db: Database, intervalMs = 10_000): { stop(): void } {
  if (db.kind !== 'pglite') return { stop() {} };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    analyzeChanged(db)
      .catch(() => undefined) // a closed database at shutdown; the next tick tries again
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
