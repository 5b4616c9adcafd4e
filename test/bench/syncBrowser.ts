// Chromium (the system browser) with the sync bench page (./syncPage, a Vite production
// build) loaded from the bench platform, for benchmarks 3, 4 and 5. The page is served by
// the platform itself, so it talks to the FHIR API from the same origin as the app does.
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import type { VardeSync } from './syncPage/main';
import { startBenchPlatform, type BenchPlatform } from './benchPlatform';
import type { BenchSection } from './figures';
import { systemChromium } from '../helpers/chromium';

// node_modules may be shared by several checkouts (a symlink): E2E_DIST_DIR gives each its own.
const OUT = resolve(
  process.env.E2E_DIST_DIR ? `${process.env.E2E_DIST_DIR}-bench-sync` : 'node_modules/.cache/bench-sync',
);
let built: Promise<void> | undefined;

/** Builds the bench page once per bench process. */
function buildPage(): Promise<void> {
  built ??= build({
    configFile: false,
    root: resolve('test/bench/syncPage'),
    base: './',
    mode: 'production',
    logLevel: 'error',
    build: { outDir: OUT, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  }).then(() => undefined);
  return built;
}

export interface SyncBench {
  bench: BenchPlatform;
  page: Page;
  /** Calls a function of the page's window.vardeSync with JSON arguments. */
  call<K extends keyof VardeSync>(
    name: K,
    ...args: Parameters<VardeSync[K]>
  ): Promise<Awaited<ReturnType<VardeSync[K]>>>;
  chromiumVersion: string;
  /** The page's JS heap in use after a full garbage collection (bytes). */
  heapAfterGc(): Promise<number>;
  /** Runs `work` while sampling the page's JS heap every 50 ms; the highest sample (bytes). */
  peakHeap<T>(work: () => Promise<T>): Promise<{ value: T; peakBytes: number }>;
  close(): Promise<void>;
}

/** The platform with the page, and a Chromium tab on it; null without a Chromium. */
export async function startSyncBench(): Promise<SyncBench | null> {
  const browserOptions = systemChromium();
  if (!browserOptions) return null;
  await buildPage();
  const bench = await startBenchPlatform({ distDir: OUT });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(browserOptions);
    const page = await browser.newPage();
    await page.goto(`${bench.url}/`);
    await page.waitForFunction(() => 'vardeSync' in window);
    const b = browser;
    const cdp = await page.context().newCDPSession(page);
    const used = async () => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    return {
      bench,
      page,
      chromiumVersion: b.version(),
      async heapAfterGc() {
        await cdp.send('HeapProfiler.collectGarbage');
        return used();
      },
      async peakHeap(work) {
        let peakBytes = await used();
        let done = false;
        const sampler = (async () => {
          while (!done) {
            peakBytes = Math.max(peakBytes, await used());
            await new Promise((r) => setTimeout(r, 50));
          }
        })();
        try {
          const value = await work();
          return { value, peakBytes };
        } finally {
          done = true;
          await sampler;
        }
      },
      call: (name, ...args) =>
        page.evaluate(
          ([n, a]) => {
            const sync = (window as unknown as { vardeSync: Record<string, (...x: unknown[]) => unknown> })
              .vardeSync;
            return sync[n as string](...(a as unknown[]));
          },
          [name, args] as const,
        ) as never,
      async close() {
        await b.close();
        await bench.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await bench.close();
    throw e;
  }
}

/** Runs one benchmark section on its own SyncBench and closes it; skipped without a Chromium. */
export async function inSyncBench(
  section: BenchSection,
  run: (sb: SyncBench) => Promise<void>,
): Promise<BenchSection> {
  const sb = await startSyncBench();
  if (!sb) {
    section.skipped = 'no Chromium on this machine';
    return section;
  }
  try {
    await run(sb);
  } finally {
    await sb.close();
  }
  return section;
}
