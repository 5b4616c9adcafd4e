// The patient cache: one sealed record per patient section (and one for the worklist), with
// the time the server last confirmed it and when it expires. A store module: the only code
// that reads or writes the `sections` table. Pull (./sync/pull.ts) decides what to fetch;
// this module decides how it is kept.
//
// Records are few and large on purpose (see ./db.ts). Vitals are sealed in the compact
// form of ./sync/vitalsCache.ts; every other section as it is.
import type { Observation } from '@medplum/fhirtypes';
import type { CoverageOutcome } from '../core/fhir/coverage';
import type { MunicipalService } from '../core/services/types';
import type { Scale2Decision } from '../core/news2/scale2';
import type { PatientContacts } from '../core/escalation/contacts';
import type { EscalationRecord } from '../core/escalation/escalation';
import type { PatientIdentity, PatientPlans } from './api';
import type { FetchOutcome, SectionName, SectionRecord, VardeDb } from './db';
import { decodeVitals, encodeVitals, isCompactVitals } from './sync/vitalsCache';
import type { Vault } from './vault';

export interface ServicesData {
  coverage: CoverageOutcome;
  services: MunicipalService[];
  /** The server withheld services at the patient's request (core's withheld marker). */
  withheld?: boolean;
}
export interface VitalsData {
  observations: Observation[];
  /**
   * The server withheld sets at the patient's request. Absent in a cache sealed before the
   * marker existed: the next pull then fetches everything, so the answer is known again.
   */
  withheld?: boolean;
}
export interface WorklistData {
  patientIds: string[];
}
export interface SectionData {
  identity: PatientIdentity;
  services: ServicesData;
  vitals: VitalsData;
  /** The patient's Scale 2 decisions as core reads them from the Flags (ended ones too). */
  scale2: Scale2Decision[];
  /** The patient's NEWS2 plans as core reads them from the CarePlans. */
  plans: PatientPlans;
  worklist: WorklistData;
  /** Whom to call: the fastlege, the local legevakt, the home address (core's reader). */
  contacts: PatientContacts;
  /** The patient's escalation records as core reads them from Communications (no ISBAR text). */
  escalations: EscalationRecord[];
}

/** Sections held as they are, merged whole by mergeSection. */
export type PlainSection = Exclude<SectionName, 'vitals' | 'worklist'>;

export const DEFAULT_CACHE_TTL_MS = 12 * 3600_000;

export interface PatientCache {
  get(patientId: string, section: SectionName): Promise<SectionRecord | undefined>;
  forPatient(patientId: string): Promise<SectionRecord[]>;
  all(): Promise<SectionRecord[]>;
  /** Opens a record's sealed data; undefined when there is none or it is of another format. */
  read<K extends SectionName>(rec: SectionRecord | undefined): Promise<SectionData[K] | undefined>;
  /** Stores what the server just sent, sealed, with the time fetched and the expiry. */
  storeData<K extends SectionName>(
    patientId: string,
    section: K,
    data: SectionData[K],
    checkpoint?: string,
  ): Promise<FetchOutcome>;
  /**
   * Stores a failed fetch: the cached data stay (shown with their age), except after a
   * denial, when they are deleted (restricted data is neither shown nor kept).
   */
  storeFailure(patientId: string, section: SectionName, outcome: FetchOutcome): Promise<FetchOutcome>;
  /**
   * Replaces the cached vitals parts with merge(previous parts), keeping fetchedAt: the
   * server's copy of our own write is not a fresh read of the whole section.
   */
  mergeVitals(patientId: string, merge: (prev: Observation[]) => Observation[]): Promise<void>;
  /**
   * The same for another section: replaces its data with merge(previous data, undefined
   * when none), keeping fetchedAt (the server's copy of our own write, e.g. an escalation
   * record just confirmed).
   */
  mergeSection<K extends PlainSection>(
    patientId: string,
    section: K,
    merge: (prev: SectionData[K] | undefined) => SectionData[K],
  ): Promise<void>;
  /** Deletes sections past their expiry. The outbox never expires. */
  purgeExpired(): Promise<number>;
}

export interface PatientCacheOptions {
  now: () => Date;
  /** How long cached data is kept before it is deleted (default a 12 h shift). */
  cacheTtlMs?: number;
}

/** What is sealed for a section: vitals in their compact form, the rest as is. */
function sealable<K extends SectionName>(section: K, data: SectionData[K]): unknown {
  if (section !== 'vitals') return data;
  const { observations, withheld } = data as VitalsData;
  return { ...encodeVitals(observations), withheld: withheld ?? false };
}

export function createPatientCache(db: VardeDb, vault: Vault, opts: PatientCacheOptions): PatientCache {
  const ttl = opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const expiry = (at: Date) => new Date(at.getTime() + ttl).toISOString();

  async function read<K extends SectionName>(
    rec: SectionRecord | undefined,
  ): Promise<SectionData[K] | undefined> {
    if (!rec?.data) return undefined;
    if (rec.section === 'scale2') {
      // Before the list of core decisions, one {decidedBy, decidedAt} or null was sealed:
      // such a record is no cache (the next pull fetches the Flags again).
      const sealed = await vault.open<unknown>(rec.data);
      return (Array.isArray(sealed) ? sealed : undefined) as SectionData[K] | undefined;
    }
    if (rec.section !== 'vitals') return vault.open<SectionData[K]>(rec.data);
    const sealed = await vault.open<unknown>(rec.data);
    // A payload of another format is no cache at all (the next pull fetches everything).
    if (!isCompactVitals(sealed)) return undefined;
    const vitals: VitalsData = { observations: decodeVitals(sealed) };
    if (typeof sealed.withheld === 'boolean') vitals.withheld = sealed.withheld;
    return vitals as SectionData[K];
  }

  return {
    get: (patientId, section) => db.sections.get([patientId, section]),
    forPatient: (patientId) => db.sections.where('patientId').equals(patientId).toArray(),
    all: () => db.sections.toArray(),
    read,
    async storeData(patientId, section, data, checkpoint) {
      const at = opts.now();
      const rec: SectionRecord = {
        patientId,
        section,
        fetchedAt: at.toISOString(),
        expiresAt: expiry(at),
        checkpoint,
        lastOutcome: { kind: 'ok', at: at.toISOString() },
        data: await vault.seal(sealable(section, data)),
      };
      await db.sections.put(rec);
      return rec.lastOutcome!;
    },
    async storeFailure(patientId, section, outcome) {
      await db.transaction('rw', db.sections, async () => {
        const prev = await db.sections.get([patientId, section]);
        if (outcome.kind === 'denied') {
          await db.sections.put({ patientId, section, lastOutcome: outcome });
        } else {
          await db.sections.put({ ...(prev ?? { patientId, section }), lastOutcome: outcome });
        }
      });
      return outcome;
    },
    async mergeVitals(patientId, merge) {
      const prevRec = await db.sections.get([patientId, 'vitals']);
      const prevData = await read<'vitals'>(prevRec);
      const data = await vault.seal(
        sealable('vitals', {
          observations: merge(prevData?.observations ?? []),
          withheld: prevData?.withheld,
        }),
      );
      await db.sections.put({
        ...(prevRec ?? { patientId, section: 'vitals' }),
        // A cache we could not read is replaced, so its checkpoint no longer holds.
        ...(prevRec?.data && !prevData ? { checkpoint: undefined } : {}),
        data,
        expiresAt: prevRec?.expiresAt ?? expiry(opts.now()),
      });
    },
    // As mergeVitals: no Dexie transaction around it, since sealing (WebCrypto) would end one.
    async mergeSection(patientId, section, merge) {
      const prevRec = await db.sections.get([patientId, section]);
      const prevData = await read<typeof section>(prevRec);
      const data = await vault.seal(sealable(section, merge(prevData)));
      await db.sections.put({
        ...(prevRec ?? { patientId, section }),
        data,
        expiresAt: prevRec?.expiresAt ?? expiry(opts.now()),
      });
    },
    purgeExpired: () => db.sections.where('expiresAt').below(opts.now().toISOString()).delete(),
  };
}
