// Starts the reference platform: database, FHIR API, SMART server, EPJ simulator and the
// built PWA on one port; loads synthetic data into an empty database on first start.
import './fhir/medplumShim';
import { fhirBaseUrl, loadConfig } from './config';
import { buildPlatform } from './http/server';

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
  if (events === 0) {
    const { loadSyntheticData } = await import('./seed/index');
    console.log(`[varde] Tom database: laster syntetiske testdata (seed ${config.seed}) …`);
    const started = Date.now();
    let lastPrint = 0;
    const summary = await loadSyntheticData(
      store,
      { seed: config.seed, patientsPerTenant: config.seedPatientsPerTenant, now: new Date().toISOString() },
      (p) => {
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

  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl;
  console.log('');
  console.log(
    `[varde] Database:            ${db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite i ${config.dataDir}`}`,
  );
  console.log(`[varde] App (PWA):           ${url}/`);
  console.log(`[varde] EPJ-simulator:       ${url}/epj`);
  for (const t of config.tenants) {
    console.log(`[varde] FHIR ${t.id} ${t.name.padEnd(18)} ${fhirBaseUrl(config, t.id)}`);
    console.log(
      `[varde]   SMART-konfigurasjon: ${fhirBaseUrl(config, t.id)}/.well-known/smart-configuration`,
    );
  }
  console.log(`[varde] Helse:               ${url}/health`);

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
}

main().catch((e) => {
  console.error('[varde] Plattformen startet ikke:', e);
  process.exit(1);
});
