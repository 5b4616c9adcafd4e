// Pull: fetch a patient's sections from the server and store them in the patient cache
// (../patientCache.ts: sealed, with the time fetched), so the screens read from the device
// first and stay readable offline.
//
// 1. identity  GET Patient/{id}                         -> minimal PatientIdentity
// 2. services  GET EpisodeOfCare?patient=…&_include=…  -> services + coverage statement
//              (one request, replaced whole: the vedtak list is small). A server that
//              ignores `_include` (plain R4) answers the episodes alone: the ServiceRequests
//              and HealthcareServices they name are then fetched in one batch, or by `_id`
//              searches where the CapabilityStatement states no batch (fetchByIds).
// 3. vitals    GET Observation?patient=…&category=vital-signs&_lastUpdated=ge{checkpoint}
//              paged through `next` links, merged by identifier. `ge` rather than `gt`:
//              two writes in the same millisecond as the checkpoint would otherwise be
//              missed; the overlap is removed by the merge.
// 4. scale2    GET Flag?patient=…                      -> the Scale 2 decisions (core's reader)
// 5. plans     GET CarePlan?patient=…&category=…        -> NEWS2 monitoring and personal plans
//              (core's readers; one that cannot be read is counted, never dropped silently)
// 6. contacts  GET Patient?_id=…&_include=Patient:general-practitioner and
//              GET HealthcareService?type=…|legevakt   -> whom to call (core's reader)
// 7. escalations GET Communication?patient=…&category=…|news2-escalation (paged, replaced
//              whole) -> the escalation records (core's reader; the ISBAR text is not kept)
// A 403 is "denied" and removes that section's cache (restricted data is neither shown
// nor kept); network errors and 5xx leave the cache as it was and say "unavailable", and so
// does an answer that is not the FHIR expected (garbage, an HTML page, JSON of another
// shape, or data that cannot be read): the reason says which, the cache keeps its data.
// Cached data keeps only whitelisted fields: no narrative, no notes (minimal cache; the
// vitals whitelist is encodeVitals in ./vitalsCache.ts).
import type {
  Bundle,
  BundleEntry,
  CarePlan,
  CareTeam,
  Communication,
  EpisodeOfCare,
  Flag,
  HealthcareService,
  Observation,
  Patient,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { EscalationRecord } from '../../core/escalation/escalation';
import {
  isMonitoringPlanCarePlan,
  isPersonalPlanCarePlan,
  monitoringPlanFromCarePlan,
  personalPlanFromCarePlan,
} from '../../core/fhir/carePlan';
import { escalationFromCommunication } from '../../core/fhir/communication';
import { patientContactsFromFhir } from '../../core/fhir/contacts';
import {
  CARE_PLAN_CATEGORY,
  ESCALATION_CATEGORY,
  LEGEVAKT_SERVICE_TYPE,
  WORKFLOW_SYSTEM,
} from '../../core/fhir/workflowCodes';
import type { MonitoringPlan } from '../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../core/plan/personalPlan';
import { parseCoverageOutcome } from '../../core/fhir/coverage';
import { bundleWithheld } from '../../core/fhir/withheld';
import { servicesFromFhir, servicesInputFromBundle } from '../../core/fhir/services';
import { SYSTEM } from '../../core/fhir/codes';
import { mergeScale2Flags, scale2DecisionsFromFlags } from '../../core/fhir/scale2Flag';
import { setIdentifierValue } from '../../core/fhir/setIdentifier';
import type { Scale2Decision } from '../../core/news2/scale2';
import type { PatientIdentity, PatientPlans } from '../api';
import { WORKLIST_KEY, type FetchOutcome, type SectionName } from '../db';
import type { PatientCache, SectionData, ServicesData } from '../patientCache';
import type { CapabilitiesSource } from './capabilities';
import { outcomeText, type FhirResult, type FhirTransport } from './transport';

export interface PullDeps {
  cache: PatientCache;
  transport: FhirTransport;
  now: () => Date;
  pageSize?: number;
  /** Whether the server takes batch Bundles (./capabilities.ts); absent: `_id` searches. */
  capabilities?: CapabilitiesSource;
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

/** Why an answer is not the FHIR expected (Norwegian), or undefined when it is. */
export function notFhirReason(
  result: Extract<FhirResult, { kind: 'ok' }>,
  expected: Resource['resourceType'],
): string | undefined {
  const body = result.body as { resourceType?: unknown; entry?: unknown } | undefined;
  if (body === undefined || body === null || typeof body !== 'object') {
    return /html/i.test(result.contentType ?? '')
      ? 'Kilden svarte med en nettside (HTML), ikke FHIR.'
      : 'Kilden svarte med noe som ikke kan leses (ikke JSON).';
  }
  if (body.resourceType !== expected) {
    const what = typeof body.resourceType === 'string' ? body.resourceType : 'JSON uten resourceType';
    return `Kilden svarte med noe annet enn FHIR ${expected} (${what}).`;
  }
  if (expected === 'Bundle' && body.entry !== undefined && !Array.isArray(body.entry))
    return 'Kilden svarte med en ugyldig FHIR Bundle (entry er ikke en liste).';
  return undefined;
}

async function getJson<T>(
  deps: PullDeps,
  url: string,
  expected: Resource['resourceType'] = 'Bundle',
): Promise<{ ok: true; body: T } | { ok: false; outcome: FetchOutcome }> {
  const r = await deps.transport.request({ method: 'GET', url });
  if (r.kind !== 'ok') return { ok: false, outcome: failure(r, deps.now().toISOString()) };
  const wrong = notFhirReason(r, expected);
  if (wrong)
    return { ok: false, outcome: { kind: 'unavailable', at: deps.now().toISOString(), reason: wrong } };
  return { ok: true, body: r.body as T };
}

/**
 * Reads an answer into a section's data. Data that breaks the reader (foreign data of a shape
 * nobody expected) is the source's fault, not the nurse's: "unavailable" with the reason, and
 * the cached data stays.
 */
function readInto<T>(deps: PullDeps, read: () => T): Fetched<T> {
  try {
    return { ok: true, data: read() };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      outcome: {
        kind: 'unavailable',
        at: deps.now().toISOString(),
        reason: `Kilden svarte med data som ikke kunne leses (${detail}).`,
      },
    };
  }
}

/** The id of a reference to `type` ("Type/id", or an absolute URL ending so); contained ones are not fetched. */
function referencedId(ref: Reference | undefined, type: string): string | undefined {
  const m = new RegExp(`(?:^|/)${type}/([^/?#]+)$`).exec(ref?.reference ?? '');
  return m?.[1];
}

function entriesOf(bundle: Bundle): BundleEntry[] {
  return Array.isArray(bundle.entry) ? bundle.entry : [];
}

/**
 * Fetches resources of one type by id, for a server that did not include them: one batch of
 * reads where the CapabilityStatement states `batch`, else one `_id` search. A read answered
 * 404 inside the batch leaves that resource out (its fields read "ukjent").
 */
export async function fetchByIds<T extends Resource>(
  deps: PullDeps,
  type: T['resourceType'],
  ids: readonly string[],
): Promise<{ ok: true; resources: T[] } | { ok: false; outcome: FetchOutcome }> {
  if (ids.length === 0) return { ok: true, resources: [] };
  const at = () => deps.now().toISOString();
  let batch = false;
  if (deps.capabilities) {
    const caps = await deps.capabilities();
    if (!caps.ok) return { ok: false, outcome: failure(caps.result, at()) };
    batch = caps.capabilities.batch;
  }
  const ofType = (entries: BundleEntry[]) =>
    entries
      .map((e) => e.resource)
      .filter((r): r is T => r?.resourceType === type && ids.includes(r.id ?? ''));
  if (batch) {
    const request: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: ids.map((id) => ({ request: { method: 'GET', url: `${type}/${encodeURIComponent(id)}` } })),
    };
    const r = await deps.transport.request({ method: 'POST', url: '', body: request });
    if (r.kind !== 'ok') return { ok: false, outcome: failure(r, at()) };
    const wrong = notFhirReason(r, 'Bundle');
    if (wrong) return { ok: false, outcome: { kind: 'unavailable', at: at(), reason: wrong } };
    return { ok: true, resources: ofType(entriesOf(r.body as Bundle)) };
  }
  const r = await getJson<Bundle>(
    deps,
    `${type}?_id=${ids.map(encodeURIComponent).join(',')}&_count=${ids.length}`,
  );
  if (!r.ok) return r;
  return { ok: true, resources: ofType(entriesOf(r.body)) };
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
  const r = await getJson<Patient>(deps, `Patient/${encodeURIComponent(patientId)}`, 'Patient');
  return store(deps, patientId, 'identity', r.ok ? readInto(deps, () => identityFromPatient(r.body)) : r);
}

export async function pullServices(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const r = await getJson<Bundle>(
    deps,
    `EpisodeOfCare?patient=${encodeURIComponent(patientId)}&_include=EpisodeOfCare:incoming-referral&_include:iterate=ServiceRequest:performer`,
  );
  if (!r.ok) return store(deps, patientId, 'services', r);
  const input = readInto(deps, () => servicesInputFromBundle({ ...r.body, entry: entriesOf(r.body) }));
  if (!input.ok) return store(deps, patientId, 'services', input);
  const { episodes, requests, services } = input.data;
  // A server that ignored _include: fetch what the episodes and requests name.
  const missing = <T extends Resource>(refs: (Reference | undefined)[], type: string, have: readonly T[]) => [
    ...new Set(
      refs
        .map((ref) => referencedId(ref, type))
        .filter((id): id is string => id !== undefined && !have.some((x) => x.id === id)),
    ),
  ];
  const refsOf = <R>(xs: readonly R[], pick: (x: R) => unknown) =>
    xs.flatMap((x) => {
      const refs = pick(x);
      return Array.isArray(refs) ? (refs as Reference[]) : [];
    });
  const moreRequests = await fetchByIds<ServiceRequest>(
    deps,
    'ServiceRequest',
    missing(
      refsOf<EpisodeOfCare>(episodes, (e) => e.referralRequest),
      'ServiceRequest',
      requests,
    ),
  );
  if (!moreRequests.ok) return store(deps, patientId, 'services', moreRequests);
  const allRequests = [...requests, ...moreRequests.resources];
  const moreServices = await fetchByIds<HealthcareService>(
    deps,
    'HealthcareService',
    missing(
      refsOf<ServiceRequest>(allRequests, (q) => q.performer),
      'HealthcareService',
      services,
    ),
  );
  if (!moreServices.ok) return store(deps, patientId, 'services', moreServices);
  const data = readInto<ServicesData>(deps, () => ({
    coverage: parseCoverageOutcome(r.body),
    services: servicesFromFhir({
      episodes,
      requests: allRequests,
      services: [...services, ...moreServices.resources],
    }),
    withheld: bundleWithheld({ entry: entriesOf(r.body).filter((e) => e && typeof e === 'object') }),
  }));
  return store(deps, patientId, 'services', data);
}

// What the vitals cache keeps of each part is decided once, by encodeVitals
// (./vitalsCache.ts): received Observations are merged as they come and stripped when sealed.
// Not `_elements`: the platform serves whole resources straight from their stored text,
// and cutting them down costs it a parse per resource. Measured in benchmark 3 (Chromium,
// quiet machine, back to back): 2.60 s with `_elements` against 2.46 s without (time inside
// the platform 1.69 s against 1.44 s), for 7 % fewer bytes.

function observationKey(o: Observation): string {
  const sid = setIdentifierValue(o.identifier);
  return sid ? `sid:${sid}` : `id:${o.id}`;
}

/** Merges Observations by identifier (or id); the later one wins. Stripped when sealed. */
export function mergeObservations(prev: Observation[], next: Observation[]): Observation[] {
  const byKey = new Map(prev.map((o) => [observationKey(o), o]));
  for (const o of next) byKey.set(observationKey(o), o);
  return [...byKey.values()];
}

export async function pullVitals(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const prevRec = await deps.cache.get(patientId, 'vitals');
  const prevData = await deps.cache.read<'vitals'>(prevRec);
  const prev = prevData?.observations ?? [];
  // Without cached data the checkpoint means nothing: fetch everything. The same for a cache
  // sealed before the withheld marker: only a full fetch tells whether sets are withheld.
  const since = prevData && prevData.withheld !== undefined ? prevRec?.checkpoint : undefined;
  const count = deps.pageSize ?? 1000;
  let url: string | undefined =
    `Observation?patient=${encodeURIComponent(patientId)}&category=vital-signs&_sort=_lastUpdated&_count=${count}` +
    (since ? `&_lastUpdated=ge${encodeURIComponent(since)}` : '');
  const received: Observation[] = [];
  // An incremental pull sees only what changed: sets withheld before stay withheld.
  let withheld = since !== undefined && prevData?.withheld === true;
  while (url) {
    const r: Awaited<ReturnType<typeof getJson<Bundle>>> = await getJson<Bundle>(deps, url);
    // A page that fails leaves the cache as it was: no half-merged section.
    if (!r.ok) return store(deps, patientId, 'vitals', r);
    const entries = entriesOf(r.body).filter((e) => e && typeof e === 'object');
    if (bundleWithheld({ entry: entries })) withheld = true;
    for (const e of entries) {
      if (e.resource?.resourceType === 'Observation' && e.search?.mode !== 'outcome')
        received.push(e.resource);
    }
    const links: NonNullable<Bundle['link']> = Array.isArray(r.body.link) ? r.body.link : [];
    url = links.find((l) => l?.relation === 'next')?.url;
  }
  let checkpoint = since;
  for (const o of received) {
    const u = o.meta?.lastUpdated;
    if (u && (!checkpoint || Date.parse(u) > Date.parse(checkpoint))) checkpoint = u;
  }
  return store(deps, patientId, 'vitals', {
    ok: true,
    data: { observations: mergeObservations(prev, received), withheld },
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

/**
 * The server's copies of plans and Scale 2 Flags the device just wrote, into the cached
 * sections (before the next pull), so they stay on screen after leaving the outbox.
 */
export async function addConfirmedPlanResources(
  cache: PatientCache,
  patientId: string,
  resources: Resource[],
): Promise<void> {
  const carePlans = resources.filter((r): r is CarePlan => r.resourceType === 'CarePlan');
  const flags = resources.filter((r): r is Flag => r.resourceType === 'Flag');
  if (carePlans.length) await cache.mergeSection(patientId, 'plans', (prev) => mergePlans(prev, carePlans));
  if (flags.length)
    await cache.mergeSection(patientId, 'scale2', (prev) => mergeScale2Flags(prev ?? [], flags));
}

/** The Scale 2 decisions among a Flag search's results (core's reader; all of them, ended too). */
export function scale2FromFlags(bundle: Bundle): Scale2Decision[] {
  const flags = entriesOf(bundle)
    .map((e) => e?.resource)
    .filter((r): r is Flag => r?.resourceType === 'Flag');
  return scale2DecisionsFromFlags(flags);
}

export async function pullScale2(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const r = await getJson<Bundle>(deps, `Flag?patient=${encodeURIComponent(patientId)}`);
  return store(deps, patientId, 'scale2', r.ok ? readInto(deps, () => scale2FromFlags(r.body)) : r);
}

/**
 * The NEWS2 plans among CarePlans (core's readers). Plans with the same id (a resend, a new
 * version) are kept once, the later one. A NEWS2 plan core cannot read is counted as
 * unreadable: the screens say so rather than act as if there were none.
 */
export function plansFromCarePlans(carePlans: readonly CarePlan[]): PatientPlans {
  const monitoring = new Map<string, MonitoringPlan>();
  const personal = new Map<string, PersonalPlan>();
  let unreadable = 0;
  for (const cp of carePlans) {
    if (isMonitoringPlanCarePlan(cp)) {
      const r = monitoringPlanFromCarePlan(cp);
      if (r.ok) monitoring.set(r.value.id, r.value);
      else if (r.reason !== 'entered in error') unreadable++;
    } else if (isPersonalPlanCarePlan(cp)) {
      const r = personalPlanFromCarePlan(cp);
      if (r.ok) personal.set(r.value.id, r.value);
      else if (r.reason !== 'entered in error') unreadable++;
    }
  }
  return { monitoring: [...monitoring.values()], personal: [...personal.values()], unreadable };
}

/** Plans already read, with the server's copies of CarePlans just written taken in. */
export function mergePlans(prev: PatientPlans | undefined, carePlans: readonly CarePlan[]): PatientPlans {
  const next = plansFromCarePlans(carePlans);
  const byId = <T extends { id: string }>(a: readonly T[], b: readonly T[]) => {
    const m = new Map(a.map((x) => [x.id, x]));
    for (const x of b) m.set(x.id, x);
    return [...m.values()];
  };
  return {
    monitoring: byId(prev?.monitoring ?? [], next.monitoring),
    personal: byId(prev?.personal ?? [], next.personal),
    unreadable: (prev?.unreadable ?? 0) + next.unreadable,
  };
}

const PLAN_CATEGORIES = [CARE_PLAN_CATEGORY.monitoring, CARE_PLAN_CATEGORY.personal]
  .map((c) => `${WORKFLOW_SYSTEM.carePlanCategory}|${c}`)
  .join(',');

export async function pullPlans(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const carePlans: CarePlan[] = [];
  let url: string | undefined =
    `CarePlan?patient=${encodeURIComponent(patientId)}&category=${encodeURIComponent(PLAN_CATEGORIES)}&_count=1000`;
  while (url) {
    const r: Awaited<ReturnType<typeof getJson<Bundle>>> = await getJson<Bundle>(deps, url);
    if (!r.ok) return store(deps, patientId, 'plans', r);
    for (const e of r.body.entry ?? []) {
      if (e.resource?.resourceType === 'CarePlan' && e.search?.mode !== 'outcome') carePlans.push(e.resource);
    }
    url = r.body.link?.find((l) => l.relation === 'next')?.url;
  }
  return store(deps, patientId, 'plans', { ok: true, data: plansFromCarePlans(carePlans) });
}

/**
 * Whom to call: the patient with the fastlege and the office, and the municipality's
 * legevakt. A failed legevakt search keeps the legevakt cached before (the national 116 117
 * is always shown); a failed patient search is the section's failure.
 */
export async function pullContacts(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const [patient, legevakt] = await Promise.all([
    getJson<Bundle>(
      deps,
      `Patient?_id=${encodeURIComponent(patientId)}&_include=Patient:general-practitioner`,
    ),
    getJson<Bundle>(
      deps,
      `HealthcareService?type=${encodeURIComponent(`${WORKFLOW_SYSTEM.healthcareServiceType}|${LEGEVAKT_SERVICE_TYPE}`)}`,
    ),
  ]);
  if (!patient.ok) return store(deps, patientId, 'contacts', patient);
  const read = readInto(deps, () =>
    patientContactsFromFhir(patient.body, legevakt.ok ? legevakt.body : undefined),
  );
  if (!read.ok) return store(deps, patientId, 'contacts', read);
  const contacts = read.data;
  if (!contacts) {
    const at = deps.now().toISOString();
    return store(deps, patientId, 'contacts', {
      ok: false,
      outcome: { kind: 'unavailable', at, reason: 'Fant ikke pasienten på serveren.' },
    });
  }
  if (!legevakt.ok && !contacts.legevakt) {
    const before = await deps.cache.read<'contacts'>(await deps.cache.get(patientId, 'contacts'));
    if (before?.legevakt) contacts.legevakt = before.legevakt;
  }
  return store(deps, patientId, 'contacts', { ok: true, data: contacts });
}

/** An escalation record as the cache keeps it: everything but the ISBAR text read out. */
export function cachedEscalation(record: EscalationRecord): EscalationRecord {
  if (record.kind !== 'contacted' || record.isbar === undefined) return record;
  const { isbar: _isbar, ...rest } = record;
  return rest;
}

/** The escalation records among Communications (core's reader; unreadable ones are left out). */
export function escalationsFromBundleEntries(resources: Communication[]): EscalationRecord[] {
  const out: EscalationRecord[] = [];
  for (const c of resources) {
    const r = escalationFromCommunication(c);
    if (r.ok) out.push(cachedEscalation(r.value));
  }
  return out;
}

export async function pullEscalations(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const category = `${WORKFLOW_SYSTEM.communicationCategory}|${ESCALATION_CATEGORY}`;
  let url: string | undefined =
    `Communication?patient=${encodeURIComponent(patientId)}&category=${encodeURIComponent(category)}&_count=${deps.pageSize ?? 1000}`;
  const received: Communication[] = [];
  while (url) {
    const r: Awaited<ReturnType<typeof getJson<Bundle>>> = await getJson<Bundle>(deps, url);
    if (!r.ok) return store(deps, patientId, 'escalations', r);
    for (const e of entriesOf(r.body)) {
      if (e.resource?.resourceType === 'Communication' && e.search?.mode !== 'outcome')
        received.push(e.resource);
    }
    url = Array.isArray(r.body.link) ? r.body.link.find((l) => l.relation === 'next')?.url : undefined;
  }
  return store(
    deps,
    patientId,
    'escalations',
    readInto(deps, () => escalationsFromBundleEntries(received)),
  );
}

/** Adds the server's copy of an escalation record we just sent to the cached records. */
export function addConfirmedEscalations(
  cache: PatientCache,
  patientId: string,
  communications: Communication[],
): Promise<void> {
  const confirmed = escalationsFromBundleEntries(communications);
  if (confirmed.length === 0) return Promise.resolve();
  return cache.mergeSection(patientId, 'escalations', (prev) => [
    ...(prev ?? []).filter((p) => !confirmed.some((c) => c.id === p.id)),
    ...confirmed,
  ]);
}

export type PatientPull = Record<Exclude<SectionName, 'worklist'>, FetchOutcome>;

export type PatientSection = keyof PatientPull;

const PULL: Record<PatientSection, (deps: PullDeps, patientId: string) => Promise<FetchOutcome>> = {
  identity: pullIdentity,
  services: pullServices,
  vitals: pullVitals,
  scale2: pullScale2,
  plans: pullPlans,
  contacts: pullContacts,
  escalations: pullEscalations,
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

/**
 * The nurse's patients (CareTeam participant), with their identities cached too. Every page
 * of the search (`next` links): a server pages at its own size (the platform at 100), and a
 * worklist cut at the first page would silently leave patients out.
 */
export async function pullWorklist(deps: PullDeps, practitionerId: string): Promise<FetchOutcome> {
  const resources: (Resource | undefined)[] = [];
  let url: string | undefined =
    `CareTeam?participant=${encodeURIComponent(`Practitioner/${practitionerId}`)}&_include=CareTeam:patient`;
  while (url) {
    const r: Awaited<ReturnType<typeof getJson<Bundle>>> = await getJson<Bundle>(deps, url);
    // A page that fails leaves the cached worklist as it was: never a part of it.
    if (!r.ok) return store(deps, WORKLIST_KEY, 'worklist', r);
    resources.push(...entriesOf(r.body).map((e) => e?.resource));
    const links: NonNullable<Bundle['link']> = Array.isArray(r.body.link) ? r.body.link : [];
    url = links.find((l) => l?.relation === 'next')?.url;
  }
  const patients = new Map(
    resources.filter((x): x is Patient => x?.resourceType === 'Patient' && !!x.id).map((p) => [p.id!, p]),
  );
  const ids: string[] = [];
  for (const team of resources.filter((x): x is CareTeam => x?.resourceType === 'CareTeam')) {
    const id = team.subject?.reference?.match(/^Patient\/(.+)$/)?.[1];
    if (id && !ids.includes(id)) ids.push(id);
  }
  for (const id of patients.keys()) if (!ids.includes(id)) ids.push(id);
  // A server that ignored _include: the identities by id. Without them the list still
  // holds the patients; their identities are fetched when each is opened.
  const more = await fetchByIds<Patient>(
    deps,
    'Patient',
    ids.filter((id) => !patients.has(id)),
  );
  if (more.ok) for (const p of more.resources) patients.set(p.id!, p);
  for (const id of ids) {
    const p = patients.get(id);
    if (p) await store(deps, id, 'identity', { ok: true, data: identityFromPatient(p) });
  }
  return store(deps, WORKLIST_KEY, 'worklist', { ok: true, data: { patientIds: ids } });
}
