// The fake FHIR server's search (./fakeFhirServer.ts): patient, _id and _lastUpdated
// filters, offset paging with next links, the withheld and coverage markers the platform
// adds, _include of services where the server is told to, and CareTeam with its patients.
// For unit tests only.
import type { BundleEntry, CareTeam, Resource } from '@medplum/fhirtypes';
import { coverageOutcomeEntry } from '../../core/fhir/coverage';
import { isRestrictedByPatient, withheldOutcomeEntry } from '../../core/fhir/withheld';
import type { FhirResult } from '../sync/transport';
import type { FakeFhirServer } from './fakeFhirServer';

export function searchFakeStore(
  store: ReadonlyMap<string, Resource>,
  server: Pick<FakeFhirServer, 'includes' | 'statesCoverage' | 'coverage'>,
  pageSize: number,
  type: string,
  params: URLSearchParams,
): FhirResult {
  const patient = params.get('patient');
  let matches = [...store.values()].filter((r) => r.resourceType === type);
  if (patient) {
    matches = matches.filter((r) => {
      const ref =
        (r as { subject?: { reference?: string }; patient?: { reference?: string } }).subject?.reference ??
        (r as { patient?: { reference?: string } }).patient?.reference;
      return ref === `Patient/${patient}`;
    });
  }
  const ids = params.get('_id')?.split(',');
  if (ids) matches = matches.filter((r) => ids.includes(r.id ?? ''));
  const since = params.get('_lastUpdated');
  if (since) {
    const m = since.match(/^(gt|ge)(.+)$/)!;
    const t = Date.parse(m[2]);
    matches = matches.filter((r) => {
      const u = Date.parse(r.meta!.lastUpdated!);
      return m[1] === 'gt' ? u > t : u >= t;
    });
  }
  // Like the platform: items the patient restricted are never returned, and the Bundle
  // says when any matching one was left out.
  const withheld = matches.some((r) => isRestrictedByPatient(r.meta));
  matches = matches.filter((r) => !isRestrictedByPatient(r.meta));
  matches.sort((a, b) => Date.parse(a.meta!.lastUpdated!) - Date.parse(b.meta!.lastUpdated!));
  const offset = Number(params.get('_offset') ?? 0);
  const count = Number(params.get('_count') ?? pageSize);
  const page = matches.slice(offset, offset + Math.min(count, pageSize));
  const link = [];
  if (offset + page.length < matches.length) {
    const next = new URLSearchParams(params);
    next.set('_offset', String(offset + page.length));
    link.push({ relation: 'next', url: `http://fake/fhir/${type}?${next}` });
  }
  const entry: BundleEntry[] = page.map((resource) => ({ resource, search: { mode: 'match' } }));
  if (type === 'EpisodeOfCare' && patient && server.includes) {
    const refs = (list: Resource[], pick: (r: Resource) => { reference?: string }[] | undefined) =>
      list.flatMap((r) => pick(r) ?? []).map((ref) => ref.reference);
    const requests = [...store.values()].filter(
      (r) =>
        r.resourceType === 'ServiceRequest' &&
        refs(page, (e) => (e as { referralRequest?: { reference?: string }[] }).referralRequest).includes(
          `ServiceRequest/${r.id}`,
        ),
    );
    const services = [...store.values()].filter(
      (r) =>
        r.resourceType === 'HealthcareService' &&
        refs(requests, (q) => (q as { performer?: { reference?: string }[] }).performer).includes(
          `HealthcareService/${r.id}`,
        ),
    );
    for (const resource of [...requests, ...services]) entry.push({ resource, search: { mode: 'include' } });
  }
  if (type === 'EpisodeOfCare' && patient && server.statesCoverage) {
    entry.push(
      coverageOutcomeEntry(server.coverage.get(patient) ?? { code: 'covered', since: '2026-01-01' }),
    );
  }
  if (withheld) entry.push(withheldOutcomeEntry());
  if (type === 'CareTeam') {
    const member = params.get('participant');
    const teams = [...store.values()].filter(
      (r): r is CareTeam =>
        r.resourceType === 'CareTeam' &&
        (r as CareTeam).participant?.some((p) => p.member?.reference === member) === true,
    );
    const ids = new Set(teams.map((t) => t.subject?.reference));
    const patients = [...store.values()].filter(
      (r) => r.resourceType === 'Patient' && ids.has(`Patient/${r.id}`),
    );
    return {
      kind: 'ok',
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          ...teams.map((resource) => ({ resource, search: { mode: 'match' as const } })),
          ...patients.map((resource) => ({ resource, search: { mode: 'include' as const } })),
        ],
      },
    };
  }
  return { kind: 'ok', status: 200, body: { resourceType: 'Bundle', type: 'searchset', link, entry } };
}
