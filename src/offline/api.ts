// The seam between the screens (src/app) and the device store and sync (src/offline).
// The app reads and writes only through an OfflineClient; it never touches Dexie tables.
// Implementation: createOfflineClient() in ./client.ts.
//
// Changes since the first version (all additive except one):
// - SyncStatus 'synced'.at is optional: absent when nothing has been sent from this device.
// - At-rest protection: patient data is sealed under a key wrapped by the nurse's PIN.
//   Until lockState() is 'unlocked' (setupPin on first use, unlock after), patient
//   sections read 'loading', recordVitals rejects with a LockedError and sync pauses.
//   The app shows the PIN prompt on 'setup-required' / 'locked' (watchLock).
// - wipe() refuses (UnsentDataError) while writes wait, unless { discardUnsent: true }.
// - dismissProblem(setId) removes a parked or conflicting write after the nurse has seen it.
// - PatientView.scale2 is a Section like every other field (it was Decision | null | undefined),
//   holding core's Scale2Decision list (was one {decidedBy, decidedAt} summary of the newest
//   active Flag): the app asks core which decision covers a time.
// - close() stops the client's timers and listeners and closes its store.
// - Plans (issues #11/#12): PatientView.plans (optional Section: monitoring and personal
//   plans, core's types) and PatientView.planWrites (the device's plan and Scale 2 writes
//   that wait or were refused); commands recordMonitoringPlan, recordPersonalPlan and
//   recordScale2Change (outbox kinds monitoringPlan, personalPlan, scale2Decision). The
//   scale2 Section includes the device's own unsent Scale 2 changes. WorklistEntry.triage
//   (core's triage row) and WorklistEntry.plansKnown; WorklistEntry.overdue and dueAt now come
//   from the monitoring plan (core's monitoringState), never from the RCP ward intervals alone.
// - One device store per server and user; every write is bound to its server. SyncStatus
//   'waiting-elsewhere' says that writes wait for another server (or user) on this device.
// - The token source may answer { kind: 'unreachable' } (a refresh that found no network):
//   a network failure, never an exception (AccessToken below).
// - Escalation (issue #11 point 3), additive: PatientView.contacts (whom to call) and
//   PatientView.escalations (the records, with the device's own still waiting), and
//   recordEscalation(record, set), which writes through the outbox like recordVitals.
// - PatientView.withheld (optional): which sections the server said it withheld items from
//   at the patient's request (pasientrettighetsloven § 5-3).
// - An online session (OfflineClientOptions.memory): the same client with its store in
//   memory only; no PIN unless the deployment asks for the idle lock.
// - Corrections and comments (issue #11 point 4): correctSet / commentSet write to the
//   outbox first. PatientView.history (optional) holds every set, corrected ones struck
//   through in the history; PatientView.vitals holds only the sets that count (never one
//   marked entered-in-error, on the server or by a correction still waiting here).
//   DeviceVitalSignsSet.localCorrection / pendingComments say what of it waits.
import type { SetComment, SetCorrection } from '../core/correction/types';
import type { PatientContacts } from '../core/escalation/contacts';
import type { EscalationRecord } from '../core/escalation/escalation';
import type { Scale2Decision } from '../core/news2/scale2';
import type { Scale2Change } from '../core/news2/scale2Change';
import type { MonitoringPlan } from '../core/plan/monitoringPlan';
import type { PersonalPlan } from '../core/plan/personalPlan';
import type { TriageRow } from '../core/worklist/triage';
import type { MunicipalService } from '../core/services/types';
import type { VitalSignsSet } from '../core/vitals/types';

/** The state of one section of a screen. Each kind is worded differently in the UI. */
export type Section<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; data: T; fetchedAt: string; stale: boolean }
  /** Covered, but nothing registered since the information service went live. */
  | { kind: 'none-since'; since: string; fetchedAt: string; stale: boolean }
  /** The patient is not registered in this municipality's PLO system. */
  | { kind: 'not-covered'; fetchedAt: string }
  | { kind: 'denied'; reason: string }
  /**
   * The source could not be reached; cached data (if any) is shown with its age.
   * fetchedAt is '' when the cached data is only this device's own unsent writes.
   */
  | { kind: 'unavailable'; reason: string; cached?: { data: T; fetchedAt: string } };

export interface PatientIdentity {
  id: string;
  name: string;
  /** Fødselsnummer (synthetic in the demo). */
  fnr: string;
  birthDate: string;
  gender: 'male' | 'female' | 'other' | 'unknown';
}

export type LocalSyncState = 'pending' | 'sending' | 'needs-attention' | 'confirmed';

/** A set as the device knows it: from the server, or recorded here and not yet confirmed. */
export interface DeviceVitalSignsSet extends VitalSignsSet {
  syncState: LocalSyncState;
  /** The server's reason when syncState is needs-attention (Norwegian). */
  problem?: string;
  /** needs-attention because the server holds different values for the same set id. */
  conflict?: boolean;
  /**
   * This device's correction of the set while it waits in the outbox. It is applied
   * already (`enteredInError` is set): the set counts nowhere meanwhile.
   */
  localCorrection?: LocalWrite;
  /** Comments written on this device that wait in the outbox (not in `comments` yet), oldest first. */
  pendingComments?: ReadonlyArray<SetComment & LocalWrite>;
}

/** A write of this device about a set, while it waits: its outbox id (to dismiss it), state, reason. */
export interface LocalWrite {
  id: string;
  syncState: LocalSyncState;
  problem?: string;
}

/** An escalation record as the device knows it: from the server, or recorded here and waiting. */
export type DeviceEscalationRecord = EscalationRecord & {
  syncState: LocalSyncState;
  /** The server's reason when syncState is needs-attention (Norwegian). */
  problem?: string;
};

export interface PatientView {
  identity: Section<PatientIdentity>;
  services: Section<MunicipalService[]>;
  /** The sets that count: never one marked entered-in-error (here or on the server). */
  vitals: Section<DeviceVitalSignsSet[]>;
  /**
   * Every set for the history, oldest first: those of `vitals` and the ones marked
   * entered-in-error (with `enteredInError`: who, when, why), with their comments.
   * Optional: a client without it shows `vitals` in the history.
   */
  history?: Section<DeviceVitalSignsSet[]>;
  /**
   * The patient's Scale 2 decisions as the server holds them (core's Scale2Decision, read by
   * core's Flag reader); which one is in force at a time is core's spo2ScaleFor /
   * scale2DecisionAt. Ready with an empty list: none recorded (Scale 1 applies).
   */
  scale2: Section<readonly Scale2Decision[]>;
  /**
   * The patient's NEWS2 plans (core's types): monitoring plans (core's monitoringPlanInForce
   * picks the one in force) and personal plans (core's currentPersonalPlan), the device's
   * unsent ones included. Absent only from clients that predate plans.
   */
  plans?: Section<PatientPlans>;
  /** The device's plan and Scale 2 writes that wait for the server or were refused. */
  planWrites?: readonly PlanWrite[];
  /**
   * Whom to call (the fastlege with the office, the local legevakt, the home address), as
   * core reads them. Optional: absent from clients that do not fetch it.
   */
  contacts?: Section<PatientContacts>;
  /**
   * The patient's escalation records, oldest recorded first: the server's and the device's
   * own that wait in the outbox (a waiting one replaces the server's copy of the same id).
   */
  escalations?: Section<DeviceEscalationRecord[]>;
  /**
   * Sections from which the server withheld items at the patient's request
   * (pasientrettighetsloven § 5-3), as its last answer said: the screens say that something
   * is not shown, and that usual values come from the visible sets only. Absent: not known.
   */
  withheld?: WithheldSections;
}

export interface PatientPlans {
  monitoring: readonly MonitoringPlan[];
  personal: readonly PersonalPlan[];
  /** NEWS2 plans from the server that could not be read: how many (never dropped silently). */
  unreadable: number;
}

/** A plan or Scale 2 write of this device that the server has not confirmed. */
export interface PlanWrite {
  /** The plan's or decision's client-made id. */
  id: string;
  kind: 'monitoringPlan' | 'personalPlan' | 'scale2Decision';
  syncState: LocalSyncState;
  /** The server's reason (needs-attention), or where the write belongs. */
  problem?: string;
  conflict?: boolean;
}

export interface WithheldSections {
  services: boolean;
  vitals: boolean;
}

/** Writes on this device that belong to another server (or another user there). */
export interface WaitingElsewhere {
  /** The FHIR base they are sent to; '' when the device cannot tell (never sent). */
  server: string;
  /** The server's name for people, where known ("Bergen kommune"). */
  label?: string;
  count: number;
  /** How many of them are vital-signs sets; absent when the device cannot tell. */
  sets?: number;
  /** Recorded by another user: that user must log in to send them. */
  otherUser: boolean;
}

export type SyncStatus =
  /** `at` absent: nothing has been sent from this device yet. */
  | { kind: 'synced'; at?: string }
  /**
   * Nothing of this login waits, but writes for other servers (or users) do: they are sent
   * only there, when someone logs in to that server.
   */
  | { kind: 'waiting-elsewhere'; elsewhere: WaitingElsewhere[] }
  | ({ kind: 'syncing' } & Waiting)
  | ({ kind: 'offline' } & Waiting)
  | ({ kind: 'retrying'; reason: string; nextTryAt: string } & Waiting)
  | ({ kind: 'needs-attention'; count: number; countSets?: number } & Waiting)
  | ({ kind: 'login-required' } & Waiting);

/**
 * Writes of this login that wait to be sent: `waiting` of every kind (sets, corrections,
 * comments, escalation records, plans), `waitingSets` of them vital-signs sets. Without
 * `waitingSets` the kinds are unknown, and the status names them all "registreringer".
 */
export interface Waiting {
  waiting: number;
  waitingSets?: number;
}

export interface WorklistEntry {
  patient: PatientIdentity;
  latest?: { total: number | null; complete: boolean; effectiveDateTime: string };
  /**
   * When the next NEWS2 is due by the patient's monitoring plan (core's monitoringState: the
   * plan's routine interval, else 12 months, and the RCP interval on top while elevated).
   */
  dueAt?: string;
  /** Overdue by the monitoring plan (core's monitoringState), never by ward intervals alone. */
  overdue: boolean;
  /**
   * Core's triage row (risk band, latest NEWS2 and its age, usual and deviation, plan state,
   * personal thresholds, "Krever handling"); the app orders rows with core's sortWorklist.
   */
  triage?: TriageRow<DeviceVitalSignsSet>;
  /** False when the patient's plans are not on the device: the plan state assumes 12 months. */
  plansKnown?: boolean;
}

export interface PrefetchProgress {
  done: number;
  total: number;
  current?: string;
}

export interface StorageInfo {
  usageBytes?: number;
  quotaBytes?: number;
  persisted: boolean;
  /** iOS/Safari in a tab (not installed): storage may be evicted. */
  evictionRisk: boolean;
}

export type Unsubscribe = () => void;

/** setup-required: no PIN on this device yet. locked: PIN needed. unlocked: data readable. */
export type LockState = 'setup-required' | 'locked' | 'unlocked';

export interface OfflineClient {
  /** Live view of one patient from the store; refreshed in the background from the server. */
  watchPatient(patientId: string, onChange: (view: PatientView) => void): Unsubscribe;
  /** Fetch the patient's newest data now (incremental). Resolves when stored. */
  refreshPatient(patientId: string): Promise<void>;
  /** Writes to the outbox first; resolves when stored on the device. */
  recordVitals(set: VitalSignsSet): Promise<void>;
  /** A monitoring plan, to the outbox first (rejects with core's reasons when invalid). */
  recordMonitoringPlan(plan: MonitoringPlan): Promise<void>;
  /** A personal plan, to the outbox first (rejects with core's reasons when invalid). */
  recordPersonalPlan(plan: PersonalPlan): Promise<void>;
  /** A Scale 2 decision or the end of one, to the outbox first. */
  recordScale2Change(change: Scale2Change): Promise<void>;
  /**
   * Records what was done after `set` (core's EscalationRecord, about that set) through the
   * outbox, exactly like a set: offline first, sent once. Rejects with the reason
   * (InvalidWriteError, Norwegian) when the record is not valid.
   */
  recordEscalation(record: EscalationRecord, set: VitalSignsSet): Promise<void>;
  /**
   * Marks a set "registrert feil" (outbox first; `id` is a UUID made when the nurse
   * confirms). A set still waiting in the outbox is sent together with its correction,
   * never alone. Rejects (Norwegian) when the correction is invalid or one already waits.
   */
  correctSet(write: { id: string; correction: SetCorrection }): Promise<void>;
  /** Adds a comment to a saved set (outbox first; `id` is a UUID made when the nurse saves it). */
  commentSet(write: { id: string; comment: SetComment }): Promise<void>;
  watchSyncStatus(onChange: (status: SyncStatus) => void): Unsubscribe;
  /** Try to send the outbox now. */
  syncNow(): Promise<void>;
  watchWorklist(onChange: (entries: Section<WorklistEntry[]>) => void): Unsubscribe;
  /** "Gjør klar for tur": download today's patients for offline use. */
  prefetchWorklist(onProgress: (p: PrefetchProgress) => void): Promise<void>;
  storageInfo(): Promise<StorageInfo>;
  /**
   * Clear every store and destroy the key (logout or session end). Rejects with an
   * UnsentDataError while writes wait for the server, unless discardUnsent is true.
   */
  wipe(opts?: { discardUnsent?: boolean }): Promise<void>;

  lockState(): Promise<LockState>;
  watchLock(onChange: (state: LockState) => void): Unsubscribe;
  /** First use on this device: choose a PIN. */
  setupPin(pin: string): Promise<void>;
  /**
   * False when the PIN is wrong. After 5 wrong PINs in a row, further tries are refused
   * (false, without checking) for 30 s, doubling with each further miss.
   */
  unlock(pin: string): Promise<boolean>;
  /** Forget the key in memory (idle lock); the app shows the PIN prompt. */
  lock(): void;
  /** The user did something: restarts the idle-lock timer. */
  noteActivity(): void;
  /** Remove a parked or conflicting write (a set, plan or decision) after the nurse has read why. */
  dismissProblem(setId: string): Promise<void>;
  /** Stops timers and listeners and closes the store (the login ended, or the page unloads). */
  close(): void;
}

/**
 * What the app's token source answers: a valid access token; null when the user must log
 * in again (no token, or the server refused the refresh: the writes stay queued); or
 * unreachable when a refresh could not reach the server (offline: a network failure, so
 * sections show cached data and the status says offline).
 */
export type AccessToken = string | null | { kind: 'unreachable'; reason: string };
