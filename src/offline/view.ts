// From stored section records to the Section states the screens show. Pure: the records
// arrive already opened, and the clock arrives as an argument.
//
// Freshness limits (DOMAIN.md risk 5), chosen so "stale" means "may well be outdated":
//   identity  24 h  (name and fødselsnummer rarely change)
//   services  24 h  (vedtak change over days or weeks)
//   vitals     4 h  (RCP's routine 4–6-hourly monitoring: a newer set may exist by then)
//   scale2    24 h
//   plans     24 h  (plans are set for weeks or months)
//   worklist  12 h  (a shift)
//   contacts  24 h  (a fastlege or a legevakt number rarely changes)
//   escalations 4 h (as vitals: a colleague may have recorded one since)
// Separate from expiry: cached data is deleted after cacheTtl (12 h, a shift) whatever
// its freshness, so stale data is labelled for at most the rest of the shift.
import { personalBaseline } from '../core/baseline/baseline';
import { applyCorrections } from '../core/correction/correction';
import { observationsToSetsWithHistory } from '../core/fhir/correction';
import { scoreNews2 } from '../core/news2/index';
import type { Scale2Decision } from '../core/news2/scale2';
import { applyScale2Changes, type Scale2Change } from '../core/news2/scale2Change';
import type { MonitoringPlan } from '../core/plan/monitoringPlan';
import {
  clinicianBaselineFromPlan,
  currentPersonalPlan,
  personalPlanStatus,
  type PersonalPlan,
} from '../core/plan/personalPlan';
import { triageRow } from '../core/worklist/triage';
import type { MunicipalService } from '../core/services/types';
import { isUsable, sortSetsChronologically, usableSets } from '../core/vitals/order';
import type { VitalSignsSet } from '../core/vitals/types';
import type { PatientContacts } from '../core/escalation/contacts';
import type { EscalationRecord } from '../core/escalation/escalation';
import type {
  DeviceEscalationRecord,
  DeviceVitalSignsSet,
  LocalSyncState,
  LocalWrite,
  PatientIdentity,
  PatientPlans,
  PlanWrite,
  Section,
  WorklistEntry,
} from './api';
import type { CommentWrite, CorrectionWrite } from './kinds/index';
import type { OutboxItem, SectionName, SectionRecord } from './db';
import type { ServicesData, VitalsData } from './patientCache';

export type StaleAfter = Record<SectionName, number>;

export const DEFAULT_STALE_AFTER_MS: StaleAfter = {
  identity: 24 * 3600_000,
  services: 24 * 3600_000,
  vitals: 4 * 3600_000,
  scale2: 24 * 3600_000,
  plans: 24 * 3600_000,
  worklist: 12 * 3600_000,
  contacts: 24 * 3600_000,
  escalations: 4 * 3600_000,
};

/** A section whose last fetch needed a login the device no longer has (refused refresh, 401). */
export const LOGIN_AGAIN = 'Innloggingen er utløpt. Logg inn igjen for å hente nye data.';

export interface ComposeContext {
  now: Date;
  staleAfterMs: number;
}

/** True when the record holds data that has not expired. */
export function usable(rec: SectionRecord | undefined, now: Date): boolean {
  return !!rec?.data && !!rec.fetchedAt && (!rec.expiresAt || Date.parse(rec.expiresAt) > now.getTime());
}

/**
 * The generic states: denied wins (nothing shown), then a failed last fetch (unavailable,
 * with the cached data and its age), then data, then loading.
 */
export function composeSection<T>(
  rec: SectionRecord | undefined,
  data: T | undefined,
  ctx: ComposeContext,
  toReady: (data: T, fetchedAt: string, stale: boolean) => Section<T> = (d, fetchedAt, stale) => ({
    kind: 'ready',
    data: d,
    fetchedAt,
    stale,
  }),
): Section<T> {
  const outcome = rec?.lastOutcome;
  const fetchedAt = rec?.fetchedAt;
  const cached = data !== undefined && fetchedAt ? { data, fetchedAt } : undefined;
  if (outcome?.kind === 'denied') return { kind: 'denied', reason: outcome.reason };
  if (outcome?.kind === 'unavailable') return { kind: 'unavailable', reason: outcome.reason, cached };
  if (outcome?.kind === 'login-required') {
    return { kind: 'unavailable', reason: LOGIN_AGAIN, cached };
  }
  if (cached) {
    const stale = ctx.now.getTime() - Date.parse(cached.fetchedAt) > ctx.staleAfterMs;
    return toReady(cached.data, cached.fetchedAt, stale);
  }
  return { kind: 'loading' };
}

export function identitySection(
  rec: SectionRecord | undefined,
  data: PatientIdentity | undefined,
  ctx: ComposeContext,
): Section<PatientIdentity> {
  return composeSection(rec, data, ctx);
}

export function servicesSection(
  rec: SectionRecord | undefined,
  data: ServicesData | undefined,
  ctx: ComposeContext,
): Section<MunicipalService[]> {
  const inner = composeSection(rec, data, ctx);
  switch (inner.kind) {
    case 'loading':
    case 'denied':
      return inner;
    case 'unavailable':
      return {
        kind: 'unavailable',
        reason: inner.reason,
        cached: inner.cached
          ? { data: inner.cached.data.services, fetchedAt: inner.cached.fetchedAt }
          : undefined,
      };
    case 'ready': {
      const { coverage, services } = inner.data;
      if (coverage.kind === 'not-covered') return { kind: 'not-covered', fetchedAt: inner.fetchedAt };
      if (services.length > 0)
        return { kind: 'ready', data: services, fetchedAt: inner.fetchedAt, stale: inner.stale };
      if (coverage.kind === 'covered') {
        return { kind: 'none-since', since: coverage.since, fetchedAt: inner.fetchedAt, stale: inner.stale };
      }
      // The source answered with an empty list and no coverage statement (a plain FHIR server
      // states none): ready and empty, which the screen words as "Ingen tjenester registrert
      // i kilden" with the source named; never "no services", and not "unavailable" either.
      return { kind: 'ready', data: services, fetchedAt: inner.fetchedAt, stale: inner.stale };
    }
    default:
      return inner;
  }
}

/**
 * Section data with the device's own unsent writes laid over it: `apply(data)` is what the
 * screens show. Before the first fetch, or when the source cannot be reached with nothing
 * cached, our own writes are shown as unavailable-with-cached-data (fetchedAt ''), so a
 * plan or decision the clinician just made never vanishes from the screen.
 */
function withLocal<T>(
  rec: SectionRecord | undefined,
  data: T | undefined,
  empty: T,
  hasLocal: boolean,
  apply: (data: T) => T,
  ctx: ComposeContext,
  what: string,
): Section<T> {
  const section = composeSection(rec, data === undefined ? undefined : apply(data), ctx);
  if (!hasLocal) return section;
  if (section.kind === 'loading') {
    return {
      kind: 'unavailable',
      reason: `${what} fra serveren er ikke hentet ennå.`,
      cached: { data: apply(empty), fetchedAt: '' },
    };
  }
  if (section.kind === 'unavailable' && !section.cached) {
    return { ...section, cached: { data: apply(empty), fetchedAt: '' } };
  }
  return section;
}

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

/** The device's plan and Scale 2 writes that the server has not confirmed. */
export function planWrites(items: readonly OutboxItem[], ownServer?: string): PlanWrite[] {
  const out: PlanWrite[] = [];
  for (const item of items) {
    if (item.kind !== 'monitoringPlan' && item.kind !== 'personalPlan' && item.kind !== 'scale2Decision')
      continue;
    const elsewhere = ownServer !== undefined && item.server !== ownServer;
    const problem = item.problem ?? (elsewhere ? belongsElsewhereText(item.server) : undefined);
    out.push({
      id: item.id,
      kind: item.kind,
      syncState: SYNC_STATE[item.state],
      ...(problem ? { problem } : {}),
      ...(item.state === 'conflict' ? { conflict: true } : {}),
    });
  }
  return out;
}

const SYNC_STATE: Record<OutboxItem['state'], LocalSyncState> = {
  pending: 'pending',
  sending: 'sending',
  parked: 'needs-attention',
  conflict: 'needs-attention',
};

export interface LocalSet {
  item: OutboxItem;
  set: VitalSignsSet;
}

/** Corrections and comments of this device that wait in the outbox, opened. */
export interface LocalChanges {
  corrections: { item: OutboxItem; write: CorrectionWrite }[];
  comments: { item: OutboxItem; write: CommentWrite }[];
}

export const NO_LOCAL_CHANGES: LocalChanges = { corrections: [], comments: [] };

/** Why an item of another server is not sent from this login (Norwegian). */
export function belongsElsewhereText(server: string | undefined): string {
  return server
    ? `Lagret for ${server}. Sendes bare dit: logg inn mot den serveren for å sende.`
    : 'Det er ukjent hvilken server målingen hører til, så den sendes ikke. Kontakt support før den slettes.';
}

/**
 * The device's own writes, as DeviceVitalSignsSets. A write bound to another server than
 * ownServer stays pending and says where it belongs.
 */
export function localSets(local: LocalSet[], ownServer?: string): DeviceVitalSignsSet[] {
  return local.map(({ item, set }) => {
    const elsewhere = ownServer !== undefined && item.server !== ownServer;
    const problem = item.problem ?? (elsewhere ? belongsElsewhereText(item.server) : undefined);
    return {
      ...set,
      syncState: SYNC_STATE[item.state],
      ...(problem ? { problem } : {}),
      ...(item.state === 'conflict' ? { conflict: true } : {}),
    };
  });
}

/**
 * Server sets plus the device's own writes, oldest first (by measured time, then entry
 * order: core/vitals/order.ts). A write still in the outbox
 * replaces the server's copy of the same set, except a conflict, where both are shown:
 * the server's values (confirmed) and ours (needs-attention). Key lists by id + syncState.
 */
export function mergeVitals(server: VitalSignsSet[], local: DeviceVitalSignsSet[]): DeviceVitalSignsSet[] {
  const replaced = new Set(local.filter((l) => !l.conflict).map((l) => l.id));
  const out: DeviceVitalSignsSet[] = [
    ...server.filter((s) => !replaced.has(s.id)).map((s) => ({ ...s, syncState: 'confirmed' as const })),
    ...local,
  ];
  // Measured time, then entry order (core's rule): never the sets' random ids.
  return sortSetsChronologically(out);
}

function localWrite(item: OutboxItem, ownServer?: string): LocalWrite {
  const elsewhere = ownServer !== undefined && item.server !== ownServer;
  const problem = item.problem ?? (elsewhere ? belongsElsewhereText(item.server) : undefined);
  return { id: item.id, syncState: SYNC_STATE[item.state], ...(problem ? { problem } : {}) };
}

/**
 * The sets with this device's waiting corrections and comments applied, oldest first:
 * a set corrected here is marked entered-in-error at once (core's applyCorrections), so it
 * is never shown as valid while its correction waits or has been refused; a set that only a
 * waiting correction still carries (its own item gone, the server's copy not cached yet)
 * is shown from that correction.
 */
export function withLocalChanges(
  sets: DeviceVitalSignsSet[],
  changes: LocalChanges,
  ownServer?: string,
): DeviceVitalSignsSet[] {
  if (!changes.corrections.length && !changes.comments.length) return sets;
  const known = new Set(sets.map((s) => s.id));
  const carried: DeviceVitalSignsSet[] = [];
  for (const { item, write } of changes.corrections) {
    if (write.set && !known.has(write.set.id)) {
      known.add(write.set.id);
      carried.push({ ...write.set, syncState: SYNC_STATE[item.state] });
    }
  }
  const all = applyCorrections(
    sortSetsChronologically([...sets, ...carried]),
    changes.corrections.map((c) => c.write.correction),
  );
  return all.map((set) => {
    const mine = (patientId: string, setId: string) => patientId === set.patientId && setId === set.id;
    const correction = changes.corrections.find((c) =>
      mine(c.write.correction.patientId, c.write.correction.setId),
    );
    const comments = changes.comments
      .filter((c) => mine(c.write.comment.patientId, c.write.comment.setId))
      .map((c) => ({ ...c.write.comment, ...localWrite(c.item, ownServer) }))
      .sort((a, b) => Date.parse(a.writtenAt) - Date.parse(b.writtenAt));
    if (!correction && !comments.length) return set;
    return {
      ...set,
      ...(correction ? { localCorrection: localWrite(correction.item, ownServer) } : {}),
      ...(comments.length ? { pendingComments: comments } : {}),
    };
  });
}

/** Only the sets that count: never one marked entered-in-error (core's rule). */
export function usableSection(section: Section<DeviceVitalSignsSet[]>): Section<DeviceVitalSignsSet[]> {
  switch (section.kind) {
    case 'ready':
      return { ...section, data: section.data.filter(isUsable) };
    case 'unavailable':
      return section.cached
        ? { ...section, cached: { ...section.cached, data: section.cached.data.filter(isUsable) } }
        : section;
    default:
      return section;
  }
}

/**
 * Every set for the history (PatientView.history): the server's, corrected ones kept with
 * their correction and comments (core's observationsToSetsWithHistory), merged with this
 * device's unsent sets, corrections and comments. `vitalsSection` is this without the sets
 * marked entered-in-error.
 */
export function historySection(
  rec: SectionRecord | undefined,
  data: VitalsData | undefined,
  local: DeviceVitalSignsSet[],
  changes: LocalChanges,
  ctx: ComposeContext,
  ownServer?: string,
): Section<DeviceVitalSignsSet[]> {
  const section = setsSection(rec, data, local, ctx);
  const apply = (sets: DeviceVitalSignsSet[]) => withLocalChanges(sets, changes, ownServer);
  switch (section.kind) {
    case 'ready':
      return { ...section, data: apply(section.data) };
    case 'unavailable':
      return section.cached
        ? { ...section, cached: { ...section.cached, data: apply(section.cached.data) } }
        : section;
    default:
      return section;
  }
}

/** The sets that count, for every clinical view: the history without the corrected sets. */
export function vitalsSection(
  rec: SectionRecord | undefined,
  data: VitalsData | undefined,
  local: DeviceVitalSignsSet[],
  ctx: ComposeContext,
  changes: LocalChanges = NO_LOCAL_CHANGES,
  ownServer?: string,
): Section<DeviceVitalSignsSet[]> {
  return usableSection(historySection(rec, data, local, changes, ctx, ownServer));
}

function setsSection(
  rec: SectionRecord | undefined,
  data: VitalsData | undefined,
  local: DeviceVitalSignsSet[],
  ctx: ComposeContext,
): Section<DeviceVitalSignsSet[]> {
  const server = data ? observationsToSetsWithHistory(data.observations) : undefined;
  const merged = server ? mergeVitals(server, local) : undefined;
  const section = composeSection(rec, merged, ctx);
  // Our own unsent writes are always shown, even before the first successful fetch.
  if (local.length > 0) {
    if (section.kind === 'loading') {
      return {
        kind: 'unavailable',
        reason: 'Målinger fra serveren er ikke hentet ennå.',
        cached: { data: mergeVitals([], local), fetchedAt: '' },
      };
    }
    if (section.kind === 'unavailable' && !section.cached) {
      return { ...section, cached: { data: mergeVitals([], local), fetchedAt: '' } };
    }
  }
  return section;
}

/** Whom to call, as cached (core's reader). */
export function contactsSection(
  rec: SectionRecord | undefined,
  data: PatientContacts | undefined,
  ctx: ComposeContext,
): Section<PatientContacts> {
  return composeSection(rec, data, ctx);
}

export interface LocalEscalation {
  item: OutboxItem;
  record: EscalationRecord;
}

/** The device's own escalation records that wait in the outbox. */
export function localEscalations(local: LocalEscalation[], ownServer?: string): DeviceEscalationRecord[] {
  return local.map(({ item, record }) => {
    const elsewhere = ownServer !== undefined && item.server !== ownServer;
    const problem = item.problem ?? (elsewhere ? belongsElsewhereText(item.server) : undefined);
    return { ...record, syncState: SYNC_STATE[item.state], ...(problem ? { problem } : {}) };
  });
}

/**
 * Server records plus the device's own, oldest recorded first. A record still in the outbox
 * replaces the server's copy of the same id; like sets, the device's own are shown even
 * before the first fetch.
 */
export function escalationsSection(
  rec: SectionRecord | undefined,
  data: EscalationRecord[] | undefined,
  local: DeviceEscalationRecord[],
  ctx: ComposeContext,
): Section<DeviceEscalationRecord[]> {
  const merge = (server: EscalationRecord[]) => {
    const waiting = new Set(local.map((l) => l.id));
    return [
      ...server.filter((s) => !waiting.has(s.id)).map((s) => ({ ...s, syncState: 'confirmed' as const })),
      ...local,
    ].sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
  };
  const section = composeSection(rec, data ? merge(data) : undefined, ctx);
  if (local.length > 0) {
    if (section.kind === 'loading') {
      return {
        kind: 'unavailable',
        reason: 'Registreringer fra serveren er ikke hentet ennå.',
        cached: { data: merge([]), fetchedAt: '' },
      };
    }
    if (section.kind === 'unavailable' && !section.cached) {
      return { ...section, cached: { data: merge([]), fetchedAt: '' } };
    }
  }
  return section;
}

/**
 * A worklist row from the cached identity, the sets (server and local) and the patient's
 * plans: core's triage row (risk band, latest NEWS2 with its age, usual and deviation, the
 * plan state, personal thresholds, "Krever handling"). The usual values are core's
 * personalBaseline: the personal plan's, when one is in force, else derived from the sets.
 * `visitOrder` is the place in the nurse's list. Without plans on the device the routine
 * interval is the municipal default and `plansKnown` says so (also when only the device's
 * own unsent plans are known).
 */
export function worklistEntry(
  patient: PatientIdentity,
  sets: DeviceVitalSignsSet[],
  now: Date,
  opts: { visitOrder?: number; plans?: PatientPlans; plansKnown?: boolean } = {},
): WorklistEntry {
  const at = now.toISOString();
  // Measured time, then entry order; a set marked entered-in-error never counts.
  const usable = usableSets(sets);
  const latest = usable.at(-1);
  const personal = opts.plans
    ? currentPersonalPlan(opts.plans.personal, { now: at, patientId: patient.id })
    : undefined;
  const clinician =
    personal && personalPlanStatus(personal, at) === 'active'
      ? clinicianBaselineFromPlan(personal)
      : undefined;
  const baseline =
    usable.length > 0 ? personalBaseline(patient.id, usable, clinician, { now: at }) : undefined;
  const triage = triageRow({
    patientId: patient.id,
    sets,
    now: at,
    ...(opts.visitOrder !== undefined ? { visitOrder: opts.visitOrder } : {}),
    ...(opts.plans ? { monitoringPlans: opts.plans.monitoring } : {}),
    ...(personal ? { personalPlan: personal } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const m = triage.monitoring;
  const entry: WorklistEntry = {
    patient,
    overdue: m.kind === 'overdue',
    triage,
    plansKnown: opts.plansKnown ?? opts.plans !== undefined,
  };
  if (m.kind === 'ok') entry.dueAt = m.nextDueAt;
  else if (m.kind === 'due-today') entry.dueAt = m.dueAt;
  else if (m.kind === 'overdue') entry.dueAt = m.since;
  if (latest) {
    const score = scoreNews2(latest.vitals);
    // A partial sum is not a NEWS2 total: never invent one.
    entry.latest = {
      total: score.complete ? score.total : null,
      complete: score.complete,
      effectiveDateTime: latest.effectiveDateTime,
    };
  }
  return entry;
}
