import { defineConfig } from '@playwright/test';
// @ts-expect-error plain ESM helper shared with scripts/
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 8181);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }],
  ],
  use: {
    baseURL,
    serviceWorkers: 'allow',
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    launchOptions: { executablePath: (findChromium() as string | null) ?? undefined, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: 'node scripts/start.mjs',
    url: `${baseURL}/health`,
    timeout: 180_000,
    // E2E_REUSE_SERVER=1 lets a developer run the specs against a server already started.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    env: { PORT: String(port), VARDE_DATA_DIR: '.tmp/e2e-data', VARDE_FRESH_DATA: '1', LOG_LEVEL: 'warn' },
  },
});
