// 1. First load size: the JavaScript the browser must fetch before the first screen can
// render, gzip. That is the module script in dist/index.html, its modulepreloads and,
// transitively, every chunk they import statically; dynamic import() chunks are lazy and
// left out. Chart code (Recharts) must not be among them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchSection } from './figures';

const BUDGET_KB = 170;
// Recharts writes these class names at run time, so they survive minification.
const CHART_MARKERS = ['recharts-wrapper', 'recharts-surface'];

function staticImports(code: string): string[] {
  const out = new Set<string>();
  // import{a as b}from"./x.js"  |  import"./x.js"  |  export{..}from"./x.js" — never import("./x.js")
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    out.add(m[1]);
  }
  return [...out];
}

export async function firstLoadSize(distDir = 'dist'): Promise<BenchSection> {
  const section: BenchSection = { id: '1', title: 'First load size (gzip)', figures: [], notes: [] };
  const indexPath = join(distDir, 'index.html');
  if (!existsSync(indexPath)) {
    section.skipped = 'dist/index.html missing (vite build failed?)';
    return section;
  }
  const html = readFileSync(indexPath, 'utf8');
  const roots = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\//, ''));

  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const rel = queue.shift()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const code = readFileSync(join(distDir, rel), 'utf8');
    const dir = rel.slice(0, rel.lastIndexOf('/') + 1);
    for (const imp of staticImports(code)) {
      queue.push(join(dir, imp).replace(/\\/g, '/'));
    }
  }

  let raw = 0;
  let gz = 0;
  const chartInFirst: string[] = [];
  for (const rel of seen) {
    const buf = readFileSync(join(distDir, rel));
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
    const text = buf.toString('utf8');
    if (CHART_MARKERS.some((m) => text.includes(m))) chartInFirst.push(rel);
  }
  const allJs = readdirSync(join(distDir, 'assets')).filter((f) => f.endsWith('.js'));
  const chartChunks = allJs.filter((f) =>
    CHART_MARKERS.some((m) => readFileSync(join(distDir, 'assets', f), 'utf8').includes(m)),
  );
  let totalGz = 0;
  for (const f of allJs) totalGz += gzipSync(readFileSync(join(distDir, 'assets', f)), { level: 9 }).length;

  section.figures.push(
    { id: '1.first', label: 'first-screen JS, gzip', value: gz / 1024, unit: 'KB', budget: BUDGET_KB },
    { id: '1.first.raw', label: 'first-screen JS, uncompressed', value: raw / 1024, unit: 'KB' },
    { id: '1.first.chunks', label: 'first-screen chunks', value: seen.size, unit: 'files' },
    { id: '1.all', label: 'all JS chunks, gzip', value: totalGz / 1024, unit: 'KB' },
    {
      id: '1.chart-eager',
      label: 'chart chunks loaded eagerly',
      value: chartInFirst.length,
      unit: 'files',
      budget: 0,
    },
  );
  section.notes.push(`first screen: ${[...seen].join(', ')}`);
  section.notes.push(
    chartChunks.length
      ? `chart code lives in ${chartChunks.join(', ')}${chartInFirst.length ? ' — LOADED EAGERLY' : ' (lazy)'}`
      : 'no chart code (Recharts markers) found in the build',
  );
  return section;
}
