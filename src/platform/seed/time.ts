// Time helpers for the synthetic data. Times are written as local Norwegian time with its
// offset (DOMAIN.md: ISO 8601 with offset), so that home visits fall at plausible hours.
// Norway follows the EU summer-time rule: +02:00 from the last Sunday of March 01:00 UTC
// to the last Sunday of October 01:00 UTC, otherwise +01:00. Hand-rolled because the rule
// is two lines and Intl time-zone data would make output depend on the Node build's ICU.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Oslo's offset from UTC in minutes at an instant (60 or 120). */
export function osloOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayUtc(year, 2) && ms < lastSundayUtc(year, 9) ? 120 : 60;
}

/** ISO 8601 in Oslo local time with offset, seconds precision, e.g. 2026-11-25T09:14:00+01:00. */
export function toOsloIso(ms: number): string {
  const offset = osloOffsetMinutes(ms);
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 19);
  return `${local}+0${offset / 60}:00`;
}

/** The instant of a local Oslo wall-clock time on the local date that contains `dayMs`. */
export function osloLocalTime(dayMs: number, hour: number, minute: number): number {
  const localDate = new Date(dayMs + osloOffsetMinutes(dayMs) * MINUTE).toISOString().slice(0, 10);
  const guess = Date.parse(`${localDate}T00:00:00Z`) + hour * HOUR + minute * MINUTE;
  return guess - osloOffsetMinutes(guess - 60 * MINUTE) * MINUTE;
}

/** YYYY-MM-DD of the Oslo local date of an instant. */
export function osloDate(ms: number): string {
  return toOsloIso(ms).slice(0, 10);
}

export function parseInstant(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${what} must be an ISO 8601 date-time, got "${iso}"`);
  return ms;
}
