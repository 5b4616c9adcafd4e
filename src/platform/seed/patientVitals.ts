// A patient's vital-signs history: home visits (or monthly sets in a nursing home), twice
// daily sets during a KAD stay, some sets typed into the PLO EPJ, restricted sets; each set
// as Observations with deterministic ids.

import type { Observation } from '@medplum/fhirtypes';
import { vitalSignsSetToObservations } from '../../core/fhir';
import { restrictedLabel } from './services';
import type { PatientParams, TenantBuild } from './tenantBuild';
import { DAY, HOUR, MINUTE, osloLocalTime, toOsloIso } from './time';
import { materialiseSets, vitalsHistory, vitalsProfile } from './vitals';
import type { PlannedSet, SetPlan } from './vitals';

export function addVitalSigns(b: TenantBuild, p: PatientParams): void {
  const { m, rng, id, archetype, nowMs } = p;
  const profile = vitalsProfile(archetype, rng.fork('profile'));
  const primary = p.nurses[0];
  const longTerm = archetype === 'long-term-care';
  const planned = vitalsHistory(
    profile,
    {
      patientId: id,
      sourceSystem: longTerm ? m.ploSystem : 'varde',
      ...(primary && !longTerm
        ? {
            performer: {
              reference: `Practitioner/${primary.practitionerId}`,
              display: `${primary.given} ${primary.family}`,
            },
          }
        : {}),
    },
    rng.fork('vitals'),
    {
      nowMs,
      historyDays: p.historyDays,
      recordDelayMs: (r) => (r.chance(0.1) ? r.int(60, 360) * MINUTE : r.int(2, 40) * MINUTE),
    },
  );
  if (p.kadStay) {
    // In the acute bed unit NEWS2 is taken twice a day (DOMAIN.md 2); home visits pause.
    const { startMs } = p.kadStay;
    const endMs = p.kadStay.endMs ?? nowMs - 30 * MINUTE;
    const kadRng = rng.fork('kad-vitals');
    const plans: SetPlan[] = [];
    for (let day = startMs - DAY; day < endMs + DAY; day += DAY) {
      for (const hour of [8, 20]) {
        const t = osloLocalTime(day, hour, kadRng.int(0, 45));
        if (t > startMs + HOUR && t < endMs) plans.push({ t, kind: 'full', severity: 0 });
      }
    }
    const kadSets = materialiseSets(
      profile,
      {
        patientId: id,
        sourceSystem: 'varde',
        ...(p.kadNurse
          ? {
              performer: {
                reference: `Practitioner/${p.kadNurse.practitionerId}`,
                display: `${p.kadNurse.given} ${p.kadNurse.family}`,
              },
            }
          : {}),
      },
      kadRng,
      plans,
      { nowMs, recordDelayMs: (r) => r.int(1, 20) * MINUTE },
    );
    const outside = planned.filter((ps) => {
      const t = Date.parse(ps.set.effectiveDateTime);
      return t < startMs || t > endMs;
    });
    planned.splice(0, planned.length, ...outside, ...kadSets);
    planned.sort((x, y) => Date.parse(x.set.effectiveDateTime) - Date.parse(y.set.effectiveDateTime));
  }
  const sourceRng = rng.fork('vitals-source');
  const restrictRng = rng.fork('restrict');
  for (const ps of planned) {
    // Some older sets were typed into the PLO EPJ at the office instead of the app.
    if (!longTerm && Date.parse(ps.set.effectiveDateTime) < nowMs - 7 * DAY && sourceRng.chance(0.2)) {
      ps.set.sourceSystem = m.ploSystem;
      ps.recordedAtMs = Math.min(
        Date.parse(ps.set.effectiveDateTime) + sourceRng.int(60, 480) * MINUTE,
        nowMs - MINUTE,
      );
    }
    const restricted = archetype === 'sharing-restricted' && restrictRng.chance(0.3);
    addSet(b, ps, restricted);
  }
}

function addSet(b: TenantBuild, ps: PlannedSet, restricted: boolean): void {
  const { set } = ps;
  b.sets.push(set);
  if (ps.kind !== 'full') b.singleMeasurements += 1;
  const sourceSystem = set.sourceSystem ?? 'varde';
  const recordedAt = toOsloIso(ps.recordedAtMs);
  for (const obs of vitalSignsSetToObservations(set)) {
    b.observations.push({
      resource: withObservationId(obs, restricted),
      sourceSystem,
      ...(set.performer ? { author: set.performer.reference } : {}),
      recordedAt,
    });
  }
}

/** Deterministic id from the part identifier `{setId}/{part}` (the store would otherwise draw one). */
function withObservationId(obs: Observation, restricted: boolean): Observation {
  const value = obs.identifier?.[0]?.value;
  if (!value) throw new Error('vital-signs Observation without a set identifier');
  const out: Observation = { ...obs, id: value.replace('/', '-') };
  if (restricted) out.meta = { ...obs.meta, security: [restrictedLabel()] };
  return out;
}
