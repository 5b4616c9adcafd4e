import { Suspense, lazy, useMemo, useState } from 'react';
import type { Baseline, BaselineParameter } from '../../../core/baseline/baseline';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDateTime, formatNumber } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { thresholds } from './scoreBands';
import {
  chartSeries,
  rangeLabel,
  rangeStart,
  readings,
  trendLabel,
  trendParameters,
  trendUnit,
  type TrendParameter,
  type TrendRange,
} from './series';

const TrendChart = lazy(() => import('./TrendChart'));

const decimals = (p: TrendParameter) => (p === 'temperature' ? 1 : 0);
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
}) {
  const { parameter, range, now } = props;
  const [showTable, setShowTable] = useState(false);
  const raw = useMemo(() => readings(props.sets, parameter, range, now), [props.sets, parameter, range, now]);
  const points = useMemo(() => chartSeries(raw, range), [raw, range]);
  const usual =
    props.baseline && props.baseline.kind !== 'not-enough-data'
      ? props.baseline.values[(parameter === 'total' ? 'news2Total' : parameter) as BaselineParameter]
      : undefined;
  const Heading = props.level;
  const label = `${trendLabel[parameter]} (${trendUnit[parameter]}), ${rangeLabel[range]}`;
  return (
    <section className="trend" aria-label={label}>
      <Heading>
        {trendLabel[parameter]} <span className="muted">({trendUnit[parameter]})</span>
      </Heading>
      {raw.length === 0 ? (
        <p>Ingen målinger i perioden.</p>
      ) : (
        <Suspense fallback={<p>Laster graf …</p>}>
          <TrendChart
            points={points}
            from={rangeStart(range, now)}
            to={now.getTime()}
            range={range}
            unit={trendUnit[parameter]}
            decimals={decimals(parameter)}
            usual={usual}
            thresholds={thresholds(parameter, props.scale)}
            height={props.height}
            label={label}
          />
        </Suspense>
      )}
      <p className="muted">
        {raw.length} målinger
        {points.length < raw.length
          ? `, tegnet med ${points.length} punkter (høyeste og laveste beholdt)`
          : ''}
        {usual && ` · vanlig ${formatNumber(usual.usual, 1)}`}
        {' · '}
        {parameter === 'total'
          ? 'stiplet: 5 (middels) og 7 (høy risiko)'
          : 'stiplet: grenser der NEWS2-poengene endres'}
      </p>
      <details onToggle={(e) => setShowTable(e.currentTarget.open)}>
        <summary>Vis verdiene som tabell</summary>
        {showTable && <ReadingsTable parameter={parameter} sets={props.sets} range={range} now={now} />}
      </details>
    </section>
  );
}

/** NEWS2 and each parameter over time, against the patient's usual range and the RCP bands. */
export function TrendsView(props: {
  section: Section<DeviceVitalSignsSet[]>;
  baseline?: Baseline;
  scale: 1 | 2;
  now: Date;
}) {
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
              height={p === 'total' ? 240 : 160}
              level="h2"
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
          height={360}
          level="h2"
        />
      )}
    </section>
  );
}
