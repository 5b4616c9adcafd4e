// Municipal services (tjenester) <-> FHIR R4. No national profile exists yet; the shape
// follows DOMAIN.md section 3 and docs/platform-api.md ("Services view"):
//
//   EpisodeOfCare (one per service)        ServiceRequest (the vedtak)          HealthcareService (where)
//   id            -> service.id            quantityQuantity h/wk -> hoursPerWeek name    -> location.name
//   type[0]       -> Volven 9151 code;     occurrencePeriod.end  -> reviewDate   telecom -> phones (below)
//     type[0].text = the municipality's    authoredOn            -> recordedAt   contained Location.address.text
//     own name (localName)                 performer -> HealthcareService          -> location.address
//   status, period -> status, start, end
//   referralRequest -> ServiceRequest
//   meta.source -> sourceSystem, meta.lastUpdated -> receivedAt
//
// After-hours telephone: HealthcareService.telecom holds ContactPoints with
// `system: 'phone', use: 'work'`. The daytime number is the one without extensions; the
// after-hours number carries the extension EXTENSION.afterHours (valueBoolean true) and
// `rank: 2`. An extension, not `period` or `rank` alone, because neither says "after hours":
// `period` is when a number is valid at all, and `rank` only orders preference. A reader
// that ignores our extension still sees two work phones and shows both. Plain R4 data
// without the extension is read by the rules of ./plainFhirMapping.ts (contactFrom below).
import type {
  Bundle,
  CodeableConcept,
  ContactPoint,
  EpisodeOfCare,
  HealthcareService,
  Location,
  Reference,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { MunicipalService, ServiceContact, ServiceStatus } from '../services/types';
import { EXTENSION, SYSTEM, UCUM, VOLVEN_9151, coding } from './codes';
import { callablePhones, reachability } from './plainFhirMapping';

export interface ServicesFhirInput {
  episodes: readonly EpisodeOfCare[];
  requests?: readonly ServiceRequest[];
  services?: readonly HealthcareService[];
}

const STATUS_FROM_EPISODE: Readonly<Record<EpisodeOfCare['status'], ServiceStatus | null>> = {
  planned: 'planned',
  waitlist: 'planned',
  active: 'active',
  onhold: 'onhold',
  finished: 'finished',
  cancelled: 'cancelled',
  'entered-in-error': null,
};

const STATUS_ORDER: Readonly<Record<ServiceStatus, number>> = {
  active: 0,
  onhold: 1,
  planned: 2,
  unknown: 3,
  finished: 4,
  cancelled: 5,
};

/** Matches `Type/id`, a relative or absolute reference, against a resource. */
function refersTo(ref: Reference | undefined, type: string, id: string | undefined): boolean {
  const r = ref?.reference;
  if (r === undefined || id === undefined) return false;
  return r === `${type}/${id}` || r.endsWith(`/${type}/${id}`);
}

function dateOnly(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.slice(0, 10);
}

function serviceType(type: readonly CodeableConcept[] | undefined): {
  typeCode: string;
  typeDisplay: string;
  localName?: string;
} {
  const concept = type?.find((t) => t.coding?.some((c) => c.system === SYSTEM.volven9151)) ?? type?.[0];
  const national = concept?.coding?.find((c) => c.system === SYSTEM.volven9151) ?? concept?.coding?.[0];
  const typeCode = national?.code ?? '';
  const typeDisplay = VOLVEN_9151[typeCode] ?? national?.display ?? concept?.text ?? 'Ukjent tjenestetype';
  return concept?.text !== undefined
    ? { typeCode, typeDisplay, localName: concept.text }
    : { typeCode, typeDisplay };
}

function isAfterHours(cp: ContactPoint): boolean {
  return cp.extension?.some((e) => e.url === EXTENSION.afterHours && e.valueBoolean === true) ?? false;
}

function addressOf(hs: HealthcareService): string | undefined {
  const locationId = hs.location?.[0]?.reference?.startsWith('#')
    ? hs.location[0].reference.slice(1)
    : undefined;
  const location = hs.contained?.find(
    (r): r is Location => r.resourceType === 'Location' && r.id === locationId,
  );
  return location?.address?.text;
}

/**
 * The contact of a service from the HealthcareServices that perform it (ServiceRequest
 * .performer, in order). The after-hours number is read, first match wins:
 *  1. Varde's after-hours extension on a phone (what Varde writes);
 *  2. plain R4 (./plainFhirMapping.ts): a phone of a performer whose `availableTime` reaches
 *     outside office hours (a night team, or a service open around the clock: then the same
 *     number is both).
 * The daytime number: a phone without the extension of a performer available in office
 * hours, or one that states no hours at all. Without either, the field stays "ukjent".
 */
function contactFrom(performers: readonly HealthcareService[]): ServiceContact {
  const withPhones = performers.map((hs) => ({ hs, phones: callablePhones(hs), when: reachability(hs) }));
  const flagged = withPhones.flatMap((p) => p.phones.filter(isAfterHours));
  const dayOwner =
    withPhones.find((p) => p.when?.office && p.phones.some((t) => !isAfterHours(t))) ??
    withPhones.find((p) => p.when === undefined && p.phones.some((t) => !isAfterHours(t)));
  const main = dayOwner?.hs ?? performers[0]!;
  const day = dayOwner?.phones.find((t) => !isAfterHours(t));
  const afterHours =
    flagged[0] ?? withPhones.find((p) => p.when?.afterHours && p.phones.length > 0)?.phones[0];
  const contact: ServiceContact = { name: main.name ?? 'Tjenestested uten navn' };
  if (day?.value) contact.phone = day.value;
  if (afterHours?.value) contact.afterHoursPhone = afterHours.value;
  const address = addressOf(main) ?? performers.map(addressOf).find((a) => a !== undefined);
  if (address) contact.address = address;
  return contact;
}

function statusRank(s: MunicipalService): number {
  return STATUS_ORDER[s.status];
}

/**
 * The services of one patient, as the services view shows them: active first, then on
 * hold, planned, finished, cancelled; newest start first within each. Episodes entered in
 * error are left out. Missing ServiceRequests or HealthcareServices only leave fields empty.
 */
export function servicesFromFhir(input: ServicesFhirInput): MunicipalService[] {
  const requests = input.requests ?? [];
  const healthcareServices = input.services ?? [];
  const out: MunicipalService[] = [];
  for (const ep of input.episodes) {
    // A status outside R4's value set (foreign data) reads as unknown, never as active.
    const mapped: ServiceStatus | null | undefined = STATUS_FROM_EPISODE[ep.status];
    const status = mapped === undefined ? 'unknown' : mapped;
    if (status === null || ep.id === undefined) continue;
    const service: MunicipalService = { id: ep.id, ...serviceType(ep.type), status };
    const start = dateOnly(ep.period?.start);
    const end = dateOnly(ep.period?.end);
    if (start) service.start = start;
    if (end) service.end = end;
    if (ep.meta?.source) service.sourceSystem = ep.meta.source;
    if (ep.meta?.lastUpdated) service.receivedAt = ep.meta.lastUpdated;

    const request = requests.find((r) =>
      ep.referralRequest?.some((ref) => refersTo(ref, 'ServiceRequest', r.id)),
    );
    if (request) {
      const q = request.quantityQuantity;
      if (typeof q?.value === 'number' && (q.code === UCUM.hoursPerWeek || q.unit === UCUM.hoursPerWeek)) {
        service.hoursPerWeek = q.value;
      }
      const review = dateOnly(request.occurrencePeriod?.end);
      if (review) service.reviewDate = review;
      if (request.authoredOn) service.recordedAt = request.authoredOn;
      // In the order the request names them: the first performer is the main one.
      const performers = (request.performer ?? [])
        .map((ref) => healthcareServices.find((h) => refersTo(ref, 'HealthcareService', h.id)))
        .filter((h): h is HealthcareService => h !== undefined);
      if (performers.length > 0) service.location = contactFrom(performers);
    }
    out.push(service);
  }
  return out.sort(
    (a, b) =>
      statusRank(a) - statusRank(b) ||
      (b.start ?? '').localeCompare(a.start ?? '') ||
      a.id.localeCompare(b.id),
  );
}

export interface MunicipalServiceFhirOptions {
  /** FHIR Patient id. */
  patientId: string;
  /** The municipality (Organization id) that manages the service. */
  organizationId: string;
  /** Case handler or coordinator, e.g. Practitioner/abc. */
  careManager?: Reference;
  /** Defaults to `{service.id}-vedtak`. */
  requestId?: string;
  /** Defaults to `{service.id}-sted`. Pass the same id for services sharing one location. */
  healthcareServiceId?: string;
}

export interface MunicipalServiceFhir {
  episode: EpisodeOfCare;
  request: ServiceRequest;
  /** Present when the service has a location. */
  healthcareService?: HealthcareService;
}

const REQUEST_STATUS: Readonly<Record<Exclude<ServiceStatus, 'unknown'>, ServiceRequest['status']>> = {
  active: 'active',
  onhold: 'on-hold',
  finished: 'completed',
  planned: 'draft',
  cancelled: 'revoked',
};

function typeConcept(service: MunicipalService): CodeableConcept {
  const concept: CodeableConcept = {
    coding: [
      coding(SYSTEM.volven9151, service.typeCode, VOLVEN_9151[service.typeCode] ?? service.typeDisplay),
    ],
  };
  if (service.localName !== undefined) concept.text = service.localName;
  return concept;
}

function telecomOf(contact: ServiceContact): ContactPoint[] {
  const telecom: ContactPoint[] = [];
  if (contact.phone) telecom.push({ system: 'phone', value: contact.phone, use: 'work', rank: 1 });
  if (contact.afterHoursPhone) {
    telecom.push({
      system: 'phone',
      value: contact.afterHoursPhone,
      use: 'work',
      rank: 2,
      extension: [{ url: EXTENSION.afterHours, valueBoolean: true }],
    });
  }
  return telecom;
}

/**
 * The inverse of servicesFromFhir, for the synthetic data generator and tests.
 * Throws RangeError for status 'unknown': EpisodeOfCare has no such status, and guessing
 * one would state something the source never said.
 */
export function municipalServiceToFhir(
  service: MunicipalService,
  opts: MunicipalServiceFhirOptions,
): MunicipalServiceFhir {
  if (service.status === 'unknown') {
    throw new RangeError(
      `Service ${service.id} has status 'unknown', which FHIR EpisodeOfCare cannot express`,
    );
  }
  const requestId = opts.requestId ?? `${service.id}-vedtak`;
  const hsId = opts.healthcareServiceId ?? `${service.id}-sted`;
  const patient = { reference: `Patient/${opts.patientId}` };
  const organization = { reference: `Organization/${opts.organizationId}` };
  const meta = service.sourceSystem !== undefined ? { meta: { source: service.sourceSystem } } : {};

  const episode: EpisodeOfCare = {
    resourceType: 'EpisodeOfCare',
    id: service.id,
    ...meta,
    status: service.status,
    type: [typeConcept(service)],
    patient,
    managingOrganization: organization,
    referralRequest: [{ reference: `ServiceRequest/${requestId}` }],
  };
  if (service.start !== undefined || service.end !== undefined) {
    episode.period = {};
    if (service.start !== undefined) episode.period.start = service.start;
    if (service.end !== undefined) episode.period.end = service.end;
  }
  if (opts.careManager !== undefined)
    episode.careManager = { ...opts.careManager } as EpisodeOfCare['careManager'];

  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: requestId,
    ...meta,
    status: REQUEST_STATUS[service.status],
    intent: 'order',
    code: typeConcept(service),
    subject: patient,
    requester: organization,
  };
  if (service.recordedAt !== undefined) request.authoredOn = service.recordedAt;
  if (service.hoursPerWeek !== undefined) {
    request.quantityQuantity = {
      value: service.hoursPerWeek,
      unit: UCUM.hoursPerWeek,
      system: SYSTEM.ucum,
      code: UCUM.hoursPerWeek,
    };
  }
  if (service.reviewDate !== undefined) {
    request.occurrencePeriod =
      service.start !== undefined
        ? { start: service.start, end: service.reviewDate }
        : { end: service.reviewDate };
  }

  if (service.location === undefined) return { episode, request };
  request.performer = [{ reference: `HealthcareService/${hsId}` }];
  const loc = service.location;
  const healthcareService: HealthcareService = {
    resourceType: 'HealthcareService',
    id: hsId,
    ...meta,
    active: true,
    providedBy: organization,
    name: loc.name,
  };
  const telecom = telecomOf(loc);
  if (telecom.length > 0) healthcareService.telecom = telecom;
  if (loc.address !== undefined) {
    healthcareService.contained = [{ resourceType: 'Location', id: 'sted', address: { text: loc.address } }];
    healthcareService.location = [{ reference: '#sted' }];
  }
  return { episode, request, healthcareService };
}

/** Splits a services search Bundle into its resources (entries with search.mode outcome excluded). */
export function servicesInputFromBundle(bundle: Bundle): Required<ServicesFhirInput> {
  const episodes: EpisodeOfCare[] = [];
  const requests: ServiceRequest[] = [];
  const services: HealthcareService[] = [];
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    if (r?.resourceType === 'EpisodeOfCare') episodes.push(r);
    else if (r?.resourceType === 'ServiceRequest') requests.push(r);
    else if (r?.resourceType === 'HealthcareService') services.push(r);
  }
  return { episodes, requests, services };
}
