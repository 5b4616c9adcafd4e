// Norwegian presentation of dates, numbers and identities (bokmål, dd.mm.yyyy, 24 h,
// decimal comma). Times are shown in Norwegian time whatever the device's zone, so a
// shared tablet or a legevakt PC set to UTC never shows a shifted time.
const zone = 'Europe/Oslo';

const dateFormat = new Intl.DateTimeFormat('nb-NO', {
  timeZone: zone,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('nb-NO', {
  timeZone: zone,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parse(iso: string): Date | undefined {
  // A plain date (2024-03-01) is a calendar day, not midnight UTC.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** dd.mm.yyyy, or "ukjent" for missing or unreadable input. */
export function formatDate(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? dateFormat.format(d) : 'ukjent';
}

/** dd.mm.yyyy kl. HH:mm */
export function formatDateTime(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? `${dateFormat.format(d)} kl. ${timeFormat.format(d)}` : 'ukjent';
}

const secondsFormat = new Intl.DateTimeFormat('nb-NO', {
  timeZone: zone,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** dd.mm.yyyy kl. HH:mm:ss, for where two sets in the same minute must read apart. */
export function formatDateTimeSeconds(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? `${dateFormat.format(d)} kl. ${secondsFormat.format(d)}` : 'ukjent';
}

const isoDateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Norway as yyyy-mm-dd (for comparing with plain FHIR dates). */
export function norwegianDate(at: Date): string {
  return isoDateParts.format(at);
}

/** HH:mm */
export function formatTime(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? timeFormat.format(d) : 'ukjent';
}

/** Decimal comma, at most `digits` decimals, no grouping surprises for clinical values. */
export function formatNumber(value: number | undefined, digits = 1): string {
  if (value === undefined || Number.isNaN(value)) return 'ukjent';
  return numberFormat(digits).format(value);
}

// Making an Intl.NumberFormat costs far more than formatting with one, and chart axes and
// tables format thousands of numbers: one per number of decimals, made on first use.
const numberFormats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = numberFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: digits, useGrouping: false });
    numberFormats.set(digits, f);
  }
  return f;
}

/** Parses what a nurse types: "37,5" or "37.5". Empty input is undefined; junk is NaN. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** Whole years between birth date and now. */
export function ageInYears(birthDate: string, now: Date): number | undefined {
  const b = parse(birthDate);
  if (!b) return undefined;
  let age = now.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < b.getUTCMonth() ||
    (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** "01020312345" -> "010203 12345", the way Norwegian records print it. */
export function formatFnr(fnr: string): string {
  return /^\d{11}$/.test(fnr) ? `${fnr.slice(0, 6)} ${fnr.slice(6)}` : fnr;
}

export function formatGender(g: 'male' | 'female' | 'other' | 'unknown'): string {
  return { male: 'Mann', female: 'Kvinne', other: 'Annet', unknown: 'Kjønn ukjent' }[g];
}

/** "for 5 min siden", "for 3 timer siden", "for 2 døgn siden". */
export function formatAge(iso: string, now: Date): string {
  const d = parse(iso);
  if (!d) return 'ukjent tid';
  const minutes = Math.round((now.getTime() - d.getTime()) / 60_000);
  if (minutes < 0) return 'fram i tid';
  if (minutes < 1) return 'nå nettopp';
  if (minutes < 60) return `for ${minutes} min siden`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `for ${hours} ${hours === 1 ? 'time' : 'timer'} siden`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `for ${days} døgn siden`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `for ${months} måneder siden`;
  return `for ${Math.floor(days / 365.25)} år siden`;
}
