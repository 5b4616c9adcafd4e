// The platform as the end-to-end suites run it: the same buildPlatform that `npm start`
// runs (src/platform/main.ts), on an in-memory PGlite, with a small synthetic dataset.
// Why not main.ts: it always loads the full demo data (2 x 200 patients, 120 days of
// vitals, ~63k resources), which takes minutes on 2 cores; the e2e specs need only the
// named archetype patients, which are the first patients of every tenant at any size, and
// enough of a nurse's list that each spec that saves a set has a patient of its own
// (SPEC_PATIENTS in test/e2e/helpers/varde.ts).
import '../../src/platform/fhir/medplumShim';
import { fhirBaseUrl, loadConfig } from '../../src/platform/config';
import { buildPlatform } from '../../src/platform/http/server';
import { loadSyntheticData } from '../../src/platform/seed/index';

const PATIENTS_PER_TENANT = Number(process.env.E2E_PATIENTS ?? 60);
const HISTORY_DAYS = Number(process.env.E2E_HISTORY_DAYS ?? 30);

async function main(): Promise<void> {
  const config = { ...loadConfig(), dataDir: undefined, freshData: true };
  const platform = await buildPlatform({ config });
  const started = Date.now();
  const summary = await loadSyntheticData(platform.store, {
    seed: config.seed,
    now: new Date().toISOString(),
    patientsPerTenant: PATIENTS_PER_TENANT,
    historyDays: HISTORY_DAYS,
  });
  console.log(
    `[e2e] ${summary.totals.patients} patients, ${summary.totals.observations} observations loaded in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // The app's /config.json names the second FHIR server's bases too (test/interop), so one
  // device meets Varde's platform and another vendor's server.
  const extra = JSON.parse(process.env.E2E_EXTRA_MUNICIPALITIES ?? '[]') as {
    name: string;
    fhirBase: string;
  }[];
  if (extra.length > 0) {
    platform.app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' || req.url !== '/config.json') return;
      await reply.header('cache-control', 'no-cache').send({
        clientId: 'varde',
        municipalities: [
          ...config.tenants.map((t) => ({
            name: t.name.replace(/ kommune$/, ''),
            fhirBase: fhirBaseUrl(config, t.id),
          })),
          ...extra,
        ],
      });
    });
  }
  await platform.app.listen({ port: config.port, host: '127.0.0.1' });
  console.log(`[e2e] platform on ${config.publicUrl}`);

  const stop = () => {
    platform.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error('[e2e] platform did not start:', e);
  process.exit(1);
});
