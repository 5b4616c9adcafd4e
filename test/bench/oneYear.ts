// 4. One year of one patient: about 2,200 vital-signs sets (~15,000 Observations) pulled
// from the local platform and stored by the real offline client (refreshPatient) in
// Chromium on the browser's IndexedDB, then read back from the store into memory
// (watchPatient until the vitals section is ready). Parts as in benchmark 3, and the raw
// IndexedDB bulk write of the same records in the same browser. The trend chart's render
// time is benchmark 4c (./chartRender.ts).
import { loadPatients } from './benchPlatform';
import { median, type BenchContext, type BenchSection } from './figures';
import { inSyncBench } from './syncBrowser';

const SETS = 2200;

export async function oneYear(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '4',
    title: `One year of one patient (${SETS} sets, Chromium)`,
    figures: [],
    notes: [],
  };
  return inSyncBench(section, async (sb) => {
    const { patientIds, observations } = await loadPatients(sb.bench, {
      patients: 1,
      setsPerPatient: SETS,
      days: 365,
    });
    const patientId = patientIds[0];
    ctx.log(`4: ${observations} Observations ingested`);
    const pulls: number[] = [];
    const fetches: number[] = [];
    const servers: number[] = [];
    const rests: number[] = [];
    const reads: number[] = [];
    const raws: number[] = [];
    let setsInView = 0;
    let bytes = 0;
    let wireBytes = 0;
    // One warm-up run, then the measured ones.
    const runs = ctx.quick ? 2 : Math.min(ctx.runs, 3) + 1;
    for (let r = 0; r < runs; r++) {
      sb.bench.server.reset();
      const x = await sb.call('oneYear', sb.bench.fhirBase, `bench4-${Date.now()}-${r}`, patientId);
      ctx.log(
        `4: run ${r + 1}${r === 0 ? ' (warm-up)' : ''}: pull+store ${x.pullMs.toFixed(0)} ms (fetch ${x.fetchMs.toFixed(0)}), read back ${x.readMs.toFixed(0)} ms`,
      );
      if (r === 0) continue;
      pulls.push(x.pullMs);
      fetches.push(x.fetchMs);
      servers.push(sb.bench.server.ms);
      rests.push(x.pullMs - x.fetchMs);
      reads.push(x.readMs);
      raws.push(x.rawMs);
      setsInView = x.sets;
      bytes = x.bytes;
      wireBytes = x.wireBytes;
    }
    section.figures.push(
      { id: '4.pull', label: 'pull + store, total', value: median(pulls), unit: 'ms', runs: pulls },
      {
        id: '4.server',
        label: 'time with a request inside the platform',
        value: median(servers),
        unit: 'ms',
      },
      { id: '4.fetch', label: 'time with a fetch in flight', value: median(fetches), unit: 'ms' },
      {
        id: '4.store',
        label: 'time with no fetch in flight (parse, decrypt, seal, store)',
        value: median(rests),
        unit: 'ms',
      },
      { id: '4.raw', label: 'raw IndexedDB bulk write of the same records', value: median(raws), unit: 'ms' },
      {
        id: '4.read',
        label: 'store -> sets in memory (watchPatient)',
        value: median(reads),
        unit: 'ms',
        runs: reads,
      },
      { id: '4.sets', label: 'sets in the view', value: setsInView, unit: 'sets' },
    );
    section.notes.push(
      `${observations} Observations of one patient on the platform; ${(wireBytes / 1024).toFixed(0)} KB of response bodies on the wire, ${(bytes / 1024).toFixed(0)} KB in the store (sealed)`,
      `Chromium ${sb.chromiumVersion} (headless, no CPU throttling), real IndexedDB; one warm-up run not counted`,
    );
  });
}
