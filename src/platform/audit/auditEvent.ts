// AuditEvent records of who looked at what (DOMAIN.md 6 and 7.3-7.4, 7.9). One record per
// FHIR interaction that touches patient data, allowed or denied. Stored append-only.
import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import type { AccessContext } from '../smart/types';

export const AUDIT_ROLE_SYSTEM = 'https://varde.no/fhir/CodeSystem/role';
export const CLIENT_REPORTED_TAG = {
  system: 'https://varde.no/fhir/CodeSystem/audit',
  code: 'client-reported',
};
export const RECEIVED_EXTENSION = 'https://varde.no/fhir/StructureDefinition/received-at';
/** Cap on listed resources per record; the count of all is in the description. */
const MAX_ENTITIES = 200;

export type Interaction = 'read' | 'search-type' | 'create' | 'transaction' | 'operation';

const ACTION: Record<Interaction, AuditEvent['action']> = {
  read: 'R',
  'search-type': 'E',
  create: 'C',
  transaction: 'E',
  operation: 'E',
};

export interface AuditInput {
  access?: AccessContext;
  interaction: Interaction;
  /** Patient the request was about, when known. */
  patient?: string;
  /** References of the resources returned or written, e.g. "Observation/abc". */
  resources?: string[];
  /** denied: access refused; refused: a request refused on other grounds (audited, e.g. a forged claim). */
  outcome: 'success' | 'denied' | 'refused' | 'error';
  /** Why it was denied or failed (shown to the patient in innsyn: no patient data). */
  detail?: string;
  /** The FHIR query as a pattern (type and parameter names), never values. */
  query?: string;
  recorded: string;
  /** Who acted when there is no user token, e.g. "kildesystem:Gerica". */
  agentDisplay?: string;
}

const OUTCOME_TEXT: Record<AuditInput['outcome'], string> = {
  success: 'OK',
  denied: 'Tilgang avslått',
  refused: 'Avvist',
  error: 'Feil',
};

/** Why the data was used, as the token says (shown in innsyn). */
export function purposeOfUse(a: AccessContext | undefined): AuditEvent['purposeOfEvent'] {
  return [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }],
      text: a?.launchId
        ? `EHR-launch ${a.launchId}`
        : a?.patient
          ? 'Pasient i kontekst'
          : 'Behandlingsrelasjon',
    },
  ];
}

/** Who acted: the token's user (the requestor), its organisation and the client app. */
export function agentsOf(a: AccessContext | undefined, agentDisplay?: string): AuditEvent['agent'] {
  return [
    {
      requestor: true,
      who: a
        ? { reference: `Practitioner/${a.practitionerId}`, display: a.username }
        : { display: agentDisplay ?? 'ukjent (ugyldig token)' },
      altId: a?.username,
      role: a ? [{ coding: [{ system: AUDIT_ROLE_SYSTEM, code: a.role }] }] : undefined,
      network: undefined,
    },
    ...(a
      ? [
          {
            requestor: false,
            who: { reference: `Organization/${a.organizationId}`, display: a.organizationName },
          },
          { requestor: false, who: { display: `client:${a.clientId}` }, altId: a.tokenId },
        ]
      : []),
  ];
}

export function buildAuditEvent(input: AuditInput): AuditEvent {
  const a = input.access;
  const entity: AuditEventEntity[] = [];
  if (input.patient)
    entity.push({
      what: { reference: `Patient/${input.patient}` },
      role: { code: '1', system: 'http://terminology.hl7.org/CodeSystem/object-role', display: 'Patient' },
    });
  const refs = input.resources ?? [];
  for (const ref of refs.slice(0, MAX_ENTITIES)) {
    if (ref !== `Patient/${input.patient}`) entity.push({ what: { reference: ref } });
  }
  if (input.query) entity.push({ type: { code: 'query' }, description: input.query });
  const outcomeCode = input.outcome === 'success' ? '0' : input.outcome === 'error' ? '8' : '4';
  const desc = [
    OUTCOME_TEXT[input.outcome],
    input.detail,
    refs.length > MAX_ENTITIES ? `${refs.length} ressurser` : undefined,
  ]
    .filter(Boolean)
    .join(': ');
  return {
    resourceType: 'AuditEvent',
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: input.interaction }],
    action: ACTION[input.interaction],
    recorded: input.recorded,
    outcome: outcomeCode,
    outcomeDesc: desc,
    purposeOfEvent: purposeOfUse(a),
    agent: agentsOf(a, input.agentDisplay),
    source: { observer: { display: 'Varde referanseplattform' } },
    entity: entity.length ? entity : undefined,
  };
}
