// Makes sure a system Chromium exists before browser tests: installs Debian's `chromium`
// when running as root with apt, otherwise stops with a message that says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

export function ensureChromium() {
  let found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('[varde] Ingen Chromium funnet – installerer Debian-pakken «chromium» med apt-get …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    } catch (e) {
      console.error(`[varde] apt-get could not install chromium: ${e.message}`);
    }
    found = findChromium();
    if (found) return found;
  }
  console.error(
    [
      'No Chromium or Chrome was found, and it could not be installed automatically.',
      'Install one of them, then run the tests again:',
      '  Debian/Ubuntu:  sudo apt-get install chromium',
      '  or set CHROMIUM_PATH=/path/to/chrome',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
