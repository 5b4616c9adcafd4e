import { useId, useMemo } from 'react';
import type { Baseline } from '../../../core/baseline/baseline';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDate, formatDateTime, formatNumber } from '../../format/norwegian';
import { chartSeries, readings, rangeStart, type TrendPoint } from './series';
import { useWidth } from './useWidth';

const HEIGHT = 150;
const M = { top: 8, right: 26, bottom: 22, left: 26 };
const Y_TICKS = [0, 5, 10, 15, 20];
const DAY = 24 * 3_600_000;

function summary(points: TrendPoint[]): string {
  const real = points.filter((p): p is TrendPoint & { v: number } => p.v !== null);
  if (!real.length) return 'Ingen fullstendige NEWS2-målinger de siste 7 døgnene.';
  const last = real[real.length - 1];
  const hi = real.reduce((a, b) => (b.v >= a.v ? b : a));
  const lo = real.reduce((a, b) => (b.v <= a.v ? b : a));
  const at = (p: TrendPoint) => formatDateTime(new Date(p.t).toISOString());
  return (
    `${real.length} ${real.length === 1 ? 'fullstendig måling' : 'fullstendige målinger'}. ` +
    `Siste NEWS2 ${last.v} (${at(last)}), høyeste ${hi.v} (${at(hi)}), laveste ${lo.v} (${at(lo)}).`
  );
}

/**
 * NEWS2 over the last 7 days, small enough for the overview (issue #12 point 1): a
 * hand-drawn SVG, so the overview does not load the chart library. Axis 0–20, dashed lines
 * at 5 (medium) and 7 (high), the patient's usual range shaded, and the same facts in text.
 */
export function News2WeekTrend(props: {
  section: Section<DeviceVitalSignsSet[]>;
  baseline?: Baseline;
  now: Date;
}) {
  const { section, now } = props;
  const sets =
    section.kind === 'ready'
      ? section.data
      : section.kind === 'unavailable'
        ? section.cached?.data
        : undefined;
  const raw = useMemo(() => (sets ? readings(sets, 'total', '7d', now) : []), [sets, now]);
  const points = useMemo(() => chartSeries(raw, '7d'), [raw]);
  const measure = useWidth(600);
  const ref = measure.ref;
  // Never narrower than 200 px: the axis labels need the room.
  const width = Math.max(200, measure.width);
  const summaryId = useId();
  if (!sets) return null;

  const from = rangeStart('7d', now);
  const to = now.getTime();
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const x = (t: number) => M.left + ((t - from) / (to - from)) * plotW;
  const y = (v: number) => M.top + (1 - v / 20) * plotH;
  let path = '';
  let pen = false;
  for (const p of points) {
    if (p.v === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    pen = true;
  }
  const usual =
    props.baseline && props.baseline.kind !== 'not-enough-data'
      ? props.baseline.values.news2Total
      : undefined;
  const dayTicks = Array.from({ length: 8 }, (_, i) => from + i * DAY);

  return (
    <section className="card week-trend" aria-labelledby="week-trend-heading">
      <h2 id="week-trend-heading">NEWS2 siste 7 døgn</h2>
      <div ref={ref} className="week-trend__plot">
        {raw.length > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-labelledby={summaryId}>
            {usual?.low !== undefined && usual.high !== undefined && (
              <rect
                x={M.left}
                width={plotW}
                y={y(usual.high)}
                height={Math.max(1, y(usual.low) - y(usual.high))}
                className="week-trend__usual"
              />
            )}
            {Y_TICKS.map((v) => (
              <g key={v}>
                <line x1={M.left} x2={M.left + plotW} y1={y(v)} y2={y(v)} className="week-trend__grid" />
                <text x={M.left - 6} y={y(v)} dy="0.35em" textAnchor="end" className="week-trend__label">
                  {v}
                </text>
              </g>
            ))}
            {[5, 7].map((v) => (
              <g key={`t${v}`}>
                <line x1={M.left} x2={M.left + plotW} y1={y(v)} y2={y(v)} className="week-trend__threshold" />
                <text x={M.left + plotW + 4} y={y(v)} dy="0.35em" className="week-trend__threshold-label">
                  {v}
                </text>
              </g>
            ))}
            {dayTicks.map((t, i) => (
              <text
                key={t}
                x={x(t)}
                y={HEIGHT - 6}
                textAnchor={i === 0 ? 'start' : i === dayTicks.length - 1 ? 'end' : 'middle'}
                className="week-trend__label"
              >
                {formatDate(new Date(t).toISOString()).slice(0, 5)}
              </text>
            ))}
            <path d={path} className="week-trend__line" />
            {points.map((p) =>
              p.v === null ? null : (
                <circle
                  key={`${p.setId}-${p.t}`}
                  cx={x(p.t)}
                  cy={y(p.v)}
                  r={3.5}
                  className="week-trend__dot"
                />
              ),
            )}
          </svg>
        )}
      </div>
      <p id={summaryId} className="muted week-trend__summary">
        {summary(raw)}
        {usual &&
          ` Vanlig for pasienten: ${formatNumber(usual.usual, 1)}` +
            (usual.low !== undefined && usual.high !== undefined
              ? ` (område ${formatNumber(usual.low, 1)}–${formatNumber(usual.high, 1)}).`
              : '.')}
      </p>
      <p className="muted week-trend__legend">
        Skala 0–20. Stiplet: 5 (middels) og 7 (høy risiko)
        {usual?.low !== undefined ? ', skravert: vanlig område' : ''}.
      </p>
    </section>
  );
}
