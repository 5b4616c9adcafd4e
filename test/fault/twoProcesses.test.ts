// Two platform processes on one PostgreSQL database behind a round-robin balancer, as a
// deployment runs them: the platform keeps no state of its own outside the database. Shown:
// (c) a login that hops between both processes, a token issued by one accepted by the
// other, a refresh at the other, and the rotated refresh token refused by the first;
// (a) the outbox soak (the real offline engine over fake-indexeddb, through the fault
// proxy, then the balancer) delivers every set exactly once across both; (b) a SIGKILL of
// one process mid-ingest loses no acknowledged set, and the survivor keeps answering;
// (d) two `npm start` processes (main.ts) at once on an empty database: one loads the
// synthetic data, both answer /health 503 "loading" until it is in, nothing loads twice.
// Needs PostgreSQL (VARDE_TEST_DATABASE_URL, started by scripts/test.mjs): skipped without.
import 'fake-indexeddb/auto';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../src/core/fhir/toObservation';
import type { VitalSignsSet } from '../../src/core/vitals/types';
import type { SyncStatus } from '../../src/offline/api';
import {
  createOfflineClient,
  type ClientEnvironment,
  type VardeOfflineClient,
} from '../../src/offline/client';
import { openVardeDb } from '../../src/offline/db';
import { createIdbLock } from '../../src/offline/sync/drainLock';
import { openPostgres } from '../../src/platform/db/postgres';
import type { Database } from '../../src/platform/db/types';
import { SandboxApp } from '../../src/platform/smart/testing/sandboxClient';
import { freePort } from '../../src/platform/smart/testing/server';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { identifierCounts, seededRandom, TENANT } from './platformFixture';
import { startBalancer, type Balancer } from './roundRobin';

const pgUrl = process.env.VARDE_TEST_DATABASE_URL;
const SOAK_WRITES = Number(process.env.VARDE_TWO_SOAK_WRITES ?? 100);
const SEED = Number(process.env.VARDE_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PATIENT = 'p-anna';

if (!pgUrl) {
  console.log(
    '[two-processes] skipped: VARDE_TEST_DATABASE_URL is not set (npm test starts a PostgreSQL ' +
      'with scripts/pgServer.mjs when one is installed); two processes cannot share PGlite.',
  );
}

interface Child {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

const children = new Set<ChildProcess>();

function startChild(env: Record<string, string>): Promise<Child> {
  // `node --import tsx`, not the tsx CLI: the CLI would leave a grandchild a SIGKILL misses.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fault/platformProcess.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) =>
      reject(new Error(`platform exited (${code}) before READY: ${err.slice(-2000)}`)),
    );
  });
}

describe.skipIf(!pgUrl)('two platform processes on one PostgreSQL behind a round-robin balancer', () => {
  const dbName = `varde_two_${process.pid}`;
  let dbUrl: string;
  let db: Database;
  let balancer: Balancer;
  let procs: Child[] = [];
  const fhirBase = () => `${balancer.url}/fhir/${TENANT}`;

  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(pgUrl!);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    // The balancer's address is the platform's public URL (issuer, token audience, links):
    // identical in every process.
    balancer = await startBalancer();
    const env = {
      VARDE_FAULT_DATABASE_URL: dbUrl,
      VARDE_FAULT_SMART: '1',
      VARDE_FAULT_PUBLIC_URL: balancer.url,
    };
    // Both start at once on the empty database (migrations and the SMART schema race);
    // one of them loads the fixtures.
    procs = await Promise.all([startChild({ ...env, VARDE_FAULT_SEED: '1' }), startChild(env)]);
    balancer.setUpstreams(procs.map((p) => p.url));
    db = openPostgres(dbUrl, { max: 2 });
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await db?.close();
    await balancer?.close();
    await new Promise((r) => setTimeout(r, 300));
    if (dbUrl) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('(c) a token issued by one process is accepted by the other, and refreshed there', async () => {
    const [a, b] = procs as [Child, Child];
    const before = [...balancer.answered];
    const app = new SandboxApp(balancer.url, {
      client_id: 'varde',
      redirect_uris: [`${balancer.url}/callback`],
    });
    // The whole login (authorize, login page, patient picker, consent) through the
    // balancer: every step lands on the other process than the one before.
    const flow = await app.authorize(
      {
        scope: 'openid fhirUser launch/patient offline_access patient/Observation.rs patient/Patient.rs',
        aud: fhirBase(),
      },
      { username: 'kari.nordmann', patient: PATIENT },
    );
    expect(flow.callback.searchParams.get('error'), flow.callback.href).toBeNull();
    expect(balancer.answered[0]! - (before[0] ?? 0)).toBeGreaterThan(0);
    expect(balancer.answered[1]! - (before[1] ?? 0)).toBeGreaterThan(0);

    const token = async (base: string, form: Record<string, string>) => {
      const res = await fetch(`${base}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'varde', ...form }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    const read = (base: string, accessToken: string) =>
      fetch(`${base}/fhir/${TENANT}/Patient/${PATIENT}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }).then((r) => r.status);

    // Issued by A (the code, stored by whichever process made it, is redeemed at A).
    const issued = await token(a.url, {
      grant_type: 'authorization_code',
      code: flow.callback.searchParams.get('code') ?? '',
      redirect_uri: app.redirectUri,
      code_verifier: flow.verifier,
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.patient).toBe(PATIENT);
    expect(await read(b.url, issued.body.access_token!)).toBe(200);
    expect(await read(a.url, issued.body.access_token!)).toBe(200);
    // A forged token is refused by both: B is checking, not waving through.
    expect(await read(b.url, `${issued.body.access_token!.slice(0, -4)}AAAA`)).toBe(401);

    // Refreshed at B; the new access token works at A; the old refresh token (rotated at B)
    // is refused at A.
    const refreshed = await token(b.url, {
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token!,
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(issued.body.refresh_token);
    expect(await read(a.url, refreshed.body.access_token!)).toBe(200);
    const reused = await token(a.url, {
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token!,
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
  }, 60_000);

  it(`(a) ${SOAK_WRITES} outbox writes through faults and client kills reach the two processes exactly once`, async () => {
    const random = seededRandom(SEED);
    const proxy: FaultProxy = await startFaultProxy({ target: balancer.url, random });
    const before = [...balancer.answered];
    const idb = `varde-two-soak-${SEED}`;
    const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));
    const quiet: ClientEnvironment = { isOnline: () => true, onTrigger: () => () => {} };
    const recorded: VitalSignsSet[] = [];
    let kills = 0;
    let client = undefined as unknown as VardeOfflineClient;
    const open = async (first: boolean) => {
      const lock = createIdbLock(openVardeDb(idb), { ttlMs: 600 });
      client = createOfflineClient({
        fhirBaseUrl: `${proxy.url}/fhir/${TENANT}`,
        getAccessToken: async () => 'nurse',
        practitionerId: 'prac-nurse',
        dbName: idb,
        environment: quiet,
        pbkdf2Iterations: 1000,
        idleLockMs: 0,
        syncIntervalMs: 60_000,
        lock,
      });
      if (first) await client.setupPin('2468');
      else expect(await client.unlock('2468')).toBe(true);
    };
    const kill = async () => {
      kills++;
      client.close();
      await open(false);
    };
    const statusNow = () =>
      new Promise<SyncStatus>((resolve) => {
        const stop = client.watchSyncStatus((s) => {
          resolve(s);
          queueMicrotask(() => stop());
        });
      });

    try {
      await open(true);
      let i = 0;
      while (i < SOAK_WRITES) {
        const burst = Math.min(SOAK_WRITES - i, 1 + Math.floor(random() * 30));
        for (let k = 0; k < burst; k++, i++) {
          const set: VitalSignsSet = {
            id: `two-${SEED}-${i}`,
            patientId: PATIENT,
            effectiveDateTime: new Date(Date.now() - between(1, 600) * 60_000).toISOString(),
            vitals: { spo2: between(88, 100), pulse: between(50, 125), systolicBP: between(95, 180) },
            sourceSystem: 'varde',
          };
          await client.recordVitals(set);
          recorded.push(set);
        }
        for (let round = 0; ; round++) {
          if (round > 300) throw new Error('the outbox did not drain in 300 rounds');
          const drain = client.syncNow();
          if (random() < 0.2) {
            await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
            await kill();
          } else {
            await drain;
          }
          const state = await client.engine.state();
          if (state.notBefore && Date.parse(state.notBefore) > Date.now()) {
            await new Promise((r) => setTimeout(r, Date.parse(state.notBefore!) - Date.now() + 5));
          }
          const status = await statusNow();
          if (status.kind === 'synced') break;
          if (status.kind === 'needs-attention')
            throw new Error(`a write was parked: ${JSON.stringify(status)}`);
        }
      }
      const counts = await identifierCounts(db);
      const wrong: string[] = [];
      let parts = 0;
      for (const set of recorded) {
        for (const o of vitalSignsSetToObservations(set)) {
          parts++;
          const n = counts.get(o.identifier![0].value!) ?? 0;
          if (n !== 1) wrong.push(`${o.identifier![0].value}: ${n}`);
        }
      }
      const vardeDb = openVardeDb(idb);
      const left = await vardeDb.outbox.count();
      vardeDb.close();
      const served = balancer.answered.map((n, k) => n - (before[k] ?? 0));
      console.log(
        `[two-processes] soak seed ${SEED}: ${recorded.length} writes (${parts} Observations), ${kills} client ` +
          `kills; requests answered per process ${served.join(' / ')}; faults: ` +
          Object.entries(proxy.counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') +
          `; ${wrong.length} parts not exactly once; outbox left ${left}`,
      );
      expect(wrong.slice(0, 10)).toEqual([]);
      expect(left).toBe(0);
      expect(served[0]).toBeGreaterThan(0);
      expect(served[1]).toBeGreaterThan(0);
      expect(proxy.counts['cut-after-commit']).toBeGreaterThan(0);
    } finally {
      client?.close();
      await proxy.close();
    }
  }, 180_000);

  it('(b) a SIGKILL of one process mid-ingest loses no acknowledged set; the other keeps answering', async () => {
    const [a, b] = procs as [Child, Child];
    const post = async (set: VitalSignsSet): Promise<boolean> => {
      const body = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: vitalSignsSetToObservations(set).map((o) => ({
          resource: o,
          request: {
            method: 'POST',
            url: 'Observation',
            ifNoneExist: `identifier=${o.identifier![0].system}|${o.identifier![0].value}`,
          },
        })),
      };
      try {
        const res = await fetch(fhirBase(), {
          method: 'POST',
          headers: { authorization: 'Bearer nurse', 'content-type': 'application/fhir+json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const json = (await res.json()) as { type?: string };
        return res.status === 200 && json.type === 'transaction-response';
      } catch {
        return false;
      }
    };
    let stop = false;
    let killedAt = Infinity;
    let sent = 0;
    const acked: { set: VitalSignsSet; at: number }[] = [];
    const prefix = `kill-${Date.now()}`;
    const writers = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          const set: VitalSignsSet = {
            id: `${prefix}-w${w}-${i}`,
            patientId: PATIENT,
            effectiveDateTime: new Date(Date.now() - 3_600_000 + i * 1000).toISOString(),
            vitals: {
              respirationRate: 16,
              spo2: 96,
              onOxygen: false,
              systolicBP: 120,
              pulse: 70,
              consciousness: 'A',
              temperature: 37,
            },
            sourceSystem: 'varde',
          };
          sent++;
          if (await post(set)) acked.push({ set, at: Date.now() });
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 2500));
    const beforeKill = acked.length;
    killedAt = Date.now();
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    await new Promise((r) => setTimeout(r, 2500));
    stop = true;
    await writers;

    const afterKill = acked.filter((x) => x.at > killedAt).length;
    const health = await fetch(`${b.url}/health`);
    const viaBalancer = await fetch(`${balancer.url}/health`);
    const counts = await identifierCounts(db);
    const wrong: string[] = [];
    for (const { set } of acked) {
      for (const o of vitalSignsSetToObservations(set)) {
        const n = counts.get(o.identifier![0].value!) ?? 0;
        if (n !== 1) wrong.push(`${o.identifier![0].value}: ${n}`);
      }
    }
    console.log(
      `[two-processes] kill: ${sent} sets sent, ${acked.length} acknowledged (${beforeKill} before the ` +
        `SIGKILL, ${afterKill} after, by the survivor); ${balancer.skipped} requests moved off the dead ` +
        `process; ${wrong.length} acknowledged parts missing or doubled`,
    );
    expect(beforeKill).toBeGreaterThan(0);
    expect(afterKill).toBeGreaterThan(0);
    expect(health.status).toBe(200);
    expect(viaBalancer.status).toBe(200);
    expect(wrong).toEqual([]);
  }, 60_000);
  it('(d) two main.ts processes on an empty database: one loads the synthetic data, both say loading until then', async () => {
    const name = `${dbName}_main`;
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    const ports = [await freePort(), await freePort()];
    const outs = ['', ''];
    const mains = ports.map((port, k) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/platform/main.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: u.toString(),
          PORT: String(port),
          VARDE_PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
          VARDE_SEED_PATIENTS: '4',
          VARDE_DIST_DIR: '/nonexistent-varde-dist',
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.on('exit', () => children.delete(child));
      child.stdout!.on('data', (d: Buffer) => (outs[k] += d.toString()));
      return child;
    });
    const seen: string[][] = [[], []];
    try {
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        const now = await Promise.all(
          ports.map((port) =>
            fetch(`http://127.0.0.1:${port}/health`)
              .then(async (r) => `${r.status} ${((await r.json()) as { status: string }).status}`)
              .catch(() => 'down'),
          ),
        );
        now.forEach((s, k) => seen[k]!.push(s));
        if (now.every((s) => s === '200 ok')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const loaders = outs.filter((o) => o.includes('laster syntetiske testdata (seed')).length;
      const check = openPostgres(u.toString(), { max: 1 });
      const patients = await check.query<{ n: number; doubled: number }>(
        `SELECT count(*)::int AS n, (count(*) - count(DISTINCT payload->'identifier'))::int AS doubled
           FROM events WHERE resource_type = 'Patient'`,
      );
      await check.close();
      console.log(
        `[two-processes] two main.ts on an empty database: ${loaders} loaded the synthetic data; ` +
          `${patients.rows[0]!.n} Patient events, ${patients.rows[0]!.doubled} doubled; /health seen: ` +
          seen.map((s) => [...new Set(s)].join(' → ')).join(' | '),
      );
      expect(seen.map((s) => s.at(-1))).toEqual(['200 ok', '200 ok']);
      expect(seen.map((s) => s.includes('503 loading'))).toEqual([true, true]);
      expect(loaders).toBe(1);
      expect(patients.rows[0]!.n).toBeGreaterThan(0);
      expect(patients.rows[0]!.doubled).toBe(0);
    } finally {
      for (const c of mains) c.kill('SIGTERM');
      await Promise.all(
        mains.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
      );
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 120_000);
});
