// Pull: fetch a patient's sections from the server and store them sealed, with the time
// fetched, so the screens read from the device first and stay readable offline.
//
// 1. identity  GET Patient/{id}                         -> minimal PatientIdentity
// 2. services  GET EpisodeOfCare?patient=…&_include=…  -> services + coverage statement
//              (one request, replaced whole: the vedtak list is small)
// 3. vitals    GET Observation?patient=…&category=vital-signs&_lastUpdated=ge{checkpoint}
//              paged through `next` links, merged by identifier. `ge` rather than `gt`:
//              two writes in the same millisecond as the checkpoint would otherwise be
//              missed; the overlap is removed by the merge.
// 4. scale2    GET Flag?patient=…                      -> the Scale 2 decisions (core's reader)
// A 403 is "denied" and removes that section's cache (restricted data is neither shown
// nor kept); network errors and 5xx leave the cache as it was and say "unavailable".
// Cached data keeps only whitelisted fields: no narrative, no notes (minimal cache; the
// vitals whitelist is encodeVitals in ./vitalsCache.ts).
import type { Bundle, CareTeam, Flag, Observation, Patient } from '@medplum/fhirtypes';
import { parseCoverageOutcome, type CoverageOutcome } from '../../core/fhir/coverage';
import { servicesFromFhir, servicesInputFromBundle } from '../../core/fhir/services';
import { SYSTEM } from '../../core/fhir/codes';
import { setIdentifierValue } from '../../core/fhir/setIdentifier';
import type { MunicipalService } from '../../core/services/types';
import type { Scale2Decision } from '../../core/news2/scale2';
import { scale2DecisionsFromFlags } from '../../core/fhir/scale2Flag';
import type { PatientIdentity } from '../api';
import { WORKLIST_KEY, type FetchOutcome, type SectionName, type SectionRecord, type VardeDb } from '../db';
import type { Vault } from '../vault';
import { outcomeText, type FhirResult, type FhirTransport } from './transport';
import { decodeVitals, encodeVitals, isCompactVitals } from './vitalsCache';

export interface ServicesData {
  coverage: CoverageOutcome;
  services: MunicipalService[];
}
export interface VitalsData {
  observations: Observation[];
}
export interface WorklistData {
  patientIds: string[];
}
export interface SectionData {
  identity: PatientIdentity;
  services: ServicesData;
  vitals: VitalsData;
  scale2: Scale2Decision[];
  worklist: WorklistData;
}

export interface PullDeps {
  db: VardeDb;
  vault: Vault;
  transport: FhirTransport;
  now: () => Date;
  /** How long cached data is kept before it is deleted (default a 12 h shift). */
  cacheTtlMs: number;
  pageSize?: number;
}

export const DEFAULT_CACHE_TTL_MS = 12 * 3600_000;

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

/** What is sealed for a section: vitals in their compact form (./vitalsCache.ts), the rest as is. */
function sealable<K extends SectionName>(section: K, data: SectionData[K]): unknown {
  return section === 'vitals' ? encodeVitals((data as VitalsData).observations) : data;
}

/** Stores a fetch result: sealed data on success, only the outcome on failure. */
async function store<K extends SectionName>(
  deps: PullDeps,
  patientId: string,
  section: K,
  fetched: Fetched<SectionData[K]>,
): Promise<FetchOutcome> {
  const at = deps.now();
  const key: [string, string] = [patientId, section];
  if (fetched.ok) {
    const rec: SectionRecord = {
      patientId,
      section,
      fetchedAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + deps.cacheTtlMs).toISOString(),
      checkpoint: fetched.checkpoint,
      lastOutcome: { kind: 'ok', at: at.toISOString() },
      data: await deps.vault.seal(sealable(section, fetched.data)),
    };
    await deps.db.sections.put(rec);
    return rec.lastOutcome!;
  }
  const outcome = fetched.outcome;
  await deps.db.transaction('rw', deps.db.sections, async () => {
    const prev = await deps.db.sections.get(key);
    if (outcome.kind === 'denied') {
      // Denied data is neither shown nor kept.
      await deps.db.sections.put({ patientId, section, lastOutcome: outcome });
    } else {
      await deps.db.sections.put({ ...(prev ?? { patientId, section }), lastOutcome: outcome });
    }
  });
  return outcome;
}

export async function readSection<K extends SectionName>(
  deps: Pick<PullDeps, 'db' | 'vault'>,
  rec: SectionRecord | undefined,
): Promise<SectionData[K] | undefined> {
  if (!rec?.data) return undefined;
  if (rec.section === 'scale2') {
    // Before the list of decisions, one {decidedBy, decidedAt} or null was sealed: no cache.
    const sealed = await deps.vault.open<unknown>(rec.data);
    return (Array.isArray(sealed) ? sealed : undefined) as SectionData[K] | undefined;
  }
  if (rec.section !== 'vitals') return deps.vault.open<SectionData[K]>(rec.data);
  const sealed = await deps.vault.open<unknown>(rec.data);
  // A payload of another format is no cache at all (the next pull fetches everything).
  if (!isCompactVitals(sealed)) return undefined;
  return { observations: decodeVitals(sealed) } satisfies VitalsData as SectionData[K];
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
  const prevRec = await deps.db.sections.get([patientId, 'vitals']);
  const prevData = await readSection<'vitals'>(deps, prevRec);
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
export async function addConfirmedObservations(
  deps: Pick<PullDeps, 'db' | 'vault' | 'now' | 'cacheTtlMs'>,
  patientId: string,
  observations: Observation[],
): Promise<void> {
  const prevRec = await deps.db.sections.get([patientId, 'vitals']);
  const prevData = await readSection<'vitals'>(deps, prevRec);
  const prev = prevData?.observations ?? [];
  const data = await deps.vault.seal(encodeVitals(mergeObservations(prev, observations)));
  const now = deps.now();
  // Keep fetchedAt: these came from our own write, not a fresh read of the whole section.
  await deps.db.sections.put({
    ...(prevRec ?? { patientId, section: 'vitals' }),
    // A cache we could not read is replaced, so its checkpoint no longer holds.
    ...(prevRec?.data && !prevData ? { checkpoint: undefined } : {}),
    data,
    expiresAt: prevRec?.expiresAt ?? new Date(now.getTime() + deps.cacheTtlMs).toISOString(),
  });
}

/** The Scale 2 decisions among a Flag search's results (core's reader; all of them, ended too). */
export function scale2FromFlags(bundle: Bundle): Scale2Decision[] {
  const flags = (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Flag => r?.resourceType === 'Flag');
  return scale2DecisionsFromFlags(flags);
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

/** Deletes cached sections past their expiry. The outbox never expires. */
export async function purgeExpired(db: VardeDb, now: Date): Promise<number> {
  return db.sections.where('expiresAt').below(now.toISOString()).delete();
}
