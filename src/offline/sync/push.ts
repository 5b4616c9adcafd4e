// Push: turning one outbox item into a transaction Bundle and the server's answer into a
// decision. No I/O here; engine.ts reads the outbox, sends, and applies the decision.
// The vitals kind (../kinds/vitals.ts) uses 1 and 2 as they are; other kinds build their
// entries with conditionalCreate and decide with decidePush and a rule of their own.
//
// 1. buildSetBundle: each Observation of the set is a `POST Observation` entry with
//    `ifNoneExist` on its identifier (docs/platform-api.md "Writes"), so a retry of a set
//    the server already committed returns 200 and never creates a second copy.
// 2. decidePush: 2xx with every entry 201/200 -> confirmed; an entry answered 200 whose
//    stored content differs from ours -> conflict (shown, never overwritten);
//    network error, timeout, 5xx, 429 -> retry (Retry-After wins over our backoff);
//    401 -> login-required (queue kept); other 4xx -> parked with the server's text.
// See: https://www.hl7.org/fhir/http.html#ccreate and #transaction-response
import type { AuditEvent, Bundle, BundleEntry, Identifier, Observation, Resource } from '@medplum/fhirtypes';
import type { VitalSignsSet } from '../../core/vitals/types';
import { outcomeText, type FhirResult } from './transport';

export const VITAL_SIGNS_SET_SYSTEM = 'https://varde.no/fhir/sid/vital-signs-set';

export type ToObservations = (set: VitalSignsSet) => Observation[];

/** resources: the server's copies of what was written (ours with the server's id where it sent none). */
export type PushDecision =
  | { kind: 'confirmed'; resources: Resource[] }
  | { kind: 'conflict'; problem: string; resources: Resource[] }
  /** unreachable: no answer at all (no network, or the server cannot be reached). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; unreachable?: boolean }
  | { kind: 'login-required' }
  | { kind: 'parked'; problem: string };

function setIdentifier(obs: Observation): string {
  const id = obs.identifier?.find((i) => i.system === VITAL_SIGNS_SET_SYSTEM)?.value;
  if (!id) throw new Error('Observation mangler vital-signs-set-identifikator; kan ikke sendes idempotent.');
  return id;
}

/** A transaction entry that creates the resource only if none has this identifier yet. */
export function conditionalCreate(
  resource: Resource,
  identifier: Required<Pick<Identifier, 'system' | 'value'>>,
): BundleEntry {
  return {
    resource,
    request: {
      method: 'POST',
      url: resource.resourceType,
      ifNoneExist: `identifier=${identifier.system}|${identifier.value}`,
    },
  };
}

export function buildSetBundle(set: VitalSignsSet, toObservations: ToObservations): Bundle {
  const observations = toObservations(set);
  if (observations.length === 0) throw new Error('Målingen har ingen verdier å sende.');
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: observations.map((resource) =>
      conditionalCreate(resource, { system: VITAL_SIGNS_SET_SYSTEM, value: setIdentifier(resource) }),
    ),
  };
}

/** The clinically meaningful content of an Observation, for comparing ours with the server's. */
export function observationFingerprint(obs: Observation): string {
  const q = (v?: { value?: number; code?: string; unit?: string }) =>
    v ? [v.value, v.code ?? v.unit] : null;
  const cc = (c?: { coding?: { system?: string; code?: string }[] }) =>
    c?.coding?.map((x) => `${x.system}|${x.code}`).sort() ?? null;
  return JSON.stringify([
    cc(obs.code),
    obs.subject?.reference ?? null,
    obs.effectiveDateTime ? Date.parse(obs.effectiveDateTime) : null,
    q(obs.valueQuantity),
    cc(obs.valueCodeableConcept),
    obs.valueBoolean ?? null,
    (obs.component ?? []).map((c) => [cc(c.code), q(c.valueQuantity), cc(c.valueCodeableConcept)]),
    obs.dataAbsentReason ? cc(obs.dataAbsentReason) : null,
  ]);
}

function entryStatus(e: BundleEntry): number {
  return Number.parseInt(e.response?.status ?? '', 10);
}

function idFromLocation(resourceType: string, location?: string): string | undefined {
  // "Observation/123/_history/1" or an absolute URL ending so.
  const m = location?.match(new RegExp(`${resourceType}/([^/]+)`));
  return m?.[1];
}

export function backoffMs(
  attempt: number,
  random: () => number,
  opts: { baseMs: number; maxMs: number } = { baseMs: 2_000, maxMs: 5 * 60_000 },
) {
  // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreads the
  // devices that all come back online at the same moment.
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(opts.baseMs / 2 + random() * (ceiling - opts.baseMs / 2));
}

/** How a kind tells that its write was taken, and what it says when it was not. */
export interface ConfirmationRule {
  /** An entry answered 200 (the identifier existed): does the server's copy hold our content? */
  sameContent(mine: Resource, theirs: Resource): boolean;
  /** Shown when it does not (a conflict: the server's copy is kept). */
  conflict: string;
  /** Shown when the server refuses the write without an OperationOutcome text. */
  refused(status: number): string;
}

/** The vital-signs set's rule: same clinical content of each Observation. */
export const VITALS_CONFIRMATION: ConfirmationRule = {
  sameContent: (mine, theirs) =>
    observationFingerprint(theirs as Observation) === observationFingerprint(mine as Observation),
  conflict:
    'Serveren har allerede en måling med samme id, men med andre verdier. Serverens verdier er beholdt; kontroller målingen.',
  refused: (status) => `Serveren avviste målingen (${status}).`,
};

export function decidePush(
  sent: Bundle,
  result: FhirResult,
  rule: ConfirmationRule = VITALS_CONFIRMATION,
): PushDecision {
  switch (result.kind) {
    case 'login-required':
      return { kind: 'login-required' };
    case 'network-error':
      return { kind: 'retry', reason: 'Ingen forbindelse med serveren.', unreachable: true };
    case 'timeout':
      return { kind: 'retry', reason: 'Serveren svarte ikke i tide.' };
    case 'http-error': {
      const s = result.status;
      if (s >= 500 || s === 429 || s === 408) {
        return {
          kind: 'retry',
          reason: s === 429 ? 'Serveren ber oss vente.' : `Serverfeil (${s}).`,
          retryAfterMs: result.retryAfterMs,
        };
      }
      return { kind: 'parked', problem: outcomeText(result.outcome, rule.refused(s)) };
    }
    case 'ok':
      return decideTransactionResponse(sent, result.body, rule);
    default: {
      const never: never = result;
      return never;
    }
  }
}

function decideTransactionResponse(sent: Bundle, body: unknown, rule: ConfirmationRule): PushDecision {
  const resp = body as Bundle | undefined;
  const sentEntries = sent.entry ?? [];
  if (
    resp?.resourceType !== 'Bundle' ||
    resp.type !== 'transaction-response' ||
    (resp.entry?.length ?? 0) !== sentEntries.length
  ) {
    // We cannot tell what the server committed. Conditional create makes a resend safe.
    return { kind: 'retry', reason: 'Uventet svar fra serveren.' };
  }
  const resources: Resource[] = [];
  let conflict = false;
  for (let i = 0; i < sentEntries.length; i++) {
    const mine = sentEntries[i].resource as Resource;
    const answer = resp.entry![i];
    const status = entryStatus(answer);
    if (status !== 200 && status !== 201) {
      return {
        kind: 'retry',
        reason: `Uventet svar fra serveren (${answer.response?.status ?? 'uten status'}).`,
      };
    }
    const theirs = answer.resource as Resource | undefined;
    if (theirs?.resourceType === mine.resourceType) {
      if (status === 200 && !rule.sameContent(mine, theirs)) conflict = true;
      resources.push(theirs);
    } else {
      const id = idFromLocation(mine.resourceType, answer.response?.location);
      resources.push(id ? { ...mine, id } : mine);
    }
  }
  if (conflict) return { kind: 'conflict', problem: rule.conflict, resources };
  return { kind: 'confirmed', resources };
}

export interface OfflineRead {
  id: string;
  patientId: string;
  at: string;
  what: string[];
  who?: string;
}

/**
 * Offline reads as client-reported AuditEvents (the platform stamps its received time).
 * Each carries the read's own id, which the platform uses to store it once: a retry after
 * a lost response cannot duplicate an audit record.
 */
export function buildAuditBundle(reads: OfflineRead[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: reads.map((r) => {
      const event: AuditEvent = {
        resourceType: 'AuditEvent',
        id: r.id,
        type: {
          system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
          code: 'rest',
          display: 'RESTful Operation',
        },
        subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' }],
        action: 'R',
        recorded: r.at,
        outcome: '0',
        agent: [{ who: r.who ? { reference: r.who } : { display: 'ukjent' }, requestor: true }],
        source: { observer: { display: 'Varde (frakoblet lesing fra enhetens lager)' } },
        entity: [
          {
            what: { reference: `Patient/${r.patientId}` },
            role: {
              code: '1',
              system: 'http://terminology.hl7.org/CodeSystem/object-role',
              display: 'Patient',
            },
          },
          {
            what: { identifier: { system: 'https://varde.no/fhir/sid/offline-read', value: r.id } },
            description: r.what.join(','),
          },
        ],
      };
      return { resource: event, request: { method: 'POST', url: 'AuditEvent' } };
    }),
  };
}
