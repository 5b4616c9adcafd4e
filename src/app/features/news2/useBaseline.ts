import { useMemo } from 'react';
import { personalBaseline, type Baseline } from '../../../core/baseline/baseline';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';

function setsOf(section: Section<DeviceVitalSignsSet[]>): DeviceVitalSignsSet[] {
  if (section.kind === 'ready') return section.data;
  if (section.kind === 'unavailable') return section.cached?.data ?? [];
  return [];
}

/**
 * The patient's usual values, derived by core from their own history (90 days, at least
 * 5 full sets). Decision support shown beside the NEWS2, never instead of it.
 */
export function useBaseline(
  vitals: Section<DeviceVitalSignsSet[]>,
  patientId: string,
  now: Date,
): Baseline | undefined {
  const day = now.toISOString().slice(0, 13);
  return useMemo(() => {
    const sets = setsOf(vitals);
    if (!sets.length) return undefined;
    return personalBaseline(patientId, sets, undefined, { now: new Date(`${day}:00:00Z`).toISOString() });
  }, [vitals, patientId, day]);
}
