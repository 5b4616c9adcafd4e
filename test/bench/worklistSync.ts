// 3. Worklist sync: a nurse's 50 patients, each with services and 90 days of history at one
// vital-signs set a day, pulled into the device store from the local platform by the real
// offline client (prefetchWorklist) in Chromium, on the browser's IndexedDB.
// Parts: time inside the platform (Fastify onRequest -> onResponse, counted once while any
// request is inside), time with a fetch in flight as the page saw it (server + transfer),
// and the rest (parsing, decryption, sealing, store writes with no fetch in flight; a lower
// bound, since the client pulls a few patients at a time and their work overlaps).
// Baseline in the same run and browser: a raw IndexedDB bulk write (one transaction, no
// Dexie, no sealing) of the same store records into a fresh database.
import { loadPatients } from './benchPlatform';
import { median, type BenchContext, type BenchSection } from './figures';
import { inSyncBench } from './syncBrowser';

const PATIENTS = 50;
const DAYS = 90;

export async function worklistSync(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '3',
    title: 'Worklist sync (50 patients × 90 days, Chromium)',
    figures: [],
    notes: [],
  };
  return inSyncBench(section, async (sb) => {
    const { observations } = await loadPatients(sb.bench, {
      patients: PATIENTS,
      setsPerPatient: DAYS,
      days: DAYS,
    });
    const totals: number[] = [];
    const fetches: number[] = [];
    const servers: number[] = [];
    const rests: number[] = [];
    const raws: number[] = [];
    const ratios: number[] = [];
    let records = 0;
    let bytes = 0;
    let wireBytes = 0;
    // One warm-up run (JIT, the platform's caches), then the measured ones.
    const runs = ctx.quick ? 2 : Math.min(ctx.runs, 3) + 1;
    for (let r = 0; r < runs; r++) {
      sb.bench.server.reset();
      const x = await sb.call('worklist', sb.bench.fhirBase, `bench3-${Date.now()}-${r}`);
      if (x.patients < PATIENTS)
        throw new Error(`the worklist held ${x.patients} patients, expected ${PATIENTS}`);
      ctx.log(
        `3: run ${r + 1}${r === 0 ? ' (warm-up)' : ''}: ${x.ms.toFixed(0)} ms (fetch ${x.fetchMs.toFixed(0)}, server ${sb.bench.server.ms.toFixed(0)}, raw ${x.rawMs.toFixed(0)})`,
      );
      if (r === 0) continue;
      totals.push(x.ms);
      fetches.push(x.fetchMs);
      servers.push(sb.bench.server.ms);
      rests.push(x.ms - x.fetchMs);
      raws.push(x.rawMs);
      ratios.push((x.ms - x.fetchMs) / x.rawMs);
      records = x.records;
      bytes = x.bytes;
      wireBytes = x.wireBytes;
    }
    section.figures.push(
      {
        id: '3.total',
        label: 'worklist sync, total',
        value: median(totals) / 1000,
        unit: 's',
        budget: 1.1,
        runs: totals,
      },
      {
        id: '3.server',
        label: 'time with a request inside the platform',
        value: median(servers),
        unit: 'ms',
      },
      {
        id: '3.fetch',
        label: 'time with a fetch in flight (server + transfer)',
        value: median(fetches),
        unit: 'ms',
      },
      {
        id: '3.store',
        label: 'time with no fetch in flight: parse, decrypt, seal, store',
        value: median(rests),
        unit: 'ms',
        runs: rests,
      },
      { id: '3.raw', label: 'raw IndexedDB bulk write of the same records', value: median(raws), unit: 'ms' },
      {
        id: '3.ratio',
        label: 'store rest / raw bulk write (per run, median)',
        value: median(ratios),
        unit: '×',
        runs: ratios,
      },
    );
    section.notes.push(
      `${PATIENTS} patients, ${observations} Observations on the platform; the store holds ${records} section records (${(bytes / 1024).toFixed(0)} KB sealed); ${(wireBytes / 1024).toFixed(0)} KB of response bodies on the wire`,
      `Chromium ${sb.chromiumVersion} (headless, no CPU throttling), real IndexedDB; platform on in-process PGlite over 127.0.0.1; one warm-up run not counted`,
    );
  });
}
