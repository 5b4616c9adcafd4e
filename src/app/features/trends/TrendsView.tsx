import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { baselineWindowText, type Baseline, type BaselineParameter } from '../../../core/baseline/baseline';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDateTime, formatNumber } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { WithheldNotice } from '../layout/WithheldNotice';
import { useWideScreen } from '../layout/useWideScreen';
import { NEWS2_AXIS, parameterAxis } from './axis';
import type { TrendChartProps } from './chartProps';
import LongSeriesChart, { plotBox } from './LongSeriesChart';
import { thresholdLines } from './scoreBands';
import { useSeen, useWidth } from './useWidth';
import {
  airOrOxygenText,
  chartSeries,
  pixelBudget,
  rangeLabel,
  rangeStart,
  readings,
  trendLabel,
  trendParameters,
  trendUnit,
  type TrendEvent,
  type TrendParameter,
  type TrendRange,
} from './series';

const TrendChart = lazy(() => import('./TrendChart'));

/**
 * Beyond this many readings a chart is drawn in plain SVG (LongSeriesChart), downsampled to
 * its pixel width; Recharts' fixed cost per chart is several times the drawing itself.
 */
export const LONG_SERIES = 200;

const decimals = (p: TrendParameter) => (p === 'temperature' ? 1 : 0);
/** The least span of a value axis, so a flat series is not magnified into noise. */
const minSpan: Record<Exclude<TrendParameter, 'total'>, number> = {
  respirationRate: 10,
  spo2: 6,
  systolicBP: 40,
  pulse: 30,
  temperature: 2,
};
const ranges: TrendRange[] = ['24h', '7d', '30d', '1y'];

function ReadingsTable(props: {
  parameter: TrendParameter;
  sets: DeviceVitalSignsSet[];
  range: TrendRange;
  now: Date;
}) {
  const rows = readings(props.sets, props.parameter, props.range, props.now).reverse();
  if (!rows.length) return <p>Ingen målinger i perioden.</p>;
  return (
    <table className="parts">
      <caption>
        {trendLabel[props.parameter]}, {rangeLabel[props.range]}, nyeste først
      </caption>
      <thead>
        <tr>
          <th scope="col">Målt</th>
          <th scope="col">Verdi</th>
          {props.parameter === 'spo2' && (
            <>
              <th scope="col">Luft eller oksygen</th>
              <th scope="col">Skala</th>
            </>
          )}
          {props.parameter !== 'total' && <th scope="col">Poeng</th>}
          <th scope="col">Kilde</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.setId}-${r.t}`}>
            <td>{formatDateTime(new Date(r.t).toISOString())}</td>
            <td>
              {formatNumber(r.v ?? undefined, decimals(props.parameter))} {trendUnit[props.parameter]}
            </td>
            {props.parameter === 'spo2' && (
              <>
                <td>{airOrOxygenText(r)}</td>
                <td>{r.scale ?? 'ukjent'}</td>
              </>
            )}
            {props.parameter !== 'total' && <td>{r.score ?? 'ukjent'}</td>}
            <td>
              {r.source ?? 'ukjent'}
              {r.performer ? `, ${r.performer}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ParameterTrend(props: {
  parameter: TrendParameter;
  sets: DeviceVitalSignsSet[];
  range: TrendRange;
  now: Date;
  baseline?: Baseline;
  scale: 1 | 2;
  height: number;
  level: 'h2' | 'h3';
  /** Markers on the NEWS2 total chart only (escalation records), listed in text below it. */
  events?: readonly TrendEvent[];
}) {
  const { parameter, range, now } = props;
  const [showTable, setShowTable] = useState(false);
  const raw = useMemo(() => readings(props.sets, parameter, range, now), [props.sets, parameter, range, now]);
  const long = raw.length > LONG_SERIES;
  // A chart below the fold is drawn once it is scrolled to (and stays); a long series is
  // downsampled to its width, read before its first paint: one time bucket a pixel.
  const seen = useSeen();
  const size = useWidth(600);
  const { ref: seenRef } = seen;
  const { ref: sizeRef } = size;
  const chartArea = useCallback(
    (el: HTMLDivElement | null) => {
      seenRef(el);
      sizeRef(el);
    },
    [seenRef, sizeRef],
  );
  const width = size.width;
  const box = plotBox(width, props.height);
  const budget = long ? (size.measured ? pixelBudget(box.right - box.left) : 0) : undefined;
  const points = useMemo(() => (budget === 0 ? [] : chartSeries(raw, range, budget)), [raw, range, budget]);
  const usual =
    props.baseline && props.baseline.kind !== 'not-enough-data'
      ? props.baseline.values[(parameter === 'total' ? 'news2Total' : parameter) as BaselineParameter]
      : undefined;
  const from = rangeStart(range, now);
  const to = now.getTime();
  const lines = useMemo(
    () => thresholdLines(parameter, raw, from, to, props.scale),
    [parameter, raw, from, to, props.scale],
  );
  const axis = useMemo(() => {
    if (parameter === 'total') return { ...NEWS2_AXIS, edges: lines.map((l) => l.value) };
    return parameterAxis({
      values: raw.map((r) => r.v as number),
      usual,
      edges: lines.map((l) => l.value),
      minSpan: minSpan[parameter],
      decimals: decimals(parameter),
      limits: parameter === 'spo2' ? { max: 100 } : undefined,
    });
  }, [parameter, raw, usual, lines]);
  const shownLines = lines.filter((l) => axis.edges.includes(l.value));
  const events = useMemo(
    () => (parameter === 'total' ? (props.events ?? []).filter((e) => e.t >= from && e.t <= to) : []),
    [parameter, props.events, from, to],
  );
  const oxygenOnly = shownLines.some((l) => l.onOxygenOnly);
  const Heading = props.level;
  const label = `${trendLabel[parameter]} (${trendUnit[parameter]}), ${rangeLabel[range]}`;
  // Both chart kinds take the same props (chartProps.ts); only the long one is given its width.
  const chart: TrendChartProps = {
    points,
    from,
    to,
    range,
    unit: trendUnit[parameter],
    decimals: decimals(parameter),
    usual,
    thresholds: shownLines,
    axis,
    airOrOxygen: parameter === 'spo2',
    height: props.height,
    label,
    events,
  };
  return (
    <section className="trend" aria-label={label}>
      <Heading>
        {trendLabel[parameter]} <span className="muted">({trendUnit[parameter]})</span>
      </Heading>
      {raw.length === 0 ? (
        <p>Ingen målinger i perioden.</p>
      ) : (
        <div ref={chartArea} className="trend__chart" style={{ minHeight: props.height }}>
          {!seen.seen ? null : long ? (
            size.measured && <LongSeriesChart width={width} {...chart} />
          ) : (
            <Suspense fallback={<p>Laster graf …</p>}>
              <TrendChart {...chart} />
            </Suspense>
          )}
        </div>
      )}
      <p className="muted">
        {raw.length} målinger
        {points.length < raw.length
          ? `, tegnet med ${points.length} punkter (høyeste og laveste beholdt)`
          : ''}
        {usual && ` · vanlig ${formatNumber(usual.usual, 1)}`}
        {usual?.low !== undefined &&
          usual.high !== undefined &&
          ` (vanlig område ${formatNumber(usual.low, 1)}–${formatNumber(usual.high, 1)})`}
        {' · '}
        {parameter === 'total'
          ? 'stiplet: 5 (middels) og 7 (høy risiko)'
          : 'stiplet: grenser der NEWS2-poengene endres, tegnet bare der de gjelder'}
        {oxygenOnly && ' («O₂»: bare på oksygen, skala 2)'}
      </p>
      {events.length > 0 && (
        <ul className="trend__events" aria-label="Eskalering i perioden">
          {events.map((e, i) => (
            <li key={`${e.t}-${i}`}>
              <span className="trend__event-mark" aria-hidden="true">
                {e.mark}
              </span>{' '}
              {formatDateTime(new Date(e.t).toISOString())}: {e.text}
            </li>
          ))}
        </ul>
      )}
      {parameter === 'spo2' && raw.length > 0 && (
        <p className="muted trend__legend">
          <span aria-hidden="true">○</span> luft · <span aria-hidden="true">◆</span> oksygen (flow i tabellen
          og ved punktet) · <span aria-hidden="true">◦</span> luft/oksygen ikke registrert
        </p>
      )}
      <details onToggle={(e) => setShowTable(e.currentTarget.open)}>
        <summary>Vis verdiene som tabell</summary>
        {showTable && <ReadingsTable parameter={parameter} sets={props.sets} range={range} now={now} />}
      </details>
    </section>
  );
}

/**
 * Where the shaded "Vanlig område" comes from: the period used and what was left out
 * (issue #12 point 4), so a reader can tell that an ongoing illness is not in it.
 */
function BaselineLine(props: { baseline: Baseline; withheld?: boolean }) {
  const { baseline } = props;
  return (
    <p className="muted baseline-window">
      {baselineWindowText(baseline, { withheld: props.withheld })}.
      {baseline.kind === 'derived' &&
        ' Det skyggelagte feltet «Vanlig område» er 10.–90. persentil av dagsverdiene (median per dag).'}
      {baseline.kind === 'clinician' && ' Det skyggelagte feltet er området som er satt for pasienten.'}
    </p>
  );
}

/** NEWS2 and each parameter over time, against the patient's usual range and the RCP bands. */
export function TrendsView(props: {
  section: Section<DeviceVitalSignsSet[]>;
  baseline?: Baseline;
  /** The server withheld sets at the patient's request (PatientView.withheld.vitals). */
  withheld?: boolean;
  scale: 1 | 2;
  now: Date;
  /** Escalation records, as markers on the NEWS2 total chart. */
  events?: readonly TrendEvent[];
}) {
  const wide = useWideScreen();
  const [range, setRange] = useState<TrendRange>('7d');
  const [view, setView] = useState<'combined' | TrendParameter>('combined');
  const section = props.section;
  const sets =
    section.kind === 'ready'
      ? section.data
      : section.kind === 'unavailable'
        ? (section.cached?.data ?? [])
        : [];

  return (
    <section aria-labelledby="trends-heading">
      <h1 id="trends-heading">Trender</h1>
      {section.kind === 'ready' && (
        <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={props.now} />
      )}
      {section.kind === 'unavailable' && (
        <div className="notice notice--warn" role="alert">
          <p>
            <strong>Kilden er ikke tilgjengelig:</strong> {section.reason}
          </p>
          {section.cached && <Freshness fetchedAt={section.cached.fetchedAt} cached now={props.now} />}
        </div>
      )}
      {section.kind === 'denied' && (
        <p className="notice notice--error" role="alert">
          Ingen tilgang: {section.reason}
        </p>
      )}
      {section.kind === 'loading' && <p>Henter målinger …</p>}
      {props.withheld && <WithheldNotice />}
      {props.baseline && <BaselineLine baseline={props.baseline} withheld={props.withheld} />}
      {section.kind === 'none-since' && (
        <p className="notice">Ingen registrerte målinger siden {section.since}.</p>
      )}
      <div className="trend-controls">
        <div role="group" aria-label="Periode">
          {ranges.map((r) => (
            <button key={r} type="button" aria-pressed={range === r} onClick={() => setRange(r)}>
              {rangeLabel[r]}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Visning">
          <button type="button" aria-pressed={view === 'combined'} onClick={() => setView('combined')}>
            Samlet
          </button>
          {trendParameters.map((p) => (
            <button key={p} type="button" aria-pressed={view === p} onClick={() => setView(p)}>
              {trendLabel[p]}
            </button>
          ))}
        </div>
      </div>
      {view === 'combined' ? (
        <div className="trend-grid">
          {trendParameters.map((p) => (
            <ParameterTrend
              key={p}
              parameter={p}
              sets={sets}
              range={range}
              now={props.now}
              baseline={props.baseline}
              scale={props.scale}
              height={p === 'total' ? (wide ? 280 : 240) : wide ? 240 : 160}
              level="h2"
              events={props.events}
            />
          ))}
        </div>
      ) : (
        <ParameterTrend
          parameter={view}
          sets={sets}
          range={range}
          now={props.now}
          baseline={props.baseline}
          scale={props.scale}
          height={wide ? 520 : 360}
          level="h2"
          events={props.events}
        />
      )}
    </section>
  );
}
