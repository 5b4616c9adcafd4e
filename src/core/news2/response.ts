import type { News2Score } from './index';

export interface News2Response {
  /** RCP chart 4 clinical response level. */
  level: 'routine' | 'ward-assessment' | 'urgent-ward' | 'urgent' | 'emergency';
  /** Norwegian text for the UI: what to do. */
  responseText: string;
  /** Norwegian text for the UI: how often to measure. */
  monitoringText: string;
  /** Minimum monitoring interval in hours; 0 means continuous. */
  monitoringIntervalHours: number;
}

export interface MeasurementDue {
  dueAt: string; // ISO 8601
  overdue: boolean;
}

// TODO(core helper)
export function news2Response(_score: News2Score): News2Response {
  throw new Error('not implemented');
}

// TODO(core helper): time arrives as an argument; core never reads the clock.
export function nextMeasurementDue(
  _score: News2Score,
  _measuredAt: string,
  _opts: { now: string },
): MeasurementDue {
  throw new Error('not implemented');
}
