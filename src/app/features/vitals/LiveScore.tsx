import { news2Response, scoreNews2 } from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { useReader } from '../../state/reader';
import { RiskBadge } from '../news2/News2Panel';

/** NEWS2 as the form stands ("NEWS2 mens du skriver"): the total, or a partial sum that says so. */
export function LiveScore({ set, errorFields }: { set: VitalSignsSet; errorFields: Set<string> }) {
  // Refused values do not count: the live score shows only what would be saved.
  const vitals = Object.fromEntries(Object.entries(set.vitals).filter(([k]) => !errorFields.has(k)));
  const score = scoreNews2(vitals);
  const measured = Object.keys(score.parts).length;
  const { role } = useReader();
  if (measured === 0) return <p>Ingen verdier ennå.</p>;
  // Worded for the reader's role (a doctor reads assessment and treatment); same band and urgency.
  const response = news2Response(score, { role });
  if (!score.complete)
    return (
      <>
        <p>
          <strong>Delsum {score.total}</strong> – ikke en fullstendig NEWS2. <RiskBadge score={score} />
        </p>
        <p className="muted">{response.incompleteText}</p>
      </>
    );
  return (
    <>
      <p className="news2-total">
        <span className="news2-total__score">NEWS2 {score.total}</span> <RiskBadge score={score} />
      </p>
      <p>
        <strong>Tiltak:</strong> {response.responseText}
      </p>
      <p>
        <strong>Overvåking:</strong> {response.monitoringText}.
      </p>
    </>
  );
}
