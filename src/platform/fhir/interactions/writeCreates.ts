// Writes prepared creates in one database transaction and notes their audit records.
// See: https://hl7.org/fhir/R4/http.html#ccreate (conditional create)
import type { AuditEvent, Identifier, Observation, Resource } from '@medplum/fhirtypes';
import { WORKFLOW_EXTENSION } from '../../../core/fhir/workflowCodes';
import type { Interaction } from '../../audit/auditEvent';
import { identifierTokens, searchColumns, toInstant } from '../../events/projection';
import type { AppendInput, EventWriter } from '../../events/types';
import type { UserContext } from '../context';
import { FhirError } from '../outcome';
import { clientAuditEvent } from './clientAudit';
import type { PendingCreate } from './prepareCreate';

export interface CreateResult {
  status: 200 | 201;
  resource: Resource;
}

/**
 * Writes the prepared creates in the caller's transaction (the store's ingest hook adds
 * NEWS2). The ifNoneExist identifiers are looked up in one query and every new resource
 * goes in one appendMany; the answer is as if the entries were written one by one in
 * order, so an entry whose identifier an earlier entry of the same request creates gets
 * that resource (200).
 */
export async function writeCreates(
  w: EventWriter,
  ctx: UserContext,
  creates: PendingCreate[],
): Promise<CreateResult[]> {
  const { access } = ctx;
  const tokensByType = new Map<string, string[]>();
  for (const c of creates) {
    if (c.resource.resourceType === 'AuditEvent' || c.ifNoneExist?.kind !== 'identifier') continue;
    const list = tokensByType.get(c.resource.resourceType) ?? [];
    list.push(c.ifNoneExist.value);
    tokensByType.set(c.resource.resourceType, list);
  }
  const stored = new Map<string, Map<string, Resource[]>>();
  for (const [type, tokens] of tokensByType) stored.set(type, await w.findByIdentifiers(type, tokens));

  // A result is either final or the index of a resource this request appends.
  const results: (CreateResult | { status: 200 | 201; appendIndex: number })[] = [];
  const inputs: AppendInput[] = [];
  const createdByToken = new Map<string, number[]>();
  for (const c of creates) {
    if (c.resource.resourceType === 'AuditEvent') {
      const id = c.ifNoneExist?.kind === 'id' ? c.ifNoneExist.value : c.resource.id;
      const audited = await w.appendAudit(clientAuditEvent(ctx, c.resource as AuditEvent, id));
      results.push({ status: 201, resource: audited });
      continue;
    }
    const typeKey = (token: string) => `${c.resource.resourceType}|${token}`;
    if (c.ifNoneExist?.kind === 'identifier') {
      const token = c.ifNoneExist.value;
      const inStore = stored.get(c.resource.resourceType)?.get(token) ?? [];
      const inRequest = createdByToken.get(typeKey(token)) ?? [];
      const found = inStore.length + inRequest.length;
      if (found > 1) throw FhirError.of(412, 'duplicate', `ifNoneExist traff ${found} ressurser.`);
      if (inStore.length === 1) {
        results.push({ status: 200, resource: inStore[0] });
        continue;
      }
      if (inRequest.length === 1) {
        results.push({ status: 200, appendIndex: inRequest[0] });
        continue;
      }
    }
    const { id: _ignored, ...body } = c.resource;
    const appendIndex = inputs.length;
    inputs.push({
      resource: body as Resource,
      sourceSystem: access.clientId,
      author: `Practitioner/${access.practitionerId}`,
      recordedAt: recordedAtOf(c.resource) ?? undefined,
    });
    for (const token of identifierTokens((body as { identifier?: Identifier[] }).identifier)) {
      createdByToken.set(typeKey(token), [...(createdByToken.get(typeKey(token)) ?? []), appendIndex]);
    }
    results.push({ status: 201, appendIndex });
  }
  const appended = await w.appendMany(inputs);
  return results.map((r) =>
    'appendIndex' in r ? { status: r.status, resource: appended[r.appendIndex] } : r,
  );
}

/** When the source recorded it: a set's measured time, an escalation record's recorded-at. */
function recordedAtOf(resource: Resource): string | null {
  if (resource.resourceType === 'Communication') {
    return toInstant(resource.extension?.find((e) => e.url === WORKFLOW_EXTENSION.recordedAt)?.valueDateTime);
  }
  return toInstant((resource as Observation).effectiveDateTime);
}

/** Notes one audit record per patient whose data the request wrote. */
export function auditWrites(ctx: UserContext, results: CreateResult[], interaction: Interaction): void {
  const byPatient = new Map<string, string[]>();
  for (const r of results) {
    const p = searchColumns(r.resource).patient;
    if (!p) continue;
    byPatient.set(p, [...(byPatient.get(p) ?? []), `${r.resource.resourceType}/${r.resource.id}`]);
  }
  for (const [p, refs] of byPatient) {
    ctx.audit.record({ interaction, patient: p, resources: refs, outcome: 'success' });
  }
}
