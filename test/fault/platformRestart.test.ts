// The platform is killed (SIGKILL) while writers send vital-signs sets, then restarted on
// the same data: every set the platform acknowledged must be there, exactly once.
// On PGlite (a data folder) always; on PostgreSQL when VARDE_TEST_DATABASE_URL is set, in a
// database of its own, where the database side is also cut: every connection of that
// database is terminated mid-ingest (pg_terminate_backend), the closest to a database
// restart that does not disturb the other tests sharing the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../src/core/fhir/toObservation';
import type { VitalSignsSet } from '../../src/core/vitals/types';

const children = new Set<ChildProcess>();
const stderrOf = new WeakMap<ChildProcess, () => string>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
  // SIGKILL of the child would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fault/platformProcess.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    stderrOf.set(child, () => err);
    child.on('exit', (code) =>
      reject(new Error(`platform exited (${code}) before READY: ${err.slice(-2000)}`)),
    );
  });
}

function setOf(id: string, i: number): VitalSignsSet {
  return {
    id,
    patientId: 'p-anna',
    effectiveDateTime: new Date(Date.now() - 3_600_000 + i * 1000).toISOString(),
    vitals: {
      respirationRate: 16,
      spo2: 96,
      onOxygen: false,
      systolicBP: 120 + (i % 30),
      pulse: 70,
      consciousness: 'A',
      temperature: 37,
    },
    sourceSystem: 'varde',
  };
}

async function post(base: string, set: VitalSignsSet): Promise<boolean> {
  const body = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: vitalSignsSetToObservations(set).map((o) => ({
      resource: o,
      request: {
        method: 'POST',
        url: 'Observation',
        ifNoneExist: `identifier=https://varde.no/fhir/sid/vital-signs-set|${o.identifier?.[0]?.value}`,
      },
    })),
  };
  try {
    const res = await fetch(base, {
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
}

/** Writers send sets until stopped; returns the ids the platform acknowledged. */
function writers(base: string, prefix: string, count = 3) {
  let stop = false;
  const acked: VitalSignsSet[] = [];
  let sent = 0;
  const done = Promise.all(
    Array.from({ length: count }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const set = setOf(`${prefix}-w${w}-${i}`, i);
        sent++;
        if (await post(base, set)) acked.push(set);
      }
    }),
  );
  return {
    acked,
    sent: () => sent,
    async stop() {
      stop = true;
      await done;
    },
  };
}

async function identifierCounts(base: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let url: string | undefined = `${base}/Observation?patient=p-anna&_count=1000`;
  while (url) {
    const res = await fetch(url, { headers: { authorization: 'Bearer nurse' } });
    const b = (await res.json()) as {
      entry?: { resource: { identifier?: { value?: string }[] } }[];
      link?: { relation: string; url: string }[];
    };
    for (const e of b.entry ?? []) {
      const v = e.resource.identifier?.[0]?.value;
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // Links carry the configured public URL (testConfig: localhost:8080), not our port.
    const next = b.link?.find((l) => l.relation === 'next')?.url;
    url = next?.replace(/^https?:\/\/[^/]+/, new URL(base).origin);
  }
  return counts;
}

function missingOrDoubled(acked: VitalSignsSet[], counts: Map<string, number>): string[] {
  const wrong: string[] = [];
  for (const set of acked) {
    for (const o of vitalSignsSetToObservations(set)) {
      const n = counts.get(o.identifier![0].value!) ?? 0;
      if (n !== 1) wrong.push(`${o.identifier![0].value}: ${n}`);
    }
  }
  return wrong;
}

async function killCycles(
  env: Record<string, string>,
  label: string,
  cut: (child: ChildProcess) => Promise<void>,
): Promise<void> {
  let { child, url } = await startChild({ ...env, VARDE_FAULT_SEED: '1' });
  const acked: VitalSignsSet[] = [];
  let sent = 0;
  for (let cycle = 0; cycle < 3; cycle++) {
    const w = writers(`${url}/fhir/4601`, `${label}-${Date.now()}-c${cycle}`);
    await new Promise((r) => setTimeout(r, 2500 + Math.random() * 1500));
    await cut(child);
    await w.stop();
    acked.push(...w.acked);
    sent += w.sent();
    if (child.exitCode === null && child.signalCode === null) {
      // The database was cut, not the platform: it must survive the outage and answer.
      await new Promise((r) => setTimeout(r, 1000));
      if (child.exitCode !== null) {
        throw new Error(
          `the platform died after its database connections were cut: ${stderrOf.get(child)?.().slice(-1500)}`,
        );
      }
      continue;
    }
    ({ child, url } = await startChild(env));
  }
  const counts = await identifierCounts(`${url}/fhir/4601`);
  const wrong = missingOrDoubled(acked, counts);
  console.log(
    `[restart] ${label}: ${sent} sets sent, ${acked.length} acknowledged, 3 cuts; ` +
      `${wrong.length} acknowledged parts missing or doubled`,
  );
  child.kill('SIGKILL');
  expect(acked.length).toBeGreaterThan(0);
  expect(wrong).toEqual([]);
}

const killPlatform = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
};

it('PGlite: SIGKILL of the platform during ingest loses no acknowledged set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'varde-restart-'));
  try {
    await killCycles({ VARDE_FAULT_DATA_DIR: join(dir, 'data') }, 'pglite', killPlatform);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);

const pgUrl = process.env.VARDE_TEST_DATABASE_URL;
describe.skipIf(!pgUrl)('PostgreSQL', () => {
  const dbName = `varde_fault_${process.pid}`;
  const dbUrl = () => {
    const u = new URL(pgUrl!);
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  it('platform SIGKILL and cut database connections during ingest lose no acknowledged set', async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    try {
      let n = 0;
      await killCycles({ VARDE_FAULT_DATABASE_URL: dbUrl() }, 'postgres', async (child) => {
        if (n++ % 2 === 0) return killPlatform(child);
        await admin(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`,
        );
      });
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    }
  }, 300_000);
});
