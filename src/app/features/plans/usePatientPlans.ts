import { useMemo } from 'react';
import type { ClinicianBaseline } from '../../../core/baseline/baseline';
import type { PatientPlans, PatientView } from '../../../offline/api';
import { personalPlanNow, planBaseline, plansOf } from './planData';

/**
 * The patient's plans on the device and the clinician baseline of the personal plan in
 * force (its usual values), kept stable across renders within the hour so baselines and
 * charts are not recomputed on every tick.
 */
export function usePatientPlans(
  view: Pick<PatientView, 'plans'>,
  patientId: string,
  now: Date,
): { plans: PatientPlans | undefined; clinician: ClinicianBaseline | undefined } {
  const plans = plansOf(view);
  const hour = now.toISOString().slice(0, 13);
  const clinician = useMemo(
    () =>
      planBaseline(personalPlanNow(plans, patientId, new Date(`${hour}:00:00Z`)), new Date(`${hour}:00:00Z`)),
    [plans, patientId, hour],
  );
  return { plans, clinician };
}
