// Starts the reference platform: database, FHIR API, SMART server, EPJ simulator and the
// built PWA on one port; loads synthetic data into an empty database on first start.
import './fhir/medplumShim';
import { fhirBaseUrl, loadConfig, type PlatformConfig } from './config';
import { buildPlatform, type Platform } from './http/server';

/** Where the synthetic-data load stands while /health answers "loading". */
interface LoadProgress {
  tenant?: string;
  loaded: number;
  total: number;
}

async function loadData(platform: Platform, config: PlatformConfig, progress: LoadProgress): Promise<void> {
  const { store, db } = platform;
  const { loadSyntheticData } = await import('./seed/index');
  console.log(`[varde] Tom database: laster syntetiske testdata (seed ${config.seed}) …`);
  const started = Date.now();
  let lastPrint = 0;
  // PGlite runs in this thread and its promises settle without giving the event loop a
  // turn, so a load of many batches would starve every request until it ends: each batch
  // first yields to pending I/O, and /health can say "loading" meanwhile.
  const yielding = {
    appendBatch: async (...args: Parameters<typeof store.appendBatch>) => {
      await new Promise((resolve) => setImmediate(resolve));
      return store.appendBatch(...args);
    },
  };
  const summary = await loadSyntheticData(
    yielding,
    { seed: config.seed, patientsPerTenant: config.seedPatientsPerTenant, now: new Date().toISOString() },
    (p) => {
      Object.assign(progress, { tenant: p.tenant, loaded: p.loaded, total: p.total });
      if (Date.now() - lastPrint > 1000 || p.loaded === p.total) {
        lastPrint = Date.now();
        console.log(`[varde]   kommune ${p.tenant}: ${p.loaded}/${p.total} ressurser`);
      }
    },
  );
  console.log(
    `[varde] Syntetiske data lastet på ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${summary.totals.patients} pasienter, ${summary.totals.observations} observasjoner.`,
  );
  await db.query(
    `INSERT INTO platform_state (key, value) VALUES ('synthetic-data', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [JSON.stringify({ seed: summary.seed, now: summary.now })],
  );
  for (const t of summary.tenants) {
    console.log(
      `[varde]   ${t.id} ${t.name}: testbrukere ${t.users.map((u) => `${u.username} (${u.role})`).join(', ')}`,
    );
  }
}

function printUrls(config: PlatformConfig, platform: Platform): void {
  const url = config.publicUrl;
  console.log('');
  console.log(
    `[varde] Database:            ${platform.db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite i ${config.dataDir}`}`,
  );
  console.log(`[varde] App (PWA):           ${url}/`);
  console.log(`[varde] EPJ-simulator:       ${url}/epj`);
  if (platform.smart?.endpoints.register) {
    console.log(
      `[varde] Klientregistrering:  ${platform.smart.endpoints.register} (RFC 7591, se docs/platform-api.md)`,
    );
  }
  for (const t of config.tenants) {
    console.log(`[varde] FHIR ${t.id} ${t.name.padEnd(18)} ${fhirBaseUrl(config, t.id)}`);
    console.log(
      `[varde]   SMART-konfigurasjon: ${fhirBaseUrl(config, t.id)}/.well-known/smart-configuration`,
    );
  }
  console.log(`[varde] Helse:               ${url}/health`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await buildPlatform({ config });
  const { app, store, db } = platform;

  const seeded = await db.query(`SELECT value FROM platform_state WHERE key = 'synthetic-data'`);
  const events = await store.countEvents();
  if (events > 0 && !seeded.rows.length && db.kind === 'pglite') {
    // Events cannot be deleted (append-only), so a half-finished load cannot be repaired in place.
    console.warn(
      '[varde] ADVARSEL: lasting av syntetiske data ble avbrutt sist. Start på nytt med VARDE_FRESH_DATA=1 for komplette testdata.',
    );
  }

  // A first start listens at once and loads the synthetic data afterwards. Until the load
  // ends, /health answers 503 "loading" (so Playwright, load balancers and scripts wait for
  // it) and the FHIR API answers 503, so nobody sees a patient list that is half loaded.
  let loading: LoadProgress | undefined = events === 0 ? { loaded: 0, total: 0 } : undefined;
  app.addHook('onRequest', async (req, reply) => {
    if (!loading) return;
    const path = req.url.split('?')[0];
    if (path === '/health') {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .header('retry-after', '5')
        .send({ status: 'loading', db: db.kind, ...loading });
    }
    if (path.startsWith('/fhir/')) {
      return reply
        .code(503)
        .header('retry-after', '5')
        .type('application/fhir+json; charset=utf-8')
        .send({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'transient',
              diagnostics: 'Plattformen laster testdata ved første oppstart. Prøv igjen om litt.',
            },
          ],
        });
    }
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[varde] ${signal}: avslutter …`);
    platform
      .close()
      .then(() => process.exit(0))
      .catch((e) => {
        console.error(e);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (loading) {
    console.log(
      `[varde] Lytter på ${config.publicUrl}; /health svarer 503 (loading) til testdata er lastet.`,
    );
    try {
      await loadData(platform, config, loading);
    } catch (e) {
      // Ctrl-C during the load closes the database under it: that is a shutdown, not a failure.
      if (closing) return;
      throw e;
    }
    loading = undefined;
  }
  printUrls(config, platform);
}

main().catch((e) => {
  console.error('[varde] Plattformen startet ikke:', e);
  process.exit(1);
});
