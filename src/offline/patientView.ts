// View composition: from the store's records (cached sections and the outbox) to what the
// screens show. Opens the sealed records with the vault and hands them to the pure rules
// of ./view.ts. Reads no table itself: the records arrive from a live query (./liveView.ts).
import { observationsToVitalSignsSets } from '../core/fhir/fromObservation';
import type { VitalSignsSet } from '../core/vitals/types';
import type { EscalationWrite } from './kinds/escalation';
import type { PatientView, Section, WorklistEntry } from './api';
import { WORKLIST_KEY, type OutboxItem, type SectionName, type SectionRecord } from './db';
import type { PatientCache, SectionData } from './patientCache';
import type { Vault } from './vault';
import {
  composeSection,
  contactsSection,
  escalationsSection,
  identitySection,
  localEscalations,
  localSets,
  mergeVitals,
  scale2Section,
  servicesSection,
  usable,
  vitalsSection,
  worklistEntry,
  type LocalEscalation,
  type LocalSet,
  type StaleAfter,
} from './view';

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
  scale2: { kind: 'loading' },
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

  /** The device's own escalation records that wait in the outbox. */
  async function openLocalEscalations(items: OutboxItem[]): Promise<LocalEscalation[]> {
    return Promise.all(
      items
        .filter((item): item is OutboxItem<'escalation'> => item.kind === 'escalation')
        .map(async (item) => ({ item, record: (await vault.open<EscalationWrite>(item.data)).record })),
    );
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
    const [identity, services, vitals, scale2, local, contacts, escalations, localEsc] = await Promise.all([
      open<'identity'>(rec('identity')),
      open<'services'>(rec('services')),
      open<'vitals'>(rec('vitals')),
      open<'scale2'>(rec('scale2')),
      openLocal(items),
      open<'contacts'>(rec('contacts')),
      open<'escalations'>(rec('escalations')),
      openLocalEscalations(items),
    ]);
    const ctx = (s: SectionName) => ({ now: t, staleAfterMs: staleAfter[s] });
    return {
      identity: identitySection(rec('identity'), identity, ctx('identity')),
      services: servicesSection(rec('services'), services, ctx('services')),
      vitals: vitalsSection(rec('vitals'), vitals, localSets(local, own), ctx('vitals')),
      scale2: scale2Section(rec('scale2'), scale2, ctx('scale2')),
      contacts: contactsSection(rec('contacts'), contacts, ctx('contacts')),
      escalations: escalationsSection(
        rec('escalations'),
        escalations,
        localEscalations(localEsc, own),
        ctx('escalations'),
      ),
    };
  }

  async function worklist(records: SectionRecord[], items: OutboxItem[]): Promise<Section<WorklistEntry[]>> {
    if (!vault.isUnlocked()) return { kind: 'loading' };
    const t = now();
    const listRec = live(records.find((r) => r.patientId === WORKLIST_KEY));
    const list = await open<'worklist'>(listRec);
    const entries: WorklistEntry[] = [];
    for (const id of list?.patientIds ?? []) {
      const identity = await open<'identity'>(
        records.find((r) => r.patientId === id && r.section === 'identity'),
      );
      if (!identity) continue;
      const vitals = await open<'vitals'>(records.find((r) => r.patientId === id && r.section === 'vitals'));
      const server = vitals ? observationsToVitalSignsSets(vitals.observations) : [];
      const local = localSets(await openLocal(items.filter((i) => i.patientId === id)), own);
      entries.push(worklistEntry(identity, mergeVitals(server, local), t));
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
