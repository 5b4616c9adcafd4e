// The monitoring plan each archetype has (issue #11 point 2), as a CarePlan set in Varde.

import { monitoringPlanToCarePlan } from '../../core/fhir';
import type { RoutineInterval } from '../../core/plan/monitoringPlan';
import type { TenantBuild, PatientParams } from './tenantBuild';
import { DAY, toOsloIso } from './time';
import type { Archetype } from './vitals';

/**
 * The routine NEWS2 interval a nurse (or, for KOLS, the legevakt doctor) set for the
 * archetype (issue #11 point 2): weekly for the home-care patients measured every few days,
 * none for the sparse patient (the municipality's default of 12 months applies) and for
 * those without home care.
 */
const MONITORING_PLANS: Partial<
  Record<Archetype, { interval: RoutineInterval; by: 'nurse' | 'doctor'; reason: string }>
> = {
  stable: { interval: { value: 1, unit: 'wk' }, by: 'nurse', reason: 'Stabil, besøk flere ganger i uka' },
  'kols-scale-2': {
    interval: { value: 1, unit: 'wk' },
    by: 'doctor',
    reason: 'KOLS med høy vanlig NEWS2: ukentlig NEWS2, og alltid ved endring',
  },
  'heart-failure': {
    interval: { value: 1, unit: 'wk' },
    by: 'nurse',
    reason: 'Hjertesvikt: ukentlig NEWS2 og vekt',
  },
  sepsis: { interval: { value: 1, unit: 'wk' }, by: 'nurse', reason: 'Stabil, besøk flere ganger i uka' },
  'sharing-restricted': {
    interval: { value: 1, unit: 'wk' },
    by: 'nurse',
    reason: 'Stabil, besøk flere ganger i uka',
  },
};

/** The archetype's monitoring plan as a CarePlan set in Varde, before the history begins. */
export function addMonitoringPlan(b: TenantBuild, p: PatientParams): void {
  const def = MONITORING_PLANS[p.archetype];
  const who = def?.by === 'doctor' ? p.doctor : p.nurses[0];
  if (!def || !who) return;
  const planRng = p.rng.fork('monitoring-plan');
  const setAtMs = Math.min(
    Math.max(p.goLiveMs, p.nowMs - (p.historyDays + planRng.int(5, 40)) * DAY),
    p.nowMs - DAY,
  );
  const setAt = toOsloIso(setAtMs);
  const resource = monitoringPlanToCarePlan({
    id: `mp-${p.id}`,
    patientId: p.id,
    interval: def.interval,
    setBy: {
      reference: `Practitioner/${who.practitionerId}`,
      display: `${who.given} ${who.family}`,
      role: def.by,
    },
    setAt,
    reason: def.reason,
  });
  b.carePlans.push({
    resource: { ...resource, id: `cp-${p.id}-monitoring`, meta: { source: 'varde' } },
    sourceSystem: 'varde',
    author: `Practitioner/${who.practitionerId}`,
    recordedAt: setAt,
  });
}
