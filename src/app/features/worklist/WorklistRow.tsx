// One patient of "Mine pasienter i dag" (issue #11 point 1): the risk band in colour and in
// words, the latest NEWS2 with its age, the deviation from the patient's usual ("vanlig 3
// (+2)"), the plan state ("ny måling i dag", "forfalt siden …") and why action is needed.
// Every text is core's (core/worklist/texts.ts); the colour repeats what the words say.
import {
  TRIAGE_BAND_LABELS,
  actionReasonText,
  dueBasisText,
  measurementAgeText,
  monitoringStateText,
  usualDeviationText,
} from '../../../core/worklist/texts';
import type { WorklistEntry } from '../../../offline/api';
import { ageInYears, formatFnr } from '../../format/norwegian';

function LatestNews2({ entry, now }: { entry: WorklistEntry; now: string }) {
  const row = entry.triage;
  const complete = row?.latestComplete;
  if (!complete) {
    return entry.latest ? (
      <>
        NEWS2 ukjent: ingen fullstendig måling (siste enkeltmåling{' '}
        {measurementAgeText(entry.latest.effectiveDateTime, now)})
      </>
    ) : (
      <>NEWS2 ukjent: ingen måling lagret på enheten</>
    );
  }
  return (
    <>
      NEWS2 <strong>{complete.score.total}</strong>, {measurementAgeText(complete.set.effectiveDateTime, now)}
      {row?.deviation && <> · {usualDeviationText(row.deviation)}</>}
    </>
  );
}

export function WorklistRow(props: {
  entry: WorklistEntry;
  now: Date;
  onSelect: (patientId: string) => void;
}) {
  const { entry } = props;
  const now = props.now.toISOString();
  const row = entry.triage;
  const band = row?.band ?? 'unknown';
  const id = `wl-${entry.patient.id}`;
  const age = ageInYears(entry.patient.birthDate, props.now);
  const overdue = row?.monitoring.kind === 'overdue';
  return (
    <li className={`worklist__item worklist__item--${band}${overdue ? ' overdue' : ''}`}>
      <button
        type="button"
        className="worklist__open"
        onClick={() => props.onSelect(entry.patient.id)}
        aria-describedby={`${id}-risk ${id}-plan${row?.requiresAction ? ` ${id}-action` : ''}`}
      >
        <span className="worklist__name">{entry.patient.name}</span>
        <span>
          {formatFnr(entry.patient.fnr)} · {age === undefined ? 'alder ukjent' : `${age} år`}
        </span>
      </button>
      <p id={`${id}-risk`} className="worklist__risk">
        <span className={`risk risk--${band}`}>{TRIAGE_BAND_LABELS[band]}</span>{' '}
        <LatestNews2 entry={entry} now={now} />
      </p>
      <p id={`${id}-plan`} className="worklist__plan">
        {row ? (
          <>
            <span className={overdue ? 'tone-error worklist__due' : 'worklist__due'}>
              {monitoringStateText(row.monitoring, now)}
            </span>
            <span className="muted"> · {dueBasisText(row.monitoring.basis)}</span>
          </>
        ) : (
          'Plan for neste måling: ukjent'
        )}
        {entry.plansKnown === false && (
          <span className="muted">
            {' '}
            · Planen er ikke hentet til enheten: kommunens standard (12 måneder) er brukt
          </span>
        )}
      </p>
      {row?.requiresAction && (
        <p id={`${id}-action`} className="worklist__action">
          <strong>Krever handling:</strong>{' '}
          {row.actionReasons.map((r) => actionReasonText(r, now)).join(' · ')}
        </p>
      )}
    </li>
  );
}
