// The personal plan beside the standard score and response (issue #12 point 5): "Standard:
// Haster – kontakt lege straks. Personlig plan (lege X, 01.11.2026, gjelder til
// 01.02.2027): …". Never instead: the standard risk and response are shown above it and
// repeated here; the plan only adds thresholds crossed and what to do. An expired or
// withdrawn plan reads so and is not used (core's describePersonalPlan / evaluatePersonalPlan).
import type { News2Response } from '../../../core/news2/response';
import type { News2Score } from '../../../core/news2/types';
import {
  describePersonalPlan,
  evaluatePersonalPlan,
  type PersonalPlan,
} from '../../../core/plan/personalPlan';
import type { VitalSignsSet } from '../../../core/vitals/types';

const TARGET_TEXT = { below: 'under', within: 'innenfor', above: 'over' } as const;

export function PersonalPlanBeside(props: {
  plan: PersonalPlan | undefined;
  set: VitalSignsSet;
  score: News2Score;
  response: News2Response;
  now: Date;
}) {
  const { plan, set, score, response } = props;
  if (!plan) return null;
  const now = props.now.toISOString();
  const evaluation = evaluatePersonalPlan(plan, set, { now, score });
  return (
    <section className="personal-plan" aria-labelledby="personal-plan-heading">
      <h3 id="personal-plan-heading">Personlig plan i tillegg til standard</h3>
      <p>
        <strong>Standard:</strong> {response.riskText} – {response.responseText}
      </p>
      <p>{describePersonalPlan(plan, now)}</p>
      {evaluation.kind === 'evaluated' && (
        <>
          {evaluation.crossed.length > 0 ? (
            <ul className="personal-plan__crossed" aria-label="Personlige grenser passert">
              {evaluation.crossed.map((c) => (
                <li key={c.text} className={`zone zone--${c.alert.zone}`}>
                  <strong>{c.alert.zone === 'red' ? 'Rød sone' : 'Gul sone'}:</strong> {c.text}
                  {c.partial ? ' (delsum av en ufullstendig måling)' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>Ingen personlige grenser er passert i denne målingen.</p>
          )}
          {evaluation.spo2Target && plan.spo2Target && (
            <p>
              SpO₂ {set.vitals.spo2} % er {TARGET_TEXT[evaluation.spo2Target]} målområdet{' '}
              {plan.spo2Target.low}–{plan.spo2Target.high} %.
            </p>
          )}
        </>
      )}
      <p className="muted">
        Planen kommer i tillegg til standard NEWS2, risiko og tiltak, aldri i stedet for dem.
      </p>
    </section>
  );
}
