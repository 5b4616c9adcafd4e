// How Varde reads plain FHIR R4 where its own conventions are absent (issue #13 point 4):
// the one table for services' contacts and the Scale 2 decision. What Varde writes itself
// is ./services.ts and ./scale2Flag.ts; vital signs from other systems are read by
// ./vitalsMapping.ts. Anything these tables do not name is not read: the field stays
// "ukjent", never a guess.
import type {
  CodeableConcept,
  ContactPoint,
  HealthcareService,
  HealthcareServiceAvailableTime,
} from '@medplum/fhirtypes';
import { FLAG_SCALE_2, SNOMED_NEWS2, SYSTEM } from './codes';

/**
 * Flag codes that say "this patient is scored on NEWS2 SpO2 Scale 2". Varde's own code,
 * and the SNOMED CT UK extension concept of the RCP NEWS2 SpO2 Scale 2 (DOMAIN.md section 5),
 * which is what a system without Varde's code system has to name the scale by. Either way the
 * Flag must say who decided (author) and from when (period.start), as Scale 2 is a clinician's
 * documented decision (RCP 2017; DOMAIN.md section 4): a Flag without them is not read.
 */
export const SCALE2_FLAG_CODES: readonly { system: string; code: string; source: string }[] = [
  { system: SYSTEM.flag, code: FLAG_SCALE_2, source: 'Varde' },
  { system: SYSTEM.snomed, code: SNOMED_NEWS2.spo2Scale2, source: 'SNOMED CT UK (RCP NEWS2 SpO2 scale 2)' },
];

export function isScale2FlagCode(code: CodeableConcept | undefined): boolean {
  return (code?.coding ?? []).some((c) =>
    SCALE2_FLAG_CODES.some((known) => known.system === c.system && known.code === c.code),
  );
}

/**
 * Office hours, the time "Telefon dagtid" is for: Monday to Friday 08:00–15:30 (the usual
 * day shift of Norwegian municipal home care). Whatever lies outside is "etter arbeidstid".
 */
export const OFFICE_HOURS = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'] as readonly string[],
  start: '08:00:00',
  end: '15:30:00',
  /**
   * A weekday slot counts as after hours only when it reaches at least this far outside
   * office hours: a day team that starts at 07:00 is not the number to call at night, an
   * evening team (15:30–22:30) or a night team is. Weekend days and allDay always count.
   */
  afterHoursMinSeconds: 2 * 3600,
};

/**
 * ContactPoint.use values that mean the number is not to be called (R4 value set
 * contact-point-use: "old" = no longer in use). `period` only says when a number is valid at
 * all; a number whose period has ended is not shown either. Neither says "after hours".
 */
export const CONTACT_USES_NOT_IN_USE: readonly string[] = ['old'];

/** When a HealthcareService says it can be reached, from its availableTime. */
export interface Reachability {
  /** Some availableTime covers part of office hours. */
  office: boolean;
  /** Some availableTime covers time outside office hours (evenings, nights, weekends). */
  afterHours: boolean;
}

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "HH:MM" or "HH:MM:SS" as seconds of the day; undefined when unreadable. */
function secondsOf(time: string | undefined): number | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(time ?? '');
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

function reachabilityOf(slot: HealthcareServiceAvailableTime): Reachability {
  const days = slot.daysOfWeek?.length ? slot.daysOfWeek : ALL_DAYS;
  const officeDays = days.filter((d) => OFFICE_HOURS.days.includes(d));
  const otherDays = days.length > officeDays.length;
  if (slot.allDay) return { office: officeDays.length > 0, afterHours: true };
  const start = secondsOf(slot.availableStartTime) ?? 0;
  const end = secondsOf(slot.availableEndTime) ?? 24 * 3600;
  const officeStart = secondsOf(OFFICE_HOURS.start)!;
  const officeEnd = secondsOf(OFFICE_HOURS.end)!;
  const overlapsOffice = start < officeEnd && end > officeStart;
  const outside =
    Math.max(0, Math.min(end, officeStart) - start) + Math.max(0, end - Math.max(start, officeEnd));
  const outsideOffice = outside >= OFFICE_HOURS.afterHoursMinSeconds;
  return {
    office: officeDays.length > 0 && overlapsOffice,
    afterHours: otherDays || (officeDays.length > 0 && outsideOffice),
  };
}

/**
 * When the service says it is available; undefined when it says nothing (no availableTime):
 * then nothing is concluded about after hours.
 */
export function reachability(hs: Pick<HealthcareService, 'availableTime'>): Reachability | undefined {
  const slots = hs.availableTime ?? [];
  if (slots.length === 0) return undefined;
  const all = slots.map(reachabilityOf);
  return { office: all.some((r) => r.office), afterHours: all.some((r) => r.afterHours) };
}

/** Phones of a service that may be called, ordered by rank (then as listed). */
export function callablePhones(hs: Pick<HealthcareService, 'telecom'>): ContactPoint[] {
  return (hs.telecom ?? [])
    .filter(
      (t) =>
        t.system === 'phone' &&
        !!t.value &&
        !t.period?.end &&
        !(t.use !== undefined && CONTACT_USES_NOT_IN_USE.includes(t.use)),
    )
    .map((t, i) => ({ t, i }))
    .sort(
      (a, b) => (a.t.rank ?? Number.MAX_SAFE_INTEGER) - (b.t.rank ?? Number.MAX_SAFE_INTEGER) || a.i - b.i,
    )
    .map(({ t }) => t);
}
