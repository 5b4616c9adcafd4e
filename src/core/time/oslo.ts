// Norwegian calendar time for the clinical rules that count in days, weeks and months
// (monitoring plans, baselines weighted by day, "i dag" on the worklist). A home-care day
// is an Oslo calendar day, not a UTC one: a set at 00:30 Oslo time belongs to that day.
//
// Norway follows the EU summer-time rule: +02:00 from the last Sunday of March 01:00 UTC to
// the last Sunday of October 01:00 UTC, otherwise +01:00. Hand-rolled (as in
// src/platform/seed/time.ts) so the result never depends on the ICU data of a browser or
// Node build. The change happens at 01:00 UTC, never at local midnight, so every Oslo day
// has exactly one midnight.

const MINUTE = 60_000;
export const HOUR_MS = 60 * MINUTE;
export const DAY_MS = 24 * HOUR_MS;

/** A calendar date, YYYY-MM-DD. */
export type CalendarDate = string;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Oslo's offset from UTC in minutes at an instant (60 or 120). */
export function osloOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayUtc(year, 2) && ms < lastSundayUtc(year, 9) ? 120 : 60;
}

/** Parses an ISO 8601 date-time; RangeError (naming `what`) when it is not one. */
export function parseInstant(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an ISO 8601 date-time: ${JSON.stringify(iso)}`);
  return ms;
}

/** The Oslo calendar date of an instant. */
export function osloDateOf(ms: number): CalendarDate {
  return new Date(ms + osloOffsetMinutes(ms) * MINUTE).toISOString().slice(0, 10);
}

/** The instant an Oslo calendar date begins (local midnight). */
export function osloStartOfDay(date: CalendarDate): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(utcMidnight)) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  // The offset at 00:00 UTC equals the offset at the local midnight before it (22:00 or
  // 23:00 UTC), because the change is at 01:00 UTC.
  return utcMidnight - osloOffsetMinutes(utcMidnight) * MINUTE;
}

/** Whole calendar days from `a` to `b` (b - a). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** `date` plus `n` days. */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `n` calendar months; the 31st becomes the last day of a shorter month. */
export function addMonths(date: CalendarDate, n: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dd.mm.yyyy of a calendar date. */
export function norwegianCalendarDate(date: CalendarDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** HH:MM in Oslo time (24 h). */
export function osloClock(ms: number): string {
  const local = new Date(ms + osloOffsetMinutes(ms) * MINUTE);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** ISO 8601 in Oslo local time with offset, to the second, e.g. 2026-11-25T09:14:05+01:00. */
export function toOsloIso(ms: number): string {
  const offset = osloOffsetMinutes(ms);
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 19);
  return `${local}+0${offset / 60}:00`;
}
