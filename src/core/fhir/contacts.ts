// Whom to call for a patient, read from FHIR (issue #11 point 3): the fastlege from
// Patient.generalPractitioner (a Practitioner, and the GP's office as an Organization), the
// home address, and the municipality's legevakt as a HealthcareService whose type is
// WORKFLOW_SYSTEM.healthcareServiceType|legevakt.
//
// Reads:
//   GET Patient?_id={id}&_include=Patient:general-practitioner   -> fastlege, office, address
//   GET HealthcareService?type={system}|legevakt                  -> the local legevakt
// Anything not stated stays undefined ("ukjent"); a reference that is not in the Bundle keeps
// its display text, so a GP named only by display is still named.
import type {
  Address,
  Bundle,
  ContactPoint,
  HealthcareService,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { FastlegeContact, LocalLegevakt, PatientContacts } from '../escalation/contacts';
import { hasCoding } from './codes';
import { LEGEVAKT_SERVICE_TYPE, WORKFLOW_SYSTEM } from './workflowCodes';

function resourcesOf(bundle: Bundle | undefined): Resource[] {
  return (bundle?.entry ?? [])
    .filter((e) => e.search?.mode !== 'outcome')
    .map((e) => e.resource)
    .filter((r): r is Resource => r !== undefined);
}

/** The daytime work phone: `use: work` (or none) before others, then by rank. */
export function workPhone(telecom: readonly ContactPoint[] | undefined): string | undefined {
  const phones = (telecom ?? []).filter((t) => t.system === 'phone' && t.value && t.use !== 'home');
  phones.sort(
    (a, b) =>
      Number(a.use !== undefined && a.use !== 'work') - Number(b.use !== undefined && b.use !== 'work') ||
      (a.rank ?? 1000) - (b.rank ?? 1000),
  );
  return phones[0]?.value;
}

function nameOf(r: Practitioner | undefined): string | undefined {
  const n = r?.name?.find((x) => x.use === 'official') ?? r?.name?.[0];
  if (!n) return undefined;
  return n.text ?? ([...(n.given ?? []), n.family].filter(Boolean).join(' ') || undefined);
}

function addressLine(addresses: readonly Address[] | undefined): string | undefined {
  const a = addresses?.find((x) => x.use === 'home') ?? addresses?.[0];
  if (!a) return undefined;
  if (a.text) return a.text;
  const place = [a.postalCode, a.city].filter(Boolean).join(' ');
  const line = [...(a.line ?? []), place].filter(Boolean).join(', ');
  return line || undefined;
}

function find<T extends Resource>(resources: Resource[], ref: Reference | undefined, type: string) {
  const m = new RegExp(`(?:^|/)${type}/([^/]+)$`).exec(ref?.reference ?? '');
  return m ? (resources.find((r) => r.resourceType === type && r.id === m[1]) as T | undefined) : undefined;
}

/** The fastlege of `patient`, with the office, from the Patient search with its includes. */
export function fastlegeFromFhir(patient: Patient, included: Resource[]): FastlegeContact | undefined {
  const refs = patient.generalPractitioner ?? [];
  const person = refs.find((r) => /(?:^|\/)(Practitioner|PractitionerRole)\//.test(r.reference ?? ''));
  const office = refs.find((r) => /(?:^|\/)Organization\//.test(r.reference ?? ''));
  if (!person && !office) return undefined;
  const practitioner = find<Practitioner>(included, person, 'Practitioner');
  const organization = find<Organization>(included, office, 'Organization');
  const name = nameOf(practitioner) ?? person?.display;
  const officeName = organization?.name ?? office?.display;
  if (!name && !officeName) return undefined;
  const out: FastlegeContact = { name: name ?? 'ukjent navn' };
  if (person?.reference) out.reference = person.reference;
  const phone = workPhone(practitioner?.telecom);
  if (phone) out.phone = phone;
  if (officeName) {
    out.office = { name: officeName };
    if (office?.reference) out.office.reference = office.reference;
    const officePhone = workPhone(organization?.telecom);
    if (officePhone) out.office.phone = officePhone;
  }
  return out;
}

/** Is this HealthcareService a legevakt? */
export function isLegevaktService(s: HealthcareService): boolean {
  return (s.type ?? []).some((t) =>
    hasCoding(t, WORKFLOW_SYSTEM.healthcareServiceType, LEGEVAKT_SERVICE_TYPE),
  );
}

/** The municipality's legevakt from a HealthcareService search (the first active one). */
export function legevaktFromFhir(bundle: Bundle | undefined): LocalLegevakt | undefined {
  const s = resourcesOf(bundle).find(
    (r): r is HealthcareService =>
      r.resourceType === 'HealthcareService' && r.active !== false && isLegevaktService(r),
  );
  if (!s?.name) return undefined;
  const out: LocalLegevakt = { name: s.name };
  if (s.id) out.reference = `HealthcareService/${s.id}`;
  const phone = workPhone(s.telecom);
  if (phone) out.phone = phone;
  return out;
}

/**
 * Whom to call for the patient: the Patient search Bundle (with its includes) and the
 * legevakt search Bundle. Undefined when the Patient is not in the first Bundle.
 */
export function patientContactsFromFhir(
  patientBundle: Bundle | undefined,
  legevaktBundle: Bundle | undefined,
): PatientContacts | undefined {
  const resources = resourcesOf(patientBundle);
  const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
  if (!patient) return undefined;
  const out: PatientContacts = {};
  const gp = fastlegeFromFhir(patient, resources);
  if (gp) out.fastlege = gp;
  const legevakt = legevaktFromFhir(legevaktBundle);
  if (legevakt) out.legevakt = legevakt;
  const home = addressLine(patient.address);
  if (home) out.homeAddress = home;
  return out;
}
