// `VARDE_MODE=production` as an operator starts it (src/platform/main.ts in its own
// process): it refuses to start while a setting is missing or a default secret is left,
// and says which; on a database with the sandbox's synthetic data it refuses too; with
// its settings (an upstream OpenID provider, here a second oidc-provider instance) it
// starts on 127.0.0.1 without the EPJ simulator or synthetic data, and takes imports only
// with its own token. The login through the upstream provider is tested end to end in
// src/platform/smart/upstreamLogin.int.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_TOKEN } from '../../src/platform/config';
import { openDatabase } from '../../src/platform/db/open';
import { freePort } from '../../src/platform/smart/testing/server';
import {
  startUpstreamProvider,
  type UpstreamProvider,
} from '../../src/platform/smart/testing/upstreamProvider';

const IMPORT_TOKEN = 'i'.repeat(48);
const children = new Set<ChildProcess>();
let dir: string;
let upstream: UpstreamProvider;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'varde-production-'));
  port = await freePort();
  upstream = await startUpstreamProvider({
    redirectUris: [`http://127.0.0.1:${port}/auth/upstream/callback`],
    accounts: {},
    clientAuth: 'private_key_jwt',
  });
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A complete production environment; each test spoils or removes one part. */
function productionEnv(dataDir: string): Record<string, string> {
  return {
    VARDE_MODE: 'production',
    PORT: String(port),
    VARDE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    VARDE_DATA_DIR: dataDir,
    VARDE_IMPORT_TOKEN: IMPORT_TOKEN,
    VARDE_OIDC_ISSUER: upstream.issuer,
    VARDE_OIDC_CLIENT_ID: upstream.clientId,
    VARDE_OIDC_CLIENT_JWK: JSON.stringify(upstream.clientJwk),
    VARDE_DIST_DIR: '/nonexistent-varde-dist',
    LOG_LEVEL: 'silent',
  };
}

/** Runs main.ts; resolves when it prints its addresses (started) or exits (refused). */
function runMain(env: Record<string, string>): Promise<{ child: ChildProcess; out: string; code?: number }> {
  // Only what the test gives: no VARDE_* or DATABASE_URL of the shell running the tests.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VARDE_') && k !== 'DATABASE_URL' && k !== 'PORT',
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/platform/main.ts'], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  return new Promise((resolve) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('[varde] Helse:')) resolve({ child, out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      children.delete(child);
      resolve({ child, out, code: code ?? undefined });
    });
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

describe('VARDE_MODE=production refuses to start', () => {
  it('without its settings, naming every one that is missing', async () => {
    const r = await runMain({ VARDE_MODE: 'production', PORT: String(port), LOG_LEVEL: 'silent' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('Plattformen starter ikke med disse innstillingene');
    expect(r.out).toContain('VARDE_IMPORT_TOKEN mangler');
    expect(r.out).toContain('VARDE_PUBLIC_URL mangler');
    expect(r.out).toContain('ekstern OpenID-leverandør er ikke satt opp');
  }, 60_000);

  it('with the default import token left in place', async () => {
    const r = await runMain({ ...productionEnv(join(dir, 'a')), VARDE_IMPORT_TOKEN: DEFAULT_IMPORT_TOKEN });
    expect(r.code).toBe(2);
    expect(r.out).toContain('VARDE_IMPORT_TOKEN har en standard- eller testverdi');
  }, 60_000);

  it('with open client registration and no registration token', async () => {
    const r = await runMain({ ...productionEnv(join(dir, 'b')), VARDE_REGISTRATION: 'open' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('VARDE_REGISTRATION=open krever VARDE_REGISTRATION_TOKEN');
  }, 60_000);
});

describe('VARDE_MODE=production with its settings', () => {
  it('starts on 127.0.0.1 with no EPJ simulator, no synthetic data, imports only with its token', async () => {
    const r = await runMain(productionEnv(join(dir, 'prod')));
    try {
      expect(r.code, r.out).toBeUndefined();
      expect(r.out).toContain(`Lytter på:           127.0.0.1:${port}`);
      expect(r.out).toContain('produksjon');
      expect(r.out).not.toContain('EPJ-simulator');
      expect(r.out).not.toContain('syntetiske');
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/epj`)).status).toBe(404);
      // No client registration unless protected (VARDE_REGISTRATION_TOKEN).
      const reg = await fetch(`${url}/auth/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['https://app.example/cb'] }),
      });
      expect(reg.status).toBe(404);
      const bundle = {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Organization', id: 'org-1', name: 'Hjemmetjenesten' } }],
      };
      const post = (token: string) =>
        fetch(`${url}/fhir/4601/$import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
          body: JSON.stringify(bundle),
        });
      expect((await post(DEFAULT_IMPORT_TOKEN)).status).toBe(401);
      expect((await post(IMPORT_TOKEN)).status).toBe(200);
    } finally {
      await stop(r.child);
    }
  }, 90_000);

  it("refuses the same database once it holds the sandbox's synthetic data", async () => {
    // As if the sandbox had loaded its test users and patients into it.
    const db = await openDatabase({ dataDir: join(dir, 'prod') });
    await db.query(`INSERT INTO platform_state (key, value) VALUES ('synthetic-data', '{}')`);
    await db.close();
    const r = await runMain(productionEnv(join(dir, 'prod')));
    expect(r.code).toBe(2);
    expect(r.out).toContain('databasen inneholder syntetiske testdata');
  }, 90_000);
});
