// Small FHIR fixtures and test tokens for the router and HTTP integration tests (test code:
// kept out of the product folders, like src/offline/testing and src/app/testing). Shapes
// follow the seed format the platform expects (Practitioner with test-username,
// PractitionerRole with the role code, CareTeam as the care relationship).
import type { Resource } from '@medplum/fhirtypes';
import { LOINC, SYSTEM } from '../../core/fhir/codes';
import { restrictedByPatientLabel } from '../../core/fhir/withheld';
import type { EventStore } from '../events/types';
import type { AccessContext, TokenVerifier } from '../smart/types';

export const IMPORT_TOKEN = 'test-import-token';

const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
const VITAL = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
};

function temp(id: string, patient: string, at: string, value: number, restricted = false): Resource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    ...(restricted ? { meta: { security: [restrictedByPatientLabel()] } } : {}),
    category: [VITAL],
    code: { coding: [{ system: 'http://loinc.org', code: LOINC.bodyTemperature }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: at,
    valueQuantity: { value, unit: '°C', system: 'http://unitsofmeasure.org', code: 'Cel' },
  };
}

function practitioner(id: string, username: string, role: string, org: string): Resource[] {
  return [
    {
      resourceType: 'Practitioner',
      id,
      identifier: [{ system: 'https://varde.no/fhir/sid/test-username', value: username }],
      name: [{ given: [username.split('.')[0]], family: username.split('.')[1] ?? 'Test' }],
    },
    {
      resourceType: 'PractitionerRole',
      id: `role-${id}`,
      practitioner: { reference: `Practitioner/${id}` },
      organization: { reference: `Organization/${org}`, display: org },
      code: [{ coding: [{ system: 'https://varde.no/fhir/CodeSystem/role', code: role }] }],
    },
  ];
}

export function fixtureResources(): Record<string, Resource[]> {
  return {
    '4601': [
      {
        resourceType: 'Patient',
        id: 'p-anna',
        identifier: [{ system: FNR, value: '01015012345' }],
        name: [{ given: ['Anna'], family: 'Hansen' }],
        birthDate: '1950-01-01',
        gender: 'female',
      },
      {
        resourceType: 'Patient',
        id: 'p-bjorn',
        meta: { tag: [{ system: SYSTEM.coverage, code: 'not-covered' }] },
        identifier: [{ system: FNR, value: '02026012345' }],
        name: [{ given: ['Bjørn'], family: 'Berg' }],
      },
      { resourceType: 'Patient', id: 'p-carl', name: [{ given: ['Carl'], family: 'Dahl' }] },
      ...practitioner('prac-nurse', 'kari.nordmann', 'home-care-nurse', 'org-hjemme'),
      ...practitioner('prac-doctor', 'ola.lege', 'legevakt-doctor', 'org-legevakt'),
      ...practitioner('prac-admin', 'ada.admin', 'administrator', 'org-it'),
      {
        resourceType: 'CareTeam',
        id: 'ct-anna',
        status: 'active',
        subject: { reference: 'Patient/p-anna' },
        participant: [{ member: { reference: 'Practitioner/prac-nurse' } }],
      },
      {
        resourceType: 'HealthcareService',
        id: 'hs-nord',
        name: 'Hjemmesykepleie sone Nord',
        telecom: [{ system: 'phone', value: '55550101', use: 'work' }],
      },
      {
        resourceType: 'ServiceRequest',
        id: 'sr-anna',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/p-anna' },
        performer: [{ reference: 'HealthcareService/hs-nord' }],
        authoredOn: '2025-10-01',
      },
      {
        resourceType: 'EpisodeOfCare',
        id: 'eoc-anna',
        status: 'active',
        patient: { reference: 'Patient/p-anna' },
        type: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15' }] }],
        referralRequest: [{ reference: 'ServiceRequest/sr-anna' }],
        period: { start: '2025-10-01' },
      },
      temp('obs-temp-1', 'p-anna', '2026-01-02T08:00:00Z', 37.1),
      temp('obs-temp-2', 'p-anna', '2026-01-05T08:00:00Z', 37.4),
      temp('obs-temp-3', 'p-anna', '2026-01-07T08:00:00Z', 37.9),
      temp('obs-temp-4', 'p-anna', '2026-01-09T08:00:00Z', 38.2),
      temp('obs-restricted', 'p-anna', '2026-01-03T08:00:00Z', 36.9, true),
    ],
    '1103': [{ resourceType: 'Patient', id: 'p-stav', name: [{ given: ['Siv'], family: 'Stavland' }] }],
  };
}

function ctx(over: Partial<AccessContext>): AccessContext {
  return {
    tenant: '4601',
    clientId: 'varde',
    practitionerId: 'prac-nurse',
    username: 'kari.nordmann',
    role: 'home-care-nurse',
    organizationId: 'org-hjemme',
    organizationName: 'Hjemmesykepleien',
    scopes: ['user/*.rs', 'user/Observation.c', 'user/AuditEvent.c'],
    ...over,
  };
}

/** Test bearer tokens -> what they grant. */
export function testAccess(): Record<string, AccessContext> {
  const doctor = {
    practitionerId: 'prac-doctor',
    username: 'ola.lege',
    role: 'legevakt-doctor' as const,
    organizationId: 'org-legevakt',
    organizationName: 'Bergen legevakt',
    scopes: ['patient/*.rs', 'patient/Observation.c'],
    launchId: 'launch-1',
  };
  return {
    nurse: ctx({}),
    'doctor-anna': ctx({ ...doctor, patient: 'p-anna' }),
    'doctor-bjorn': ctx({ ...doctor, patient: 'p-bjorn' }),
    admin: ctx({
      practitionerId: 'prac-admin',
      username: 'ada.admin',
      role: 'administrator',
      organizationId: 'org-it',
      organizationName: 'IT',
      scopes: ['user/*.rs'],
    }),
    'stavanger-nurse': ctx({ tenant: '1103', practitionerId: 'prac-stav' }),
  };
}

/**
 * Bearer tokens are the names of testAccess() ("nurse", "doctor-anna"): the SMART server
 * is left out of tests about the FHIR API, which smart.int.test covers on its own.
 */
export function testVerifier(tokens: Record<string, AccessContext> = testAccess()): TokenVerifier {
  return {
    async verifyAccessToken(bearer, tenant) {
      const access = bearer ? tokens[bearer] : undefined;
      if (!access) return { kind: 'invalid', reason: 'unknown test token' };
      if (access.tenant !== tenant) return { kind: 'wrong-tenant', reason: `token for ${access.tenant}` };
      return { kind: 'ok', access };
    },
  };
}

/** Appends the fixtures of every municipality (or the given ones) as a source system would. */
export async function loadFixtures(
  store: Pick<EventStore, 'appendBatch'>,
  tenants?: readonly string[],
): Promise<void> {
  for (const [tenant, resources] of Object.entries(fixtureResources())) {
    if (tenants && !tenants.includes(tenant)) continue;
    await store.appendBatch(
      tenant,
      resources.map((resource) => ({ resource, sourceSystem: 'Gerica' })),
    );
  }
}
