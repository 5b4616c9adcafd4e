import { useMemo } from 'react';
import type { ClinicianBaseline } from '../../../core/baseline/baseline';
import type { PatientPlans, PatientView } from '../../../offline/api';
import { personalPlanNow, planBaseline, plansOf } from './planData';

/**
 * The patient's plans on the device and the clinician baseline of the personal plan in
 * force (its usual values), kept stable across renders within the minute so baselines and
 * charts are not recomputed on every tick. Read at the minute's end: a plan set a moment
 * ago is in force at once (read at the start of the hour or minute, it would not yet be).
 */
export function usePatientPlans(
  view: Pick<PatientView, 'plans'>,
  patientId: string,
  now: Date,
): { plans: PatientPlans | undefined; clinician: ClinicianBaseline | undefined } {
  const plans = plansOf(view);
  const minute = now.toISOString().slice(0, 16);
  const clinician = useMemo(() => {
    const at = new Date(Date.parse(`${minute}:59.999Z`));
    return planBaseline(personalPlanNow(plans, patientId, at), at);
  }, [plans, patientId, minute]);
  return { plans, clinician };
}
