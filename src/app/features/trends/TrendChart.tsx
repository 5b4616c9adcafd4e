// The only module that imports Recharts (~113 KB gzip): loaded lazily with the trends view.
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatDateTime, formatNumber, formatTime } from '../../format/norwegian';
import type { Threshold } from './scoreBands';
import type { TrendPoint, TrendRange } from './series';

export interface TrendChartProps {
  points: TrendPoint[];
  from: number;
  to: number;
  range: TrendRange;
  unit: string;
  decimals: number;
  usual?: { low?: number; high?: number; usual: number };
  thresholds: Threshold[];
  height: number;
  /** Accessible name of the chart. */
  label: string;
}

function PointTooltip(props: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  unit: string;
  decimals: number;
}) {
  const p = props.payload?.[0]?.payload as TrendPoint | undefined;
  if (!props.active || !p || p.v === null) return null;
  return (
    <div className="chart-tooltip">
      <p>
        <strong>
          {formatNumber(p.v, props.decimals)} {props.unit}
        </strong>
        {p.score !== undefined && props.unit !== 'poeng' && <> · {p.score} poeng</>}
      </p>
      <p>{formatDateTime(new Date(p.t).toISOString())}</p>
      <p>
        Kilde: {p.source ?? 'ukjent'}
        {p.performer && <> · {p.performer}</>}
      </p>
    </div>
  );
}

export default function TrendChart(props: TrendChartProps) {
  const tick = (t: number) => {
    const iso = new Date(t).toISOString();
    return props.range === '24h' ? formatTime(iso) : formatDate(iso).slice(0, props.range === '1y' ? 10 : 5);
  };
  const values = props.points.filter((p) => p.v !== null).map((p) => p.v as number);
  const dataLo = Math.min(...values, props.usual?.low ?? Infinity);
  const dataHi = Math.max(...values, props.usual?.high ?? -Infinity);
  // Every threshold inside the data's span, plus the nearest one beyond each side, so the
  // next band is always in view without squeezing the data into a sliver.
  const below = props.thresholds.filter((t) => t.value < dataLo).at(-1);
  const above = props.thresholds.find((t) => t.value > dataHi);
  const shown = props.thresholds.filter(
    (t) => (t.value >= dataLo && t.value <= dataHi) || t === below || t === above,
  );
  const lo = Math.min(dataLo, ...shown.map((t) => t.value));
  const hi = Math.max(dataHi, ...shown.map((t) => t.value));
  const pad = Math.max(1, (hi - lo) * 0.08);
  const ticks = Array.from({ length: 5 }, (_, i) => props.from + ((props.to - props.from) * i) / 4);
  return (
    <div className="trend-chart" style={{ height: props.height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={props.points} margin={{ top: 8, right: 44, bottom: 4, left: 0 }} accessibilityLayer>
          <title>{props.label}</title>
          <CartesianGrid stroke="#d5d8db" strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[props.from, props.to]}
            ticks={ticks}
            tickFormatter={tick}
            stroke="#4d4d4d"
          />
          <YAxis
            domain={[Math.floor(lo - pad), Math.ceil(hi + pad)]}
            allowDecimals={props.decimals > 0}
            tickFormatter={(v: number) => formatNumber(v, props.decimals)}
            width={44}
            stroke="#4d4d4d"
          />
          {props.usual?.low !== undefined && props.usual?.high !== undefined && (
            <ReferenceArea
              y1={props.usual.low}
              y2={props.usual.high}
              fill="#0b4f6c"
              fillOpacity={0.12}
              label={{ value: 'Vanlig område', position: 'insideTopLeft', fill: '#0b4f6c', fontSize: 12 }}
            />
          )}
          {shown.map((t) => (
            <ReferenceLine
              key={t.value}
              y={t.value}
              stroke="#a4001d"
              strokeDasharray="4 4"
              label={{
                value: formatNumber(t.value, 1),
                position: 'right',
                fill: '#a4001d',
                fontSize: 11,
              }}
            />
          ))}
          <Tooltip
            content={(p) => (
              <PointTooltip
                active={p.active}
                payload={p.payload}
                unit={props.unit}
                decimals={props.decimals}
              />
            )}
          />
          <Line
            type="linear"
            dataKey="v"
            stroke="#0b4f6c"
            strokeWidth={2}
            connectNulls={false}
            dot={values.length <= 60}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
