// `npm test`: static checks, unit and integration tests (vitest), then the browser suites
// (Playwright with the system Chromium). Ends with one summary line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';
import { startTempPostgres } from './pgServer.mjs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('test-results', { recursive: true });

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failures.push(name);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  results.passed += j.numPassedTests ?? 0;
  results.failed += j.numFailedTests ?? 0;
  results.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  results.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  results.failed += s.unexpected ?? 0;
  results.skipped += s.skipped ?? 0;
}

const only = process.argv[2]; // optional: check | unit | e2e

if (!only || only === 'check') {
  step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  step('lint', 'npm', ['run', '--silent', 'lint']);
  step('format', 'npm', ['run', '--silent', 'format:check']);
}

if (!only || only === 'unit') {
  let pg = null;
  const env = {};
  if (process.env.VARDE_TEST_DATABASE_URL) {
    env.VARDE_TEST_DATABASE_URL = process.env.VARDE_TEST_DATABASE_URL;
  } else {
    try {
      pg = startTempPostgres();
      if (pg) env.VARDE_TEST_DATABASE_URL = pg.url;
    } catch (e) {
      console.warn('[varde] Could not start a temporary PostgreSQL:', e.message);
    }
  }
  if (!env.VARDE_TEST_DATABASE_URL) {
    console.warn(
      '[varde] No PostgreSQL server: the real-PostgreSQL tests are skipped (PGlite tests still run). `.ci/run` installs one.',
    );
  }
  try {
    step(
      'unit and integration (vitest)',
      'npx',
      [
        'vitest',
        'run',
        '--reporter=default',
        '--reporter=json',
        '--outputFile.json=test-results/vitest.json',
      ],
      env,
    );
  } finally {
    pg?.stop();
  }
  countVitest('test-results/vitest.json');
}

if (!only || only === 'e2e') {
  const hasSpecs =
    existsSync('test/e2e') && spawnSync('sh', ['-c', 'ls test/e2e/*.spec.ts >/dev/null 2>&1']).status === 0;
  if (hasSpecs) {
    const chromium = ensureChromium();
    step('end-to-end (Playwright, ' + chromium + ')', 'npx', ['playwright', 'test'], {
      CHROMIUM_PATH: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
    });
    countPlaywright('test-results/playwright.json');
  }
}

console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(failures.length || results.failed ? 1 : 0);
