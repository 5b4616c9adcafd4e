// A small in-memory OfflineClient for component tests. It is driven by the test: push a
// view, a sync status or a worklist and every subscriber sees it, as the real client's
// watchers would. Never used in the product.
import type {
  LockState,
  OfflineClient,
  PatientView,
  PrefetchProgress,
  Section,
  StorageInfo,
  SyncStatus,
  WorklistEntry,
} from '../../offline/api';
import type { VitalSignsSet } from '../../core/vitals/types';
import type { Scale2Change } from '../../core/news2/scale2Change';
import type { MonitoringPlan } from '../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../core/plan/personalPlan';
import type { EscalationRecord } from '../../core/escalation/escalation';
import type { SetComment, SetCorrection } from '../../core/correction/types';

type Listener<T> = (value: T) => void;

export interface FakeOfflineClient extends OfflineClient {
  setView(patientId: string, view: PatientView): void;
  setSyncStatus(status: SyncStatus): void;
  setWorklist(section: Section<WorklistEntry[]>): void;
  recorded: VitalSignsSet[];
  /** Plans and Scale 2 changes recorded, in order. */
  recordedPlans: Array<
    | { kind: 'monitoringPlan'; plan: MonitoringPlan }
    | { kind: 'personalPlan'; plan: PersonalPlan }
    | { kind: 'scale2Decision'; change: Scale2Change }
  >;
  /** What recordEscalation was given, in order. */
  escalations: { record: EscalationRecord; set: VitalSignsSet }[];
  /** Corrections and comments written, in order. */
  corrections: { id: string; correction: SetCorrection }[];
  comments: { id: string; comment: SetComment }[];
  /** Make the next correctSet / commentSet call fail with this error. */
  failNextChange?: Error;
  /** Make the next recordVitals or recordEscalation call fail with this error. */
  failNextRecord?: Error;
  wiped: boolean;
  closed: boolean;
  refreshed: string[];
  dismissed: string[];
  setLock(state: LockState): void;
  /** The PIN unlock accepts. */
  pin: string;
  /** Writes waiting: wipe() refuses unless told to discard them. */
  unsent: number;
  evictionRisk: boolean;
}

export const loadingView: PatientView = {
  identity: { kind: 'loading' },
  services: { kind: 'loading' },
  vitals: { kind: 'loading' },
  scale2: { kind: 'loading' },
};

export function createFakeOfflineClient(init?: {
  views?: Record<string, PatientView>;
  sync?: SyncStatus;
  worklist?: Section<WorklistEntry[]>;
  prefetchSteps?: PrefetchProgress[];
  lock?: LockState;
}): FakeOfflineClient {
  let lock: LockState = init?.lock ?? 'unlocked';
  const lockListeners = new Set<Listener<LockState>>();
  const views = new Map<string, PatientView>(Object.entries(init?.views ?? {}));
  const viewListeners = new Map<string, Set<Listener<PatientView>>>();
  // As the real client (api.ts): no patient data while locked, every section 'loading'.
  const viewOf = (patientId: string) =>
    lock === 'unlocked' ? (views.get(patientId) ?? loadingView) : loadingView;
  const setLock = (state: LockState) => {
    lock = state;
    for (const l of lockListeners) l(state);
    for (const [id, listeners] of viewListeners) for (const l of listeners) l(viewOf(id));
  };
  let sync: SyncStatus = init?.sync ?? { kind: 'synced', at: '2026-11-25T08:00:00Z' };
  const syncListeners = new Set<Listener<SyncStatus>>();
  let worklist: Section<WorklistEntry[]> = init?.worklist ?? { kind: 'loading' };
  const worklistListeners = new Set<Listener<Section<WorklistEntry[]>>>();

  const failChange = () => {
    const e = client.failNextChange;
    client.failNextChange = undefined;
    if (e) throw e;
  };
  const client: FakeOfflineClient = {
    recorded: [],
    recordedPlans: [],
    escalations: [],
    corrections: [],
    comments: [],
    wiped: false,
    closed: false,
    refreshed: [],
    dismissed: [],
    pin: '1234',
    unsent: 0,
    evictionRisk: false,
    watchPatient(patientId, onChange) {
      const set = viewListeners.get(patientId) ?? new Set();
      set.add(onChange);
      viewListeners.set(patientId, set);
      onChange(viewOf(patientId));
      return () => set.delete(onChange);
    },
    async refreshPatient(patientId) {
      client.refreshed.push(patientId);
    },
    async recordVitals(set) {
      if (client.failNextRecord) {
        const e = client.failNextRecord;
        client.failNextRecord = undefined;
        throw e;
      }
      client.recorded.push(set);
    },
    async recordMonitoringPlan(plan) {
      client.recordedPlans.push({ kind: 'monitoringPlan', plan });
    },
    async recordPersonalPlan(plan) {
      client.recordedPlans.push({ kind: 'personalPlan', plan });
    },
    async recordScale2Change(change) {
      client.recordedPlans.push({ kind: 'scale2Decision', change });
    },
    async recordEscalation(record, set) {
      if (client.failNextRecord) {
        const e = client.failNextRecord;
        client.failNextRecord = undefined;
        throw e;
      }
      client.escalations.push({ record, set });
    },
    async correctSet(write) {
      failChange();
      client.corrections.push(write);
    },
    async commentSet(write) {
      failChange();
      client.comments.push(write);
    },
    watchSyncStatus(onChange) {
      syncListeners.add(onChange);
      onChange(sync);
      return () => syncListeners.delete(onChange);
    },
    async syncNow() {},
    watchWorklist(onChange) {
      worklistListeners.add(onChange);
      onChange(worklist);
      return () => worklistListeners.delete(onChange);
    },
    async prefetchWorklist(onProgress) {
      for (const step of init?.prefetchSteps ?? [{ done: 1, total: 1 }]) onProgress(step);
    },
    async storageInfo(): Promise<StorageInfo> {
      return { persisted: !client.evictionRisk, evictionRisk: client.evictionRisk };
    },
    async wipe(opts) {
      if (client.unsent > 0 && !opts?.discardUnsent) {
        const e = new Error(`${client.unsent} måling(er) er ikke sendt`);
        e.name = 'UnsentDataError';
        throw e;
      }
      client.wiped = true;
    },
    async lockState() {
      return lock;
    },
    watchLock(onChange) {
      lockListeners.add(onChange);
      onChange(lock);
      return () => lockListeners.delete(onChange);
    },
    async setupPin(pin) {
      client.pin = pin;
      setLock('unlocked');
    },
    async unlock(pin) {
      if (pin !== client.pin) return false;
      setLock('unlocked');
      return true;
    },
    lock() {
      setLock('locked');
    },
    noteActivity() {},
    async dismissProblem(setId) {
      client.dismissed.push(setId);
    },
    close() {
      client.closed = true;
    },
    setLock,
    setView(patientId, view) {
      views.set(patientId, view);
      for (const l of viewListeners.get(patientId) ?? []) l(viewOf(patientId));
    },
    setSyncStatus(status) {
      sync = status;
      for (const l of syncListeners) l(status);
    },
    setWorklist(section) {
      worklist = section;
      for (const l of worklistListeners) l(section);
    },
  };
  return client;
}
