// Reads of a patient: the live view from the device store, refreshed from the server in
// the background, and the rule that a read served from the device because the server could
// not be reached is logged (DOMAIN.md section 7, risk 3; uploaded by the engine).
import type { PatientView, Unsubscribe } from './api';
import type { AuditLog } from './auditLog';
import { watchStore, type ViewTrigger } from './liveView';
import type { Outbox } from './outbox';
import type { PatientCache } from './patientCache';
import type { ViewComposer } from './patientView';
import { pullPatient, type PatientSection, type PullDeps } from './sync/pull';
import { LockedError, type Vault } from './vault';

const BACKGROUND_REFRESH_MIN_MS = 30_000;
const PATIENT_SECTIONS: PatientSection[] = [
  'identity',
  'services',
  'vitals',
  'scale2',
  'plans',
  'contacts',
  'escalations',
];

export interface PatientReadsDeps {
  vault: Vault;
  cache: PatientCache;
  outbox: Pick<Outbox, 'forPatient'>;
  auditLog: AuditLog;
  views: ViewComposer;
  pull: PullDeps;
  now: () => Date;
  /** Who reads (the audit record's agent). */
  practitionerId?: string;
  /** Starts a drain: the logged read is uploaded as soon as the server answers. */
  drainSoon: () => void;
  noteActivity: () => void;
  /** What re-composes a view besides the store (the lock, the network, time). */
  viewTriggers: ViewTrigger[];
}

export function createPatientReads(deps: PatientReadsDeps) {
  const { vault, cache, outbox, views, now } = deps;
  const inflight = new Map<string, Promise<void>>();
  const lastBackgroundRefresh = new Map<string, number>();
  /** Patients on screen now (a screen may watch one twice). */
  const watched: string[] = [];

  async function logOfflineRead(patientId: string, what: string[]): Promise<void> {
    if (!vault.isUnlocked() || what.length === 0) return;
    const who = deps.practitionerId ? `Practitioner/${deps.practitionerId}` : undefined;
    await deps.auditLog.add({ patientId, what, who, at: now().toISOString() });
    // Without coverage this fails at once and the retry timer takes over.
    deps.drainSoon();
  }

  /** Fetch the patient's newest data now (incremental); sections it could not refresh are logged. */
  function refreshPatient(patientId: string): Promise<void> {
    if (!vault.isUnlocked()) return Promise.reject(new LockedError());
    const running = inflight.get(patientId);
    if (running) return running;
    const p = (async () => {
      const outcomes = await pullPatient(deps.pull, patientId);
      const failed = PATIENT_SECTIONS.filter((s) => {
        const o = outcomes[s];
        return o && o.kind !== 'ok' && o.kind !== 'denied';
      });
      await logOfflineRead(patientId, await views.usableSections(patientId, failed));
    })().finally(() => inflight.delete(patientId));
    inflight.set(patientId, p);
    return p;
  }

  function watchPatient(patientId: string, onChange: (view: PatientView) => void): Unsubscribe {
    deps.noteActivity();
    const stop = watchStore(
      () => Promise.all([cache.forPatient(patientId), outbox.forPatient(patientId)]),
      ([records, items]) => views.patient(records, items),
      onChange,
      deps.viewTriggers,
    );
    const refresh = () => {
      if (!vault.isUnlocked()) return;
      // Screens re-subscribe often (navigation, re-renders); one background fetch per
      // patient per half minute is enough. refreshPatient() is the explicit way.
      const last = lastBackgroundRefresh.get(patientId) ?? 0;
      if (now().getTime() - last < BACKGROUND_REFRESH_MIN_MS) return;
      lastBackgroundRefresh.set(patientId, now().getTime());
      refreshPatient(patientId).catch(() => {});
    };
    refresh();
    const offLock = vault.onChange(() => vault.isUnlocked() && refresh());
    watched.push(patientId);
    return () => {
      stop();
      offLock();
      watched.splice(watched.indexOf(patientId), 1);
    };
  }

  return {
    refreshPatient,
    watchPatient,
    /** Coverage is back: what the screens show is refreshed at once, not at the next background refresh. */
    refreshWatched: () => new Set(watched).forEach((id) => void refreshPatient(id).catch(() => {})),
    /** After a wipe: the next view fetches at once. */
    forget: () => lastBackgroundRefresh.clear(),
  };
}
