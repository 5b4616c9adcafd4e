// Operations: $validate (a user checks a resource without storing it) and $import (a
// source system loads its data with the municipality's import credential).
// See: https://hl7.org/fhir/R4/resource-operation-validate.html
import type { AppendInput } from '../../events/types';
import { expectResource, isPlainObject, parseJson, prefixIssues, readBundle } from '../body';
import type { SystemContext, UserContext } from '../context';
import { FhirError, issuesOutcome, outcome } from '../outcome';
import { header, type FhirResponse } from '../request';
import { validateStructure, validateVitalSignsObservation } from '../validation';

/** POST {base}/{type}/$validate with the resource, or Parameters holding it as `resource`. */
export function validate(ctx: UserContext): FhirResponse {
  const { type } = ctx.params;
  let value = parseJson(ctx.req.body);
  const maybeParams = value as {
    resourceType?: string;
    parameter?: { name: string; resource?: unknown }[];
  };
  if (maybeParams?.resourceType === 'Parameters' && type !== 'Parameters') {
    const parameters = Array.isArray(maybeParams.parameter) ? maybeParams.parameter : [];
    value = parameters.find((p) => isPlainObject(p) && p.name === 'resource')?.resource;
  }
  const resource = expectResource(value, type);
  const issues = [
    ...validateStructure(resource),
    ...(resource.resourceType === 'Observation' ? validateVitalSignsObservation(resource) : []),
  ];
  return {
    status: 200,
    resource: issues.length
      ? issuesOutcome(issues)
      : outcome('information', 'informational', 'Ressursen er gyldig.'),
  };
}

/**
 * POST {base}/$import with a Bundle (any type) of resources carrying the source's ids; a
 * resource imported again becomes a new version. `X-Source-System` names the source.
 */
export async function importBundle(ctx: SystemContext): Promise<FhirResponse> {
  const bundle = await readBundle(ctx.req.body, ctx.pace.step);
  const sourceSystem = header(ctx.req, 'x-source-system') ?? 'kommunal-epj';
  const entries = bundle.entry ?? [];
  const inputs: AppendInput[] = [];
  for (let i = 0; i < entries.length; i++) {
    await ctx.pace.step();
    const path = `Bundle.entry[${i}].resource.`;
    const r = expectResource(entries[i].resource, undefined, path);
    if (!r.id)
      throw FhirError.of(400, 'required', 'Importerte ressurser må ha kildesystemets id.', [`${path}id`]);
    const issues = validateStructure(r);
    if (issues.length) throw new FhirError(400, issuesOutcome(prefixIssues(issues, path)));
    inputs.push({ resource: r, sourceSystem });
  }
  ctx.pace.check();
  const stored = await ctx.services.store.appendBatch(ctx.tenant, inputs);
  ctx.audit.record({
    interaction: 'operation',
    outcome: 'success',
    agentDisplay: `kildesystem:${sourceSystem}`,
    detail: `import fra ${sourceSystem}: ${stored.length} ressurser`,
  });
  return {
    status: 200,
    resource: outcome('information', 'informational', `Importerte ${stored.length} ressurser.`),
  };
}
