import { baselineWindowText, describeBaseline, type Baseline } from '../../../core/baseline/baseline';
import { deviationFromBaseline, type SetDeviation } from '../../../core/baseline/deviation';
import {
  news2Response,
  scale2DecidedByText,
  scale2DecisionAt,
  type News2Score,
  type Scale2Decision,
} from '../../../core/news2/index';
import type { DeviceVitalSignsSet, PatientPlans, Section } from '../../../offline/api';
import { MonitoringLine, monitoringStateOf } from '../plans/MonitoringLine';
import { PersonalPlanBeside } from '../plans/PersonalPlanBeside';
import { personalPlanNow } from '../plans/planData';
import { formatAge, formatDate, formatDateTime } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { DeniedNotice, UnavailableNotice } from '../layout/SectionNotice';
import { WithheldNotice } from '../layout/WithheldNotice';
import { isOlderThanAYear, latestSets, type ScoredSet } from './latestSets';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import { parameterOrder, valueText } from './vitalsText';
import { useReader } from '../../state/reader';

function ScaleLine(props: {
  set: DeviceVitalSignsSet;
  scale2: readonly Scale2Decision[] | undefined;
  now: Date;
}) {
  const scale = props.set.vitals.spo2Scale ?? 1;
  // Core says which decision is in force; null: none recorded, undefined: not known yet.
  const decision =
    props.scale2 === undefined
      ? undefined
      : (scale2DecisionAt(props.scale2, { at: props.now.toISOString() }) ?? null);
  return (
    <p className="scale">
      SpO₂-skala brukt: <strong>Skala {scale}</strong>
      {decision && (
        <>
          {' '}
          · Skala 2 besluttet av {scale2DecidedByText(decision)} {formatDate(decision.decidedAt)}
        </>
      )}
      {decision === undefined && <> · vedtak om skala 2: ukjent</>}
      {scale === 2 && decision === null && (
        <strong className="tone-error">
          {' '}
          · Skala 2 er brukt, men ingen beslutning om skala 2 er registrert
        </strong>
      )}
    </p>
  );
}

function Provenance({ set, now }: { set: DeviceVitalSignsSet; now: Date }) {
  return (
    <p className="provenance">
      Målt {formatDateTime(set.effectiveDateTime)} ({formatAge(set.effectiveDateTime, now)}) · Kilde:{' '}
      {set.sourceSystem ?? 'ukjent'}
      {set.performer?.display && <> · {set.performer.display}</>}
      {set.receivedAt && <> · mottatt {formatDateTime(set.receivedAt)}</>}
    </p>
  );
}

function SyncBadge({ set }: { set: DeviceVitalSignsSet }) {
  const { storage } = useReader();
  switch (set.syncState) {
    case 'confirmed':
      return null;
    case 'pending':
    case 'sending':
      // An online session keeps nothing on the device (issue #12 point 3).
      return storage === 'memory' ? (
        <p className="badge tone-warn">Ikke sendt – holdes bare i dette vinduet, ikke lagret på enheten</p>
      ) : (
        <p className="badge tone-warn">Lagret på enheten – sendes når nett er tilbake</p>
      );
    case 'needs-attention':
      return (
        <p className="badge tone-error" role="alert">
          Ikke sendt – trenger oppfølging{set.problem ? `: ${set.problem}` : ''}
        </p>
      );
  }
}

/** "vanlig 18 (+4)" from core's deviation text "Puls 22 — vanlig 18 (+4)". */
function usualText(text: string | undefined): string | undefined {
  return text?.slice(text.indexOf('vanlig'));
}

export function PartsTable(props: { scored: ScoredSet; caption: string; deviation?: SetDeviation }) {
  const { set, score } = props.scored;
  const usualFor = (p: string) =>
    usualText(props.deviation?.deviations[p as keyof SetDeviation['deviations']]?.text) ?? '–';
  return (
    <table className="parts">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Verdi</th>
          <th scope="col">Poeng</th>
          {props.deviation && <th scope="col">Vanlig for pasienten</th>}
        </tr>
      </thead>
      <tbody>
        {parameterOrder.map((p) => {
          const part = score.parts[p];
          return (
            <tr key={p} className={part === 3 ? 'part--three' : undefined}>
              <th scope="row">{VITAL_PARAMETERS[p].label}</th>
              <td>{valueText(set, p)}</td>
              <td>{part === undefined ? 'ukjent' : part}</td>
              {props.deviation && <td className="usual">{usualFor(p)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RiskBadge({ score }: { score: News2Score }) {
  const response = news2Response(score);
  return <span className={`risk risk--${score.risk}`}>{response.riskText}</span>;
}

/** The patient's plans as the panel needs them: undefined plans = not known on the device. */
export interface PanelPlans {
  plans: PatientPlans | undefined;
  /** Every set of the patient (server and device), for the plan's due time. */
  sets: readonly DeviceVitalSignsSet[];
}

function FullSet(props: {
  scored: ScoredSet;
  scale2: readonly Scale2Decision[] | undefined;
  baseline?: Baseline;
  withheld?: boolean;
  now: Date;
  planned: PanelPlans;
}) {
  const { set, score } = props.scored;
  const { role } = useReader();
  // Worded for the reader's role (a doctor reads assessment and treatment); same band and urgency.
  const response = news2Response(score, { role });
  // When the next NEWS2 is due comes from the monitoring plan (core's monitoringState),
  // never from RCP's ward intervals alone; RCP's monitoring text stays beside the score.
  const monitoring = monitoringStateOf(
    set.patientId,
    props.planned.sets,
    props.planned.plans,
    props.baseline,
    props.now,
  );
  const personal = personalPlanNow(props.planned.plans, set.patientId, props.now);
  const old = isOlderThanAYear(set.effectiveDateTime, props.now);
  // The deviation carries the standard score through untouched; only the text is added.
  const deviation =
    props.baseline && props.baseline.kind !== 'not-enough-data'
      ? deviationFromBaseline(set, props.baseline, score)
      : undefined;
  const totalUsual = usualText(deviation?.deviations.news2Total?.text);
  return (
    <div className="news2-full">
      <p className="news2-total">
        <span className="news2-total__score">NEWS2 {score.total}</span> <RiskBadge score={score} />
        {totalUsual && <span className="news2-total__baseline"> — {totalUsual}</span>}
      </p>
      {props.baseline && (
        <p className="muted baseline-window" title={describeBaseline(props.baseline)}>
          {baselineWindowText(props.baseline, { withheld: props.withheld })}.
          {deviation &&
            ' Vanlige verdier er beslutningsstøtte og endrer ikke NEWS2-skåren, risikoen eller tiltakene.'}
        </p>
      )}
      {score.spo2AssumedOnOxygen && (
        <p className="notice notice--warn">
          Luft/oksygen er ukjent: SpO₂ er skåret som om pasienten får oksygen.
        </p>
      )}
      <div className="response">
        <p>
          <strong>Tiltak:</strong> {response.responseText}
        </p>
        <p>
          <strong>Overvåking (RCP):</strong> {response.monitoringText}.
        </p>
        <MonitoringLine state={monitoring} plansKnown={props.planned.plans !== undefined} now={props.now} />
      </div>
      <PersonalPlanBeside plan={personal} set={set} score={score} response={response} now={props.now} />
      {old && (
        <p className="notice notice--warn" role="alert">
          Siste fullstendige NEWS2 er eldre enn 12 måneder ({formatDate(set.effectiveDateTime)}). NEWS2 bør
          tas minst årlig og alltid ved endring.
        </p>
      )}
      <PartsTable
        scored={props.scored}
        deviation={deviation}
        caption="Siste fullstendige måling: verdier og delpoeng"
      />
      <ScaleLine set={set} scale2={props.scale2} now={props.now} />
      <Provenance set={set} now={props.now} />
      <SyncBadge set={set} />
    </div>
  );
}

function PartialSet(props: { scored: ScoredSet; now: Date }) {
  const { set, score } = props.scored;
  const measured = parameterOrder.filter((p) => score.parts[p] !== undefined);
  const anyThree = measured.some((p) => score.parts[p] === 3);
  return (
    <li className="partial">
      <p>{measured.length === 1 ? 'Enkeltmåling' : 'Ufullstendig måling'} – ingen NEWS2-total</p>
      <ul>
        {measured.map((p) => (
          <li key={p}>
            {VITAL_PARAMETERS[p].label}: {valueText(set, p)} ({score.parts[p]} poeng)
          </li>
        ))}
      </ul>
      {anyThree && (
        <p className="notice notice--error">
          Én parameter gir 3 poeng: vurder pasienten snarest, og ta en fullstendig måling.
        </p>
      )}
      <Provenance set={set} now={props.now} />
      <SyncBadge set={set} />
    </li>
  );
}

function Body(props: {
  sets: DeviceVitalSignsSet[];
  scale2: readonly Scale2Decision[] | undefined;
  baseline?: Baseline;
  plans: PatientPlans | undefined;
  withheld?: boolean;
  since?: string;
  now: Date;
}) {
  const latest = latestSets(props.sets);
  return (
    <>
      {props.withheld && <WithheldNotice />}
      {latest.full ? (
        <FullSet
          scored={latest.full}
          scale2={props.scale2}
          baseline={props.baseline}
          withheld={props.withheld}
          now={props.now}
          planned={{ plans: props.plans, sets: props.sets }}
        />
      ) : (
        <p className="notice notice--warn">
          Ingen fullstendig NEWS2-måling registrert{props.since ? ` siden ${formatDate(props.since)}` : ''}.
          Skåren er ukjent.
        </p>
      )}
      {latest.newerPartial.length > 0 && (
        <>
          <h3>{latest.full ? 'Målt etter siste fullstendige måling' : 'Enkeltmålinger'}</h3>
          <ul className="partials">
            {latest.newerPartial.map((s) => (
              <PartialSet key={s.set.id} scored={s} now={props.now} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** "NEWS2 nå": every value, its sub-score and the total, with the RCP response. */
export function News2Panel(props: {
  section: Section<DeviceVitalSignsSet[]>;
  scale2: readonly Scale2Decision[] | undefined;
  baseline?: Baseline;
  /** The patient's NEWS2 plans (monitoring, personal); undefined when not on the device. */
  plans?: PatientPlans;
  /** The server withheld sets at the patient's request (PatientView.withheld.vitals). */
  withheld?: boolean;
  now: Date;
}) {
  const { section, now } = props;
  return (
    <section
      className="card news2-card"
      aria-labelledby="news2-heading"
      aria-busy={section.kind === 'loading'}
    >
      <h2 id="news2-heading">NEWS2 nå</h2>
      {(() => {
        switch (section.kind) {
          case 'loading':
            return <p>Henter målinger …</p>;
          case 'ready':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                <Body
                  sets={section.data}
                  scale2={props.scale2}
                  baseline={props.baseline}
                  plans={props.plans}
                  withheld={props.withheld}
                  now={now}
                />
              </>
            );
          case 'none-since':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                <p className="notice">
                  Ingen registrerte målinger siden {formatDate(section.since)}. NEWS2 er ukjent.
                </p>
              </>
            );
          case 'not-covered':
            return (
              <p className="notice notice--warn">
                Pasienten er ikke registrert i kommunens system. Målinger fra andre kommuner vises ikke. NEWS2
                er ukjent.
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
                    <Body
                      sets={section.cached.data}
                      scale2={props.scale2}
                      baseline={props.baseline}
                      plans={props.plans}
                      withheld={props.withheld}
                      now={now}
                    />
                  </>
                ) : (
                  <p className="muted">Ingen bufrede målinger på enheten. NEWS2 er ukjent.</p>
                )}
              </>
            );
        }
      })()}
    </section>
  );
}
