// Pull: fetch a patient's sections from the server and store them in the patient cache
// (../patientCache.ts: sealed, with the time fetched), so the screens read from the device
// first and stay readable offline.
//
// 1. identity  GET Patient/{id}                         -> minimal PatientIdentity
// 2. services  GET EpisodeOfCare?patient=…&_include=…  -> services + coverage statement
//              (one request, replaced whole: the vedtak list is small)
// 3. vitals    GET Observation?patient=…&category=vital-signs&_lastUpdated=ge{checkpoint}
//              paged through `next` links, merged by identifier. `ge` rather than `gt`:
//              two writes in the same millisecond as the checkpoint would otherwise be
//              missed; the overlap is removed by the merge.
// 4. scale2    GET Flag?patient=…                      -> the Scale 2 decision or null
// A 403 is "denied" and removes that section's cache (restricted data is neither shown
// nor kept); network errors and 5xx leave the cache as it was and say "unavailable".
// Cached data keeps only whitelisted fields: no narrative, no notes (minimal cache).
import type {
  Bundle,
  CareTeam,
  CodeableConcept,
  Flag,
  Observation,
  Patient,
  Quantity,
} from '@medplum/fhirtypes';
import { parseCoverageOutcome } from '../../core/fhir/coverage';
import { servicesFromFhir, servicesInputFromBundle } from '../../core/fhir/services';
import { EXTENSION, FLAG_SCALE_2, SYSTEM } from '../../core/fhir/codes';
import type { PatientIdentity, Scale2Decision } from '../api';
import { WORKLIST_KEY, type FetchOutcome, type SectionName } from '../db';
import type { PatientCache, SectionData, ServicesData } from '../patientCache';
import { outcomeText, type FhirResult, type FhirTransport } from './transport';

export interface PullDeps {
  cache: PatientCache;
  transport: FhirTransport;
  now: () => Date;
  pageSize?: number;
}

type Fetched<T> = { ok: true; data: T; checkpoint?: string } | { ok: false; outcome: FetchOutcome };

function failure(result: Exclude<FhirResult, { kind: 'ok' }>, at: string): FetchOutcome {
  switch (result.kind) {
    case 'login-required':
      return { kind: 'login-required', at };
    case 'network-error':
      return { kind: 'unavailable', at, reason: 'Ingen forbindelse med serveren.' };
    case 'timeout':
      return { kind: 'unavailable', at, reason: 'Serveren svarte ikke i tide.' };
    case 'http-error':
      if (result.status === 403) {
        return {
          kind: 'denied',
          at,
          reason: outcomeText(result.outcome, 'Du har ikke tilgang til disse opplysningene.'),
        };
      }
      if (result.status === 404)
        return { kind: 'unavailable', at, reason: 'Fant ikke pasienten på serveren.' };
      return {
        kind: 'unavailable',
        at,
        reason: outcomeText(result.outcome, `Kilden svarte med feil (${result.status}).`),
      };
    default: {
      const never: never = result;
      return never;
    }
  }
}

async function getJson<T>(
  deps: PullDeps,
  url: string,
): Promise<{ ok: true; body: T } | { ok: false; outcome: FetchOutcome }> {
  const r = await deps.transport.request({ method: 'GET', url });
  if (r.kind === 'ok') return { ok: true, body: r.body as T };
  return { ok: false, outcome: failure(r, deps.now().toISOString()) };
}

/** Stores a fetch result in the cache: sealed data on success, only the outcome on failure. */
function store<K extends SectionName>(
  deps: PullDeps,
  patientId: string,
  section: K,
  fetched: Fetched<SectionData[K]>,
): Promise<FetchOutcome> {
  return fetched.ok
    ? deps.cache.storeData(patientId, section, fetched.data, fetched.checkpoint)
    : deps.cache.storeFailure(patientId, section, fetched.outcome);
}

export function identityFromPatient(p: Patient): PatientIdentity {
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const display = name ? [...(name.given ?? []), name.family].filter(Boolean).join(' ') : '';
  return {
    id: p.id ?? '',
    name: display || 'Ukjent navn',
    fnr: p.identifier?.find((i) => i.system === SYSTEM.fodselsnummer)?.value ?? '',
    birthDate: p.birthDate ?? '',
    gender: p.gender ?? 'unknown',
  };
}

export async function pullIdentity(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const r = await getJson<Patient>(deps, `Patient/${encodeURIComponent(patientId)}`);
  return store(deps, patientId, 'identity', r.ok ? { ok: true, data: identityFromPatient(r.body) } : r);
}

export async function pullServices(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const r = await getJson<Bundle>(
    deps,
    `EpisodeOfCare?patient=${encodeURIComponent(patientId)}&_include=EpisodeOfCare:incoming-referral&_include:iterate=ServiceRequest:performer`,
  );
  if (!r.ok) return store(deps, patientId, 'services', r);
  const data: ServicesData = {
    coverage: parseCoverageOutcome(r.body),
    services: servicesFromFhir(servicesInputFromBundle(r.body)),
  };
  return store(deps, patientId, 'services', { ok: true, data });
}

// The vitals cache keeps each part as a stripped Observation: only what the merge
// (identifier, id, meta.lastUpdated) and core observationsToVitalSignsSets read (status,
// codes, subject, effective time, performer, values, the SpO2 scale, meta.source).
// Displays, texts, category, issued and the rest are dropped: the cache stays minimal
// (DOMAIN.md risk 11), and sealing a third of the bytes is what makes a worklist sync
// fast. Parts, not whole sets, are kept on purpose: an incremental page may bring one
// corrected or entered-in-error part of a set, and the set must be rebuilt from all of
// its parts exactly as a full pull would.

function minimalCodings(concept: CodeableConcept | undefined): CodeableConcept | undefined {
  if (!concept?.coding) return undefined;
  return { coding: concept.coding.map((c) => ({ system: c.system, code: c.code })) };
}

function minimalQuantity(q: Quantity | undefined): Quantity | undefined {
  // `code` and `unit` tell a Fahrenheit temperature from a Celsius one.
  return q ? { value: q.value, unit: q.unit, code: q.code } : undefined;
}

/** Only the fields the vitals views and the merge read: drops text, note and anything else. */
export function minimalObservation(o: Observation): Observation {
  const setIdentifier = o.identifier?.filter((i) => i.system === SYSTEM.vitalSignsSet);
  const performer = o.performer?.[0];
  const spo2Scale = o.extension?.filter((e) => e.url === EXTENSION.spo2Scale);
  const out: Observation = {
    resourceType: 'Observation',
    status: o.status,
    code: minimalCodings(o.code) ?? {},
    // The id is the merge key only for parts without Varde's set identifier.
    id: setIdentifier?.length ? undefined : o.id,
    identifier: setIdentifier?.length
      ? setIdentifier.map((i) => ({ system: i.system, value: i.value }))
      : undefined,
    subject: o.subject?.reference !== undefined ? { reference: o.subject.reference } : undefined,
    effectiveDateTime: o.effectiveDateTime,
    effectiveInstant: o.effectiveInstant,
    effectivePeriod: o.effectivePeriod?.start !== undefined ? { start: o.effectivePeriod.start } : undefined,
    performer: performer ? [{ reference: performer.reference, display: performer.display }] : undefined,
    valueQuantity: minimalQuantity(o.valueQuantity),
    valueCodeableConcept: minimalCodings(o.valueCodeableConcept),
    component: o.component?.map((c) => ({
      code: minimalCodings(c.code) ?? {},
      valueQuantity: minimalQuantity(c.valueQuantity),
      valueCodeableConcept: minimalCodings(c.valueCodeableConcept),
    })),
    extension: spo2Scale?.length
      ? spo2Scale.map((e) => ({ url: e.url, valueInteger: e.valueInteger }))
      : undefined,
    meta:
      o.meta?.lastUpdated !== undefined || o.meta?.source !== undefined
        ? { lastUpdated: o.meta.lastUpdated, source: o.meta.source }
        : undefined,
  };
  // Fields left undefined vanish when the section is sealed (JSON), so nothing strips them here.
  return out;
}

// Not `_elements`: the platform serves whole resources straight from their stored text,
// and cutting them down costs it a parse per resource. Measured in benchmark 3 (Chromium,
// quiet machine, back to back): 2.60 s with `_elements` against 2.46 s without (time inside
// the platform 1.69 s against 1.44 s), for 7 % fewer bytes. minimalObservation strips
// what the cache does not keep instead.

function observationKey(o: Observation): string {
  const sid = o.identifier?.find((i) => i.system === SYSTEM.vitalSignsSet)?.value;
  return sid ? `sid:${sid}` : `id:${o.id}`;
}

/** Merges Observations by identifier (or id); the later one wins. */
export function mergeObservations(prev: Observation[], next: Observation[]): Observation[] {
  const byKey = new Map(prev.map((o) => [observationKey(o), o]));
  for (const o of next) byKey.set(observationKey(o), minimalObservation(o));
  return [...byKey.values()];
}

export async function pullVitals(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const prevRec = await deps.cache.get(patientId, 'vitals');
  const prevData = await deps.cache.read<'vitals'>(prevRec);
  const prev = prevData?.observations ?? [];
  // Without cached data the checkpoint means nothing: fetch everything.
  const since = prevData ? prevRec?.checkpoint : undefined;
  const count = deps.pageSize ?? 1000;
  let url: string | undefined =
    `Observation?patient=${encodeURIComponent(patientId)}&category=vital-signs&_sort=_lastUpdated&_count=${count}` +
    (since ? `&_lastUpdated=ge${encodeURIComponent(since)}` : '');
  const received: Observation[] = [];
  while (url) {
    const r: Awaited<ReturnType<typeof getJson<Bundle>>> = await getJson<Bundle>(deps, url);
    // A page that fails leaves the cache as it was: no half-merged section.
    if (!r.ok) return store(deps, patientId, 'vitals', r);
    for (const e of r.body.entry ?? []) {
      if (e.resource?.resourceType === 'Observation' && e.search?.mode !== 'outcome')
        received.push(e.resource);
    }
    url = r.body.link?.find((l) => l.relation === 'next')?.url;
  }
  let checkpoint = since;
  for (const o of received) {
    const u = o.meta?.lastUpdated;
    if (u && (!checkpoint || Date.parse(u) > Date.parse(checkpoint))) checkpoint = u;
  }
  return store(deps, patientId, 'vitals', {
    ok: true,
    data: { observations: mergeObservations(prev, received) },
    checkpoint,
  });
}

/** Adds the server's copy of a set we just sent to the cached vitals (before the next pull). */
export function addConfirmedObservations(
  cache: PatientCache,
  patientId: string,
  observations: Observation[],
): Promise<void> {
  return cache.mergeVitals(patientId, (prev) => mergeObservations(prev, observations));
}

export function scale2FromFlags(bundle: Bundle): Scale2Decision | null {
  const flags = (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Flag => r?.resourceType === 'Flag')
    .filter(
      (f) =>
        f.status === 'active' &&
        f.code.coding?.some((c) => c.system === SYSTEM.flag && c.code === FLAG_SCALE_2),
    )
    .sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''));
  const f = flags[0];
  if (!f) return null;
  return {
    decidedBy: f.author?.display ?? f.author?.reference ?? 'ukjent',
    decidedAt: f.period?.start ?? f.meta?.lastUpdated ?? '',
  };
}

export async function pullScale2(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const r = await getJson<Bundle>(deps, `Flag?patient=${encodeURIComponent(patientId)}`);
  return store(deps, patientId, 'scale2', r.ok ? { ok: true, data: scale2FromFlags(r.body) } : r);
}

export type PatientPull = Record<Exclude<SectionName, 'worklist'>, FetchOutcome>;

export type PatientSection = keyof PatientPull;

const PULL: Record<PatientSection, (deps: PullDeps, patientId: string) => Promise<FetchOutcome>> = {
  identity: pullIdentity,
  services: pullServices,
  vitals: pullVitals,
  scale2: pullScale2,
};

/** Pulls a patient's sections in parallel; `skip` leaves out ones just fetched another way. */
export async function pullPatient(
  deps: PullDeps,
  patientId: string,
  opts: { skip?: PatientSection[] } = {},
): Promise<Partial<PatientPull>> {
  const wanted = (Object.keys(PULL) as PatientSection[]).filter((s) => !opts.skip?.includes(s));
  const outcomes = await Promise.all(wanted.map((s) => PULL[s](deps, patientId)));
  return Object.fromEntries(wanted.map((s, i) => [s, outcomes[i]]));
}

/** The nurse's patients (CareTeam participant), with their identities cached too. */
export async function pullWorklist(deps: PullDeps, practitionerId: string): Promise<FetchOutcome> {
  const r = await getJson<Bundle>(
    deps,
    `CareTeam?participant=${encodeURIComponent(`Practitioner/${practitionerId}`)}&_include=CareTeam:patient`,
  );
  if (!r.ok) return store(deps, WORKLIST_KEY, 'worklist', r);
  const resources = (r.body.entry ?? []).map((e) => e.resource);
  const patients = new Map(
    resources.filter((x): x is Patient => x?.resourceType === 'Patient' && !!x.id).map((p) => [p.id!, p]),
  );
  const ids: string[] = [];
  for (const team of resources.filter((x): x is CareTeam => x?.resourceType === 'CareTeam')) {
    const id = team.subject?.reference?.match(/^Patient\/(.+)$/)?.[1];
    if (id && !ids.includes(id)) ids.push(id);
  }
  for (const id of patients.keys()) if (!ids.includes(id)) ids.push(id);
  for (const id of ids) {
    const p = patients.get(id);
    if (p) await store(deps, id, 'identity', { ok: true, data: identityFromPatient(p) });
  }
  return store(deps, WORKLIST_KEY, 'worklist', { ok: true, data: { patientIds: ids } });
}
