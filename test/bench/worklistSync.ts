// 3. Worklist sync: a nurse's 50 patients, each with services and 90 days of history at one
// vital-signs set a day, pulled into the device store from the local platform by the real
// offline client (prefetchWorklist) in Chromium, on the browser's IndexedDB.
// Parts: time inside the platform (Fastify onRequest -> onResponse, counted once while any
// request is inside), time with a fetch in flight as the page saw it (server + transfer),
// and the rest (parsing, decryption, sealing, store writes with no fetch in flight; a lower
// bound, since the client pulls a few patients at a time and their work overlaps).
// Floor in the same run, server and browser: the same bytes the sync received, fetched as
// one static response from the same server, plus a raw IndexedDB bulk write (one
// transaction, no Dexie, no sealing) of the same store records into a fresh database.
// Memory: the store's size and the page's JS heap (peak during the sync, and after a full
// garbage collection with the synced client still open).
// 3g: how the sync grows with the worklist (10, 50, 200 patients), one run each.
import { loadPatients } from './benchPlatform';
import { median, round, type BenchContext, type BenchSection } from './figures';
import { inSyncBench, type SyncBench } from './syncBrowser';

const PATIENTS = 50;
const DAYS = 90;

interface SyncRun {
  ms: number;
  fetchMs: number;
  serverMs: number;
  staticMs: number;
  rawMs: number;
  floorMs: number;
  peakHeapBytes: number;
  heapAfterBytes: number;
  records: number;
  sealedBytes: number;
  usageBytes: number;
  wireBytes: number;
  requests: number;
}

/** One worklist sync of the nurse's patients, then its floor. */
async function syncOnce(sb: SyncBench, name: string, patients: number): Promise<SyncRun> {
  sb.bench.server.reset();
  const { value: x, peakBytes } = await sb.peakHeap(() => sb.call('worklist', sb.bench.fhirBase, name));
  const serverMs = sb.bench.server.ms;
  if (x.patients < patients)
    throw new Error(`the worklist held ${x.patients} patients, expected ${patients}`);
  const heapAfterBytes = await sb.heapAfterGc();
  const y = await sb.call('afterSync');
  return {
    ms: x.ms,
    fetchMs: x.fetchMs,
    serverMs,
    staticMs: y.staticMs,
    rawMs: y.rawMs,
    floorMs: y.staticMs + y.rawMs,
    peakHeapBytes: peakBytes,
    heapAfterBytes,
    records: y.records,
    sealedBytes: y.sealedBytes,
    usageBytes: y.usageBytes,
    wireBytes: x.wireBytes,
    requests: x.requests,
  };
}

const MB = 2 ** 20;

export async function worklistSync(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '3',
    title: `Worklist sync (${PATIENTS} patients × ${DAYS} days, Chromium)`,
    figures: [],
    notes: [],
  };
  return inSyncBench(section, async (sb) => {
    const { observations } = await loadPatients(sb.bench, {
      patients: PATIENTS,
      setsPerPatient: DAYS,
      days: DAYS,
    });
    const measured: SyncRun[] = [];
    // One warm-up run (JIT, the platform's caches), then the measured ones.
    const runs = ctx.quick ? 2 : Math.min(ctx.runs, 3) + 1;
    for (let r = 0; r < runs; r++) {
      const x = await syncOnce(sb, `bench3-${Date.now()}-${r}`, PATIENTS);
      ctx.log(
        `3: run ${r + 1}${r === 0 ? ' (warm-up)' : ''}: ${x.ms.toFixed(0)} ms (fetch ${x.fetchMs.toFixed(0)}, server ${x.serverMs.toFixed(0)}); floor ${x.floorMs.toFixed(0)} ms (static ${x.staticMs.toFixed(0)}, raw ${x.rawMs.toFixed(0)}); ratio ${(x.ms / x.floorMs).toFixed(2)}`,
      );
      if (r > 0) measured.push(x);
    }
    const m = (f: (x: SyncRun) => number) => median(measured.map(f));
    const last = measured[measured.length - 1];
    section.figures.push(
      {
        id: '3.total',
        label: 'worklist sync, total',
        value: m((x) => x.ms) / 1000,
        unit: 's',
        budget: 1.1,
        floor: m((x) => x.floorMs) / 1000,
        floorLabel: 'the same bytes as one static response + raw IndexedDB bulk write of the same records',
        ratioBudget: 2.5,
        ratioRuns: measured.map((x) => x.ms / x.floorMs),
        runs: measured.map((x) => x.ms),
      },
      {
        id: '3.server',
        label: 'time with a request inside the platform',
        value: m((x) => x.serverMs),
        unit: 'ms',
      },
      {
        id: '3.fetch',
        label: 'time with a fetch in flight (server + transfer)',
        value: m((x) => x.fetchMs),
        unit: 'ms',
      },
      {
        id: '3.client',
        label: 'time with no fetch in flight: parse, decrypt, seal, store',
        value: m((x) => x.ms - x.fetchMs),
        unit: 'ms',
        runs: measured.map((x) => x.ms - x.fetchMs),
      },
      {
        id: '3.static',
        label: 'floor: the same bytes as one static response',
        value: m((x) => x.staticMs),
        unit: 'ms',
      },
      {
        id: '3.raw',
        label: 'floor: raw IndexedDB bulk write of the same records',
        value: m((x) => x.rawMs),
        unit: 'ms',
      },
      {
        id: '3.heap.peak',
        label: 'page JS heap, peak during the sync',
        value: m((x) => x.peakHeapBytes) / MB,
        unit: 'MB',
      },
      {
        id: '3.heap.after',
        label: 'page JS heap after the sync (full GC, client open)',
        value: m((x) => x.heapAfterBytes) / MB,
        unit: 'MB',
      },
      {
        id: '3.store',
        label: 'device store: sealed bytes of its records',
        value: last.sealedBytes / MB,
        unit: 'MB',
      },
    );
    section.notes.push(
      `${PATIENTS} patients, ${observations} Observations on the platform; ${last.requests} requests, ${round(last.wireBytes / MB, 1)} MB of response bodies; the store holds ${last.records} section records (${round(last.sealedBytes / MB, 2)} MB sealed; the browser's usage estimate ${round(last.usageBytes / MB, 1)} MB, the raw copies of earlier runs included)`,
      `Chromium ${sb.chromiumVersion} (headless, no CPU throttling), real IndexedDB; platform on in-process PGlite over 127.0.0.1; one warm-up run not counted`,
    );
  });
}

/** 3g: sync time and memory at 10, 50 and 200 patients (one run each after a warm-up). */
export async function worklistGrowth(ctx: BenchContext): Promise<BenchSection> {
  const sizes = ctx.quick ? [10, 50] : [10, 50, 200];
  const section: BenchSection = {
    id: '3g',
    title: `Worklist sync growth (${sizes.join(', ')} patients × ${DAYS} days, Chromium)`,
    figures: [],
    notes: [],
  };
  for (const patients of sizes) {
    await inSyncBench(section, async (sb) => {
      const { observations } = await loadPatients(sb.bench, { patients, setsPerPatient: DAYS, days: DAYS });
      await syncOnce(sb, `bench3g-${patients}-warm`, patients);
      const x = await syncOnce(sb, `bench3g-${patients}-${Date.now()}`, patients);
      ctx.log(
        `3g: ${patients} patients: ${x.ms.toFixed(0)} ms (floor ${x.floorMs.toFixed(0)}), heap peak ${(x.peakHeapBytes / MB).toFixed(0)} MB, after ${(x.heapAfterBytes / MB).toFixed(0)} MB, store ${(x.sealedBytes / MB).toFixed(1)} MB`,
      );
      section.figures.push(
        {
          id: `3g.${patients}`,
          label: `${patients} patients (${observations} Observations): sync total`,
          value: x.ms / 1000,
          unit: 's',
          floor: x.floorMs / 1000,
          ratioBudget: 2.5,
        },
        {
          id: `3g.${patients}.per`,
          label: `${patients} patients: per patient`,
          value: x.ms / patients,
          unit: 'ms',
        },
        {
          id: `3g.${patients}.peak`,
          label: `${patients} patients: JS heap peak`,
          value: x.peakHeapBytes / MB,
          unit: 'MB',
        },
        {
          id: `3g.${patients}.heap`,
          label: `${patients} patients: JS heap after (full GC)`,
          value: x.heapAfterBytes / MB,
          unit: 'MB',
        },
        {
          id: `3g.${patients}.store`,
          label: `${patients} patients: store, sealed`,
          value: x.sealedBytes / MB,
          unit: 'MB',
        },
      );
    });
  }
  section.notes.push('one run per size after one warm-up; each size on its own platform and browser');
  return section;
}
