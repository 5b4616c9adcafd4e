import { useMemo } from 'react';
import { personalBaseline, type Baseline, type ClinicianBaseline } from '../../../core/baseline/baseline';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';

function setsOf(section: Section<DeviceVitalSignsSet[]>): DeviceVitalSignsSet[] {
  if (section.kind === 'ready') return section.data;
  if (section.kind === 'unavailable') return section.cached?.data ?? [];
  return [];
}

/**
 * The patient's usual values, derived by core from their own history (90 days, at least
 * 5 full sets), or a clinician's (the personal plan's usual values, while it is in force:
 * core's personalBaseline takes it as a whole). Decision support shown beside the NEWS2,
 * never instead of it.
 */
export function useBaseline(
  vitals: Section<DeviceVitalSignsSet[]>,
  patientId: string,
  now: Date,
  clinician?: ClinicianBaseline,
): Baseline | undefined {
  const day = now.toISOString().slice(0, 13);
  return useMemo(() => {
    const sets = setsOf(vitals);
    if (!sets.length && !clinician) return undefined;
    return personalBaseline(patientId, sets, clinician, { now: new Date(`${day}:00:00Z`).toISOString() });
  }, [vitals, patientId, day, clinician]);
}
