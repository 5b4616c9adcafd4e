// A patient's municipal services (vedtak from the PLO EPJ) and their FHIR shape:
// EpisodeOfCare per service, ServiceRequest for the vedtak, pointing at the
// HealthcareService that delivers it (docs/platform-api.md, "Services view").

import type { EpisodeOfCare, ServiceRequest } from '@medplum/fhirtypes';
import { SYSTEM, VOLVEN_9151, municipalServiceToFhir } from '../../core/fhir';
import { restrictedByPatientLabel } from '../../core/fhir/withheld';
import type { MunicipalService, ServiceStatus } from '../../core/services/types';
import type { MunicipalityDirectory, ServiceLocation } from './directoryResources';
import type { Rng } from './prng';
import { DAY, osloDate } from './time';

// The patient's sharing restriction is core's label (src/core/fhir/withheld.ts).
export { RESTRICTED_BY_PATIENT } from '../../core/fhir/withheld';
export const SHARING_SYSTEM = SYSTEM.sharing;
export const restrictedLabel = restrictedByPatientLabel;

export interface PlannedService {
  id: string;
  typeCode: string;
  localName: string;
  status: Extract<ServiceStatus, 'active' | 'onhold' | 'finished'>;
  start: string;
  reviewDate?: string;
  end?: string;
  authoredOn: string;
  hoursPerWeek?: number;
  location: ServiceLocation;
  restricted: boolean;
  /** When the PLO EPJ recorded the event that brought the vedtak to the platform (epoch ms). */
  recordedAtMs: number;
}

const LOCAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  '1': ['Praktisk bistand – rengjøring', 'Praktisk bistand – innkjøp og rengjøring'],
  '4': ['Dagsenter for eldre', 'Dagtilbud for personer med demens'],
  '5': ['Middagsombringing', 'Matombringing – middag'],
  '6': ['Trygghetsalarm', 'Trygghetsalarm med fallsensor'],
  '7': ['Avlastning i hjemmet'],
  '8': ['Avlastningsopphold', 'Korttids avlastning i institusjon'],
  '21': ['Langtidsplass'],
};

const HOURS: Readonly<Record<string, readonly number[] | undefined>> = {
  '15': [1.5, 2, 3, 3.5, 5, 7, 10.5, 14],
  '1': [1, 1.5, 2, 3],
  '4': [6, 12, 18],
  '7': [4, 8],
};

export interface ServicePlanInput {
  patientId: string;
  zoneKey: string;
  kind: 'home-care' | 'home-care-light' | 'long-term-care';
  /** At least this many services (the sharing-restricted example needs two). */
  minServices?: number;
  /** A short stay in the municipal acute bed unit; ongoing when `endMs` is undefined. */
  kadStay?: { startMs: number; endMs?: number };
  nowMs: number;
  goLiveMs: number;
}

/** 1–4 services for a covered patient. */
export function planServices(
  input: ServicePlanInput,
  dir: MunicipalityDirectory,
  rng: Rng,
): PlannedService[] {
  const { nowMs, goLiveMs } = input;
  const loc = dir.locations;
  const out: PlannedService[] = [];
  const add = (
    typeCode: string,
    location: ServiceLocation,
    opts: { status?: PlannedService['status']; localName?: string; startMs?: number; endMs?: number } = {},
  ) => {
    const startMs = opts.startMs ?? nowMs - rng.int(20, 6 * 365) * DAY;
    const status = opts.status ?? 'active';
    const hoursOptions = HOURS[typeCode];
    const endMs =
      status === 'finished'
        ? (opts.endMs ?? Math.min(nowMs - DAY, startMs + rng.int(14, 400) * DAY))
        : undefined;
    // Review (revurdering) usually ahead; one in ten is overdue.
    const reviewMs = rng.chance(0.1) ? nowMs - rng.int(5, 60) * DAY : nowMs + rng.int(10, 200) * DAY;
    // Vedtak made before go-live reach the platform with a later event (DOMAIN.md 3).
    const eventMs = Math.max(startMs - rng.int(1, 14) * DAY, goLiveMs + rng.int(0, 30) * DAY);
    out.push({
      id: `${input.patientId}-s${out.length + 1}`,
      typeCode,
      localName: opts.localName ?? rng.pick(LOCAL_NAMES[typeCode] ?? [VOLVEN_9151[typeCode] ?? typeCode]),
      status,
      start: osloDate(startMs),
      ...(status !== 'finished' ? { reviewDate: osloDate(reviewMs) } : {}),
      ...(endMs !== undefined ? { end: osloDate(endMs) } : {}),
      authoredOn: osloDate(startMs - rng.int(1, 14) * DAY),
      ...(hoursOptions ? { hoursPerWeek: rng.pick(hoursOptions) } : {}),
      location,
      restricted: false,
      recordedAtMs: Math.min(Math.max(eventMs, endMs ?? 0), nowMs - DAY),
    });
  };

  const homeCare = loc.homeCare[input.zoneKey];
  const practical = loc.practicalAssistance[input.zoneKey];
  const respite = loc.respiteAtHome[input.zoneKey];
  if (!homeCare || !practical || !respite) throw new Error(`planServices: unknown zone ${input.zoneKey}`);
  const nursingHome = rng.pick(loc.nursingHomes);

  if (input.kind === 'long-term-care') {
    const admittedMs = nowMs - rng.int(30, 900) * DAY;
    add('15', homeCare, {
      status: 'finished',
      localName: homeCare.name,
      startMs: admittedMs - rng.int(200, 1500) * DAY,
      endMs: admittedMs,
    });
    add('21', nursingHome, { localName: `Langtidsplass ${nursingHome.name}`, startMs: admittedMs });
    if (rng.chance(0.4))
      add('6', loc.alarm, {
        status: 'finished',
        startMs: admittedMs - rng.int(100, 900) * DAY,
        endMs: admittedMs,
      });
    return out;
  }

  // Home nursing is put on hold while the patient is in an acute bed.
  add('15', homeCare, {
    localName: homeCare.name,
    ...(input.kadStay && !input.kadStay.endMs ? { status: 'onhold' } : {}),
  });
  if (input.kind === 'home-care-light') {
    const last = out[out.length - 1];
    if (last) last.hoursPerWeek = 1;
  }
  if (input.kadStay) {
    const { startMs, endMs } = input.kadStay;
    add('18', loc.kad, {
      localName: 'Kommunal akutt døgnplass (KAD)',
      startMs,
      ...(endMs !== undefined ? { status: 'finished', endMs } : {}),
    });
  }
  const extras: Array<[string, ServiceLocation, number]> = [
    ['6', loc.alarm, 0.5],
    ['1', practical, 0.35],
    ['5', loc.meals, 0.25],
    ['4', loc.dayCentre, 0.1],
    ['7', respite, 0.05],
    ['8', nursingHome, 0.05],
  ];
  const wanted = Math.max(1, input.minServices ?? 1);
  for (const [code, location, p] of extras) {
    if (out.length >= 4) break;
    const forced = out.length < wanted;
    if (!forced && !rng.chance(p)) continue;
    const status = rng.weighted([
      ['active', 85],
      ['onhold', 5],
      ['finished', 10],
    ] as const);
    add(code, location, { status });
  }
  return out;
}

/** The EpisodeOfCare and ServiceRequest of one planned service, shaped by core's mapping. */
export function serviceToFhir(
  s: PlannedService,
  ctx: { patientId: string; municipalityOrgId: string; sourceSystem: string },
): { episodeOfCare: EpisodeOfCare; serviceRequest: ServiceRequest } {
  const service: MunicipalService = {
    id: `eoc-${s.id}`,
    typeCode: s.typeCode,
    typeDisplay: VOLVEN_9151[s.typeCode] ?? s.typeCode,
    localName: s.localName,
    status: s.status,
    start: s.start,
    ...(s.reviewDate ? { reviewDate: s.reviewDate } : {}),
    ...(s.end ? { end: s.end } : {}),
    ...(s.hoursPerWeek !== undefined ? { hoursPerWeek: s.hoursPerWeek } : {}),
    // Core reads ServiceRequest.authoredOn as the vedtak's recorded date.
    recordedAt: s.authoredOn,
    location: { name: s.location.name, phone: s.location.dayPhone },
    sourceSystem: ctx.sourceSystem,
  };
  const { episode, request } = municipalServiceToFhir(service, {
    patientId: ctx.patientId,
    organizationId: ctx.municipalityOrgId,
    requestId: `sr-${s.id}`,
    // The location is one shared HealthcareService of the municipality (directoryResources).
    healthcareServiceId: s.location.healthcareServiceId,
  });
  if (request.performer?.[0]) request.performer[0].display = s.location.name;
  if (s.restricted) {
    episode.meta = { ...episode.meta, security: [restrictedLabel()] };
    request.meta = { ...request.meta, security: [restrictedLabel()] };
  }
  return { episodeOfCare: episode, serviceRequest: request };
}
