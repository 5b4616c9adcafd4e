// The FHIR API's request and response values: what the HTTP adapter (src/platform/http)
// hands the router and gets back. No Fastify here (STYLE.md point 7).
import type { Resource } from '@medplum/fhirtypes';
import type { Query } from './searchParams';

export interface FhirRequest {
  method: string;
  /** Path from the server root, e.g. "/fhir/4601/Observation". */
  path: string;
  query: Query;
  /** Raw body text (parsed here so malformed JSON gets an OperationOutcome) or a parsed value. */
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface FhirResponse {
  status: number;
  /** The answer; for an answer built as JSON text it is parsed from `json` when first read. */
  resource?: Resource;
  /** The answer as JSON text, when the router built it so (search Bundles): sent as it is. */
  json?: string;
  headers?: Record<string, string>;
}

export interface FhirRouter {
  handle(req: FhirRequest): Promise<FhirResponse>;
}

/** A response whose body is JSON text; `resource` parses it only if someone asks. */
export function jsonResponse(status: number, json: string, headers?: Record<string, string>): FhirResponse {
  let parsed: Resource | undefined;
  return {
    status,
    json,
    headers,
    get resource(): Resource {
      parsed ??= JSON.parse(json) as Resource;
      return parsed;
    },
  };
}

export function header(req: FhirRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function bearer(req: FhirRequest): string | undefined {
  const h = header(req, 'authorization');
  const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m ? m[1].trim() : undefined;
}
