import { useContext } from 'react';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { PatientViewContext } from '../../state/patientViewContext';

function setsOf(section: Section<DeviceVitalSignsSet[]> | undefined): DeviceVitalSignsSet[] {
  if (section?.kind === 'ready') return section.data;
  if (section?.kind === 'unavailable') return section.cached?.data ?? [];
  return [];
}

/**
 * The set as the device knows it now: a saved result may have been marked wrong or
 * commented on since it was saved. `set` itself outside a patient screen, or before the
 * patient's view holds it.
 */
export function useLiveSet<T extends Pick<DeviceVitalSignsSet, 'id'>>(set: T): T | DeviceVitalSignsSet {
  const patient = useContext(PatientViewContext);
  return setsOf(patient?.view.history ?? patient?.view.vitals).find((s) => s.id === set.id) ?? set;
}
