// View composition: from the store's records (cached sections and the outbox) to what the
// screens show. Opens the sealed records with the vault and hands them to the pure rules
// of ./sections/. Reads no table itself: the records arrive from a live query (./liveView.ts).
import { observationsToSetsWithHistory } from '../core/fhir/correction';
import type { VitalSignsSet } from '../core/vitals/types';
import type { EscalationWrite } from './kinds/escalation';
import type { CommentWrite, CorrectionWrite, OutboxPayloads } from './kinds/index';
import type { PatientView, Section, WorklistEntry } from './api';
import { WORKLIST_KEY, type OutboxItem, type SectionName, type SectionRecord } from './db';
import type { PatientCache, SectionData } from './patientCache';
import type { Vault } from './vault';
import {
  composeSection,
  contactsSection,
  identitySection,
  servicesSection,
  usable,
} from './sections/compose';
import { escalationsSection } from './sections/escalations';
import type { StaleAfter } from './sections/freshness';
import {
  localEscalations,
  localSets,
  planWrites,
  type LocalChanges,
  type LocalEscalation,
  type LocalSet,
} from './sections/localWrites';
import { plansSection, scale2Section } from './sections/plans';
import { historySection, mergeVitals, usableSection, withLocalChanges } from './sections/vitals';
import { worklistEntry } from './sections/worklistEntry';

export interface ViewDeps {
  /** This login's server: writes bound to another say where they belong. */
  server: string;
  vault: Vault;
  cache: PatientCache;
  now: () => Date;
  staleAfter: StaleAfter;
}

export const LOADING_VIEW: PatientView = {
  identity: { kind: 'loading' },
  services: { kind: 'loading' },
  vitals: { kind: 'loading' },
  history: { kind: 'loading' },
  scale2: { kind: 'loading' },
  plans: { kind: 'loading' },
  contacts: { kind: 'loading' },
  escalations: { kind: 'loading' },
};

export function createViewComposer(deps: ViewDeps) {
  const { vault, cache, now, staleAfter, server: own } = deps;

  /** The device's own vital-signs sets that wait in the outbox (items of other kinds are not sets). */
  async function openLocal(items: OutboxItem[]): Promise<LocalSet[]> {
    return Promise.all(
      items
        .filter((item): item is OutboxItem<'vitals'> => item.kind === 'vitals')
        .map(async (item) => ({ item, set: await vault.open<VitalSignsSet>(item.data) })),
    );
  }

  /**
   * The device's own writes of one kind that wait to be sent, opened. A refused one (parked,
   * conflict) is not laid over the server's data: a plan or decision the server refused is
   * never used; planWrites() shows it with the reason.
   */
  async function openKind<K extends keyof OutboxPayloads & string>(
    items: OutboxItem[],
    kind: K,
  ): Promise<OutboxPayloads[K][]> {
    return Promise.all(
      items
        .filter((item) => item.kind === kind && (item.state === 'pending' || item.state === 'sending'))
        .map((item) => vault.open<OutboxPayloads[K]>(item.data)),
    );
  }

  /** The device's own escalation records that wait in the outbox. */
  async function openLocalEscalations(items: OutboxItem[]): Promise<LocalEscalation[]> {
    return Promise.all(
      items
        .filter((item): item is OutboxItem<'escalation'> => item.kind === 'escalation')
        .map(async (item) => ({ item, record: (await vault.open<EscalationWrite>(item.data)).record })),
    );
  }

  /** The device's corrections and comments that wait in the outbox. */
  async function openChanges(items: OutboxItem[]): Promise<LocalChanges> {
    const [corrections, comments] = await Promise.all([
      Promise.all(
        items
          .filter((item) => item.kind === 'correction')
          .map(async (item) => ({ item, write: await vault.open<CorrectionWrite>(item.data) })),
      ),
      Promise.all(
        items
          .filter((item) => item.kind === 'comment')
          .map(async (item) => ({ item, write: await vault.open<CommentWrite>(item.data) })),
      ),
    ]);
    return { corrections, comments };
  }

  async function open<K extends SectionName>(
    rec: SectionRecord | undefined,
  ): Promise<SectionData[K] | undefined> {
    if (!usable(rec, now())) return undefined;
    return cache.read<K>(rec);
  }

  /** Drops expired data from a record so the view never shows it. */
  function live(rec: SectionRecord | undefined): SectionRecord | undefined {
    if (!rec) return rec;
    return usable(rec, now()) ? rec : { ...rec, data: undefined, fetchedAt: undefined };
  }

  async function patient(records: SectionRecord[], items: OutboxItem[]): Promise<PatientView> {
    if (!vault.isUnlocked()) return LOADING_VIEW;
    const t = now();
    const rec = (s: SectionName) => live(records.find((r) => r.section === s));
    const [
      identity,
      services,
      vitals,
      scale2,
      plans,
      local,
      changes,
      monitoring,
      personal,
      scale2Changes,
      contacts,
      escalations,
      localEsc,
    ] = await Promise.all([
      open<'identity'>(rec('identity')),
      open<'services'>(rec('services')),
      open<'vitals'>(rec('vitals')),
      open<'scale2'>(rec('scale2')),
      open<'plans'>(rec('plans')),
      openLocal(items),
      openChanges(items),
      openKind(items, 'monitoringPlan'),
      openKind(items, 'personalPlan'),
      openKind(items, 'scale2Decision'),
      open<'contacts'>(rec('contacts')),
      open<'escalations'>(rec('escalations')),
      openLocalEscalations(items),
    ]);
    const ctx = (s: SectionName) => ({ now: t, staleAfterMs: staleAfter[s] });
    const history = historySection(rec('vitals'), vitals, localSets(local, own), changes, ctx('vitals'), own);
    return {
      identity: identitySection(rec('identity'), identity, ctx('identity')),
      services: servicesSection(rec('services'), services, ctx('services')),
      vitals: usableSection(history),
      history,
      scale2: scale2Section(rec('scale2'), scale2, ctx('scale2'), scale2Changes),
      plans: plansSection(rec('plans'), plans, { monitoring, personal }, ctx('plans')),
      planWrites: planWrites(items, own),
      contacts: contactsSection(rec('contacts'), contacts, ctx('contacts')),
      escalations: escalationsSection(
        rec('escalations'),
        escalations,
        localEscalations(localEsc, own),
        ctx('escalations'),
      ),
      withheld: { services: services?.withheld === true, vitals: vitals?.withheld === true },
    };
  }

  async function worklist(records: SectionRecord[], items: OutboxItem[]): Promise<Section<WorklistEntry[]>> {
    if (!vault.isUnlocked()) return { kind: 'loading' };
    const t = now();
    const listRec = live(records.find((r) => r.patientId === WORKLIST_KEY));
    const list = await open<'worklist'>(listRec);
    const entries: WorklistEntry[] = [];
    for (const [visitOrder, id] of (list?.patientIds ?? []).entries()) {
      const identity = await open<'identity'>(
        records.find((r) => r.patientId === id && r.section === 'identity'),
      );
      if (!identity) continue;
      const vitals = await open<'vitals'>(records.find((r) => r.patientId === id && r.section === 'vitals'));
      const server = vitals ? observationsToSetsWithHistory(vitals.observations) : [];
      const mine = items.filter((i) => i.patientId === id);
      const local = localSets(await openLocal(mine), own);
      const sets = withLocalChanges(mergeVitals(server, local), await openChanges(mine), own);
      const plansRec = records.find((r) => r.patientId === id && r.section === 'plans');
      const plans = plansSection(
        live(plansRec),
        await open<'plans'>(plansRec),
        {
          monitoring: await openKind(mine, 'monitoringPlan'),
          personal: await openKind(mine, 'personalPlan'),
        },
        { now: t, staleAfterMs: staleAfter.plans },
      );
      const known =
        plans.kind === 'ready' ? plans.data : plans.kind === 'unavailable' ? plans.cached?.data : undefined;
      const fetched = plans.kind === 'ready' || (plans.kind === 'unavailable' && !!plans.cached?.fetchedAt);
      entries.push(
        worklistEntry(identity, sets, t, {
          visitOrder,
          plansKnown: fetched,
          ...(known ? { plans: known } : {}),
        }),
      );
    }
    return composeSection(listRec, entries.length || list ? entries : undefined, {
      now: t,
      staleAfterMs: staleAfter.worklist,
    });
  }

  /** The sections that hold usable data on the device (what an offline read shows). */
  async function usableSections(patientId: string, sections: SectionName[]): Promise<SectionName[]> {
    const out: SectionName[] = [];
    for (const s of sections) if (usable(await cache.get(patientId, s), now())) out.push(s);
    return out;
  }

  return { patient, worklist, usableSections };
}

export type ViewComposer = ReturnType<typeof createViewComposer>;
