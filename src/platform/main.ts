// Starts the reference platform: database, FHIR API, SMART server, EPJ simulator and the
// built PWA on one port; loads synthetic data into an empty database on first start.
// VARDE_MODE=production: no EPJ simulator, no simulated login, no synthetic data, and no
// start at all while a setting is missing or a default secret is left (config.ts).
// Several processes may share one PostgreSQL (README "Several platform processes"): one
// of them loads the synthetic data, the others wait for it.
import './fhir/medplumShim';
import { ConfigError, fhirBaseUrl, loadConfig, type PlatformConfig } from './config';
import type { Database } from './db/types';
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
    `[varde] Modus:               ${config.mode === 'production' ? `produksjon (innlogging hos ${config.upstreamOidc?.issuer})` : 'sandkasse'}`,
  );
  console.log(
    `[varde] Database:            ${platform.db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite i ${config.dataDir}`}`,
  );
  console.log(`[varde] Lytter på:           ${config.host}:${config.port} (VARDE_HOST, PORT)`);
  console.log(`[varde] App (PWA):           ${url}/`);
  if (config.mode !== 'production') console.log(`[varde] EPJ-simulator:       ${url}/epj`);
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

const SEED_CLAIM = 'synthetic-data-load';

/** The synthetic data has finished loading into this database (by any process). */
async function seeded(db: Database): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM platform_state WHERE key = 'synthetic-data'`);
  return r.rows.length > 0;
}

/**
 * Whether this process loads the synthetic data: the first process to claim an empty
 * database does; another one started on the same PostgreSQL meanwhile waits for it.
 */
async function claimSeedLoad(db: Database): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO platform_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`,
    [SEED_CLAIM, JSON.stringify({ pid: process.pid, at: new Date().toISOString() })],
  );
  return r.rows.length > 0;
}

async function main(): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`[varde] ${e.message}`);
      console.error('[varde] Se README.md, «Configuration», og src/platform/README.md, «Production mode».');
      process.exit(2);
    }
    throw e;
  }
  const platform = await buildPlatform({ config });
  const { app, store, db } = platform;
  const production = config.mode === 'production';

  const events = await store.countEvents();
  const synthetic = await db.query(`SELECT 1 FROM platform_state WHERE key IN ('synthetic-data', $1)`, [
    SEED_CLAIM,
  ]);
  if (production && synthetic.rows.length > 0) {
    // Test users with known names and synthetic patients must never mix with real data.
    await platform.close();
    console.error(
      '[varde] Plattformen starter ikke i produksjon: databasen inneholder syntetiske testdata fra sandkassen. Bruk en ny database.',
    );
    process.exit(2);
  }
  if (!production && events > 0 && !(await seeded(db)) && db.kind === 'pglite') {
    // Events cannot be deleted (append-only), so a half-finished load cannot be repaired in place.
    console.warn(
      '[varde] ADVARSEL: lasting av syntetiske data ble avbrutt sist. Start på nytt med VARDE_FRESH_DATA=1 for komplette testdata.',
    );
  }

  // A first start listens at once and loads the synthetic data afterwards. Until the load
  // ends, /health answers 503 "loading" (so Playwright, load balancers and scripts wait for
  // it) and the FHIR API answers 503, so nobody sees a patient list that is half loaded.
  // A process that finds another one loading (same PostgreSQL) answers the same until the
  // other one is done. Production never loads synthetic data.
  const loadHere = !production && events === 0 && (await claimSeedLoad(db));
  const waitForOther = !production && !loadHere && !(await seeded(db)) && db.kind === 'postgres';
  let loading: LoadProgress | undefined = loadHere || waitForOther ? { loaded: 0, total: 0 } : undefined;
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
        .header('cache-control', 'no-store')
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
  if (loadHere && loading) {
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
  } else if (waitForOther) {
    console.log('[varde] En annen prosess laster syntetiske testdata i samme database; venter på den …');
    while (!closing && !(await seeded(db))) await new Promise((r) => setTimeout(r, 2000));
    if (closing) return;
    loading = undefined;
  }
  printUrls(config, platform);
}

main().catch((e) => {
  console.error('[varde] Plattformen startet ikke:', e);
  process.exit(1);
});
