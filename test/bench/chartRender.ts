// 4 (chart part): trend chart render with a year of data, in Chromium (the system browser).
// A bench page (test/bench/chartPage) built by Vite in production mode renders the app's
// real trend code with 2,191 synthetic 4-hourly sets already in memory. Measured, each at
// 1x and at 4x CPU throttling (CDP), median of ctx.runs runs after one warm-up:
//  - one chart: from the sets in memory, through readings() and chartSeries() (the
//    downsampling that keeps extremes) and TrendChart (Recharts) rendered, to the first
//    animation frame after the line's path is in the DOM;
//  - the whole trends view: from the click on "1 år" (the view showed 7 days) to the first
//    animation frame after all six charts have redrawn their lines.
// Not included: loading the Recharts chunk (the app loads it lazily once) and reading the
// sets from the device store (that is the store part of benchmark 4).
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { median, type BenchContext, type BenchSection } from './figures';
import { systemChromium } from '../helpers/chromium';

const OUT = resolve('node_modules/.cache/bench-chart');

type BenchWindow = Window & {
  vardeBench: {
    sets: number;
    oneChart(parameter: string): Promise<{ ms: number; points: number }>;
    polyline(parameter: string): Promise<{ ms: number; points: number }>;
    polylines(parameter: string, lines: number): Promise<{ ms: number; points: number }>;
    wholeView(): Promise<{ ms: number; svgNodes: number; charts: number; restMs: number }>;
    history(): Promise<{ firstMs: number; pageMs: number; rows: number }>;
  };
};

export async function chartRender(ctx: BenchContext): Promise<BenchSection> {
  const section: BenchSection = {
    id: '4',
    title: 'One year: trend chart render (Chromium)',
    figures: [],
    notes: [],
  };
  const browserOptions = systemChromium();
  if (!browserOptions) {
    section.skipped = 'no Chromium on this machine';
    return section;
  }
  await build({
    configFile: false,
    root: resolve('test/bench/chartPage'),
    base: './',
    mode: 'production',
    logLevel: 'error',
    plugins: [react()],
    build: { outDir: OUT, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  const server = await preview({
    configFile: false,
    root: resolve('test/bench/chartPage'),
    logLevel: 'warn',
    build: { outDir: OUT },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  const browser = await chromium.launch(browserOptions);
  try {
    if (!url) throw new Error('bench page server has no URL');
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => 'vardeBench' in window);
    const sets = await page.evaluate(() => (window as unknown as BenchWindow).vardeBench.sets);
    const cdp = await page.context().newCDPSession(page);
    let points = 0;
    let svgNodes = 0;
    let floorPoints = 0;
    let historyRows = 0;
    let viewCharts = 6;
    for (const rate of [1, 4]) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const one: number[] = [];
      const whole: number[] = [];
      const floorOne: number[] = [];
      const floorSix: number[] = [];
      const rest: number[] = [];
      const historyFirst: number[] = [];
      const historyPage: number[] = [];
      for (let r = -1; r < ctx.runs; r++) {
        const a = await page.evaluate(() => (window as unknown as BenchWindow).vardeBench.oneChart('pulse'));
        const b = await page.evaluate(() => (window as unknown as BenchWindow).vardeBench.wholeView());
        const h = await page.evaluate(() => (window as unknown as BenchWindow).vardeBench.history());
        const fo = await page.evaluate(() => (window as unknown as BenchWindow).vardeBench.polyline('pulse'));
        const fs = await page.evaluate(
          (n) => (window as unknown as BenchWindow).vardeBench.polylines('pulse', n),
          b.charts,
        );
        viewCharts = b.charts;
        floorPoints = fo.points;
        points = a.points;
        historyRows = h.rows;
        if (r < 0) continue; // warm-up: JIT and first layout
        one.push(a.ms);
        whole.push(b.ms);
        svgNodes = b.svgNodes;
        floorOne.push(fo.ms);
        floorSix.push(fs.ms);
        rest.push(b.restMs);
        historyFirst.push(h.firstMs);
        historyPage.push(h.pageMs);
      }
      ctx.log(
        `4: history at ${rate}x: first page ${historyFirst.map((v) => v.toFixed(0)).join(', ')} ms; next page ${historyPage.map((v) => v.toFixed(0)).join(', ')} ms`,
      );
      section.figures.push(
        {
          id: `4.history.${rate}x`,
          label: `set-by-set history of the year, sets in memory -> first page drawn (${rate}x CPU)`,
          value: median(historyFirst),
          unit: 'ms',
          runs: historyFirst,
        },
        {
          id: `4.historyPage.${rate}x`,
          label: `history, "Eldre" -> next page drawn (${rate}x CPU)`,
          value: median(historyPage),
          unit: 'ms',
          runs: historyPage,
        },
      );
      ctx.log(
        `4: chart at ${rate}x: one ${one.map((v) => v.toFixed(0)).join(', ')} ms (polyline ${floorOne.map((v) => v.toFixed(0)).join(', ')}); view ${whole.map((v) => v.toFixed(0)).join(', ')} ms (${viewCharts} charts in view; ${viewCharts} polylines ${floorSix.map((v) => v.toFixed(0)).join(', ')}); the rest after a scroll ${rest.map((v) => v.toFixed(0)).join(', ')} ms`,
      );
      section.figures.push(
        {
          id: `4.chart.${rate}x`,
          label: `one 1-year chart, sets in memory -> drawn (${rate}x CPU)`,
          value: median(one),
          unit: 'ms',
          runs: one,
          floor: median(floorOne),
          ratioRuns: one.map((v, i) => v / floorOne[i]),
          floorLabel: `one plain SVG polyline of the year's ${floorPoints} readings in the same page (${rate}x CPU)`,
          ratioBudget: rate === 4 ? 2 : undefined,
        },
        {
          id: `4.view.${rate}x`,
          label: `trends view, click "1 år" -> the ${viewCharts} charts in view redrawn (${rate}x CPU)`,
          value: median(whole),
          unit: 'ms',
          runs: whole,
          budget: rate === 4 ? 250 : undefined,
          floor: median(floorSix),
          ratioRuns: whole.map((v, i) => v / floorSix[i]),
          floorLabel: `${viewCharts} plain SVG polylines of ${floorPoints} readings each (${rate}x CPU)`,
        },
        {
          id: `4.viewRest.${rate}x`,
          label: `then a scroll to the end -> the other ${6 - viewCharts} charts drawn (${rate}x CPU)`,
          value: median(rest),
          unit: 'ms',
          runs: rest,
        },
      );
    }
    section.figures.push({
      id: '4.view.nodes',
      label: 'whole trends view at "1 år": SVG elements in the page',
      value: svgNodes,
      unit: '',
    });
    section.notes.push(
      `${sets} synthetic 4-hourly sets in memory; the pulse chart draws ${points} points after chartSeries(); ` +
        'Vite production build of a bench page with the real TrendChart/TrendsView; end = first animation frame after the line paths are in the DOM',
      `history: the real SetHistory with the same year (${historyRows} rows a page), end = first animation frame after the rows are in the DOM`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
  return section;
}
