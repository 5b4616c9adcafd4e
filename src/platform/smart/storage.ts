// The authorization server's state in the platform database, so sessions, grants and
// refresh tokens survive a restart and several platform processes can share them.
//
// oidc_payloads is oidc-provider's generic model store (one row per artefact: Session,
// Grant, AuthorizationCode, RefreshToken, Interaction, …). smart_keys holds the signing
// JWKS and the cookie keys, made once. smart_launches holds EHR launch contexts:
// short-lived and single use.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/types';

export const SMART_SCHEMA = `
CREATE TABLE IF NOT EXISTS oidc_payloads (
  kind text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  expires_at timestamptz,
  grant_id text,
  uid text,
  user_code text,
  consumed timestamptz,
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS oidc_payloads_grant_id ON oidc_payloads (grant_id);
CREATE INDEX IF NOT EXISTS oidc_payloads_uid ON oidc_payloads (uid);
CREATE INDEX IF NOT EXISTS oidc_payloads_user_code ON oidc_payloads (user_code);
CREATE TABLE IF NOT EXISTS smart_keys (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS smart_launches (
  id text PRIMARY KEY,
  tenant text NOT NULL,
  context jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
`;

export async function ensureSmartSchema(db: Database): Promise<void> {
  // Processes starting at once on one PostgreSQL: CREATE ... IF NOT EXISTS is not safe
  // against a concurrent CREATE of the same table (duplicate key in pg_type), so one at a time.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7340002)');
    await tx.exec(SMART_SCHEMA);
  });
  // Expired rows are useless; drop them at start so the tables do not grow without end.
  await db.query('DELETE FROM oidc_payloads WHERE expires_at < now()');
  await db.query("DELETE FROM smart_launches WHERE expires_at < now() - interval '1 day'");
}

interface PayloadRow {
  payload: AdapterPayload;
  consumed: Date | string | null;
}

function withConsumed(row: PayloadRow | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  if (row.consumed === null) return row.payload;
  return { ...row.payload, consumed: Math.floor(new Date(row.consumed).getTime() / 1000) };
}

/** oidc-provider adapter over the platform Database; one instance per model kind. */
export function databaseAdapterFactory(db: Database): (kind: string) => Adapter {
  return (kind: string): Adapter => {
    const findBy = async (column: 'id' | 'uid' | 'user_code', value: string) => {
      const { rows } = await db.query<PayloadRow>(
        `SELECT payload, consumed FROM oidc_payloads
          WHERE kind = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
        [kind, value],
      );
      return withConsumed(rows[0]);
    };
    return {
      async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
        await db.query(
          `INSERT INTO oidc_payloads (kind, id, payload, expires_at, grant_id, uid, user_code)
           VALUES ($1, $2, $3::jsonb, CASE WHEN $4::integer IS NULL THEN NULL
                     ELSE now() + make_interval(secs => $4::integer) END, $5, $6, $7)
           ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload,
             expires_at = EXCLUDED.expires_at, grant_id = EXCLUDED.grant_id,
             uid = EXCLUDED.uid, user_code = EXCLUDED.user_code`,
          [
            kind,
            id,
            JSON.stringify(payload),
            expiresIn ?? null,
            payload.grantId ?? null,
            payload.uid ?? null,
            payload.userCode ?? null,
          ],
        );
      },
      find: (id: string) => findBy('id', id),
      findByUid: (uid: string) => findBy('uid', uid),
      findByUserCode: (userCode: string) => findBy('user_code', userCode),
      async consume(id: string) {
        await db.query('UPDATE oidc_payloads SET consumed = now() WHERE kind = $1 AND id = $2', [kind, id]);
      },
      async destroy(id: string) {
        await db.query('DELETE FROM oidc_payloads WHERE kind = $1 AND id = $2', [kind, id]);
      },
      async revokeByGrantId(grantId: string) {
        await db.query('DELETE FROM oidc_payloads WHERE kind = $1 AND grant_id = $2', [kind, grantId]);
      },
    };
  };
}
