import { createContext, useContext } from 'react';
import type { PatientView } from '../../offline/api';

/** The current patient's live view, shared by the banner and the screens below it. */
export const PatientViewContext = createContext<{ patientId: string; view: PatientView } | null>(null);

export function usePatient(): { patientId: string; view: PatientView } {
  const value = useContext(PatientViewContext);
  if (!value) throw new Error('usePatient outside the patient layout');
  return value;
}
