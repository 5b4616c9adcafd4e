// Bench page for benchmark 4's chart part: the app's real trend code (readings, chartSeries
// with its downsampling, LongSeriesChart, which draws a year, and the whole TrendsView) fed with a year
// of 4-hourly synthetic sets that are already in memory. The bench drives it through
// window.vardeBench from Playwright; nothing here is part of the app's bundle.
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import '../../../src/app/styles.css';
import LongSeriesChart, { plotBox } from '../../../src/app/features/trends/LongSeriesChart';
import TrendChart from '../../../src/app/features/trends/TrendChart';
import { LONG_SERIES, TrendsView } from '../../../src/app/features/trends/TrendsView';
import { SetHistory } from '../../../src/app/features/history/SetHistory';
import { parameterAxis } from '../../../src/app/features/trends/axis';
import { thresholdLines } from '../../../src/app/features/trends/scoreBands';
import {
  chartSeries,
  pixelBudget,
  rangeStart,
  readings,
  trendUnit,
  type TrendParameter,
} from '../../../src/app/features/trends/series';
import type { DeviceVitalSignsSet } from '../../../src/offline/api';

const NOW = new Date('2026-11-25T09:00:00Z');
const HOUR = 3_600_000;

/** Deterministic pseudo-random numbers, so every run draws the same year. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function yearOfSets(): DeviceVitalSignsSet[] {
  const rnd = lcg(7);
  const sets: DeviceVitalSignsSet[] = [];
  for (let t = NOW.getTime() - 365 * 24 * HOUR; t <= NOW.getTime(); t += 4 * HOUR) {
    sets.push({
      id: `s-${t}`,
      patientId: 'pat-bench',
      effectiveDateTime: new Date(t).toISOString(),
      vitals: {
        respirationRate: 14 + Math.round(rnd() * 10),
        spo2: 90 + Math.round(rnd() * 9),
        spo2Scale: 1,
        onOxygen: false,
        systolicBP: 95 + Math.round(rnd() * 60),
        pulse: 55 + Math.round(rnd() * 60),
        consciousness: 'A',
        temperature: Math.round((35.8 + rnd() * 3) * 10) / 10,
      },
      syncState: 'confirmed',
      sourceSystem: 'varde',
    });
  }
  return sets;
}

const sets = yearOfSets();
/**
 * A fresh copy of the year for each run, made before the clock starts: the app may cache
 * work per set object (scores), and a run must not profit from the runs before it. The
 * first chart of a patient is drawn from sets it has never seen.
 */
const freshSets = (): DeviceVitalSignsSet[] => sets.map((s) => ({ ...s, vitals: { ...s.vitals } }));
const host = document.getElementById('root')!;
let root: Root | null = null;

function nextFrame(): Promise<number> {
  return new Promise((ok) => requestAnimationFrame(() => ok(performance.now())));
}

// The line of a chart: Recharts' curve (short series) or LongSeriesChart's path.
const linePaths = () =>
  [...host.querySelectorAll('path.recharts-line-curve, path.trend-line')].map(
    (p) => p.getAttribute('d') ?? '',
  );

/**
 * Resolves at the first animation frame after `count` line paths are drawn, none of them
 * with a `d` from `before` (the paths of the previous range).
 */
async function drawn(count: number, before: string[] = []): Promise<number> {
  for (;;) {
    const lines = linePaths().filter((d) => d.length > 10 && !before.includes(d));
    if (lines.length >= count) return nextFrame();
    await nextFrame();
  }
}

function reset(): void {
  root?.unmount();
  root = null;
  host.replaceChildren();
  root = createRoot(host);
}

/**
 * The floor of the chart rows: `lines` plain SVG polylines of one year's readings each
 * (every reading a point, no downsampling), from values in memory to the first animation
 * frame after they are in the DOM, in the same host as the charts.
 */
async function polylines(parameter: TrendParameter, lines: number): Promise<{ ms: number; points: number }> {
  reset();
  host.replaceChildren();
  const values = readings(freshSets(), parameter, '1y', NOW).map((r) => [r.t, r.v as number] as const);
  const from = rangeStart('1y', NOW);
  const to = NOW.getTime();
  await nextFrame();
  const t0 = performance.now();
  const width = host.clientWidth || 800;
  const height = 220;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, v] of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const ns = 'http://www.w3.org/2000/svg';
  for (let l = 0; l < lines; l++) {
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', '#0b4f6c');
    line.setAttribute(
      'points',
      values
        .map(
          ([t, v]) =>
            `${(((t - from) / (to - from)) * width).toFixed(1)},${(height - ((v - lo) / (hi - lo || 1)) * height).toFixed(1)}`,
        )
        .join(' '),
    );
    svg.appendChild(line);
    host.appendChild(svg);
  }
  const t1 = await nextFrame();
  host.replaceChildren();
  return { ms: t1 - t0, points: values.length };
}

const bench = {
  sets: sets.length,
  /** Floor of "one chart": one plain SVG polyline of the year's readings. */
  polyline: (parameter: TrendParameter) => polylines(parameter, 1),
  /** From the sets in memory to one 1-year chart drawn: readings + chartSeries + TrendChart. */
  async oneChart(parameter: TrendParameter): Promise<{ ms: number; points: number }> {
    reset();
    const year = freshSets();
    await nextFrame();
    const t0 = performance.now();
    const raw = readings(year, parameter, '1y', NOW);
    // As ParameterTrend decides: a long series in plain SVG, downsampled to its pixel width
    // (its width read from the layout, as the view does before its first paint).
    const long = raw.length > LONG_SERIES;
    const width = host.clientWidth;
    const box = plotBox(width, 220);
    const points = chartSeries(raw, '1y', long ? pixelBudget(box.right - box.left) : undefined);
    const lines = thresholdLines(parameter, raw, rangeStart('1y', NOW), NOW.getTime(), 1);
    const axis = parameterAxis({
      values: raw.map((r) => r.v as number),
      edges: lines.map((l) => l.value),
      minSpan: 30,
      decimals: parameter === 'temperature' ? 1 : 0,
    });
    const chartProps = {
      points,
      from: rangeStart('1y', NOW),
      to: NOW.getTime(),
      range: '1y' as const,
      unit: trendUnit[parameter],
      decimals: parameter === 'temperature' ? 1 : 0,
      thresholds: lines.filter((l) => axis.edges.includes(l.value)),
      axis,
      height: 220,
      label: 'bench',
    };
    flushSync(() =>
      root!.render(long ? <LongSeriesChart {...chartProps} width={width} /> : <TrendChart {...chartProps} />),
    );
    const t1 = await drawn(1);
    return { ms: t1 - t0, points: points.length };
  },
  /**
   * The whole trends view at 7 days, then a click on "1 år" until the charts in view are
   * redrawn (a chart below the fold is drawn when scrolled to: `charts` says how many were
   * in view), then a scroll to the end until the others are drawn too.
   */
  async wholeView(): Promise<{ ms: number; svgNodes: number; charts: number; restMs: number }> {
    reset();
    window.scrollTo(0, 0);
    const year = freshSets();
    flushSync(() =>
      root!.render(
        <TrendsView
          section={{ kind: 'ready', data: year, fetchedAt: NOW.toISOString(), stale: false }}
          scale={1}
          now={NOW}
        />,
      ),
    );
    // The charts whose place is within the view's margin (useSeen: 200 px) below the fold.
    const charts = [...host.querySelectorAll('.trend__chart')].filter(
      (s) => s.getBoundingClientRect().top < window.innerHeight + 200,
    ).length;
    await drawn(charts);
    const button = [...host.querySelectorAll('button')].find((b) => b.textContent === '1 år');
    if (!button) throw new Error('no "1 år" button');
    await nextFrame();
    const before = linePaths();
    const t0 = performance.now();
    button.click();
    const t1 = await drawn(charts, before);
    // Down a screen a frame, as a reader scrolls: each chart is drawn as it comes near.
    for (let y = window.innerHeight; y < document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await nextFrame();
    }
    const t2 = await drawn(6, before);
    window.scrollTo(0, 0);
    // What the six charts cost the page in DOM: SVG elements of the whole view at "1 år".
    return {
      ms: t1 - t0,
      svgNodes: host.querySelectorAll('svg, svg *').length,
      charts,
      restMs: t2 - t1,
    };
  },
  /** Floor of "whole view": as many plain SVG polylines of the year's readings as charts drawn. */
  polylines: (parameter: TrendParameter, lines: number) => polylines(parameter, lines),
  /**
   * The set-by-set history of the year: from the sets in memory to the first page of the
   * table drawn (ordering and scoring all sets included), then "Eldre" to the next page drawn.
   */
  async history(): Promise<{ firstMs: number; pageMs: number; rows: number }> {
    reset();
    const year = freshSets();
    await nextFrame();
    const t0 = performance.now();
    flushSync(() =>
      root!.render(
        <SetHistory
          section={{ kind: 'ready', data: year, fetchedAt: NOW.toISOString(), stale: false }}
          scale2={[]}
          now={NOW}
        />,
      ),
    );
    const t1 = await nextFrame();
    const rows = host.querySelectorAll('tbody tr').length;
    const first = host.querySelector('tbody th')?.textContent;
    const older = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Eldre');
    if (!older) throw new Error('no "Eldre" button');
    const t2 = performance.now();
    flushSync(() => older.click());
    const t3 = await nextFrame();
    if (host.querySelector('tbody th')?.textContent === first) throw new Error('the page did not change');
    return { firstMs: t1 - t0, pageMs: t3 - t2, rows };
  },
};

declare global {
  interface Window {
    vardeBench: typeof bench;
  }
}
window.vardeBench = bench;
