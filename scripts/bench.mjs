// `npm run bench [-- --quick] [-- --only=1,6]`: builds the app, then runs test/bench/run.ts
// with tsx. Figures are printed and written to bench-results/. Never fails on a budget.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
if (!args.includes('--no-build')) {
  console.log('[bench] vite build …');
  const b = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0) console.warn('[bench] vite build failed: benchmark 1 uses the dist/ that is there');
}
const r = spawnSync(
  'node_modules/.bin/tsx',
  ['test/bench/run.ts', ...args.filter((a) => a !== '--no-build')],
  {
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
);
process.exit(r.status ?? 1);
