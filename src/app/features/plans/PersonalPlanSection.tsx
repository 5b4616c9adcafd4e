// The clinician-set personal plan (issue #12 point 5): usual values or ranges, a target SpO2
// range, personal thresholds with what to do, with who, when, why and a review date. Set
// by a doctor, or a nurse where the municipality allows it (the token's plan_rights; the
// platform checks again). Refused at the form with core's reasons. Shown beside the
// standard score on the overview, never instead of it.
import { useState } from 'react';
import type { ClinicalActor } from '../../../core/actor';
import { describePersonalPlan, personalPlanStatus, type PersonalPlan } from '../../../core/plan/personalPlan';
import type { PatientView } from '../../../offline/api';
import { PlanForm } from './PersonalPlanForm';
import { PlanWriteBadge } from './PlanWriteBadge';
import { personalPlanNow, plansOf, writeOf } from './planData';

export function PersonalPlanSection(props: {
  patientId: string;
  view: Pick<PatientView, 'plans' | 'planWrites'>;
  actor: ClinicalActor | undefined;
  mayWrite: boolean;
  /** False when the app cannot tell (another server): the server decides when it is sent. */
  rightsKnown: boolean;
  now: () => Date;
  newId: () => string;
  onSave: (plan: PersonalPlan) => Promise<void>;
}) {
  const now = props.now();
  const plans = plansOf(props.view);
  const current = personalPlanNow(plans, props.patientId, now);
  const active = current && personalPlanStatus(current, now.toISOString()) === 'active' ? current : undefined;
  const [formKey, setFormKey] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section className="card plan-card" aria-labelledby="personal-plan-section-heading">
      <h2 id="personal-plan-section-heading">Personlig plan</h2>
      {props.view.plans === undefined || props.view.plans.kind === 'loading' ? (
        <p>Henter planen …</p>
      ) : current ? (
        <>
          <p className={active ? 'personal-plan__text' : 'notice notice--warn'}>
            {describePersonalPlan(current, now.toISOString())}
          </p>
          <p className="muted">Begrunnelse: {current.reason}</p>
        </>
      ) : plans ? (
        <p>Ingen personlig plan. Standard NEWS2 og tiltak gjelder.</p>
      ) : (
        <p className="notice notice--warn">Planene er ikke hentet til enheten: personlig plan er ukjent.</p>
      )}
      <PlanWriteBadge write={writeOf(props.view, current?.id)} />
      <div role="status" aria-live="polite">
        {status && <p className="notice">{status}</p>}
      </div>
      {!props.mayWrite ? (
        <p className="notice">
          Personlig plan settes av lege {props.rightsKnown ? 'i denne kommunen' : ''}. Du kan lese planen, men
          ikke sette den.
        </p>
      ) : !props.actor ? (
        <p className="notice">Din rolle er ukjent for Varde, så du kan ikke sette planen her.</p>
      ) : (
        <>
          {!props.rightsKnown && (
            <p className="muted">Serveren avgjør om din rolle kan sette personlig plan når planen sendes.</p>
          )}
          <PlanForm
            key={formKey}
            patientId={props.patientId}
            actor={props.actor}
            current={active}
            now={props.now}
            newId={props.newId}
            onSave={props.onSave}
            onSaved={(plan) => {
              setStatus(
                `Den personlige planen er lagret: ${describePersonalPlan(plan, props.now().toISOString())}`,
              );
              setFormKey((k) => k + 1);
            }}
          />
        </>
      )}
    </section>
  );
}
