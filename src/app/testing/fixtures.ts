// Distinct, synthetic fixture values for component tests.
import type { MunicipalService } from '../../core/services/types';
import type { DeviceVitalSignsSet, PatientIdentity, PatientView } from '../../offline/api';

export const NOW = new Date('2026-11-25T09:00:00Z');

export const kari: PatientIdentity = {
  id: 'pat-kari',
  name: 'Kari Testesen',
  fnr: '12094012345',
  birthDate: '1940-09-12',
  gender: 'female',
};

export const homeNursing: MunicipalService = {
  id: 'eoc-1',
  typeCode: '15',
  typeDisplay: 'Helsetjenester i hjemmet',
  localName: 'Hjemmesykepleie sone Nord',
  status: 'active',
  start: '2025-02-03',
  reviewDate: '2026-02-03',
  hoursPerWeek: 7.5,
  location: {
    name: 'Hjemmetjenesten Årstad',
    phone: '55112233',
    afterHoursPhone: '55998877',
  },
  sourceSystem: 'Gerica',
};

export function vitalsSet(
  partial: Partial<DeviceVitalSignsSet> & Pick<DeviceVitalSignsSet, 'id' | 'effectiveDateTime'>,
): DeviceVitalSignsSet {
  return {
    patientId: kari.id,
    vitals: {},
    syncState: 'confirmed',
    sourceSystem: 'varde',
    ...partial,
  };
}

/** A full set scoring 3 by RCP: respiration 22 (2), pulse 95 (1). */
export const fullSet = vitalsSet({
  id: 'set-full',
  effectiveDateTime: '2026-11-25T07:30:00Z',
  vitals: {
    respirationRate: 22,
    spo2: 96,
    spo2Scale: 1,
    onOxygen: false,
    systolicBP: 130,
    pulse: 95,
    consciousness: 'A',
    temperature: 37.2,
  },
  performer: { reference: 'Practitioner/p1', display: 'Sykepleier Ola Pleier' },
});

export function readyView(overrides: Partial<PatientView> = {}): PatientView {
  return {
    identity: { kind: 'ready', data: kari, fetchedAt: '2026-11-25T08:55:00Z', stale: false },
    services: {
      kind: 'ready',
      data: [homeNursing],
      fetchedAt: '2026-11-25T08:55:00Z',
      stale: false,
    },
    vitals: { kind: 'ready', data: [fullSet], fetchedAt: '2026-11-25T08:55:00Z', stale: false },
    scale2: { kind: 'ready', data: null, fetchedAt: '2026-11-25T08:55:00Z', stale: false },
    ...overrides,
  };
}
