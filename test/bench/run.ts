// The benchmark runner behind `npm run bench` (scripts/bench.mjs builds the app first).
// Prints one table and writes bench-results/bench-<date>.json. Budgets label figures
// PASS/MISS; nothing here fails the build.
//   --quick          fewer runs and a smaller load-test dataset
//   --only=1,6,5     run only these benchmarks (3g: sync growth; 4c: trend chart render; lh: Lighthouse)
//   --patients=N     size of the platform load-test dataset (benchmark 6)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  absoluteVerdict,
  formatTable,
  loadAverage,
  ratio,
  verdict,
  type BenchContext,
  type BenchSection,
} from './figures';
import { firstLoadSize } from './firstLoad';

type Bench = { id: string; title: string; run: (ctx: BenchContext) => Promise<BenchSection> };

// Priority order of the issue: 1, 6, 5, 3, 2, 4. Modules load lazily so one broken
// benchmark does not stop the others.
const BENCHES: Bench[] = [
  { id: '1', title: 'First load size', run: () => firstLoadSize() },
  {
    id: '6',
    title: 'Platform under load',
    run: async (ctx) => (await import('./platformLoad')).platformLoad(ctx),
  },
  {
    id: '5',
    title: 'Outbox drain',
    run: async (ctx) => (await import('./outboxDrain')).outboxDrain(ctx),
  },
  {
    id: '3',
    title: 'Worklist sync',
    run: async (ctx) => (await import('./worklistSync')).worklistSync(ctx),
  },
  {
    id: '3g',
    title: 'Worklist sync growth',
    run: async (ctx) => (await import('./worklistSync')).worklistGrowth(ctx),
  },
  {
    id: '2',
    title: 'Cold start offline',
    run: async (ctx) => (await import('./coldStart')).coldStart(ctx),
  },
  {
    id: '4',
    title: 'One year of one patient',
    run: async (ctx) => (await import('./oneYear')).oneYear(ctx),
  },
  {
    id: '4c',
    title: 'One year: trend chart render',
    run: async (ctx) => (await import('./chartRender')).chartRender(ctx),
  },
  {
    id: 'lh',
    title: 'Lighthouse',
    run: async (ctx) => (await import('./lighthouse')).lighthouse(ctx),
  },
];
function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]] = m[2] ?? 'true';
  }
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const quick = flags.quick === 'true';
  const ctx: BenchContext = {
    quick,
    runs: Number(flags.runs ?? (quick ? 3 : 5)),
    flags,
    log: (m) => console.log(`[bench] ${m}`),
  };
  const only = flags.only?.split(',');
  const started = Date.now();
  const sections: BenchSection[] = [];
  for (const b of BENCHES) {
    if (only && !only.includes(b.id)) continue;
    const start = loadAverage();
    ctx.log(`${b.id}. ${b.title} … (load average ${start.join(', ')})`);
    const t0 = Date.now();
    let section: BenchSection;
    try {
      section = await b.run(ctx);
    } catch (e) {
      console.error(e);
      section = {
        id: b.id,
        title: b.title,
        figures: [],
        notes: [],
        skipped: `failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    section.load = { start, end: loadAverage() };
    sections.push(section);
    ctx.log(
      `${b.id}. done in ${((Date.now() - t0) / 1000).toFixed(1)} s (load average ${section.load.end.join(', ')})`,
    );
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  console.log('');
  console.log(formatTable(sections));
  console.log('');
  console.log(
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `${quick ? 'quick' : 'full'} run, ${ctx.runs} runs per median, ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `load average now ${loadAverage().join(', ')}`,
  );

  const date = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync('bench-results', { recursive: true });
  const file = join('bench-results', `bench-${date}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        quick,
        runs: ctx.runs,
        machine,
        durationSeconds: (Date.now() - started) / 1000,
        sections: sections.map((s) => ({
          ...s,
          figures: s.figures.map((f) => ({
            ...f,
            ratio: ratio(f),
            verdict: verdict(f) || undefined,
            absoluteVerdict:
              f.ratioBudget !== undefined && f.budget !== undefined
                ? absoluteVerdict(f) || undefined
                : undefined,
          })),
        })),
      },
      null,
      2,
    ),
  );
  console.log(`written ${file}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
