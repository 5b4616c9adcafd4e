// Sending one write's Bundle to a server that may not take transactions (issue #13 point 6).
//
// 1. The server states `transaction` in its CapabilityStatement (./capabilities.ts): the
//    Bundle goes as it is, one request, all or nothing.
// 2. It does not: each entry is sent alone, in order, as `POST {type}` with the entry's
//    `ifNoneExist` as the `If-None-Exist` header (a conditional create on the client-made
//    identifier; https://hl7.org/fhir/R4/http.html#ccreate). The answers are put together as
//    the transaction-response the kind's confirmation rule already reads, so every kind is
//    confirmed by the same rule either way: the write is "sendt" only when every part is
//    answered 201 or 200 with our content. The first part that fails stops the rest and its
//    answer decides (retry, login, park); a retry sends every part again, and the parts the
//    server already has come back 200, so nothing is stored twice.
// Limit: without a transaction a refused part leaves the parts before it on the server; the
// parked write says how many were taken. An entry without `ifNoneExist` (an AuditEvent of the
// offline-read log) is a plain create: a lost answer followed by a retry may store it twice.
import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { CapabilitiesSource } from './capabilities';
import type { FhirResult, FhirTransport } from './transport';

export async function sendWrite(
  transport: FhirTransport,
  capabilities: CapabilitiesSource | undefined,
  bundle: Bundle,
): Promise<FhirResult> {
  if (!capabilities) return transport.request({ method: 'POST', url: '', body: bundle });
  const caps = await capabilities();
  if (!caps.ok) return caps.result;
  if (caps.capabilities.transaction) return transport.request({ method: 'POST', url: '', body: bundle });
  return sendInParts(transport, bundle);
}

function partsTaken(taken: number, total: number, result: Extract<FhirResult, { kind: 'http-error' }>) {
  if (taken === 0) return result;
  const note = `Serveren tok imot ${taken} av ${total} deler før den avviste resten (den støtter ikke transaksjoner).`;
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [...(result.outcome?.issue ?? []), { severity: 'error', code: 'incomplete', diagnostics: note }],
  };
  return { ...result, outcome };
}

/** Each entry as its own conditional create; the answers as one transaction-response. */
export async function sendInParts(transport: FhirTransport, bundle: Bundle): Promise<FhirResult> {
  const entries = bundle.entry ?? [];
  const answers: BundleEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    const resource = entry.resource as Resource | undefined;
    if (!resource || (entry.request?.method ?? 'POST') !== 'POST') {
      return {
        kind: 'http-error',
        status: 400,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'not-supported',
              diagnostics:
                'Denne endringen kan bare sendes som transaksjon, og serveren støtter ikke transaksjoner.',
            },
          ],
        },
      };
    }
    const result = await transport.request({
      method: 'POST',
      url: entry.request?.url ?? resource.resourceType,
      body: resource,
      ...(entry.request?.ifNoneExist ? { ifNoneExist: entry.request.ifNoneExist } : {}),
    });
    if (result.kind === 'http-error') return partsTaken(i, entries.length, result);
    if (result.kind !== 'ok') return result;
    const body = result.body as Resource | undefined;
    const theirs = body?.resourceType === resource.resourceType ? body : undefined;
    answers.push({
      ...(theirs ? { resource: theirs } : {}),
      response: {
        status: result.status === 201 ? '201 Created' : `${result.status}`,
        ...(result.location
          ? { location: result.location }
          : theirs?.id
            ? { location: `${resource.resourceType}/${theirs.id}` }
            : {}),
      },
    });
  }
  return {
    kind: 'ok',
    status: 200,
    body: { resourceType: 'Bundle', type: 'transaction-response', entry: answers } satisfies Bundle,
  };
}
