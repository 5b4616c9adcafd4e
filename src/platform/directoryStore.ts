// The ClinicalDirectory over the event store's projections. Users are Practitioner
// resources with a test-username identifier and a PractitionerRole; care relationships
// are CareTeam memberships; tenants come from configuration.
import type { CareTeam, Patient, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { ClinicalDirectory, ClinicianRole, ClinicianUser, PatientSummary, Tenant } from './directory';
import type { EventStore } from './events/types';

export const USERNAME_SYSTEM = 'https://varde.no/fhir/sid/test-username';
export const ROLE_SYSTEM = 'https://varde.no/fhir/CodeSystem/role';
export const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
export const HPR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.4';
const ROLES: ClinicianRole[] = ['home-care-nurse', 'legevakt-doctor', 'kad-nurse', 'administrator'];

const ALL = 100_000;

function humanName(r: Patient | Practitioner): string {
  const n = r.name?.[0];
  if (!n) return '';
  return n.text ?? [...(n.given ?? []), n.family].filter(Boolean).join(' ');
}

export function patientSummary(p: Patient): PatientSummary {
  const gender = p.gender ?? 'unknown';
  return {
    id: p.id as string,
    name: humanName(p),
    fnr: p.identifier?.find((i) => i.system === FNR_SYSTEM)?.value ?? '',
    birthDate: p.birthDate ?? '',
    gender,
  };
}

/**
 * A Practitioner from a real source system has an HPR number and no test username: its
 * user name is then `hpr-{number}` (login goes through the upstream OpenID provider,
 * which names the HPR number; smart/upstreamLogin.ts).
 */
const HPR_USERNAME = /^hpr-(\d+)$/;

function toUser(practitioner: Practitioner, role: PractitionerRole | undefined): ClinicianUser | undefined {
  const hpr = practitioner.identifier?.find((i) => i.system === HPR_SYSTEM)?.value;
  const username =
    practitioner.identifier?.find((i) => i.system === USERNAME_SYSTEM)?.value ??
    (hpr ? `hpr-${hpr}` : undefined);
  const code = role?.code?.flatMap((c) => c.coding ?? []).find((c) => c.system === ROLE_SYSTEM)?.code;
  if (!username || !code || !ROLES.includes(code as ClinicianRole)) return undefined;
  const org = role?.organization;
  return {
    username,
    practitionerId: practitioner.id as string,
    name: humanName(practitioner),
    role: code as ClinicianRole,
    hpr,
    organizationId: org?.reference?.replace(/^Organization\//, '') ?? '',
    organizationName: org?.display ?? '',
  };
}

function isActive(team: CareTeam): boolean {
  return team.status === undefined || team.status === 'active' || team.status === 'proposed';
}

export function createDirectory(store: EventStore, tenants: Tenant[]): ClinicalDirectory {
  async function users(tenant: string, practitionerIds?: string[]): Promise<ClinicianUser[]> {
    const practitioners = (
      await store.search(tenant, {
        type: 'Practitioner',
        ...(practitionerIds ? { ids: practitionerIds } : {}),
        count: ALL,
      })
    ).resources as Practitioner[];
    const roles = (await store.search(tenant, { type: 'PractitionerRole', count: ALL }))
      .resources as PractitionerRole[];
    const roleOf = new Map(roles.map((r) => [r.practitioner?.reference, r]));
    return practitioners
      .map((p) => toUser(p, roleOf.get(`Practitioner/${p.id}`)))
      .filter((u): u is ClinicianUser => !!u);
  }

  return {
    async listTenants() {
      return tenants;
    },
    async listUsers(tenant) {
      return (await users(tenant)).sort((a, b) => a.username.localeCompare(b.username));
    },
    async findUser(tenant, username) {
      const found = await store.search(tenant, {
        type: 'Practitioner',
        identifiers: [`${USERNAME_SYSTEM}|${username}`],
      });
      let p = found.resources[0] as Practitioner | undefined;
      const hpr = HPR_USERNAME.exec(username)?.[1];
      if (!p && hpr) {
        const byHpr = await store.search(tenant, {
          type: 'Practitioner',
          identifiers: [`${HPR_SYSTEM}|${hpr}`],
        });
        p = (byHpr.resources as Practitioner[]).find(
          (r) => !r.identifier?.some((i) => i.system === USERNAME_SYSTEM),
        );
      }
      if (!p) return undefined;
      const roles = await store.search(tenant, { type: 'PractitionerRole', refs: [`Practitioner/${p.id}`] });
      return toUser(p, roles.resources[0] as PractitionerRole | undefined);
    },
    async listPatientsForUser(tenant, practitionerId) {
      const teams = (
        await store.search(tenant, { type: 'CareTeam', refs: [`Practitioner/${practitionerId}`], count: ALL })
      ).resources as CareTeam[];
      const ids = [
        ...new Set(
          teams
            .filter(isActive)
            .map((t) => t.subject?.reference?.replace(/^Patient\//, ''))
            .filter((id): id is string => !!id),
        ),
      ];
      if (!ids.length) return [];
      const patients = (await store.search(tenant, { type: 'Patient', ids, count: ALL }))
        .resources as Patient[];
      return patients.map(patientSummary).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    },
    async listPatients(tenant, opts) {
      const patients = (await store.search(tenant, { type: 'Patient', count: opts?.limit ?? ALL }))
        .resources as Patient[];
      return patients.map(patientSummary).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    },
    async findPatient(tenant, patientId) {
      const patient = (await store.search(tenant, { type: 'Patient', ids: [patientId], count: 1 }))
        .resources[0] as Patient | undefined;
      return patient ? patientSummary(patient) : undefined;
    },
    async hasCareRelationship(tenant, practitionerId, patientId) {
      const teams = (
        await store.search(tenant, {
          type: 'CareTeam',
          refs: [`Practitioner/${practitionerId}`],
          patients: [patientId],
          includeRestricted: true,
        })
      ).resources as CareTeam[];
      return teams.some(isActive);
    },
  };
}
