import { useMemo, useState } from 'react';
import { news2Response, scoreNews2, type News2Parameter, type News2Score } from '../../../core/news2/index';
import type { Scale2Decision } from '../../../core/news2/scale2';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDate, formatDateTime, formatNumber } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { DeniedNotice, UnavailableNotice } from '../layout/SectionNotice';
import { ACVPU } from '../../../core/fhir/codes';
import { compareSetsChronologically } from '../../../core/vitals/order';
import { SetChangeActions } from '../corrections/SetChangeActions';
import { markersOf, type HistorySet } from './annotations';
import { WithheldNotice } from '../layout/WithheldNotice';

export const HISTORY_PAGE_SIZE = 50;

interface Column {
  parameter: News2Parameter;
  header: string;
  unit?: string;
  value: (s: DeviceVitalSignsSet) => string | undefined;
}

const n = (v: number | undefined, digits = 0) => (v === undefined ? undefined : formatNumber(v, digits));

const columns: Column[] = [
  { parameter: 'respirationRate', header: 'Resp.', unit: '/min', value: (s) => n(s.vitals.respirationRate) },
  {
    parameter: 'spo2',
    header: 'SpO₂',
    unit: '%',
    // The scale changes the sub-score: Scale 2 is always written out.
    value: (s) =>
      s.vitals.spo2 === undefined
        ? undefined
        : `${n(s.vitals.spo2)}${s.vitals.spo2Scale === 2 ? ' (skala 2)' : ''}`,
  },
  {
    parameter: 'onOxygen',
    header: 'Luft/O₂',
    value: (s) =>
      s.vitals.onOxygen === undefined
        ? undefined
        : s.vitals.onOxygen
          ? `O₂${s.oxygenFlowLpm === undefined ? '' : ` ${formatNumber(s.oxygenFlowLpm)} L/min`}`
          : 'Luft',
  },
  {
    parameter: 'systolicBP',
    header: 'Syst. BT',
    unit: 'mmHg',
    value: (s) =>
      s.vitals.systolicBP === undefined
        ? undefined
        : `${formatNumber(s.vitals.systolicBP, 0)}${s.diastolicBP === undefined ? '' : `/${formatNumber(s.diastolicBP, 0)}`}`,
  },
  {
    parameter: 'pulse',
    header: 'Puls',
    unit: '/min',
    value: (s) =>
      s.vitals.pulse === undefined
        ? undefined
        : `${formatNumber(s.vitals.pulse, 0)}${s.pulseIrregular ? ' uregelm.' : ''}`,
  },
  {
    parameter: 'consciousness',
    header: 'ACVPU',
    value: (s) => (s.vitals.consciousness === undefined ? undefined : s.vitals.consciousness),
  },
  { parameter: 'temperature', header: 'Temp.', unit: '°C', value: (s) => n(s.vitals.temperature, 1) },
];

interface Row {
  set: HistorySet;
  score: News2Score;
}

/**
 * Newest first by core's order of sets (src/core/vitals/order.ts): measured time, then
 * entry order (saved on the device, else received by the platform), the later first; sets
 * equal in both keep the store's order. Never by the random set id.
 */
export function historyOrder(sets: readonly DeviceVitalSignsSet[]): Row[] {
  return sets
    .map((set, i) => ({ set: set as HistorySet, i }))
    .sort((a, b) => compareSetsChronologically(b.set, a.set) || a.i - b.i)
    .map(({ set }) => ({ set, score: scoreNews2(set.vitals) }));
}

function ValueCell(props: { column: Column; row: Row }) {
  const value = props.column.value(props.row.set);
  const part = props.row.score.parts[props.column.parameter];
  if (value === undefined)
    return (
      <td className="history__missing">
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">ikke målt</span>
      </td>
    );
  const label =
    props.column.parameter === 'consciousness' && props.row.set.vitals.consciousness
      ? ACVPU[props.row.set.vitals.consciousness].label
      : undefined;
  return (
    <td className={part === undefined ? undefined : `history__score-${part}`}>
      <span title={label}>{value}</span>{' '}
      {part !== undefined && (
        <span className="history__part">
          {part}
          <span className="visually-hidden"> poeng</span>
        </span>
      )}
    </td>
  );
}

function TotalCell({ row }: { row: Row }) {
  if (!row.score.complete)
    return (
      <td className="history__missing">
        <span className="history__incomplete">ingen total</span>
      </td>
    );
  return (
    <td className={`history__total risk--${row.score.risk}`}>
      <strong>{row.score.total}</strong>{' '}
      <span className="history__risk">{news2Response(row.score).riskText}</span>
    </td>
  );
}

function HistoryTable(props: {
  rows: Row[];
  scale2: readonly Scale2Decision[] | undefined;
  page: number;
  pages: number;
}) {
  const start = props.page * HISTORY_PAGE_SIZE;
  const shown = props.rows.slice(start, start + HISTORY_PAGE_SIZE);
  return (
    <div
      className="table-scroll history__scroll"
      tabIndex={0}
      role="region"
      aria-labelledby="history-caption"
    >
      <table className="history">
        <caption id="history-caption">
          Målinger, nyeste først (side {props.page + 1} av {props.pages})
        </caption>
        <thead>
          <tr>
            <th scope="col">Målt</th>
            <th scope="col">NEWS2</th>
            {columns.map((c) => (
              <th scope="col" key={c.parameter}>
                {c.header}
                {c.unit && <span className="history__unit"> {c.unit}</span>}
              </th>
            ))}
            <th scope="col">Merknader</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => {
            const older = props.rows[start + i + 1]?.set;
            const markers = markersOf(row.set, older, props.scale2);
            const wrong = !!row.set.enteredInError;
            return (
              <tr key={row.set.id} className={wrong ? 'history__wrong' : undefined}>
                <th scope="row">
                  {wrong && (
                    <>
                      <span className="history__wrong-tag">Registrert feil</span>
                      <br />
                    </>
                  )}
                  {formatDateTime(row.set.effectiveDateTime)}
                  <span className="history__source">
                    {row.set.sourceSystem ?? 'kilde ukjent'}
                    {row.set.performer?.display && `, ${row.set.performer.display}`}
                  </span>
                </th>
                {/* The total right after the time: on a tablet in portrait it is never scrolled off. */}
                <TotalCell row={row} />
                {columns.map((c) => (
                  <ValueCell key={c.parameter} column={c} row={row} />
                ))}
                <td className="history__markers">
                  {markers.length > 0 && (
                    <ul>
                      {markers.map((m) => (
                        <li
                          key={`${m.kind}-${m.text}`}
                          className={`history__marker history__marker--${m.kind}`}
                        >
                          {m.text}
                        </li>
                      ))}
                    </ul>
                  )}
                  <SetChangeActions set={row.set} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Body(props: { sets: DeviceVitalSignsSet[]; scale2: readonly Scale2Decision[] | undefined }) {
  const rows = useMemo(() => historyOrder(props.sets), [props.sets]);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / HISTORY_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  if (!rows.length) return <p className="notice">Ingen målinger lagret på enheten.</p>;
  const first = current * HISTORY_PAGE_SIZE + 1;
  const last = Math.min(rows.length, first + HISTORY_PAGE_SIZE - 1);
  const oldest = rows[rows.length - 1]?.set.effectiveDateTime;
  const pager = (
    <nav className="history__pager" aria-label="Sider i historikken">
      <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
        Nyere
      </button>
      <p aria-live="polite">
        Viser {first}–{last} av {rows.length} målinger
      </p>
      <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
        Eldre
      </button>
    </nav>
  );
  return (
    <>
      <p className="muted">
        {rows.length} målinger siden {formatDate(oldest)}. Fargene følger NEWS2-skjemaet (gul 1, oransje 2,
        rød 3 poeng); poengene står alltid som tall.
      </p>
      {pages > 1 && pager}
      <HistoryTable rows={rows} scale2={props.scale2} page={current} pages={pages} />
      {pages > 1 && pager}
    </>
  );
}

/**
 * Every set, newest first, "sammen og hver for seg" (issue #11 point 5): each value with its
 * sub-score, the total and its risk, coloured like the RCP paper chart with the numbers
 * always written, and what happened around the set. A real table (caption, column and row
 * headers) paged 50 at a time, so a year of sets (about 2,200) stays quick on a tablet.
 */
export function SetHistory(props: {
  section: Section<DeviceVitalSignsSet[]>;
  scale2: readonly Scale2Decision[] | undefined;
  now: Date;
  /** The server withheld sets at the patient's request (PatientView.withheld.vitals). */
  withheld?: boolean;
}) {
  const { section, now } = props;
  return (
    <section aria-labelledby="history-heading">
      <h1 id="history-heading">Historikk</h1>
      {props.withheld && <WithheldNotice />}
      {(() => {
        switch (section.kind) {
          case 'loading':
            return <p>Henter målinger …</p>;
          case 'ready':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                <Body sets={section.data} scale2={props.scale2} />
              </>
            );
          case 'none-since':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                <p className="notice">Ingen registrerte målinger siden {formatDate(section.since)}.</p>
              </>
            );
          case 'not-covered':
            return (
              <p className="notice notice--warn">
                Pasienten er ikke registrert i kommunens system. Målinger fra andre kommuner vises ikke.
              </p>
            );
          case 'denied':
            return <DeniedNotice reason={section.reason} />;
          case 'unavailable':
            return (
              <>
                <UnavailableNotice reason={section.reason} />
                {section.cached ? (
                  <>
                    <Freshness fetchedAt={section.cached.fetchedAt} cached now={now} />
                    <Body sets={section.cached.data} scale2={props.scale2} />
                  </>
                ) : (
                  <p className="muted">Ingen bufrede målinger på enheten.</p>
                )}
              </>
            );
        }
      })()}
    </section>
  );
}
