// The `_elements` search parameter (FHIR R4 search 3.1.1.5.9,
// https://hl7.org/fhir/R4/search.html#elements): the client names the top-level elements it
// wants, and each matched resource comes back with only those, plus what is always sent
// (resourceType, id, meta and the resource's mandatory elements), and is tagged SUBSETTED
// so that nobody takes it for the whole resource. A choice element is named without its
// type, as in the specification (`value` selects valueQuantity, valueCodeableConcept, …).
// Included resources (`_include`) are returned whole. The device cache uses this to fetch
// only the fields it keeps (src/offline/sync/pull.ts), which cuts the bytes on the wire.
import type { Coding, Resource } from '@medplum/fhirtypes';

export const SUBSETTED: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

const ALWAYS = new Set(['resourceType', 'id', 'meta']);

/** Elements with cardinality 1..1 in R4, for the types the platform serves. */
const MANDATORY: Record<string, string[]> = {
  Observation: ['status', 'code'],
  EpisodeOfCare: ['status', 'patient'],
  ServiceRequest: ['status', 'intent', 'subject'],
  Flag: ['status', 'code', 'subject'],
  CareTeam: [],
  Patient: [],
  Practitioner: [],
  PractitionerRole: [],
  Organization: [],
  HealthcareService: [],
  AuditEvent: ['type', 'recorded', 'agent', 'source'],
  Communication: ['status'],
};

/** The element names a `_elements` value asks for; undefined when absent. */
export function parseElements(values: string[]): Set<string> | undefined {
  const names = values.map((v) => v.trim()).filter(Boolean);
  // "Observation.status" is accepted as "status": some clients write the type in front.
  return names.length ? new Set(names.map((n) => n.slice(n.lastIndexOf('.') + 1))) : undefined;
}

function wanted(key: string, elements: Set<string>, mandatory: string[]): boolean {
  if (ALWAYS.has(key) || elements.has(key) || mandatory.includes(key)) return true;
  // A choice element: effectiveDateTime is "effective", valueQuantity is "value".
  for (let i = 1; i < key.length; i++) {
    if (key[i] >= 'A' && key[i] <= 'Z' && elements.has(key.slice(0, i))) return true;
  }
  return false;
}

/** A copy of the resource with only the asked-for elements, tagged SUBSETTED. */
export function subsetted<T extends Resource>(resource: T, elements: Set<string>): T {
  const mandatory = MANDATORY[resource.resourceType] ?? [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (wanted(key, elements, mandatory)) out[key] = value;
  }
  const meta = resource.meta ?? {};
  const tags = (meta.tag ?? []).filter((t) => !(t.system === SUBSETTED.system && t.code === SUBSETTED.code));
  out.meta = { ...meta, tag: [...tags, SUBSETTED] };
  return out as T;
}
