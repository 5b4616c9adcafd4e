// GET {base}/metadata: the CapabilityStatement, public (no token), as FHIR asks.
// See: https://hl7.org/fhir/R4/http.html#capabilities
import { capabilityStatement } from '../capability';
import type { SystemContext } from '../context';
import type { FhirResponse } from '../request';

export function metadata(ctx: SystemContext): FhirResponse {
  const { services, tenant } = ctx;
  return {
    status: 200,
    resource: capabilityStatement(services.baseUrl(tenant), services.now().toISOString(), services.oauthUris),
  };
}
