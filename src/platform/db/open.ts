// Chooses the database from configuration: PostgreSQL when a URL is given, else PGlite.
import { mkdirSync, rmSync } from 'node:fs';
import { migrate } from './migrations';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Database } from './types';

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder; undefined = in memory. */
  dataDir?: string;
  /** Wipe the embedded data folder first (VARDE_FRESH_DATA=1). Never touches PostgreSQL. */
  fresh?: boolean;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let db: Database;
  if (opts.databaseUrl) {
    db = openPostgres(opts.databaseUrl);
  } else {
    if (opts.dataDir) {
      if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
      mkdirSync(opts.dataDir, { recursive: true });
    }
    db = await openPglite(opts.dataDir);
  }
  await migrate(db);
  return db;
}
