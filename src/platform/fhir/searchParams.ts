// FHIR search parameters -> ResourceQuery, for the parameters docs/platform-api.md lists.
// Unknown parameters are refused (400) rather than ignored: a filter silently dropped
// would show a clinician data they did not ask for.
import type { DateFilter, ResourceQuery, SortField } from '../events/types';
import { FhirError } from './outcome';

export type Query = Record<string, string | string[] | undefined>;

export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;

const COMMON = [
  '_id',
  '_count',
  '_offset',
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
  HealthcareService: [],
  Flag: ['patient', 'subject', 'code'],
  CareTeam: ['patient', 'subject', 'participant'],
  AuditEvent: ['patient'],
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
    lo = new Date(Date.UTC(+y, +mo - 1, +d));
    hi = new Date(Date.UTC(+y, +mo - 1, +d + 1));
  } else if (mo) {
    lo = new Date(Date.UTC(+y, +mo - 1, 1));
    hi = new Date(Date.UTC(+y, +mo, 1));
  } else {
    lo = new Date(Date.UTC(+y, 0, 1));
    hi = new Date(Date.UTC(+y + 1, 0, 1));
  }
  // Date.UTC rolls 2026-13-01 over into 2027; a date that does not round-trip is invalid.
  const rolled = !t && ((mo && lo.getUTCMonth() + 1 !== +mo) || (d && lo.getUTCDate() !== +d));
  if (Number.isNaN(lo.getTime()) || rolled)
    throw FhirError.of(400, 'invalid', `Ugyldig dato i ${param}: ${raw}`, [param]);
  const L = lo.toISOString();
  const H = hi.toISOString();
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

function parseCount(query: Query): number {
  const raw = values(query, '_count')[0];
  if (raw === undefined) return DEFAULT_COUNT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw FhirError.of(400, 'invalid', `Ugyldig _count: ${raw}`, ['_count']);
  return Math.min(n, MAX_COUNT);
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
  const offsetRaw = values(query, '_offset')[0] ?? '0';
  const offset = Number(offsetRaw);
  if (!Number.isInteger(offset) || offset < 0)
    throw FhirError.of(400, 'invalid', `Ugyldig _offset: ${offsetRaw}`, ['_offset']);
  q.count = count;
  q.offset = offset;
  return {
    query: q,
    patients: q.patients,
    includes: values(query, '_include'),
    iterateIncludes: values(query, '_include:iterate'),
    offset,
    count,
  };
}
