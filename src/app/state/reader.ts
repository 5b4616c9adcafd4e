// Who reads the screen, and where this session keeps its data: what decides the wording of
// the RCP response (issue #12 point 2) and of a write that waits (issue #12 point 3). Read
// from the session; outside an AppProvider (component tests) a nurse on a device store.
import { useContext } from 'react';
import type { ClinicalRole } from '../../core/actor';
import type { SmartSession } from '../auth/session';
import { AppContext } from './appContext';

export interface Reader {
  /** Words the RCP response (core's news2Response); undefined: as for a nurse. */
  role?: ClinicalRole;
  /**
   * 'memory': an online session (EHR launch): a write that cannot be sent waits only in this
   * window. 'device': the encrypted device store.
   */
  storage: 'device' | 'memory';
}

export function readerOf(session: Pick<SmartSession, 'role' | 'store'> | null | undefined): Reader {
  return {
    ...(session?.role ? { role: session.role } : {}),
    storage: session?.store === 'memory' ? 'memory' : 'device',
  };
}

export function useReader(): Reader {
  const app = useContext(AppContext);
  return readerOf(app?.session);
}
