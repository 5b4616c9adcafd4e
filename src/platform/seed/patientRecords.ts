// One patient's records: the Patient, its services (ServiceRequest + EpisodeOfCare), care
// teams, Scale 2 Flag, monitoring plan and vital signs. The calls keep the order in which
// the patient's random stream is drawn, so the same seed gives the same patient.

import type { CareTeam, Flag } from '@medplum/fhirtypes';
import { coding, scale2DecisionToFlag } from '../../core/fhir';
import { ROLE_SYSTEM } from './directoryResources';
import { addMonitoringPlan } from './monitoringPlans';
import { addVitalSigns } from './patientVitals';
import { makePerson, personToPatient } from './patients';
import { planServices, serviceToFhir } from './services';
import type { PlannedService } from './services';
import type { PatientParams, TenantBuild } from './tenantBuild';
import { DAY, HOUR, MINUTE, toOsloIso } from './time';

export function generatePatient(b: TenantBuild, p: PatientParams): void {
  const { m, dir, rng, id, archetype, nowMs, goLiveMs } = p;
  const notCovered = archetype === 'not-covered';
  const zone = m.zones.find((z) => z.key === p.zoneKey);
  if (!zone) throw new Error(`unknown zone ${p.zoneKey}`);

  // Patient. A visitor is registered by the legevakt's EPJ today; the others came with the
  // PLO EPJ's first load at go-live.
  const person = makePerson(
    rng.fork('person'),
    m,
    notCovered ? m.neighbour.streets : zone.streets,
    nowMs,
    b.usedFnr,
  );
  const patientSource = notCovered ? m.legevaktSystem : m.ploSystem;
  // The fastlege: a GP of the zone's office (a visitor's is in the neighbour municipality).
  // Its own stream, so adding it changed no other value of the patient.
  const gps = dir.generalPractitioners[notCovered ? 'neighbour' : p.zoneKey] ?? [];
  const gp = gps.length > 0 ? rng.fork('fastlege').pick(gps) : undefined;
  b.patients.push({
    resource: personToPatient(person, {
      id,
      sourceSystem: patientSource,
      notCovered,
      ...(gp ? { generalPractitioner: gp } : {}),
      ...(notCovered ? {} : { managingOrganization: { id: dir.municipalityOrgId, display: m.name } }),
    }),
    sourceSystem: patientSource,
    recordedAt: toOsloIso(
      notCovered
        ? nowMs - rng.int(60, 300) * MINUTE
        : Math.min(goLiveMs + rng.int(0, 36) * HOUR, nowMs - DAY),
    ),
  });

  // Services.
  let services: PlannedService[] = [];
  if (archetype !== 'not-covered' && archetype !== 'no-services') {
    services = planServices(
      {
        patientId: id,
        zoneKey: p.zoneKey,
        kind:
          archetype === 'long-term-care'
            ? 'long-term-care'
            : archetype === 'sparse'
              ? 'home-care-light'
              : 'home-care',
        minServices: archetype === 'sharing-restricted' ? 2 : 1,
        ...(p.kadStay ? { kadStay: p.kadStay } : {}),
        nowMs,
        goLiveMs,
      },
      dir,
      rng.fork('services'),
    );
    if (archetype === 'sharing-restricted') {
      const last = services[services.length - 1];
      if (last) last.restricted = true;
    }
    for (const s of services) {
      const { episodeOfCare, serviceRequest } = serviceToFhir(s, {
        patientId: id,
        municipalityOrgId: dir.municipalityOrgId,
        sourceSystem: m.ploSystem,
      });
      const recordedAt = toOsloIso(s.recordedAtMs);
      b.serviceRequests.push({ resource: serviceRequest, sourceSystem: m.ploSystem, recordedAt });
      b.episodes.push({ resource: episodeOfCare, sourceSystem: m.ploSystem, recordedAt });
    }
  }

  // Care team: the home-care nurses who visit (today's list).
  if (p.nurses.length > 0) {
    const homeCare = services.find((s) => s.typeCode === '15' && s.status !== 'finished');
    const careTeam: CareTeam = {
      resourceType: 'CareTeam',
      id: `ct-${id}`,
      meta: { source: m.ploSystem },
      status: 'active',
      name: zone.name,
      subject: { reference: `Patient/${id}` },
      period: { start: homeCare?.start ?? toOsloIso(goLiveMs).slice(0, 10) },
      participant: p.nurses.map((n) => ({
        role: [{ coding: [coding(ROLE_SYSTEM, 'home-care-nurse', 'Sykepleier i hjemmesykepleien')] }],
        member: { reference: `Practitioner/${n.practitionerId}`, display: `${n.given} ${n.family}` },
        onBehalfOf: { reference: `Organization/${n.organizationId}` },
      })),
      managingOrganization: [{ reference: `Organization/${dir.zoneOrgIds[p.zoneKey]}`, display: zone.name }],
    };
    b.careTeams.push({
      resource: careTeam,
      sourceSystem: m.ploSystem,
      recordedAt: toOsloIso(homeCare?.recordedAtMs ?? Math.min(goLiveMs, nowMs - DAY)),
    });
  }
  const kadService = services.find((s) => s.typeCode === '18' && s.status === 'active');
  if (p.kadStay && p.kadStay.endMs === undefined && p.kadNurse && kadService) {
    const n = p.kadNurse;
    b.careTeams.push({
      resource: {
        resourceType: 'CareTeam',
        id: `ct-kad-${id}`,
        meta: { source: m.ploSystem },
        status: 'active',
        name: m.kad.name,
        subject: { reference: `Patient/${id}` },
        period: { start: toOsloIso(p.kadStay.startMs) },
        participant: [
          {
            role: [{ coding: [coding(ROLE_SYSTEM, 'kad-nurse', 'Sykepleier KAD')] }],
            member: { reference: `Practitioner/${n.practitionerId}`, display: `${n.given} ${n.family}` },
            onBehalfOf: { reference: `Organization/${n.organizationId}` },
          },
        ],
        managingOrganization: [{ reference: `Organization/${n.organizationId}`, display: m.kad.name }],
      },
      sourceSystem: m.ploSystem,
      recordedAt: toOsloIso(Math.min(p.kadStay.startMs + HOUR, nowMs - MINUTE)),
    });
  }

  // Scale 2: decided by a doctor before the history starts, so every set uses Scale 2.
  if (archetype === 'kols-scale-2' && p.doctor) {
    const decidedMs = nowMs - (p.historyDays + rng.int(10, 400)) * DAY;
    const flag: Flag = {
      ...scale2DecisionToFlag({
        id: `flag-${id}-scale2`,
        patientId: id,
        decidedBy: {
          reference: `Practitioner/${p.doctor.practitionerId}`,
          display: `${p.doctor.given} ${p.doctor.family}`,
        },
        decidedAt: toOsloIso(decidedMs),
        reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt: bruk SpO₂-skala 2',
      }),
      meta: { source: m.legevaktSystem },
    };
    b.flags.push({
      resource: flag,
      sourceSystem: m.legevaktSystem,
      author: `Practitioner/${p.doctor.practitionerId}`,
      recordedAt: toOsloIso(decidedMs),
    });
  }

  addMonitoringPlan(b, p);
  addVitalSigns(b, p);
}
