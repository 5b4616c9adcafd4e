// The Scale 2 decisions and the NEWS2 plans a patient's screens show: the server's, with
// the device's unsent ones laid over them. Pure.
import type { Scale2Decision } from '../../core/news2/scale2';
import { applyScale2Changes, type Scale2Change } from '../../core/news2/scale2Change';
import type { MonitoringPlan } from '../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../core/plan/personalPlan';
import type { PatientPlans, Section } from '../api';
import type { SectionRecord } from '../db';
import { withLocal, type ComposeContext } from './compose';

/**
 * The Scale 2 decisions (core's): ready with an empty list when none is recorded (Scale 1
 * applies), with the device's unsent changes (decisions and ends) applied by core's rule.
 */
export function scale2Section(
  rec: SectionRecord | undefined,
  data: readonly Scale2Decision[] | undefined,
  ctx: ComposeContext,
  local: readonly Scale2Change[] = [],
): Section<readonly Scale2Decision[]> {
  return withLocal<readonly Scale2Decision[]>(
    rec,
    data,
    [],
    local.length > 0,
    (d) => (local.length ? applyScale2Changes(d, local) : d),
    ctx,
    'Beslutninger om skala 2',
  );
}

/** The NEWS2 plans with the device's unsent plans (which replace a server copy of the same id). */
export function plansSection(
  rec: SectionRecord | undefined,
  data: PatientPlans | undefined,
  local: { monitoring: readonly MonitoringPlan[]; personal: readonly PersonalPlan[] },
  ctx: ComposeContext,
): Section<PatientPlans> {
  const byId = <T extends { id: string }>(server: readonly T[], mine: readonly T[]) => [
    ...server.filter((x) => !mine.some((m) => m.id === x.id)),
    ...mine,
  ];
  return withLocal<PatientPlans>(
    rec,
    data,
    { monitoring: [], personal: [], unreadable: 0 },
    local.monitoring.length + local.personal.length > 0,
    (d) => ({
      monitoring: byId(d.monitoring, local.monitoring),
      personal: byId(d.personal, local.personal),
      unreadable: d.unreadable,
    }),
    ctx,
    'Planer',
  );
}
