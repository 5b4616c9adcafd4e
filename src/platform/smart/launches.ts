// EHR launch contexts (made by the EPJ, used once by the authorization request that
// carries their id) and the SMART context bound to each grant (who, which patient,
// banner), which the token endpoint and the access-token claims read.
import { randomBytes } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import type { ClinicianRole } from '../directory';
import type { Database } from '../db/types';
import { databaseAdapterFactory } from './storage';
import type { LaunchRequest } from './types';

/** The launch id must be unguessable: it is the only thing in the URL. */
function newLaunchId(): string {
  return randomBytes(24).toString('base64url');
}

export async function storeLaunch(db: Database, launch: LaunchRequest, ttlSeconds: number): Promise<string> {
  const id = newLaunchId();
  await db.query(
    `INSERT INTO smart_launches (id, tenant, context, expires_at)
     VALUES ($1, $2, $3::jsonb, now() + make_interval(secs => $4::integer))`,
    [id, launch.tenant, JSON.stringify(launch), ttlSeconds],
  );
  return id;
}

/** Reads a launch that is still usable, without using it up. */
export async function peekLaunch(db: Database, id: string): Promise<LaunchRequest | undefined> {
  const { rows } = await db.query<{ context: LaunchRequest }>(
    'SELECT context FROM smart_launches WHERE id = $1 AND consumed_at IS NULL AND expires_at > now()',
    [id],
  );
  return rows[0]?.context;
}

/** Uses a launch up; undefined when it was unknown, expired or already used. */
export async function consumeLaunch(db: Database, id: string): Promise<LaunchRequest | undefined> {
  const { rows } = await db.query<{ context: LaunchRequest }>(
    `UPDATE smart_launches SET consumed_at = now()
      WHERE id = $1 AND consumed_at IS NULL AND expires_at > now() RETURNING context`,
    [id],
  );
  return rows[0]?.context;
}

/** What one grant is about: the user, and the patient in context if any. */
export interface GrantContext {
  tenant: string;
  username: string;
  practitionerId: string;
  role: ClinicianRole;
  organizationId: string;
  organizationName: string;
  patient?: string;
  needPatientBanner?: boolean;
  encounter?: string;
  intent?: string;
  launchId?: string;
}

const GRANT_CONTEXT_KIND = 'SmartGrantContext';

export function grantContextStore(db: Database) {
  const adapter = databaseAdapterFactory(db)(GRANT_CONTEXT_KIND);
  return {
    async save(grantId: string, context: GrantContext, ttlSeconds: number): Promise<void> {
      // grantId in the payload lets revokeByGrantId-style clean-up find the row.
      await adapter.upsert(grantId, { ...context, grantId } as unknown as AdapterPayload, ttlSeconds);
    },
    async find(grantId: string): Promise<GrantContext | undefined> {
      const payload = await adapter.find(grantId);
      return payload ? (payload as unknown as GrantContext) : undefined;
    },
  };
}

export type GrantContextStore = ReturnType<typeof grantContextStore>;
