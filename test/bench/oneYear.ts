// 4. One year of one patient: about 2,200 vital-signs sets (~15,000 Observations) pulled
// from the local platform and stored by the real offline client (refreshPatient) in
// Chromium on the browser's IndexedDB, then read back from the store into memory
// (watchPatient until the vitals section is ready). Parts as in benchmark 3, and the raw
// IndexedDB bulk write of the same records in the same browser. Floor: the same bytes as one
// static response from the same server, plus that raw write. Memory: the page's JS heap. The trend chart's render
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
    type Run = {
      pull: number;
      fetch: number;
      server: number;
      read: number;
      raw: number;
      stat: number;
      peak: number;
      heap: number;
    };
    const measured: Run[] = [];
    let setsInView = 0;
    let sealedBytes = 0;
    let wireBytes = 0;
    let requests = 0;
    // One warm-up run, then the measured ones.
    const runs = ctx.quick ? 2 : Math.min(ctx.runs, 3) + 1;
    for (let r = 0; r < runs; r++) {
      sb.bench.server.reset();
      const { value: x, peakBytes } = await sb.peakHeap(() =>
        sb.call('oneYear', sb.bench.fhirBase, `bench4-${Date.now()}-${r}`, patientId),
      );
      const server = sb.bench.server.ms;
      const heap = await sb.heapAfterGc();
      const y = await sb.call('afterSync');
      ctx.log(
        `4: run ${r + 1}${r === 0 ? ' (warm-up)' : ''}: pull+store ${x.pullMs.toFixed(0)} ms (fetch ${x.fetchMs.toFixed(0)}, server ${server.toFixed(0)}); floor ${(y.staticMs + y.rawMs).toFixed(0)} ms (static ${y.staticMs.toFixed(0)}, raw ${y.rawMs.toFixed(0)}); read back ${x.readMs.toFixed(0)} ms`,
      );
      if (r === 0) continue;
      measured.push({
        pull: x.pullMs,
        fetch: x.fetchMs,
        server,
        read: x.readMs,
        raw: y.rawMs,
        stat: y.staticMs,
        peak: peakBytes,
        heap,
      });
      setsInView = x.sets;
      sealedBytes = y.sealedBytes;
      wireBytes = x.wireBytes;
      requests = x.requests;
    }
    const m = (f: (x: Run) => number) => median(measured.map(f));
    const MB = 2 ** 20;
    section.figures.push(
      {
        id: '4.pull',
        label: 'pull + store, total',
        value: m((x) => x.pull),
        unit: 'ms',
        floor: m((x) => x.stat + x.raw),
        floorLabel: 'the same bytes as one static response + raw IndexedDB bulk write of the same records',
        ratioBudget: 2.5,
        ratioRuns: measured.map((x) => x.pull / (x.stat + x.raw)),
        runs: measured.map((x) => x.pull),
      },
      {
        id: '4.server',
        label: 'time with a request inside the platform',
        value: m((x) => x.server),
        unit: 'ms',
      },
      { id: '4.fetch', label: 'time with a fetch in flight', value: m((x) => x.fetch), unit: 'ms' },
      {
        id: '4.client',
        label: 'time with no fetch in flight (parse, decrypt, seal, store)',
        value: m((x) => x.pull - x.fetch),
        unit: 'ms',
      },
      {
        id: '4.static',
        label: 'floor: the same bytes as one static response',
        value: m((x) => x.stat),
        unit: 'ms',
      },
      {
        id: '4.raw',
        label: 'floor: raw IndexedDB bulk write of the same records',
        value: m((x) => x.raw),
        unit: 'ms',
      },
      {
        id: '4.read',
        label: 'store -> sets in memory (watchPatient)',
        value: m((x) => x.read),
        unit: 'ms',
        runs: measured.map((x) => x.read),
      },
      { id: '4.sets', label: 'sets in the view', value: setsInView, unit: 'sets' },
      {
        id: '4.heap.peak',
        label: 'page JS heap, peak during pull and read',
        value: m((x) => x.peak) / MB,
        unit: 'MB',
      },
      {
        id: '4.heap.after',
        label: 'page JS heap after (full GC, the year in memory)',
        value: m((x) => x.heap) / MB,
        unit: 'MB',
      },
      {
        id: '4.store',
        label: 'device store: sealed bytes of its records',
        value: sealedBytes / MB,
        unit: 'MB',
      },
    );
    section.notes.push(
      `${observations} Observations of one patient on the platform; ${requests} requests, ${(wireBytes / 1024).toFixed(0)} KB of response bodies, ${(sealedBytes / 1024).toFixed(0)} KB in the store (sealed)`,
      `Chromium ${sb.chromiumVersion} (headless, no CPU throttling), real IndexedDB; one warm-up run not counted`,
    );
  });
}
