// Pull: fetch a patient's sections from the server and store them in the patient cache
// (../patientCache.ts: sealed, with the time fetched), so the screens read from the device
// first and stay readable offline.
//
// 1. identity  GET Patient/{id}                         -> minimal PatientIdentity (here)
// 2. services  GET EpisodeOfCare?patient=…&_include=…  -> services + coverage statement
//              (./pullServices.ts; what a plain R4 server did not include: ./fetchByIds.ts)
// 3. vitals    GET Observation?patient=…&category=vital-signs&_lastUpdated=ge{checkpoint}
//              paged, merged by identifier (./pullVitals.ts)
// 4. scale2    GET Flag?patient=…                      -> the Scale 2 decisions (./pullPlans.ts)
// 5. plans     GET CarePlan?patient=…&category=…        -> NEWS2 monitoring and personal plans
//              (./pullPlans.ts)
// 6. contacts  GET Patient?_id=…&_include=Patient:general-practitioner and
//              GET HealthcareService?type=…|legevakt   -> whom to call (here, core's reader)
// 7. escalations GET Communication?patient=…&category=…|news2-escalation (./pullEscalations.ts)
// The worklist (CareTeam participant, every page) is pulled here too. What the sections
// share (one GET that must be FHIR, failures, paging, storing) is in ./fhirGet.ts.
// A 403 is "denied" and removes that section's cache (restricted data is neither shown
// nor kept); network errors and 5xx leave the cache as it was and say "unavailable", and so
// does an answer that is not the FHIR expected (garbage, an HTML page, JSON of another
// shape, or data that cannot be read): the reason says which, the cache keeps its data.
// Cached data keeps only whitelisted fields: no narrative, no notes (minimal cache; the
// vitals whitelist is encodeVitals in ./vitalsCache.ts).
import type { Bundle, CareTeam, Patient, Resource } from '@medplum/fhirtypes';
import { patientContactsFromFhir } from '../../core/fhir/contacts';
import { SYSTEM } from '../../core/fhir/codes';
import { LEGEVAKT_SERVICE_TYPE, WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import type { PatientIdentity } from '../api';
import { WORKLIST_KEY, type FetchOutcome, type SectionName } from '../db';
import { fetchByIds } from './fetchByIds';
import { entriesOf, getJson, readInto, searchPages, store, type PullDeps } from './fhirGet';
import { pullEscalations } from './pullEscalations';
import { pullPlans, pullScale2 } from './pullPlans';
import { pullServices } from './pullServices';
import { pullVitals } from './pullVitals';

export type { PullDeps } from './fhirGet';

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
  const paged = await searchPages(
    deps,
    `CareTeam?participant=${encodeURIComponent(`Practitioner/${practitionerId}`)}&_include=CareTeam:patient`,
    (page) => resources.push(...entriesOf(page).map((e) => e?.resource)),
  );
  // A page that fails leaves the cached worklist as it was: never a part of it.
  if (!paged.ok) return store(deps, WORKLIST_KEY, 'worklist', paged);
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
