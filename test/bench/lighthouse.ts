// Lighthouse 12 against the built app served by the platform (the e2e server on PGlite),
// run through test/helpers/lighthouse.ts (`npx -y lighthouse@12.8.2`, out of the lockfile,
// TOOLING.md P11). Median of 3 runs of the performance and best-practices scores
// (Lighthouse's default mobile emulation, with its simulated throttling), plus the
// installability facts read from the report: v12 has no PWA category. The e2e suite
// (test/e2e/installability.spec.ts) gates one run and asks Chromium itself whether the app
// is installable. If Lighthouse cannot be fetched or run, the section says why and the
// bench goes on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './coldStart';
import { median, type BenchContext, type BenchSection } from './figures';
import { runLighthouse, type LhReport } from '../helpers/lighthouse';
import { systemChromium } from '../helpers/chromium';

interface NetworkItem {
  url: string;
  statusCode?: number;
  resourceType?: string;
}

/**
 * Installability facts from one run. Lighthouse 12 has no PWA category and no
 * installable-manifest or service-worker audit, so these come from what it recorded: the
 * link elements of the page (gathered artifacts), the network requests of the load, and
 * the theme-color meta element.
 */
function installability(
  report: LhReport,
  artifactsFile: string,
): Record<string, string | boolean | number | null> {
  const artifacts = JSON.parse(readFileSync(artifactsFile, 'utf8')) as {
    LinkElements?: { rel: string; href: string | null }[];
    MetaElements?: { name?: string; content?: string }[];
  };
  const requests =
    (report.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? [];
  const manifestLink = artifacts.LinkElements?.find((l) => l.rel === 'manifest')?.href ?? null;
  const manifestRequest = requests.find((r) => r.resourceType === 'Manifest');
  const icons = requests.filter((r) => /\/icons\//.test(r.url));
  const sw = requests.find((r) => /\/sw\.js$/.test(r.url));
  return {
    manifestLink,
    manifestStatus: manifestRequest?.statusCode ?? null,
    iconRequests: icons.map((r) => `${new URL(r.url).pathname} ${r.statusCode}`).join(', '),
    serviceWorkerScriptInLoad: sw
      ? `${new URL(sw.url).pathname} ${sw.statusCode}`
      : 'not requested during the audited load',
    themeColor: artifacts.MetaElements?.find((m) => m.name === 'theme-color')?.content ?? null,
    textCompressionScore: report.audits['uses-text-compression']?.score ?? null,
  };
}

export async function lighthouse(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: 'lh',
    title: 'Lighthouse 12 (mobile, simulated throttling)',
    figures: [],
    notes: [],
  };
  if (!systemChromium()) {
    section.skipped = 'no Chromium on this machine';
    return section;
  }
  const port = 46000 + (process.pid % 1000);
  const base = `http://localhost:${port}/`;
  const server = await startServer(port);
  const dir = mkdtempSync(join(tmpdir(), 'varde-lh-'));
  const perf: number[] = [];
  const practices: number[] = [];
  let last: { report: LhReport; artifacts: string } | undefined;
  try {
    for (let r = 0; r < 3; r++) {
      const out = join(dir, `lh-${r}.json`);
      try {
        await runLighthouse(base, out, { artifactsDir: join(dir, `ga-${r}`) });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        ctx.log(`lh: run ${r + 1} failed: ${why}`);
        section.notes.push(`run ${r + 1} failed: ${why}`);
        if (r === 0) {
          section.skipped = `Lighthouse could not run: ${why}`;
          return section;
        }
        continue;
      }
      const report = JSON.parse(readFileSync(out, 'utf8')) as LhReport;
      if (report.runtimeError) section.notes.push(`run ${r + 1}: ${report.runtimeError.message}`);
      perf.push(Math.round((report.categories.performance?.score ?? Number.NaN) * 100));
      practices.push(Math.round((report.categories['best-practices']?.score ?? Number.NaN) * 100));
      last = { report, artifacts: join(dir, `ga-${r}`, 'artifacts.json') };
      ctx.log(`lh: run ${r + 1}: performance ${perf.at(-1)}, best practices ${practices.at(-1)}`);
    }
    section.figures.push(
      {
        id: 'lh.performance',
        label: 'performance score',
        value: median(perf),
        unit: '/100',
        higherIsBetter: true,
        runs: perf,
      },
      {
        id: 'lh.bestPractices',
        label: 'best-practices score',
        value: median(practices),
        unit: '/100',
        higherIsBetter: true,
        runs: practices,
      },
    );
    if (last) {
      const facts = installability(last.report, last.artifacts);
      section.facts = facts;
      section.notes.push(
        `Lighthouse ${last.report.lighthouseVersion}, ${base} (the login screen of the app)`,
      );
      section.notes.push(
        `installability (no PWA category in v12; from the last run's link elements and requests): ` +
          Object.entries(facts)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join('; '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    server.kill('SIGTERM');
  }
  return section;
}
