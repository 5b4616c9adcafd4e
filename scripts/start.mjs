// `npm start`: build the PWA, then start the platform (FHIR API, SMART auth server, EPJ
// simulator, synthetic data on first start) which also serves the built app.
import { spawn, spawnSync } from 'node:child_process';

if (process.env.VARDE_SKIP_BUILD !== '1') {
  console.log('[varde] Bygger appen (vite build) …');
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
// Node with tsx's loader as the one child process (not npx -> sh -> tsx -> node), so a
// signal sent to this script reaches the platform and it shuts down cleanly.
const child = spawn(process.execPath, ['--import', 'tsx', 'src/platform/main.ts'], {
  stdio: 'inherit',
  env: process.env,
});
const forward = (sig) => () => child.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
