import { useEffect, useRef, type ReactNode } from 'react';
import { nextMeasurementDue, news2Response, scoreNews2, type News2Score } from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { LocalSyncState, PatientIdentity } from '../../../offline/api';
import { formatDateTime, formatDateTimeSeconds, formatFnr } from '../../format/norwegian';
import { PartsTable, RiskBadge } from '../news2/News2Panel';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import { parameterOrder, valueText } from '../news2/vitalsText';
import { useReader, type Reader } from '../../state/reader';
import { SetChangeActions } from '../corrections/SetChangeActions';
import { useLiveSet } from '../corrections/useLiveSet';

/** What the escalation slot is given: the saved set and its standard score. */
export interface SavedSet {
  set: VitalSignsSet;
  score: News2Score;
}

function SyncLine({ state, storage }: { state: LocalSyncState | undefined; storage: Reader['storage'] }) {
  if (state === 'confirmed')
    return <p className="notice notice--ok">Sendt. Målingen er mottatt av kommunens system.</p>;
  // An online session keeps nothing on the device: a set not yet sent lives only in this
  // window, and the user must know before closing it (issue #12 point 3).
  const where = storage === 'memory' ? 'Ikke lagret på denne enheten' : 'Lagret på enheten';
  if (state === 'needs-attention')
    return (
      <p className="notice notice--error">{where}, og serveren avviste målingen. Se NEWS2-oversikten.</p>
    );
  if (storage === 'memory')
    return (
      <p className="notice notice--warn">
        Ikke sendt ennå. Målingen er ikke lagret på denne enheten, bare i dette vinduet: den sendes når
        serveren svarer. Lukk ikke vinduet før den er sendt.
      </p>
    );
  return <p className="notice notice--warn">Lagret på enheten – sendes når nett er tilbake.</p>;
}

function measuredLine(set: VitalSignsSet): string {
  // To the second: two sets saved in the same minute must read apart.
  const by = set.performer?.display ? ` av ${set.performer.display}` : '';
  return `Målt ${formatDateTimeSeconds(set.effectiveDateTime)}${by}`;
}

/**
 * The result of a set just saved (issue #11 point 3): score, risk in colour and text, the
 * RCP response and the next measurement, with the patient's name, and whether the set is
 * only on the device or has reached the server. It stays until the nurse asks for a new
 * set. Focus moves to its heading, so a screen reader announces it and the page starts at
 * the result, not at the bottom of an empty form.
 */
export function SavedSetResult(props: {
  set: VitalSignsSet;
  identity?: PatientIdentity;
  syncState: LocalSyncState | undefined;
  now: Date;
  onNewSet: () => void;
  /**
   * Escalation slot (issue #11 point 3, built separately): whom to call, the ISBAR summary
   * and the record of what was done render here, below the standard response.
   */
  escalation?: (saved: SavedSet) => ReactNode;
}) {
  const { set } = props;
  const reader = useReader();
  const score = scoreNews2(set.vitals);
  // Worded for the reader's role (a doctor reads assessment and treatment); same band and urgency.
  const response = news2Response(score, { role: reader.role });
  const due = nextMeasurementDue(score, set.effectiveDateTime, { now: props.now.toISOString() });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo?.({ top: 0 });
    heading.current?.focus({ preventScroll: true });
  }, []);
  // Marked "registrert feil" since it was saved (wrong patient, a typo): its score, response
  // and escalation are not this patient's to act on, so they are struck out and left out.
  const withdrawn = useLiveSet(set).enteredInError !== undefined;
  const measured = parameterOrder.filter((p) => score.parts[p] !== undefined);
  // A single 3 is its own reason to act only while the total does not already say more.
  const anyThree =
    measured.some((p) => score.parts[p] === 3) && (!score.complete || score.risk === 'low-medium');
  return (
    <section className="card saved-result" aria-labelledby="saved-heading">
      <h1 id="saved-heading" ref={heading} tabIndex={-1}>
        Målingen er lagret
      </h1>
      {props.identity && (
        <p className="saved-result__who">
          {props.identity.name} · {formatFnr(props.identity.fnr)}
        </p>
      )}
      <div role="status" aria-live="polite">
        <SyncLine state={props.syncState} storage={reader.storage} />
      </div>
      {withdrawn ? (
        <p className="news2-total">
          <del className="news2-total__score">
            {score.complete ? `NEWS2 ${score.total}` : 'Ufullstendig måling'}
          </del>{' '}
          <strong>Teller ikke: registrert feil</strong>
        </p>
      ) : score.complete ? (
        <p className="news2-total">
          <span className="news2-total__score">NEWS2 {score.total}</span> <RiskBadge score={score} />
        </p>
      ) : (
        <>
          <p className="news2-total">
            <strong>
              {measured.length === 1 ? 'Enkeltmåling' : 'Ufullstendig måling'} – ingen NEWS2-total
            </strong>{' '}
            <RiskBadge score={score} />
          </p>
          <p className="muted">{response.incompleteText}</p>
        </>
      )}
      {anyThree && !withdrawn && (
        <p className="notice notice--error">
          Én parameter gir 3 poeng: vurder pasienten snarest
          {score.complete ? '' : ', og ta en fullstendig måling'}.
        </p>
      )}
      {!withdrawn && (
        <div className="response">
          <p>
            <strong>Tiltak:</strong> {response.responseText}
          </p>
          {response.monitoringIntervalHours === 0 ? (
            <p>
              <strong>Overvåking:</strong> {response.monitoringText}.
            </p>
          ) : (
            <p>
              <strong>Neste måling:</strong> senest {formatDateTime(due.dueAt)} (
              {response.monitoringText.toLowerCase()}).
            </p>
          )}
        </div>
      )}
      {!withdrawn && props.escalation?.({ set, score })}
      {score.complete ? (
        <PartsTable
          scored={{ set: { ...set, syncState: props.syncState ?? 'pending' }, score }}
          caption="Verdier og delpoeng"
        />
      ) : (
        <ul>
          {measured.map((p) => (
            <li key={p}>
              {VITAL_PARAMETERS[p].label}: {valueText(set, p)} ({score.parts[p]} poeng)
            </li>
          ))}
        </ul>
      )}
      <p className="provenance">{measuredLine(set)}</p>
      {/* Issue #11 point 4: mark it "registrert feil" or add a comment, right here. */}
      <SetChangeActions set={{ ...set, syncState: props.syncState ?? 'pending' }} showState />
      <div className="form-actions">
        <button type="button" className="primary" onClick={props.onNewSet}>
          Start ny måling
        </button>
      </div>
    </section>
  );
}
