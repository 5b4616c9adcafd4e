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
  DefaultZIndexes,
  ZIndexLayer,
  useXAxisScale,
  useYAxisScale,
} from 'recharts';
import { formatNumber } from '../../format/norwegian';
import { airOrOxygenPaths } from './chartMarks';
import { timeTicks, type TrendChartProps } from './chartProps';
import { PointTooltip } from './PointTooltip';
import type { TrendPoint } from './series';

export type { TrendChartProps };

function RechartsTooltip(props: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  unit: string;
  decimals: number;
}) {
  if (!props.active) return null;
  const p = props.payload?.[0]?.payload as TrendPoint | undefined;
  return <PointTooltip point={p} unit={props.unit} decimals={props.decimals} />;
}

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  payload?: TrendPoint;
}

/** Air: an open circle. Oxygen: a filled diamond. Not recorded: a small grey circle. */
function AirOrOxygenDot(props: DotProps) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload || payload.v === null) return <g />;
  const r = 4;
  if (payload.onOxygen)
    return (
      <path
        d={`M${cx},${cy - r - 1}L${cx + r + 1},${cy}L${cx},${cy + r + 1}L${cx - r - 1},${cy}Z`}
        fill="#0b4f6c"
        stroke="#0b4f6c"
      />
    );
  if (payload.onOxygen === false)
    return <circle cx={cx} cy={cy} r={r} fill="#fff" stroke="#0b4f6c" strokeWidth={1.5} />;
  return <circle cx={cx} cy={cy} r={r - 1} fill="#fff" stroke="#6b6b6b" strokeWidth={1} />;
}

/** The dots of a long series: beyond this many points they are drawn as AirOrOxygenMarks. */
const MANY_POINTS = 60;

/**
 * The marks of AirOrOxygenDot, smaller, for a long series: one path per kind of mark
 * instead of an element per point (a year has 300 points after downsampling). The line,
 * its tooltip and keyboard access (accessibilityLayer) are unchanged; the marks carry no
 * meaning of their own for a screen reader beyond the tooltip's "Luft"/"Oksygen".
 */
function AirOrOxygenMarks({ points }: { points: TrendPoint[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const { oxygen, air, unknown } = airOrOxygenPaths(points, x, y);
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.scatter}>
      <g className="trend-marks" aria-hidden="true">
        {oxygen && <path d={oxygen} fill="#0b4f6c" stroke="#0b4f6c" />}
        {air && <path d={air} fill="#fff" stroke="#0b4f6c" strokeWidth={1.5} />}
        {unknown && <path d={unknown} fill="#fff" stroke="#6b6b6b" strokeWidth={1} />}
      </g>
    </ZIndexLayer>
  );
}

export default function TrendChart(props: TrendChartProps) {
  const { ticks, format: tick } = timeTicks(props.from, props.to, props.range);
  const values = props.points.filter((p) => p.v !== null);
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
            domain={props.axis.domain}
            ticks={props.axis.ticks}
            interval={0}
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
          {props.thresholds.map((t) => (
            <ReferenceLine
              key={`${t.value}-${t.from}`}
              {...(t.whole
                ? { y: t.value }
                : {
                    segment: [
                      { x: t.from, y: t.value },
                      { x: t.to, y: t.value },
                    ],
                  })}
              stroke="#a4001d"
              strokeDasharray="4 4"
              ifOverflow="hidden"
              label={{
                value: `${formatNumber(t.value, 1)}${t.onOxygenOnly ? ' O₂' : ''}`,
                position: 'right',
                fill: '#a4001d',
                fontSize: 11,
              }}
            />
          ))}
          {props.events?.map((e, i) => (
            <ReferenceLine
              key={`event-${e.t}-${i}`}
              x={e.t}
              stroke="#5c3c00"
              strokeWidth={2}
              ifOverflow="hidden"
              label={{
                value: e.mark,
                position: 'insideTopRight',
                fill: '#5c3c00',
                fontSize: 12,
                fontWeight: 700,
              }}
            />
          ))}
          <Tooltip
            content={(p) => (
              <RechartsTooltip
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
            dot={
              values.length > MANY_POINTS
                ? false
                : props.airOrOxygen
                  ? (d: DotProps) => <AirOrOxygenDot key={`dot-${d.index}`} {...d} />
                  : true
            }
            isAnimationActive={false}
          />
          {props.airOrOxygen && values.length > MANY_POINTS && <AirOrOxygenMarks points={props.points} />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
