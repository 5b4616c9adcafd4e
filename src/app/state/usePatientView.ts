import { useEffect, useState } from 'react';
import type { OfflineClient, PatientView, SyncStatus, Section, WorklistEntry } from '../../offline/api';

/**
 * The live view of one patient. A new patient id starts from an empty view, so nothing of
 * the previous patient is ever shown under the new one's banner.
 */
export function usePatientView(client: OfflineClient | null, patientId: string | null): PatientView | null {
  const [state, setState] = useState<{ id: string; view: PatientView } | null>(null);
  useEffect(() => {
    if (!client || !patientId) return;
    const unsubscribe = client.watchPatient(patientId, (view) => setState({ id: patientId, view }));
    return () => {
      unsubscribe();
      setState(null);
    };
  }, [client, patientId]);
  return state && state.id === patientId ? state.view : null;
}

export function useSyncStatus(client: OfflineClient | null): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => (client ? client.watchSyncStatus(setStatus) : undefined), [client]);
  return status;
}

export function useWorklist(client: OfflineClient | null): Section<WorklistEntry[]> {
  const [section, setSection] = useState<Section<WorklistEntry[]>>({ kind: 'loading' });
  useEffect(() => (client ? client.watchWorklist(setSection) : undefined), [client]);
  return section;
}
