// The CapabilityStatement served at {base}/metadata: exactly what the router implements.
//
// SMART App Launch 2 discovers the authorization server from
// {base}/.well-known/smart-configuration; the CapabilityStatement's oauth-uris extension is
// the deprecated SMART 1 way, which some client libraries still fall back to, so it names
// the same endpoints (http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris).
import type { CapabilityStatement, CapabilityStatementRestResource, Extension } from '@medplum/fhirtypes';
import { MAX_BUNDLE_ENTRIES } from './body';
import { CREATE_TYPES } from './interactions/prepareCreate';
import { SEARCH_PARAMS } from './searchParams';

/** The most entries one transaction or $import Bundle may have, for clients that read it. */
export const MAX_ENTRIES_EXTENSION = 'https://varde.no/fhir/StructureDefinition/max-bundle-entries';

/** Created with ifNoneExist on a client-made identifier (a retry never makes a copy). */
const CONDITIONAL_CREATE = new Set(['Observation', 'Communication', 'CarePlan', 'Flag']);
/** Corrections and comments of a vital-signs set (docs/platform-api.md, "Corrections and comments"). */
const SET_OPERATIONS = [
  {
    name: 'correct-set',
    definition: 'https://varde.no/fhir/OperationDefinition/Observation-correct-set',
    documentation:
      'Marker et målesett som registrert feil (grunn påkrevd); NEWS2 for settet trekkes tilbake.',
  },
  {
    name: 'comment-set',
    definition: 'https://varde.no/fhir/OperationDefinition/Observation-comment-set',
    documentation: 'Legg en kommentar (Observation.note, høyst 500 tegn) på alle deler av et målesett.',
  },
];

export const OAUTH_URIS_EXTENSION = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/** The authorization server's endpoints, absolute URLs (the SMART server's `endpoints`). */
export interface OAuthUris {
  authorize: string;
  token: string;
  revoke?: string;
  introspect?: string;
  register?: string;
  manage?: string;
}

function oauthUrisExtension(uris: OAuthUris): Extension {
  const order = ['authorize', 'token', 'revoke', 'introspect', 'register', 'manage'] as const;
  return {
    url: OAUTH_URIS_EXTENSION,
    extension: order
      .filter((name) => uris[name] !== undefined)
      .map((name) => ({ url: name, valueUri: uris[name] })),
  };
}

/** `oauth`: the SMART endpoints; without them (no authorization server) the extension is left out. */
export function capabilityStatement(baseUrl: string, now: string, oauth?: OAuthUris): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now,
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    software: { name: 'Varde referanseplattform', version: '0.1.0' },
    implementation: { description: 'Varde referanseplattform (hendelseslager + FHIR R4)', url: baseUrl },
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          ...(oauth ? { extension: [oauthUrisExtension(oauth)] } : {}),
        },
        resource: Object.entries(SEARCH_PARAMS).map(([type, params]) => ({
          type: type as CapabilityStatementRestResource['type'],
          interaction: [
            { code: 'read' as const },
            { code: 'search-type' as const },
            ...(CREATE_TYPES.has(type) ? [{ code: 'create' as const }] : []),
          ],
          conditionalCreate: CONDITIONAL_CREATE.has(type),
          searchParam: ['_id', '_lastUpdated', 'identifier', ...params].map((name) => ({
            name,
            type: name === 'date' || name === '_lastUpdated' ? ('date' as const) : ('token' as const),
          })),
          operation: [
            { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
            ...(type === 'Observation' ? SET_OPERATIONS : []),
          ],
        })),
        interaction: [
          {
            code: 'transaction',
            documentation: `Høyst ${MAX_BUNDLE_ENTRIES} oppføringer per transaksjon og per $import; flere gir 413.`,
            extension: [{ url: MAX_ENTRIES_EXTENSION, valueInteger: MAX_BUNDLE_ENTRIES }],
          },
        ],
      },
    ],
  };
}
