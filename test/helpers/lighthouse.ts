// Runs Lighthouse 12 against a URL with the system Chromium, for the bench (test/bench/
// lighthouse.ts) and the gate in the e2e suite (test/e2e/installability.spec.ts). Through
// `npx -y` so Lighthouse stays out of the lockfile (TOOLING.md P11); npx fetches it from
// the npm registry on a fresh machine.
import { spawn } from 'node:child_process';
import { systemChromium } from './chromium';

export const LIGHTHOUSE = 'lighthouse@12.8.2';

export interface LhReport {
  lighthouseVersion: string;
  runtimeError?: { code?: string; message: string };
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { score: number | null; title: string; details?: unknown; explanation?: string }>;
}

/** Writes the JSON report to `outFile`; with `artifactsDir`, also the gathered artifacts. */
export function runLighthouse(
  url: string,
  outFile: string,
  opts: { artifactsDir?: string } = {},
): Promise<void> {
  const browser = systemChromium();
  if (!browser) return Promise.reject(new Error('no Chromium on this machine'));
  return new Promise((ok, fail) => {
    const child = spawn(
      'npx',
      [
        '-y',
        LIGHTHOUSE,
        url,
        '--quiet',
        '--output=json',
        `--output-path=${outFile}`,
        ...(opts.artifactsDir ? [`-GA=${opts.artifactsDir}`] : []),
        '--only-categories=performance,best-practices',
        `--chrome-flags=${browser.args.join(' ')}`,
      ],
      { env: { ...process.env, CHROME_PATH: browser.executablePath }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0
        ? ok()
        : fail(new Error(`${LIGHTHOUSE} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`)),
    );
  });
}
