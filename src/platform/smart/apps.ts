// The apps the EPJ simulator can start: every client with a launch URL, configured ones
// (the PWA, VARDE_EXTRA_CLIENTS) and those registered at run time (RFC 7591, stored by
// oidc-provider in oidc_payloads), Varde first and the rest by name.
import type { ClientMetadata } from 'oidc-provider';
import type { Database } from '../db/types';
import { VARDE_CLIENT_ID } from './clients';
import type { LaunchableApp } from './types';

function toApp(metadata: Record<string, unknown>): LaunchableApp | undefined {
  const clientId = metadata.client_id;
  const launchUri = metadata.launch_uri;
  if (typeof clientId !== 'string' || typeof launchUri !== 'string') return undefined;
  const name = typeof metadata.client_name === 'string' ? metadata.client_name : clientId;
  return { clientId, name, launchUri };
}

export async function launchableApps(
  db: Database,
  configured: readonly ClientMetadata[],
): Promise<LaunchableApp[]> {
  const { rows } = await db.query<{ payload: Record<string, unknown> }>(
    `SELECT payload FROM oidc_payloads
      WHERE kind = 'Client' AND (expires_at IS NULL OR expires_at > now())`,
  );
  const byId = new Map<string, LaunchableApp>();
  for (const metadata of [...configured, ...rows.map((r) => r.payload)]) {
    const app = toApp(metadata as Record<string, unknown>);
    // A configured client wins over a stored one of the same id (as in oidc-provider).
    if (app && !byId.has(app.clientId)) byId.set(app.clientId, app);
  }
  return [...byId.values()].sort((a, b) => {
    if (a.clientId === VARDE_CLIENT_ID) return -1;
    if (b.clientId === VARDE_CLIENT_ID) return 1;
    return a.name.localeCompare(b.name, 'nb') || a.clientId.localeCompare(b.clientId);
  });
}
