// The order the legevakt reads a patient's services in (issue #12 point 1): the service
// they phone first on top. A view-model rule of this screen, not a clinical one.
import type { MunicipalService } from '../../../core/services/types';
import { norwegianDate } from '../../format/norwegian';

/** Volven 9151 code 15, "Helsetjenester i hjemmet": home nursing, the number called first. */
export const HOME_HEALTH_CARE_CODE = '15';

const ended = (s: MunicipalService) => s.status === 'finished' || s.status === 'cancelled';

/**
 * Services still running before ended ones (an ended service is nobody to call), then
 * Helsetjenester i hjemmet, then by vedtak hours per week, most first (unknown hours last),
 * then by name so the order never shifts between renders.
 */
export function orderForLegevakt(services: readonly MunicipalService[]): MunicipalService[] {
  return [...services].sort(
    (a, b) =>
      Number(ended(a)) - Number(ended(b)) ||
      Number(b.typeCode === HOME_HEALTH_CARE_CODE) - Number(a.typeCode === HOME_HEALTH_CARE_CODE) ||
      (b.hoursPerWeek ?? -1) - (a.hoursPerWeek ?? -1) ||
      (a.localName ?? a.typeDisplay).localeCompare(b.localName ?? b.typeDisplay, 'nb'),
  );
}

/** A review date (revurderingsdato) before today, on a service that has not ended. */
export function reviewPassed(s: MunicipalService, now: Date): boolean {
  return !!s.reviewDate && !ended(s) && s.reviewDate.slice(0, 10) < norwegianDate(now);
}
