// Starts the second FHIR server for the e2e suite (playwright.config.ts webServer).
// E2E_INTEROP_PORT (default E2E_PORT + 1000), E2E_APP_ORIGIN (the PWA's origin).
import { startInteropServer } from './server';

const port = Number(process.env.E2E_INTEROP_PORT ?? Number(process.env.E2E_PORT ?? 8181) + 1000);
const appOrigin = process.env.E2E_APP_ORIGIN ?? `http://localhost:${process.env.E2E_PORT ?? 8181}`;

startInteropServer({ port, appOrigin }).then(
  (s) => {
    console.log(`[interop] FHIR bases ${s.bases.map((b) => b.url).join(', ')} (app ${appOrigin})`);
    const stop = () => void s.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (e: unknown) => {
    console.error('[interop] did not start:', e);
    process.exit(1);
  },
);
