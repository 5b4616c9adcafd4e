// What the FHIR server says it can do, from its CapabilityStatement (`GET metadata`): whether
// it takes transaction and batch Bundles. Read once per client and remembered while the
// client lives; a failure without an answer is not remembered (the next call asks again).
//
// Varde's platform states `transaction`; a plain R4 server may not. Without it a write is
// sent part by part as conditional creates (./sendWrite.ts), and services' references are
// fetched by `_id` searches instead of a batch (./pull.ts).
// See https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.interaction
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { FhirResult, FhirTransport } from './transport';

export interface ServerCapabilities {
  transaction: boolean;
  batch: boolean;
}

/** What a server that states nothing is assumed to take: plain REST only. */
export const PLAIN_REST: ServerCapabilities = { transaction: false, batch: false };

/** The system-level interactions of the first server `rest` entry (pure). */
export function capabilitiesFrom(body: unknown): ServerCapabilities {
  const cs = body as CapabilityStatement | undefined;
  if (cs?.resourceType !== 'CapabilityStatement' || !Array.isArray(cs.rest)) return PLAIN_REST;
  const rest = cs.rest.find((r) => r?.mode === 'server') ?? cs.rest[0];
  const codes = new Set((Array.isArray(rest?.interaction) ? rest.interaction : []).map((i) => i?.code));
  return { transaction: codes.has('transaction'), batch: codes.has('batch') };
}

export type CapabilitiesAnswer =
  | { ok: true; capabilities: ServerCapabilities }
  /** No usable answer now (no network, 401, 5xx): the caller treats it as that request's failure. */
  | { ok: false; result: Exclude<FhirResult, { kind: 'ok' }> };

export type CapabilitiesSource = () => Promise<CapabilitiesAnswer>;

/** A source that always answers the same (tests, and a server known in advance). */
export const knownCapabilities =
  (capabilities: ServerCapabilities): CapabilitiesSource =>
  async () => ({ ok: true, capabilities });

export function createCapabilitiesSource(transport: FhirTransport): CapabilitiesSource {
  let known: ServerCapabilities | undefined;
  let pending: Promise<CapabilitiesAnswer> | undefined;
  return () => {
    if (known) return Promise.resolve({ ok: true, capabilities: known });
    pending ??= (async (): Promise<CapabilitiesAnswer> => {
      try {
        const r = await transport.request({ method: 'GET', url: 'metadata' });
        if (r.kind === 'ok') {
          known = capabilitiesFrom(r.body);
          return { ok: true, capabilities: known };
        }
        // A server that answers "no such thing" has stated nothing: plain REST. Anything
        // that may pass (network, timeout, 401, 408, 429, 5xx) is asked again next time.
        if (r.kind === 'http-error' && r.status >= 400 && r.status < 500 && ![408, 429].includes(r.status)) {
          known = PLAIN_REST;
          return { ok: true, capabilities: known };
        }
        return { ok: false, result: r };
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}
