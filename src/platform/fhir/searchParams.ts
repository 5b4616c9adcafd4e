// FHIR search parameters -> ResourceQuery, for the parameters docs/platform-api.md lists.
// Unknown parameters are refused (400) rather than ignored: a filter silently dropped
// would show a clinician data they did not ask for.
import type { DateFilter, ResourceQuery, SortField } from '../events/types';
import { FhirError } from './outcome';
import { decodeCursor } from './searchCursor';

export type Query = Record<string, string | string[] | undefined>;

export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;
/**
 * The deepest page a search reaches. Far above any one patient's record (a complete set
 * every hour for ten years is about 700,000 Observations), and below the numbers that
 * overflow PostgreSQL's bigint or lose precision in JavaScript; deeper than this, narrow
 * the search with date or _lastUpdated.
 */
export const MAX_OFFSET = 1_000_000;

/** FHIR dates are years 0001-9999 (0001-01-01 and 10000-01-01 in ms since the epoch). */
const FIRST_INSTANT_MS = -62_135_596_800_000;
const END_INSTANT_MS = 253_402_300_800_000;
/** The last instant PostgreSQL and FHIR both write as a four-digit year. */
const LAST_INSTANT = '9999-12-31T23:59:59.999Z';

/** Date.UTC, but years 0-99 are those years (Date.UTC reads them as 1900-1999). */
function utc(year: number, monthIndex: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d;
}

const COMMON = [
  '_id',
  '_count',
  '_offset',
  '_cursor',
  '_sort',
  '_lastUpdated',
  '_include',
  '_include:iterate',
  '_format',
  '_elements',
  'identifier',
];

export const SEARCH_PARAMS: Record<string, string[]> = {
  Patient: [],
  Practitioner: [],
  PractitionerRole: ['practitioner'],
  Organization: [],
  Observation: ['patient', 'subject', 'category', 'code', 'date'],
  EpisodeOfCare: ['patient', 'type'],
  ServiceRequest: ['patient', 'subject'],
  HealthcareService: ['type'],
  Flag: ['patient', 'subject', 'code'],
  CareTeam: ['patient', 'subject', 'participant'],
  CarePlan: ['patient', 'subject', 'category'],
  AuditEvent: ['patient'],
  Communication: ['patient', 'subject', 'category'],
};

export function values(query: Query, name: string): string[] {
  const v = query[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== '');
}

function stripPrefix(ref: string, type: string): string {
  return ref.startsWith(`${type}/`) ? ref.slice(type.length + 1) : ref;
}

/** "ge2026-01-01" -> filters on the instant range the value denotes (FHIR search 3.1.1.5.7). */
export function parseDateParam(raw: string, param: string): DateFilter[] {
  const m =
    /^(eq|gt|ge|lt|le)?(\d{4})(?:-(\d{2})(?:-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(
      raw,
    );
  if (!m) throw FhirError.of(400, 'invalid', `Ugyldig dato i ${param}: ${raw}`, [param]);
  const [, prefix = 'eq', y, mo, d, t] = m;
  let lo: Date;
  let hi: Date;
  if (t) {
    const iso = `${y}-${mo}-${d}${t}`;
    lo = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(t) ? iso : `${iso}Z`);
    // The range a value denotes ends at its precision: a minute, a second or a millisecond.
    // Too wide a range here would make "_lastUpdated=gt<checkpoint>" skip fresh data.
    const seconds = /^T\d{2}:\d{2}:\d{2}(\.\d+)?/.exec(t);
    const step = !seconds ? 60_000 : seconds[1] ? 10 ** (3 - Math.min(3, seconds[1].length - 1)) : 1000;
    hi = new Date(lo.getTime() + step);
  } else if (d) {
    lo = utc(+y, +mo - 1, +d);
    hi = new Date(lo.getTime() + 86_400_000);
  } else if (mo) {
    lo = utc(+y, +mo - 1, 1);
    hi = utc(+y, +mo, 1);
  } else {
    lo = utc(+y, 0, 1);
    hi = utc(+y + 1, 0, 1);
  }
  // Date.UTC rolls 2026-13-01 over into 2027; a date that does not round-trip is invalid.
  const rolled = !t && ((mo && lo.getUTCMonth() + 1 !== +mo) || (d && lo.getUTCDate() !== +d));
  if (Number.isNaN(lo.getTime()) || rolled)
    throw FhirError.of(400, 'invalid', `Ugyldig dato i ${param}: ${raw}`, [param]);
  if (lo.getTime() < FIRST_INSTANT_MS || lo.getTime() >= END_INSTANT_MS) {
    throw FhirError.of(400, 'invalid', `Datoen i ${param} må ligge i årene 0001–9999: ${raw}`, [param]);
  }
  const L = lo.toISOString();
  // The range of 9999-12-31 ends at year 10000, which PostgreSQL cannot read as written.
  const H = hi.getTime() >= END_INSTANT_MS ? LAST_INSTANT : hi.toISOString();
  switch (prefix) {
    case 'gt':
      return [{ op: '>=', value: H }];
    case 'ge':
      return [{ op: '>=', value: L }];
    case 'lt':
      return [{ op: '<', value: L }];
    case 'le':
      return [{ op: '<', value: H }];
    default:
      return [
        { op: '>=', value: L },
        { op: '<', value: H },
      ];
  }
}

/**
 * A paging parameter: at most once, and written as a whole number in decimal digits
 * ("1e3", "0x10", " 5" and "-1" are refused, not read as numbers).
 */
function pagingNumber(query: Query, name: '_count' | '_offset'): number | undefined {
  const all = values(query, name);
  if (all.length > 1) throw FhirError.of(400, 'invalid', `${name} kan bare oppgis én gang.`, [name]);
  const raw = all[0];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) {
    throw FhirError.of(
      400,
      'invalid',
      `Ugyldig ${name}: ${raw.slice(0, 40)} (forventet et helt tall, 0 eller mer).`,
      [name],
    );
  }
  return Number(raw);
}

/** _count above MAX_COUNT gets MAX_COUNT: FHIR lets a server return fewer than asked. */
function parseCount(query: Query): number {
  const n = pagingNumber(query, '_count');
  return n === undefined ? DEFAULT_COUNT : Math.min(n, MAX_COUNT);
}

function parseOffset(query: Query): number {
  const n = pagingNumber(query, '_offset') ?? 0;
  if (n > MAX_OFFSET) {
    throw FhirError.of(
      400,
      'too-costly',
      `_offset kan være høyst ${MAX_OFFSET}; avgrens søket med date eller _lastUpdated.`,
      ['_offset'],
    );
  }
  return n;
}

function parseSort(query: Query): { field: SortField; desc: boolean }[] {
  return values(query, '_sort').map((s) => {
    const desc = s.startsWith('-');
    const name = desc ? s.slice(1) : s;
    if (name === 'date') return { field: 'effective', desc };
    if (name === '_lastUpdated') return { field: 'lastUpdated', desc };
    throw FhirError.of(400, 'not-supported', `_sort=${s} støttes ikke (date, _lastUpdated).`, ['_sort']);
  });
}

export interface ParsedSearch {
  query: ResourceQuery;
  /** The patient ids the search is limited to, if any (for access checks). */
  patients?: string[];
  includes: string[];
  iterateIncludes: string[];
  offset: number;
  count: number;
}

export function parseSearch(type: string, query: Query): ParsedSearch {
  const allowed = SEARCH_PARAMS[type];
  if (!allowed) throw FhirError.of(404, 'not-supported', `Ressurstypen ${type} støttes ikke.`);
  for (const name of Object.keys(query)) {
    const base = name.replace(/:(exact|missing)$/, '');
    if (!COMMON.includes(base) && !allowed.includes(base)) {
      throw FhirError.of(400, 'not-supported', `Søkeparameteren ${name} støttes ikke for ${type}.`, [name]);
    }
  }
  const q: ResourceQuery = { type };
  const ids = values(query, '_id');
  if (ids.length) q.ids = ids;
  const patientRefs = [...values(query, 'patient'), ...values(query, 'subject')].map((r) =>
    stripPrefix(r, 'Patient'),
  );
  if (patientRefs.length) q.patients = patientRefs;
  const identifiers = values(query, 'identifier');
  if (identifiers.length) q.identifiers = identifiers;
  const codes = [...values(query, 'code'), ...values(query, 'type')];
  if (codes.length) q.codes = codes;
  const categories = values(query, 'category');
  if (categories.length) q.categories = categories;
  const refs = [
    ...values(query, 'participant').map((r) => (r.includes('/') ? r : `Practitioner/${r}`)),
    ...values(query, 'practitioner').map((r) => (r.includes('/') ? r : `Practitioner/${r}`)),
  ];
  if (refs.length) q.refs = refs;
  const date = values(query, 'date').flatMap((d) => parseDateParam(d, 'date'));
  if (date.length) q.effective = date;
  const lu = values(query, '_lastUpdated').flatMap((d) => parseDateParam(d, '_lastUpdated'));
  if (lu.length) q.lastUpdated = lu;
  const sort = parseSort(query);
  q.sort = sort.length ? sort : [{ field: 'lastUpdated', desc: false }];
  const count = parseCount(query);
  const offset = parseOffset(query);
  q.count = count;
  q.offset = offset;
  // The platform's next links carry both: `_offset` says where the page is, `_cursor` lets
  // the store start there by index instead of walking the rows before it.
  const cursors = values(query, '_cursor');
  if (cursors.length > 1) throw FhirError.of(400, 'invalid', '_cursor kan bare oppgis én gang.', ['_cursor']);
  if (cursors[0] !== undefined) q.after = decodeCursor(cursors[0], q.sort.length);
  return {
    query: q,
    patients: q.patients,
    includes: values(query, '_include'),
    iterateIncludes: values(query, '_include:iterate'),
    offset,
    count,
  };
}
