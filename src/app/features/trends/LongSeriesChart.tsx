// A long series (a year of readings) drawn as plain SVG: the line is one path, the SpO2
// marks one path per kind, the axes, grid, score edges and markers a few elements each.
// Recharts costs ~100 ms per chart at 4x CPU before it draws a point (test/bench, 4c), six
// times the plain polyline of the same readings; for short series it stays (TrendChart).
// This chart draws what TrendChart draws, in the same places and colours (the layout
// constants are Recharts' own: margins, a 44 px value axis, a 30 px time axis), with the
// same tooltip, and the same keyboard access: the chart takes focus and the arrow keys step
// through the drawn readings (Home/End: first/last), each shown in the tooltip.
import { memo, useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatNumber } from '../../format/norwegian';
import { airOrOxygenPaths } from './chartMarks';
import { timeTicks, type TrendChartProps } from './chartProps';
import { PointTooltip } from './PointTooltip';
import type { TrendPoint } from './series';

const MARGIN = { top: 8, right: 44, bottom: 4 };
const Y_AXIS_WIDTH = 44;
const X_AXIS_HEIGHT = 30;
const TICK = 6;
const TICK_GAP = 5;
const AXIS = '#4d4d4d';
const LINE = '#0b4f6c';

export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plot area of a chart `width` × `height` pixels. */
export function plotBox(width: number, height: number): PlotBox {
  return {
    left: Y_AXIS_WIDTH,
    right: Math.max(Y_AXIS_WIDTH + 1, width - MARGIN.right),
    top: MARGIN.top,
    bottom: height - MARGIN.bottom - X_AXIS_HEIGHT,
  };
}

let measureContext: CanvasRenderingContext2D | null | undefined;
/** Width of a tick label in the page's font; an estimate where there is no canvas (tests). */
function textWidth(text: string, font: string, fontSize: number): number {
  if (measureContext === undefined) {
    try {
      measureContext = document.createElement('canvas').getContext('2d');
    } catch {
      measureContext = null;
    }
  }
  if (!measureContext) return text.length * fontSize * 0.6;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

/**
 * Which time labels fit, as Recharts' default ('preserveEnd') decides: the last one always
 * (moved left to fit), then leftwards each one that neither overlaps the one after it nor
 * reaches left of the plot.
 */
function shownTimeTicks(coords: number[], widths: number[], plotLeft: number, end: number) {
  const shown: { index: number; x: number }[] = [];
  let limit = end;
  for (let i = coords.length - 1; i >= 0; i--) {
    const half = widths[i] / 2;
    let x = coords[i];
    if (i === coords.length - 1 && x + half > limit) x = limit - half;
    if (x - half >= plotLeft && x + half <= limit) {
      shown.unshift({ index: i, x });
      limit = x - half - TICK_GAP;
    }
  }
  return shown;
}

interface Drawn {
  points: TrendPoint[];
  xs: number[];
  ys: number[];
}

/** Everything but the tooltip and its cursor: drawn again only when the data or size change. */
const ChartBody = memo(function ChartBody(
  props: TrendChartProps & {
    width: number;
    clipId: string;
    drawn: Drawn;
    x: (t: number) => number;
    y: (v: number) => number;
  },
) {
  const { width, height, axis, x, y, drawn } = props;
  const box = plotBox(width, height);
  const { ticks, format } = timeTicks(props.from, props.to, props.range);
  const tickX = ticks.map(x);
  const style = getComputedStyle(document.body);
  const fontSize = parseFloat(style.fontSize) || 16;
  const font = `${style.fontSize} ${style.fontFamily}`;
  const labels = ticks.map(format);
  const shown = shownTimeTicks(
    tickX,
    labels.map((l) => textWidth(l, font, fontSize)),
    box.left,
    width,
  );
  let line = '';
  let pen = false;
  for (let i = 0; i < drawn.points.length; i++) {
    if (drawn.points[i].v === null) {
      pen = false;
      continue;
    }
    line += `${pen ? 'L' : 'M'}${drawn.xs[i]},${drawn.ys[i]}`;
    pen = true;
  }
  const marks = props.airOrOxygen ? airOrOxygenPaths(drawn.points, x, y) : null;
  const usual = props.usual;
  return (
    <>
      <defs>
        <clipPath id={props.clipId}>
          <rect x={box.left} y={box.top} width={box.right - box.left} height={box.bottom - box.top} />
        </clipPath>
      </defs>
      <g className="trend-grid-lines" stroke="#d5d8db" strokeDasharray="3 3" fill="none">
        {axis.ticks.map((v) => (
          <line key={`h${v}`} x1={box.left} x2={box.right} y1={y(v)} y2={y(v)} />
        ))}
        {tickX.map((tx, i) => (
          <line key={`v${i}`} x1={tx} x2={tx} y1={box.top} y2={box.bottom} />
        ))}
      </g>
      {usual?.low !== undefined && usual.high !== undefined && (
        <g clipPath={`url(#${props.clipId})`}>
          <rect
            x={box.left}
            width={box.right - box.left}
            y={y(usual.high)}
            height={Math.max(0, y(usual.low) - y(usual.high))}
            fill={LINE}
            fillOpacity={0.12}
          />
          <text x={box.left + 5} y={y(usual.high) + 5} dy="0.71em" fill={LINE} fontSize={12}>
            Vanlig område
          </text>
        </g>
      )}
      <path className="trend-line" d={line} stroke={LINE} strokeWidth={2} fill="none" />
      {marks && (
        <g className="trend-marks" aria-hidden="true">
          {marks.oxygen && <path d={marks.oxygen} fill={LINE} stroke={LINE} />}
          {marks.air && <path d={marks.air} fill="#fff" stroke={LINE} strokeWidth={1.5} />}
          {marks.unknown && <path d={marks.unknown} fill="#fff" stroke="#6b6b6b" strokeWidth={1} />}
        </g>
      )}
      {props.thresholds.map((t) => {
        const x1 = t.whole ? box.left : Math.max(box.left, x(t.from));
        const x2 = t.whole ? box.right : Math.min(box.right, x(t.to));
        if (x2 <= x1) return null;
        const ty = y(t.value);
        return (
          <g key={`${t.value}-${t.from}`}>
            <line
              x1={x1}
              x2={x2}
              y1={ty}
              y2={ty}
              stroke="#a4001d"
              strokeDasharray="4 4"
              clipPath={`url(#${props.clipId})`}
            />
            <text x={x2 + 5} y={ty} dy="0.355em" fill="#a4001d" fontSize={11}>
              {`${formatNumber(t.value, 1)}${t.onOxygenOnly ? ' O₂' : ''}`}
            </text>
          </g>
        );
      })}
      {props.events?.map((e, i) => {
        const ex = x(e.t);
        if (ex < box.left || ex > box.right) return null;
        return (
          <g key={`event-${e.t}-${i}`}>
            <line x1={ex} x2={ex} y1={box.top} y2={box.bottom} stroke="#5c3c00" strokeWidth={2} />
            <text
              x={ex - 5}
              y={box.top + 5}
              dy="0.71em"
              textAnchor="end"
              fill="#5c3c00"
              fontSize={12}
              fontWeight={700}
            >
              {e.mark}
            </text>
          </g>
        );
      })}
      <g className="trend-axis" fill="none" stroke={AXIS}>
        <line x1={box.left} x2={box.right} y1={box.bottom} y2={box.bottom} />
        {shown.map((s) => (
          <line
            key={s.index}
            x1={tickX[s.index]}
            x2={tickX[s.index]}
            y1={box.bottom}
            y2={box.bottom + TICK}
          />
        ))}
        <line x1={box.left} x2={box.left} y1={box.top} y2={box.bottom} />
        {axis.ticks.map((v) => (
          <line key={v} x1={box.left - TICK} x2={box.left} y1={y(v)} y2={y(v)} />
        ))}
      </g>
      <g className="trend-axis-labels" fill={AXIS}>
        {shown.map((s) => (
          <text key={s.index} x={s.x} y={box.bottom + TICK + 2} dy="0.71em" textAnchor="middle">
            {labels[s.index]}
          </text>
        ))}
        {axis.ticks.map((v) => (
          <text key={v} x={box.left - TICK - 2} y={y(v)} dy="0.355em" textAnchor="end">
            {formatNumber(v, props.decimals)}
          </text>
        ))}
      </g>
    </>
  );
});

/** Index of the drawn reading nearest to `px` among `xs` (sorted), skipping gaps. */
function nearest(drawn: Drawn, px: number): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  let lo = 0;
  let hi = drawn.xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (drawn.xs[mid] < px) lo = mid + 1;
    else hi = mid;
  }
  for (let i = Math.max(0, lo - 2); i <= Math.min(drawn.xs.length - 1, lo + 2); i++) {
    if (drawn.points[i].v === null) continue;
    const d = Math.abs(drawn.xs[i] - px);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

export default function LongSeriesChart(props: TrendChartProps & { width: number }) {
  const { width, height, axis, from, to } = props;
  const clipId = useId();
  const [active, setActive] = useState<number | null>(null);
  const box = plotBox(width, height);
  const [lo, hi] = axis.domain;
  const x = useMemo(
    () => (t: number) => box.left + ((t - from) / (to - from || 1)) * (box.right - box.left),
    [box.left, box.right, from, to],
  );
  const y = useMemo(
    () => (v: number) => box.bottom - ((v - lo) / (hi - lo || 1)) * (box.bottom - box.top),
    [box.bottom, box.top, lo, hi],
  );
  const drawn = useMemo<Drawn>(
    () => ({
      points: props.points,
      xs: props.points.map((p) => x(p.t)),
      ys: props.points.map((p) => (p.v === null ? NaN : y(p.v))),
    }),
    [props.points, x, y],
  );
  const readingsAt = useMemo(() => drawn.points.flatMap((p, i) => (p.v === null ? [] : [i])), [drawn.points]);

  function onKeyDown(e: KeyboardEvent<SVGSVGElement>) {
    if (!readingsAt.length) return;
    const at = active === null ? -1 : readingsAt.indexOf(active);
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = readingsAt[Math.min(readingsAt.length - 1, at + 1)];
    else if (e.key === 'ArrowLeft') next = readingsAt[Math.max(0, at - 1)];
    else if (e.key === 'Home') next = readingsAt[0];
    else if (e.key === 'End') next = readingsAt[readingsAt.length - 1];
    else if (e.key === 'Escape') setActive(null);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
  }
  function onPointerMove(e: PointerEvent<SVGSVGElement>) {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    setActive(px < box.left || px > box.right ? null : nearest(drawn, px));
  }

  const point = active === null ? undefined : drawn.points[active];
  const ax = active === null ? 0 : drawn.xs[active];
  const ay = active === null ? 0 : drawn.ys[active];
  return (
    <div className="trend-chart" style={{ height, position: 'relative' }}>
      <svg
        role="application"
        tabIndex={0}
        aria-label={props.label}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        style={{ display: 'block' }}
        onKeyDown={onKeyDown}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setActive(null)}
        onBlur={() => setActive(null)}
      >
        <title>{props.label}</title>
        <ChartBody {...props} clipId={clipId} drawn={drawn} x={x} y={y} />
        {point && (
          <g className="trend-active" pointerEvents="none">
            <line x1={ax} x2={ax} y1={box.top} y2={box.bottom} stroke="#ccc" />
            <circle cx={ax} cy={ay} r={4} fill={LINE} stroke="#fff" strokeWidth={2} />
          </g>
        )}
      </svg>
      {point && (
        <div
          className="trend-chart__tooltip"
          role="status"
          style={{
            position: 'absolute',
            top: box.top + 2,
            pointerEvents: 'none',
            ...(ax < width / 2 ? { left: ax + 10 } : { right: width - ax + 10 }),
          }}
        >
          <PointTooltip point={point} unit={props.unit} decimals={props.decimals} />
        </div>
      )}
    </div>
  );
}
