// The services section: GET EpisodeOfCare?patient=…&_include=… -> services + coverage
// statement (one request, replaced whole: the vedtak list is small). A server that ignores
// `_include` (plain R4) answers the episodes alone: the ServiceRequests and
// HealthcareServices they name are then fetched by id (./fetchByIds.ts).
import type {
  Bundle,
  EpisodeOfCare,
  HealthcareService,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { parseCoverageOutcome } from '../../core/fhir/coverage';
import { servicesFromFhir, servicesInputFromBundle } from '../../core/fhir/services';
import { bundleWithheld } from '../../core/fhir/withheld';
import type { FetchOutcome } from '../db';
import type { ServicesData } from '../patientCache';
import { fetchByIds } from './fetchByIds';
import { entriesOf, getJson, readInto, referencedId, store, type PullDeps } from './fhirGet';

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
