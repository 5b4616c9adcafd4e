import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import type { BaselineSummary } from './baselineView';

/** The patient's usual NEWS2 from their history (src/core/baseline), if one can be derived. */
export function useBaseline(
  _vitals: Section<DeviceVitalSignsSet[]>,
  _now: Date,
): BaselineSummary | undefined {
  return undefined;
}
