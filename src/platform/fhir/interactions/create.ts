// POST {base}/{type}: create one resource, conditionally with If-None-Exist.
// See: https://hl7.org/fhir/R4/http.html#create
import { parseJson } from '../body';
import type { UserContext } from '../context';
import { header, type FhirResponse } from '../request';
import { prepareCreate } from './prepareCreate';
import { auditWrites, writeCreates } from './writeCreates';

export async function create(ctx: UserContext): Promise<FhirResponse> {
  const pending = await prepareCreate(ctx, {
    value: parseJson(ctx.req.body),
    type: ctx.params.type,
    path: '',
    index: 0,
    ifNoneExist: header(ctx.req, 'if-none-exist'),
    knownPatients: new Set(),
  });
  const [result] = await ctx.services.store.write(ctx.tenant, (w) => writeCreates(w, ctx, [pending]));
  auditWrites(ctx, [result], 'create');
  const { resource } = result;
  const versionId = resource.meta?.versionId;
  return {
    status: result.status,
    resource,
    headers: {
      location: `${ctx.services.baseUrl(ctx.tenant)}/${resource.resourceType}/${resource.id}/_history/${versionId ?? '1'}`,
      ...(versionId ? { etag: `W/"${versionId}"` } : {}),
    },
  };
}
