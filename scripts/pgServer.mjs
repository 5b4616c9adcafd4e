// Starts a throw-away PostgreSQL server from the system's binaries for the real-database
// tests, when no VARDE_TEST_DATABASE_URL is given. Returns null where no server is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = join(root, v, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

// VARDE_TEST_PG_PORT lets two checkouts run their suites side by side.
export function startTempPostgres({ port = Number(process.env.VARDE_TEST_PG_PORT ?? 54329) } = {}) {
  const bin = findBinDir();
  if (!bin) return null;
  const isRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: run the server as the postgres system user.
  const asUser = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (isRoot && spawnSync('id', ['postgres']).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'varde-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const run = (cmd, args) => {
    const [c, a] = asUser(cmd, args);
    execFileSync(c, a, { stdio: 'pipe' });
  };
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
