// The search columns of a projected resource. Which FHIR element feeds which column is
// decided here only, so a rebuild from events gives the same rows as live ingest.
import type { CodeableConcept, Coding, Identifier, Reference, Resource } from '@medplum/fhirtypes';
import { parsePartIdentifierValue, setIdentifierValue } from '../../core/fhir/setIdentifier';
import { isRestrictedByPatient } from '../../core/fhir/withheld';

function setIdOf(identifiers: Identifier[] | undefined): string | null {
  return parsePartIdentifierValue(setIdentifierValue(identifiers))?.setId ?? null;
}

export interface SearchColumns {
  patient: string | null;
  codes: string[];
  categories: string[];
  identifiers: string[];
  refs: string[];
  effective: string | null;
  restricted: boolean;
  /** The vital-signs set of an Observation (identifier `{setId}/{part}`). */
  setId: string | null;
}

function codingTokens(codings: (Coding | undefined)[]): string[] {
  const out = new Set<string>();
  for (const c of codings) {
    if (!c?.code) continue;
    out.add(c.code);
    if (c.system) out.add(`${c.system}|${c.code}`);
  }
  return [...out];
}

function conceptTokens(concepts: (CodeableConcept | undefined)[] | undefined): string[] {
  return codingTokens((concepts ?? []).flatMap((c) => c?.coding ?? []));
}

export function identifierTokens(ids: Identifier[] | undefined): string[] {
  const out = new Set<string>();
  for (const i of ids ?? []) {
    if (!i.value) continue;
    out.add(i.value);
    if (i.system) out.add(`${i.system}|${i.value}`);
  }
  return [...out];
}

function patientOf(ref: Reference | undefined): string | null {
  const r = ref?.reference;
  return r?.startsWith('Patient/') ? r.slice('Patient/'.length) : null;
}

function refList(refs: (Reference | undefined)[]): string[] {
  return [...new Set(refs.map((r) => r?.reference).filter((r): r is string => !!r))];
}

/**
 * A FHIR date/dateTime as something PostgreSQL's timestamptz accepts: partial dates
 * ("2025", "2025-10") become the first instant they denote; anything else unparseable is
 * dropped rather than failing the whole write.
 */
export function toInstant(value: string | undefined | null): string | null {
  if (!value) return null;
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

export function searchColumns(resource: Resource): SearchColumns {
  const cols = rawSearchColumns(resource);
  return { ...cols, effective: toInstant(cols.effective) };
}

function rawSearchColumns(resource: Resource): SearchColumns {
  const restricted = isRestrictedByPatient(resource.meta);
  const base: SearchColumns = {
    patient: null,
    codes: [],
    categories: [],
    identifiers: identifierTokens((resource as { identifier?: Identifier[] }).identifier),
    refs: [],
    effective: null,
    restricted,
    setId: null,
  };
  switch (resource.resourceType) {
    case 'Patient':
      return { ...base, patient: resource.id ?? null };
    case 'Observation':
      return {
        ...base,
        setId: setIdOf(resource.identifier),
        patient: patientOf(resource.subject),
        codes: conceptTokens([resource.code]),
        categories: conceptTokens(resource.category),
        refs: refList([...(resource.performer ?? []), ...(resource.derivedFrom ?? [])]),
        effective: resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.issued ?? null,
      };
    case 'EpisodeOfCare':
      return {
        ...base,
        patient: patientOf(resource.patient),
        codes: conceptTokens(resource.type),
        refs: refList([
          ...(resource.referralRequest ?? []),
          resource.managingOrganization,
          resource.careManager,
        ]),
        effective: resource.period?.start ?? null,
      };
    case 'ServiceRequest':
      return {
        ...base,
        patient: patientOf(resource.subject),
        codes: conceptTokens([resource.code]),
        categories: conceptTokens(resource.category),
        refs: refList(resource.performer ?? []),
        effective: resource.authoredOn ?? null,
      };
    case 'HealthcareService':
      return {
        ...base,
        codes: conceptTokens(resource.type),
        refs: refList([resource.providedBy]),
      };
    case 'Flag':
      return {
        ...base,
        patient: patientOf(resource.subject),
        codes: conceptTokens([resource.code]),
        categories: conceptTokens(resource.category),
        refs: refList([resource.author]),
        effective: resource.period?.start ?? null,
      };
    case 'CarePlan':
      return {
        ...base,
        patient: patientOf(resource.subject),
        categories: conceptTokens(resource.category),
        refs: refList([resource.author]),
        effective: resource.period?.start ?? resource.created ?? null,
      };
    case 'Communication':
      // Escalation records (app-written): the patient, category, who sent and whom it went to.
      return {
        ...base,
        patient: patientOf(resource.subject),
        categories: conceptTokens(resource.category),
        refs: refList([resource.sender, ...(resource.recipient ?? [])]),
        effective: resource.sent ?? null,
      };
    case 'CareTeam':
      return {
        ...base,
        patient: patientOf(resource.subject),
        categories: conceptTokens(resource.category),
        refs: refList((resource.participant ?? []).map((p) => p.member)),
        effective: resource.period?.start ?? null,
      };
    case 'PractitionerRole':
      return {
        ...base,
        codes: conceptTokens(resource.code),
        refs: refList([resource.practitioner, resource.organization]),
      };
    default:
      return base;
  }
}
