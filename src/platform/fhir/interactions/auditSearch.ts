// GET {base}/AuditEvent?patient=…: who looked at a patient (innsyn, DOMAIN.md 7.3-7.4).
// The search itself is checked like any clinical search and audited.
import type { UserContext } from '../context';
import { FhirError } from '../outcome';
import type { FhirResponse } from '../request';
import { values, type ParsedSearch } from '../searchParams';
import { pageLink } from './searchLinks';

export async function auditSearch(
  ctx: UserContext,
  parsed: ParsedSearch,
  pattern: string,
): Promise<FhirResponse> {
  const { access, services, tenant } = ctx;
  const { count, offset } = parsed;
  const query = ctx.req.query;
  const patient = values(query, 'patient')[0]?.replace(/^Patient\//, '') ?? access.patient;
  if (!patient) throw FhirError.of(400, 'required', 'Søk i AuditEvent krever patient.', ['patient']);
  const where = { interaction: 'search-type' as const, query: pattern };
  await ctx.guard.requirePatients('AuditEvent', 's', [patient], where);
  const r = await services.store.searchAudit(tenant, { patient, count, offset });
  ctx.audit.record({ ...where, patient, resources: [], outcome: 'success' });
  const base = services.baseUrl(tenant);
  return {
    status: 200,
    resource: {
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: services.now().toISOString(),
      link: r.hasMore ? [{ relation: 'next', url: pageLink(base, 'AuditEvent', query, offset + count) }] : [],
      entry: r.events.map((e) => ({
        fullUrl: `${base}/AuditEvent/${e.id}`,
        resource: e,
        search: { mode: 'match' },
      })),
    },
  };
}
