// What both chart kinds take (TrendChart with Recharts, LongSeriesChart in plain SVG) and
// the time axis they share, so they read the same.
import { formatDate, formatTime } from '../../format/norwegian';
import type { ValueAxis } from './axis';
import type { ThresholdLine } from './scoreBands';
import type { TrendEvent, TrendPoint, TrendRange } from './series';

export interface TrendChartProps {
  points: TrendPoint[];
  from: number;
  to: number;
  range: TrendRange;
  unit: string;
  decimals: number;
  usual?: { low?: number; high?: number; usual: number };
  /** Score edges, each over the time where it applies (scoreBands.thresholdLines). */
  thresholds: ThresholdLine[];
  /** The value axis: domain and round ticks (axis.ts). */
  axis: ValueAxis;
  /** SpO2: each point shows air (open circle) or oxygen (filled diamond). */
  airOrOxygen?: boolean;
  height: number;
  /** Accessible name of the chart. */
  label: string;
  /** Vertical markers (escalation records); the view lists them in text too. */
  events?: TrendEvent[];
}

/** Five time ticks over the range, the first at its start, and their labels. */
export function timeTicks(from: number, to: number, range: TrendRange) {
  const ticks = Array.from({ length: 5 }, (_, i) => from + ((to - from) * i) / 4);
  const format = (t: number) => {
    const iso = new Date(t).toISOString();
    return range === '24h' ? formatTime(iso) : formatDate(iso).slice(0, range === '1y' ? 10 : 5);
  };
  return { ticks, format };
}
