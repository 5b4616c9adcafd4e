// Numbered schema migrations, the same SQL for PGlite and PostgreSQL. Append new ones at
// the end; never edit one that has shipped.
import type { Database } from './types';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'event store, projections, audit',
    sql: `
CREATE TABLE events (
  seq           bigserial PRIMARY KEY,
  tenant        text        NOT NULL,
  event_type    text        NOT NULL,
  resource_type text        NOT NULL,
  resource_id   text        NOT NULL,
  version_id    integer     NOT NULL,
  source_system text        NOT NULL,
  author        text,
  recorded_at   timestamptz NOT NULL,
  received_at   timestamptz NOT NULL,
  payload       jsonb       NOT NULL,
  UNIQUE (tenant, resource_type, resource_id, version_id)
);
CREATE INDEX events_tenant_seq ON events (tenant, seq);

-- FHIR resources projected from the events; rebuildable (EventStore.rebuildProjections).
CREATE TABLE resources (
  tenant        text        NOT NULL,
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    integer     NOT NULL,
  last_updated  timestamptz NOT NULL,
  patient       text,
  codes         text[]      NOT NULL DEFAULT '{}',
  categories    text[]      NOT NULL DEFAULT '{}',
  identifiers   text[]      NOT NULL DEFAULT '{}',
  refs          text[]      NOT NULL DEFAULT '{}',
  effective     timestamptz,
  restricted    boolean     NOT NULL DEFAULT false,
  content       jsonb       NOT NULL,
  PRIMARY KEY (tenant, resource_type, id)
);
CREATE INDEX resources_patient ON resources (tenant, resource_type, patient, effective);
CREATE INDEX resources_last_updated ON resources (tenant, resource_type, last_updated);
CREATE INDEX resources_identifiers ON resources USING gin (identifiers);
CREATE INDEX resources_codes ON resources USING gin (codes);
CREATE INDEX resources_refs ON resources USING gin (refs);

-- Who looked at what (and who was refused). FHIR AuditEvent content.
CREATE TABLE audit_events (
  seq         bigserial   PRIMARY KEY,
  tenant      text        NOT NULL,
  id          text        NOT NULL,
  patient     text,
  recorded_at timestamptz NOT NULL,
  content     jsonb       NOT NULL,
  UNIQUE (tenant, id)
);
CREATE INDEX audit_events_patient ON audit_events (tenant, patient, seq);

-- Append-only, enforced by the database itself so no code path can change history.
CREATE FUNCTION varde_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION varde_forbid_change();
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION varde_forbid_change();
-- TRUNCATE skips row triggers; forbid it too.
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION varde_forbid_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION varde_forbid_change();
`,
  },
  {
    version: 2,
    name: 'platform state',
    sql: `
-- Small facts about this installation, e.g. that the synthetic data finished loading.
CREATE TABLE platform_state (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 3,
    name: 'vital-signs set column',
    sql: `
-- The vital-signs set an Observation belongs to, so NEWS2 derivation finds a set's parts
-- by btree instead of probing the identifiers GIN index with thousands of tokens.
ALTER TABLE resources ADD COLUMN set_id text;
CREATE INDEX resources_set ON resources (tenant, set_id) WHERE set_id IS NOT NULL;
`,
  },
  {
    version: 4,
    name: 'read path indexes',
    sql: `
-- A patient's resources in the order of a sync's pages (_sort=_lastUpdated, then id, NULLS
-- FIRST as the search's ORDER BY says), so a page is read in order by index and the next
-- one starts at its cursor: no sort of the patient's rows with their JSON text per page.
-- It replaces the index by last_updated alone: every search by _lastUpdated names a patient.
DROP INDEX resources_last_updated;
CREATE INDEX resources_patient_updated
  ON resources (tenant, resource_type, patient, last_updated ASC NULLS FIRST, id);
-- The few items patients restricted: every clinical search asks whether it withheld any.
CREATE INDEX resources_restricted ON resources (tenant, resource_type, patient) WHERE restricted;
`,
  },
];

/** Applies the migrations not yet applied, each in its own transaction. */
export async function migrate(db: Database): Promise<number[]> {
  // Processes starting at once on one empty PostgreSQL: CREATE TABLE IF NOT EXISTS is not
  // safe against a concurrent CREATE of the same table (duplicate key in pg_type), so the
  // bookkeeping table is made under the same lock as the migrations.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7340001)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
  );
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      // Two processes starting on one PostgreSQL must not both migrate.
      await tx.query('SELECT pg_advisory_xact_lock(7340001)');
      const again = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (again.rows.length) return;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}
