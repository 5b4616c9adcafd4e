// GET {base}/{type}/{id}: read one resource. The type check comes before the lookup; the
// patient check, the patient's sharing restriction and the audit after it.
// See: https://hl7.org/fhir/R4/http.html#read
import { CLINICAL_TYPES } from '../../access/policy';
import { searchColumns } from '../../events/projection';
import type { UserContext } from '../context';
import { FhirError } from '../outcome';
import type { FhirResponse } from '../request';

/** Types a user may read; the rest are not served. */
export const READ_TYPES = new Set([
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Observation',
  'EpisodeOfCare',
  'ServiceRequest',
  'HealthcareService',
  'Flag',
  'CareTeam',
  'CarePlan',
  'Communication',
]);

export async function read(ctx: UserContext): Promise<FhirResponse> {
  const { type, id } = ctx.params;
  if (!READ_TYPES.has(type)) throw FhirError.of(404, 'not-supported', `Ressurstypen ${type} støttes ikke.`);
  ctx.guard.requireType(type, 'r', { interaction: 'read', patient: type === 'Patient' ? id : undefined });
  const stored = await ctx.services.store.read(ctx.tenant, type, id);
  if (!stored) throw FhirError.of(404, 'not-found', `${type}/${id} finnes ikke.`);
  const patient = searchColumns(stored.resource).patient ?? undefined;
  if (patient) await ctx.guard.requirePatients(type, 'r', [patient], { interaction: 'read' });
  // SMART v2 scope queries (…rs?category=…): a resource outside them is refused.
  const inScope = ctx.services.policy.checkScopeQuery(ctx.access, stored.resource, 'r');
  if (inScope.kind === 'denied') ctx.guard.deny(inScope.reason, { interaction: 'read', patient });
  if (stored.restricted) {
    ctx.guard.deny('Pasienten har reservert seg mot deling av denne opplysningen.', {
      interaction: 'read',
      patient,
    });
  }
  if (patient || CLINICAL_TYPES.has(type)) {
    ctx.audit.record({
      interaction: 'read',
      patient,
      resources: [`${stored.resource.resourceType}/${stored.resource.id}`],
      outcome: 'success',
    });
  }
  const meta = stored.resource.meta;
  return {
    status: 200,
    resource: stored.resource,
    headers: {
      etag: `W/"${meta?.versionId}"`,
      'last-modified': new Date(meta?.lastUpdated ?? 0).toUTCString(),
    },
  };
}
