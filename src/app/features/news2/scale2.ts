import type { Scale2Decision } from '../../../core/news2/scale2';
import type { Section } from '../../../offline/api';

/**
 * The Scale 2 decisions the screens use (core's; which one is in force at a time is core's
 * scale2DecisionAt / spo2ScaleFor): from the server, or from the device's copy when the
 * server cannot be reached; an empty list when none is recorded (Scale 1); undefined when it
 * is not known (loading, denied, or never fetched), which the screens show as "ukjent" and
 * never as Scale 1 by default.
 */
export function scale2Decisions(
  section: Section<readonly Scale2Decision[]>,
): readonly Scale2Decision[] | undefined {
  switch (section.kind) {
    case 'ready':
      return section.data;
    case 'unavailable':
      return section.cached?.data;
    default:
      return undefined;
  }
}
