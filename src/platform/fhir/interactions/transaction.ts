// POST {base} with a transaction Bundle: every entry a POST (create), checked one by one
// before anything is written, then all written in one database transaction: all or nothing.
// An entry may also invoke Observation/$correct-set or $comment-set (./setChanges.ts): the
// creates are written first, then the operations in entry order, so a set and its
// correction travel together and the set never reaches the store without it.
// See: https://hl7.org/fhir/R4/http.html#transaction
import type { Bundle } from '@medplum/fhirtypes';
import { readBundle } from '../body';
import type { UserContext } from '../context';
import { FhirError, outcome } from '../outcome';
import type { FhirResponse } from '../request';
import { prepareCreate, type PendingCreate } from './prepareCreate';
import { auditWrites, writeCreates, type CreateResult } from './writeCreates';
import {
  auditSetChanges,
  prepareSetChange,
  setChangeBundle,
  setChangeOf,
  writeSetChanges,
  type PendingSetChange,
  type SetChangeResult,
} from './setChanges';

export async function transaction(ctx: UserContext): Promise<FhirResponse> {
  const bundle = await readBundle(ctx.req.body, ctx.pace.step);
  if (bundle.type !== 'transaction') {
    throw FhirError.of(400, 'not-supported', `Bare Bundle.type=transaction støttes (fikk ${bundle.type}).`, [
      'Bundle.type',
    ]);
  }
  const entries = bundle.entry ?? [];
  const creates: PendingCreate[] = [];
  const changes: PendingSetChange[] = [];
  const knownPatients = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    await ctx.pace.step();
    const e = entries[i];
    const path = `Bundle.entry[${i}].`;
    const method = e.request?.method;
    if (method !== 'POST') {
      throw new FhirError(
        method === 'PUT' || method === 'DELETE' || method === 'PATCH' ? 405 : 400,
        outcome(
          'error',
          'not-supported',
          `Bare POST (opprett) er tillatt i transaksjoner; delte data er skrivebeskyttet.`,
          [`${path}request.method`],
        ),
      );
    }
    const change = setChangeOf(e.request?.url);
    if (change) {
      changes.push(await prepareSetChange(ctx, change, e.resource, `${path}resource.`, i));
      continue;
    }
    creates.push(
      await prepareCreate(ctx, {
        value: e.resource,
        type: e.request?.url?.split(/[/?]/)[0],
        path: `${path}resource.`,
        index: i,
        ifNoneExist: e.request?.ifNoneExist,
        knownPatients,
      }),
    );
  }
  ctx.pace.check();
  const { results, changed } = await ctx.services.store.write(ctx.tenant, async (w) => ({
    results: await writeCreates(w, ctx, creates),
    changed: await writeSetChanges(w, ctx, changes),
  }));
  auditWrites(ctx, results, 'transaction');
  auditSetChanges(ctx, changes, changed);
  // Answers in the order of the request's entries.
  const answers: (CreateResult | SetChangeResult)[] = [];
  results.forEach((r, i) => (answers[creates[i].index] = r));
  for (const c of changed) answers[c.index] = c;
  const response: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: answers.map((a) => {
      if ('observations' in a) return { resource: setChangeBundle(a), response: { status: '200 OK' } };
      const { status, resource: r } = a;
      return {
        resource: r,
        response: {
          status: status === 201 ? '201 Created' : '200 OK',
          location: `${r.resourceType}/${r.id}${r.meta?.versionId ? `/_history/${r.meta.versionId}` : ''}`,
          etag: r.meta?.versionId ? `W/"${r.meta.versionId}"` : undefined,
          lastModified: r.meta?.lastUpdated,
        },
      };
    }),
  };
  return { status: 200, resource: response };
}
