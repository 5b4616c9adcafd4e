import { defineConfig } from '@playwright/test';
// @ts-expect-error plain ESM helper shared with scripts/
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const chromium = findChromium() as string | null;
if (!chromium) {
  // Playwright must never fetch a browser of its own here: say what to install instead.
  throw new Error(
    'No system Chromium or Chrome found. Run `node scripts/ensure-chromium.mjs` (as root it installs ' +
      "Debian's chromium with apt-get), install one yourself, or set CHROMIUM_PATH.",
  );
}

const port = Number(process.env.E2E_PORT ?? 8181);
export const baseURL = `http://localhost:${port}`;
// The second, independent FHIR server (test/interop): its own port, two bases ending in /fhir.
const interopPort = Number(process.env.E2E_INTEROP_PORT ?? port + 1000);
export const interopOrigin = `http://localhost:${interopPort}`;
const interopMunicipalities = [
  { name: 'Testjournal A', fhirBase: `${interopOrigin}/a/fhir` },
  { name: 'Testjournal B', fhirBase: `${interopOrigin}/b/fhir` },
];
// Under node_modules/.cache: ignored by git, ESLint and Prettier, and no one else builds there.
const distDir = process.env.E2E_DIST_DIR ?? 'node_modules/.cache/varde-e2e-dist';

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
    launchOptions: { executablePath: chromium, args: CHROMIUM_ARGS },
  },
  // One server for every spec: the current build of the PWA plus the platform on an
  // in-memory database with a small synthetic dataset (test/helpers/e2eServer.ts explains
  // why not `npm start`). The build goes to a folder of its own: other work in the same
  // tree rebuilding dist/ mid-run would swap the service worker under the specs.
  // VARDE_SKIP_BUILD=1 serves that folder as it is.
  webServer: [
    {
      command:
        process.env.VARDE_SKIP_BUILD === '1'
          ? 'node_modules/.bin/tsx test/helpers/e2eServer.ts'
          : `node_modules/.bin/vite build --logLevel warn --outDir ${distDir} --emptyOutDir && node_modules/.bin/tsx test/helpers/e2eServer.ts`,
      url: `${baseURL}/health`,
      timeout: 180_000,
      // E2E_REUSE_SERVER=1 lets a developer run the specs against a server already started.
      reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
      // Access tokens live 60 s here (5 min in production), so tokenExpiry.spec.ts can stay
      // offline past a token's life; every other spec refreshes its token along the way.
      env: {
        PORT: String(port),
        VARDE_PUBLIC_URL: baseURL,
        VARDE_DIST_DIR: distDir,
        LOG_LEVEL: 'warn',
        VARDE_ACCESS_TOKEN_TTL_SECONDS: '60',
        E2E_EXTRA_MUNICIPALITIES: JSON.stringify(interopMunicipalities),
        // The app's CSP lets it reach the second FHIR server (its bases are in /config.json).
        VARDE_APP_CONNECT_SRC: interopOrigin,
      },
    },
    {
      // Another vendor's FHIR server and SMART authorization (test/interop/README.md):
      // @medplum/fhir-router's MemoryRepository, 1-minute tokens, v1 scopes, no _include,
      // no transaction.
      command: 'node_modules/.bin/tsx test/interop/main.ts',
      url: `${interopOrigin}/health`,
      timeout: 60_000,
      reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
      env: { E2E_INTEROP_PORT: String(interopPort), E2E_APP_ORIGIN: baseURL },
    },
  ],
});
