// A scripted FHIR server for unit tests of push and pull. It implements conditional create
// on identifier faithfully (one transaction, all or nothing), so tests can check that a
// write lands exactly once whatever faults are scripted. Not used by the product.
import type {
  Bundle,
  BundleEntry,
  Identifier,
  Observation,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import { setIdentifierValue } from '../../core/fhir/setIdentifier';
import { commentSetObservations, correctSetObservations, setIdentifierOf } from '../../core/fhir/correction';
import {
  COMMENT_SET_URL,
  CORRECT_SET_URL,
  readCommentSetParameters,
  readCorrectSetParameters,
} from '../../core/fhir/setOperations';
import type { FhirRequest, FhirResult, FhirTransport } from '../sync/transport';
import { searchFakeStore } from './fakeSearch';

export type Fault =
  /** This request goes through untouched (to script a fault for a later one). */
  | { kind: 'none' }
  | { kind: 'network-error' }
  /** The server commits the write, then the response is lost. */
  | { kind: 'lost-response' }
  | { kind: 'timeout' }
  | { kind: 'timeout-after-commit' }
  | { kind: 'status'; status: number; retryAfterMs?: number; outcome?: OperationOutcome }
  | { kind: 'login-required' };

export interface FakeFhirServer extends FhirTransport {
  /** Faults applied to the next requests, in order. */
  script(...faults: Fault[]): void;
  observations(): Observation[];
  /** Stored resources of one type (any kind of write). */
  resources(type: string): Resource[];
  /** Number of stored Observations with this identifier value. */
  count(identifierValue: string): number;
  put(resource: Resource): void;
  requests: FhirRequest[];
  /** Server clock, advanced by one ms per write so _lastUpdated is strictly ordered. */
  tick: number;
  auditEvents: Resource[];
  /** Called before each request; may return a result to override the server. */
  intercept?: (req: FhirRequest) => FhirResult | undefined;
  /** Coverage statement added to EpisodeOfCare searches, per patient id (default covered). */
  coverage: Map<string, { code: 'covered' | 'not-covered'; since: string }>;
  /**
   * What its CapabilityStatement states (default both, like Varde's platform states
   * transaction). Without transaction it refuses transaction Bundles, as a plain server would.
   */
  capabilities: { transaction: boolean; batch: boolean };
  /** How often the CapabilityStatement was read. */
  metadataReads: number;
  /** Whether EpisodeOfCare searches honour _include (default false: a plain server). */
  includes: boolean;
  /** False: no coverage statement at all in services searches (a plain server). */
  statesCoverage: boolean;
}

function identifierValue(r: Resource): string | undefined {
  return setIdentifierValue((r as Observation).identifier);
}

function hasIdentifier(r: Resource, system: string, value: string): boolean {
  return ((r as { identifier?: Identifier[] }).identifier ?? []).some(
    (i) => i.system === system && i.value === value,
  );
}

/** Who the fake server says made a correction or comment (the real one reads the token). */
export const FAKE_USER = { reference: 'Practitioner/nurse-1', display: 'Kari Nordmann' };

const refusal = (status: number, diagnostics: string): FhirResult => ({
  kind: 'http-error',
  status,
  outcome: {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: status === 404 ? 'not-found' : 'invalid', diagnostics }],
  },
});

export function createFakeFhirServer(
  opts: { pageSize?: number; transaction?: boolean; batch?: boolean } = {},
): FakeFhirServer {
  const store = new Map<string, Resource>();
  const faults: Fault[] = [];
  let nextId = 1;
  const pageSize = opts.pageSize ?? 100;

  const server: FakeFhirServer = {
    requests: [],
    tick: Date.parse('2026-11-25T06:00:00Z'),
    auditEvents: [],
    coverage: new Map(),
    capabilities: { transaction: opts.transaction ?? true, batch: opts.batch ?? true },
    includes: false,
    statesCoverage: true,
    metadataReads: 0,
    script: (...f) => faults.push(...f),
    observations: () => [...store.values()].filter((r): r is Observation => r.resourceType === 'Observation'),
    resources: (type) => [...store.values()].filter((r) => r.resourceType === type),
    count: (v) => [...store.values()].filter((r) => identifierValue(r) === v).length,
    put(resource) {
      server.tick += 1;
      const withMeta = {
        ...resource,
        meta: { ...resource.meta, lastUpdated: new Date(server.tick).toISOString() },
      };
      store.set(`${resource.resourceType}/${resource.id}`, withMeta);
    },
    async request(req) {
      // The CapabilityStatement is read once per client: it neither shows in `requests` nor
      // takes a scripted fault, so scripts keep meaning "the next write or read".
      if (req.method === 'GET' && req.url === 'metadata') {
        server.metadataReads += 1;
        return server.intercept?.(req) ?? capabilityStatement();
      }
      server.requests.push(req);
      const override = server.intercept?.(req);
      if (override) return override;
      const fault = faults.shift();
      if (fault?.kind === 'network-error') return { kind: 'network-error', message: 'fetch failed' };
      if (fault?.kind === 'timeout') return { kind: 'timeout' };
      if (fault?.kind === 'login-required') return { kind: 'login-required' };
      if (fault?.kind === 'status') {
        return {
          kind: 'http-error',
          status: fault.status,
          retryAfterMs: fault.retryAfterMs,
          outcome: fault.outcome,
        };
      }
      const result = handle(req);
      if (fault?.kind === 'lost-response') return { kind: 'network-error', message: 'connection reset' };
      if (fault?.kind === 'timeout-after-commit') return { kind: 'timeout' };
      return result;
    },
  };

  /**
   * Observation/$correct-set and $comment-set as the platform answers them (core's
   * correctSetObservations / commentSetObservations over the set's stored Observations),
   * staging new versions; a set it does not hold is refused (404), the whole transaction with it.
   */
  function setChange(url: string, res: Resource, staged: Resource[]): BundleEntry | FhirResult {
    const read = url === CORRECT_SET_URL ? readCorrectSetParameters(res) : readCommentSetParameters(res);
    if (!read.ok) return refusal(400, read.message);
    const { setId, patientId } = read.value;
    const latest = new Map<string, Observation>();
    for (const r of [...store.values(), ...staged])
      if (r.resourceType === 'Observation' && setIdentifierOf(r)?.setId === setId) latest.set(r.id!, r);
    const set = [...latest.values()];
    if (!set.length) return refusal(404, 'Målingen finnes ikke hos serveren.');
    const next =
      'reason' in read.value
        ? correctSetObservations(set, { ...read.value, correctedBy: FAKE_USER })
        : commentSetObservations(set, { ...read.value, author: FAKE_USER });
    if (!next.length) return refusal(422, `Målingen gjelder ikke pasienten ${patientId}.`);
    for (const o of next) {
      if (latest.get(o.id!) === o) continue;
      const version = Number(o.meta?.versionId ?? 1) + 1;
      const i = staged.findIndex((r) => r.resourceType === 'Observation' && r.id === o.id);
      const changed = { ...o, meta: { ...o.meta, versionId: String(version) } };
      if (i >= 0) staged[i] = changed;
      else staged.push(changed);
      latest.set(o.id!, changed);
    }
    return {
      resource: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [...latest.values()].map((resource) => ({ resource })),
      },
      response: { status: '200 OK' },
    };
  }

  function transaction(bundle: Bundle): FhirResult {
    const out: BundleEntry[] = [];
    const staged: Resource[] = [];
    for (const e of bundle.entry ?? []) {
      const res = e.resource!;
      if (e.request?.url === CORRECT_SET_URL || e.request?.url === COMMENT_SET_URL) {
        const answer = setChange(e.request.url, res, staged);
        if ('kind' in answer) return answer;
        out.push(answer);
        continue;
      }
      if (res.resourceType === 'AuditEvent') {
        staged.push(res);
        out.push({ response: { status: '201 Created' } });
        continue;
      }
      const cond = e.request?.ifNoneExist?.match(/^identifier=(.+)\|(.+)$/);
      if (!cond) {
        return {
          kind: 'http-error',
          status: 400,
          outcome: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'invalid', diagnostics: 'ifNoneExist kreves' }],
          },
        };
      }
      const type = res.resourceType;
      const existing = [...store.values(), ...staged].find(
        (r) => r.resourceType === type && hasIdentifier(r, cond[1], cond[2]),
      );
      if (existing) {
        out.push({
          resource: existing,
          response: { status: '200 OK', location: `${type}/${existing.id}` },
        });
      } else {
        const prefix = type === 'Observation' ? 'obs' : type.toLowerCase();
        const created = {
          ...res,
          id: `${prefix}-${nextId++}`,
          meta: { ...res.meta, versionId: '1' },
        } as Resource;
        staged.push(created);
        out.push({
          resource: created,
          response: { status: '201 Created', location: `${type}/${created.id}/_history/1` },
        });
      }
    }
    // All or nothing: commit only after every entry passed.
    for (const r of staged) {
      if (r.resourceType === 'AuditEvent') server.auditEvents.push(r);
      else server.put(r);
    }
    return {
      kind: 'ok',
      status: 200,
      body: { resourceType: 'Bundle', type: 'transaction-response', entry: out },
    };
  }

  /** One conditional create (`POST {type}` with If-None-Exist), or a plain create without it. */
  function create(resource: Resource, ifNoneExist: string | undefined): FhirResult {
    const type = resource.resourceType;
    if (resource.resourceType === 'AuditEvent' && !ifNoneExist) {
      server.auditEvents.push(resource);
      return { kind: 'ok', status: 201, body: resource };
    }
    const cond = ifNoneExist?.match(/^identifier=(.+)\|(.+)$/);
    if (cond) {
      const existing = [...store.values()].find(
        (r) => r.resourceType === type && hasIdentifier(r, cond[1], cond[2]),
      );
      if (existing) return { kind: 'ok', status: 200, body: existing, location: `${type}/${existing.id}` };
    }
    const prefix = type === 'Observation' ? 'obs' : type.toLowerCase();
    const created = { ...resource, id: `${prefix}-${nextId++}` } as Resource;
    server.put(created);
    const stored = store.get(`${type}/${created.id}`)!;
    return { kind: 'ok', status: 201, body: stored, location: `${type}/${created.id}/_history/1` };
  }

  function batch(bundle: Bundle): FhirResult {
    const entry: BundleEntry[] = (bundle.entry ?? []).map((e) => {
      const r = handle({ method: 'GET', url: e.request?.url ?? '' });
      return r.kind === 'ok'
        ? { resource: r.body as Resource, response: { status: '200 OK' } }
        : { response: { status: `${r.kind === 'http-error' ? r.status : 500}` } };
    });
    return { kind: 'ok', status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry } };
  }

  function capabilityStatement(): FhirResult {
    const interaction = [
      ...(server.capabilities.transaction ? [{ code: 'transaction' }] : []),
      ...(server.capabilities.batch ? [{ code: 'batch' }] : []),
    ];
    return {
      kind: 'ok',
      status: 200,
      body: {
        resourceType: 'CapabilityStatement',
        status: 'active',
        kind: 'instance',
        rest: [{ mode: 'server', interaction }],
      },
    };
  }

  function handle(req: FhirRequest): FhirResult {
    const path = req.url.replace(/^http:\/\/fake\/fhir\//, '');
    if (req.method === 'GET' && path === 'metadata') return capabilityStatement();
    if (req.method === 'POST' && path === '') {
      const bundle = req.body as Bundle;
      if (bundle.type === 'batch' && server.capabilities.batch) return batch(bundle);
      if (bundle.type === 'transaction' && server.capabilities.transaction) return transaction(bundle);
      return {
        kind: 'http-error',
        status: 400,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'not-supported', diagnostics: `${bundle.type} støttes ikke` }],
        },
      };
    }
    if (req.method === 'POST') return create(req.body as Resource, req.ifNoneExist);
    const [typeAndId, query] = path.split('?');
    const [type, id] = typeAndId.split('/');
    if (id) {
      const r = store.get(`${type}/${id}`);
      if (!r) {
        return {
          kind: 'http-error',
          status: 404,
          outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] },
        };
      }
      return { kind: 'ok', status: 200, body: r };
    }
    return searchFakeStore(store, server, pageSize, type, new URLSearchParams(query ?? ''));
  }

  return server;
}

export { testSetToObservations } from './testObservations';
