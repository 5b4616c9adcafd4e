// 5. Outbox drain: 200 vital-signs sets recorded while the network is off, then the network
// returns; time until every set is confirmed by the platform (status "synced"). Baseline in
// the same run and browser: as many other sets POSTed directly in as few transaction Bundles
// as the platform takes (at most 500 entries each: 3 for 200 sets).
// The real sync engine in Chromium on the browser's IndexedDB, against the real platform
// (PGlite in process) over 127.0.0.1. "Network off" is the page's fetch failing the way
// fetch does without a network, and the client's online trigger firing when it returns.
import { median, type BenchContext, type BenchSection } from './figures';
import { inSyncBench } from './syncBrowser';

const SETS = 200;
/** A fixture patient the bench token ("nurse") may write for. */
const PATIENT = 'p-anna';

export async function outboxDrain(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '5',
    title: `Outbox drain (${SETS} sets, Chromium)`,
    figures: [],
    notes: [],
  };
  return inSyncBench(section, async (sb) => {
    const drains: number[] = [];
    const direct: number[] = [];
    const fetches: number[] = [];
    let requests = 0;
    // Each run takes many seconds on a shared 2-core machine: at most 3 (1 with --quick).
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    for (let r = 0; r < runs; r++) {
      const x = await sb.call('drain', sb.bench.fhirBase, `bench5-${Date.now()}-${r}`, PATIENT, SETS);
      drains.push(x.drainMs);
      direct.push(x.directMs);
      fetches.push(x.fetchMs);
      requests = x.requests;
      ctx.log(
        `5: run ${r + 1}: drain ${x.drainMs.toFixed(0)} ms (${x.requests} requests, fetch in flight ${x.fetchMs.toFixed(0)} ms), direct ${x.directMs.toFixed(0)} ms`,
      );
    }
    const d = median(drains);
    const b = median(direct);
    section.figures.push(
      {
        id: '5.drain',
        label: `drain ${SETS} sets until "synced"`,
        value: d / 1000,
        unit: 's',
        runs: drains,
        floor: b / 1000,
        ratioRuns: drains.map((t, i) => t / direct[i]),
        floorLabel: `the same number of other sets POSTed directly in transactions of ≤ 500 entries`,
        ratioBudget: 2,
      },
      { id: '5.per-set', label: 'drain, per set', value: d / SETS, unit: 'ms' },
      {
        id: '5.fetch',
        label: `drain: time with a request in flight (${requests} requests)`,
        value: median(fetches),
        unit: 'ms',
        runs: fetches,
      },
      {
        id: '5.direct',
        label: `floor: same ${SETS} sets in transactions of ≤ 500 entries`,
        value: b / 1000,
        unit: 's',
        runs: direct,
      },
    );
    section.notes.push(
      `Chromium ${sb.chromiumVersion} (headless), real IndexedDB; platform on in-process PGlite; the engine sends up to 50 sets per transaction (BATCH_WRITES in src/offline/sync/engine.ts), one at a time after a failure until one is confirmed`,
    );
  });
}
