// The plan sections: the Scale 2 decisions (GET Flag?patient=…, core's reader) and the NEWS2
// monitoring and personal plans (GET CarePlan?patient=…&category=…, core's readers; a plan
// that cannot be read is counted, never dropped silently), and the server's copies of plans
// and Flags the device just wrote taken into the cache.
import type { Bundle, CarePlan, Flag, Resource } from '@medplum/fhirtypes';
import {
  isMonitoringPlanCarePlan,
  isPersonalPlanCarePlan,
  monitoringPlanFromCarePlan,
  personalPlanFromCarePlan,
} from '../../core/fhir/carePlan';
import { mergeScale2Flags, scale2DecisionsFromFlags } from '../../core/fhir/scale2Flag';
import { CARE_PLAN_CATEGORY, WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import type { Scale2Decision } from '../../core/news2/scale2';
import type { MonitoringPlan } from '../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../core/plan/personalPlan';
import type { PatientPlans } from '../api';
import type { FetchOutcome } from '../db';
import type { PatientCache } from '../patientCache';
import { entriesOf, getJson, readInto, searchPages, store, type PullDeps } from './fhirGet';

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
  const paged = await searchPages(
    deps,
    `CarePlan?patient=${encodeURIComponent(patientId)}&category=${encodeURIComponent(PLAN_CATEGORIES)}&_count=1000`,
    (page) => {
      for (const e of entriesOf(page)) {
        if (e.resource?.resourceType === 'CarePlan' && e.search?.mode !== 'outcome')
          carePlans.push(e.resource);
      }
    },
  );
  if (!paged.ok) return store(deps, patientId, 'plans', paged);
  return store(deps, patientId, 'plans', { ok: true, data: plansFromCarePlans(carePlans) });
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
