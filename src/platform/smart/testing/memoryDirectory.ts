// A small in-memory ClinicalDirectory for the SMART and EPJ tests (the real one is built
// over the event store's projections).
import type { ClinicalDirectory, ClinicianUser, PatientSummary, Tenant } from '../../directory';

export interface DirectoryFixture {
  tenants: Tenant[];
  users: Record<string, ClinicianUser[]>;
  patients: Record<string, PatientSummary[]>;
  /** tenant -> practitionerId -> patient ids with a care relationship. */
  care: Record<string, Record<string, string[]>>;
}

export function memoryDirectory(f: DirectoryFixture): ClinicalDirectory {
  return {
    listTenants: async () => f.tenants,
    listUsers: async (tenant) => f.users[tenant] ?? [],
    findUser: async (tenant, username) => f.users[tenant]?.find((u) => u.username === username),
    listPatientsForUser: async (tenant, practitionerId) => {
      const ids = f.care[tenant]?.[practitionerId] ?? [];
      return (f.patients[tenant] ?? []).filter((p) => ids.includes(p.id));
    },
    listPatients: async (tenant, opts) => (f.patients[tenant] ?? []).slice(0, opts?.limit ?? Infinity),
    findPatient: async (tenant, patientId) => f.patients[tenant]?.find((p) => p.id === patientId),
    hasCareRelationship: async (tenant, practitionerId, patientId) =>
      (f.care[tenant]?.[practitionerId] ?? []).includes(patientId),
  };
}

/** Two municipalities with a nurse, a doctor and an administrator, and a few patients. */
export function demoDirectoryFixture(): DirectoryFixture {
  return {
    tenants: [
      { id: '4601', name: 'Bergen kommune', goLiveDate: '2025-01-01' },
      { id: '1103', name: 'Stavanger kommune', goLiveDate: '2025-03-01' },
    ],
    users: {
      '4601': [
        {
          username: 'kari.nordmann',
          practitionerId: 'prac-kari',
          name: 'Kari Nordmann',
          role: 'home-care-nurse',
          organizationId: 'org-hjemme-ber',
          organizationName: 'Hjemmesykepleien Årstad',
        },
        {
          username: 'ola.lege',
          practitionerId: 'prac-ola',
          name: 'Ola Lege',
          role: 'legevakt-doctor',
          organizationId: 'org-legevakt-ber',
          organizationName: 'Bergen legevakt',
        },
        {
          username: 'anne.admin',
          practitionerId: 'prac-anne',
          name: 'Anne Admin',
          role: 'administrator',
          organizationId: 'org-it-ber',
          organizationName: 'Bergen kommune IKT',
        },
      ],
      '1103': [
        {
          username: 'siri.stavanger',
          practitionerId: 'prac-siri',
          name: 'Siri Stavanger',
          role: 'home-care-nurse',
          organizationId: 'org-hjemme-stv',
          organizationName: 'Hjemmebaserte tjenester Madla',
        },
      ],
    },
    patients: {
      '4601': [
        { id: 'pat-1', name: 'Astrid Hansen', fnr: '01014012345', birthDate: '1940-01-01', gender: 'female' },
        { id: 'pat-2', name: 'Per Olsen', fnr: '02023512345', birthDate: '1935-02-02', gender: 'male' },
        { id: 'pat-3', name: 'Berit <Berg>', fnr: '03034512345', birthDate: '1945-03-03', gender: 'female' },
      ],
      '1103': [
        { id: 'pat-9', name: 'Nils Nilsen', fnr: '09095012345', birthDate: '1950-09-09', gender: 'male' },
      ],
    },
    care: {
      '4601': { 'prac-kari': ['pat-1', 'pat-3'], 'prac-ola': ['pat-2'] },
      '1103': { 'prac-siri': ['pat-9'] },
    },
  };
}
