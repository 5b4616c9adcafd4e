// Distinct, synthetic fixture values for component tests.
import type { Scale2Decision } from '../../core/news2/scale2';
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

/** A full set of a septic patient: respiration 26 (3), SpO2 93 (2), systolic 105 (1), pulse 112 (2),
 * 38.4 (1): NEWS2 9, high risk. */
export const septicVitals: DeviceVitalSignsSet['vitals'] = {
  respirationRate: 26,
  spo2: 93,
  spo2Scale: 1,
  onOxygen: false,
  systolicBP: 105,
  pulse: 112,
  consciousness: 'A',
  temperature: 38.4,
};

/** A Scale 2 decision for pat-kari by a named clinician, in force from `decidedAt`. */
export function scale2Decision(decidedBy: string, decidedAt: string): Scale2Decision {
  return {
    patientId: kari.id,
    decidedBy: { reference: 'Practitioner/lege-1', display: decidedBy },
    decidedAt,
  };
}

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
    scale2: { kind: 'ready', data: [], fetchedAt: '2026-11-25T08:55:00Z', stale: false },
    ...overrides,
  };
}
