// Time helpers for the synthetic data. Times are written as local Norwegian time with its
// offset (DOMAIN.md: ISO 8601 with offset), so that home visits fall at plausible hours.
// The Oslo offset rule (EU summer time, hand-rolled so output never depends on ICU data)
// lives in core (src/core/time/oslo.ts), shared with the clinical rules that count days.
import { osloOffsetMinutes, toOsloIso } from '../../core/time/oslo';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export { osloOffsetMinutes, toOsloIso };

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
