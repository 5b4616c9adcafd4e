// The FHIR R4 API of the reference platform, without HTTP: a request value in, a
// response value out (STYLE.md point 7). The Fastify adapter is src/platform/http.
//
// One base per municipality: /fhir/{kommunenummer}. Apps read, create vital-signs
// Observations and AuditEvents; source systems load everything else through $import.
// Every touch of patient data, allowed or denied, is audited.
import type {
  AuditEvent,
  Bundle,
  BundleEntry,
  Identifier,
  Observation,
  OperationOutcome,
  OperationOutcomeIssue,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { timingSafeEqual } from 'node:crypto';
import { createAccessPolicy, CLINICAL_TYPES, type AccessDecision, type Permission } from '../access/policy';
import {
  buildAuditEvent,
  CLIENT_REPORTED_TAG,
  RECEIVED_EXTENSION,
  type AuditInput,
} from '../audit/auditEvent';
import type { ClinicalDirectory, Tenant } from '../directory';
import { identifierTokens, searchColumns, toInstant } from '../events/projection';
import type { AppendInput, EventStore, EventWriter, StoredRow } from '../events/types';
import type { AccessContext, TokenVerifier } from '../smart/types';
import { capabilityStatement, type OAuthUris } from './capability';
import { includedReferences, includeSources, unknownInclude } from './includes';
import { FhirError, issuesOutcome, outcome } from './outcome';
import { parseElements, subsetted } from './elements';
import { parseSearch, values, type Query } from './searchParams';
import {
  jsonShapeIssues,
  loadFhirDefinitions,
  statusForIssues,
  validateStructure,
  validateVitalSignsObservation,
} from './validation';

export interface FhirRequest {
  method: string;
  /** Path from the server root, e.g. "/fhir/4601/Observation". */
  path: string;
  query: Query;
  /** Raw body text (parsed here so malformed JSON gets an OperationOutcome) or a parsed value. */
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface FhirResponse {
  status: number;
  /** The answer; for an answer built as JSON text it is parsed from `json` when first read. */
  resource?: Resource;
  /** The answer as JSON text, when the router built it so (search Bundles): sent as it is. */
  json?: string;
  headers?: Record<string, string>;
}

/** A response whose body is JSON text; `resource` parses it only if someone asks. */
function jsonResponse(status: number, json: string, headers?: Record<string, string>): FhirResponse {
  let parsed: Resource | undefined;
  return {
    status,
    json,
    headers,
    get resource(): Resource {
      parsed ??= JSON.parse(json) as Resource;
      return parsed;
    },
  };
}

export interface FhirRouterDeps {
  store: EventStore;
  directory: ClinicalDirectory;
  verifier: TokenVerifier;
  tenants: Tenant[];
  publicUrl: string;
  /** Static bearer of the municipality's source systems ($import). */
  importToken: string;
  /** The SMART authorization server's endpoints, for /metadata (absent without one). */
  oauthUris?: OAuthUris;
  now?: () => Date;
}

export const VITAL_SIGNS_SET_SYSTEM = 'https://varde.no/fhir/sid/vital-signs-set';
export const COVERAGE_SYSTEM = 'https://varde.no/fhir/CodeSystem/coverage';
const READ_TYPES = new Set([
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
]);
const CREATE_TYPES = new Set(['Observation', 'AuditEvent']);
/** Clinical searches must name a patient (or ids), so no search lists a whole municipality. */
const NEEDS_PATIENT = new Set(['Observation', 'EpisodeOfCare', 'ServiceRequest', 'Flag']);

function header(req: FhirRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function bearer(req: FhirRequest): string | undefined {
  const h = header(req, 'authorization');
  const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m ? m[1].trim() : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseJson(body: unknown): unknown {
  if (body === undefined || body === null || body === '') {
    throw FhirError.of(400, 'required', 'Forespørselen mangler innhold (JSON).');
  }
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch (e) {
      throw FhirError.of(400, 'structure', `Ugyldig JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // NUL anywhere in a body is refused here, whatever path the body takes afterwards
  // (PostgreSQL cannot store it). Empty values are judged by validateStructure, so that
  // $validate can report them instead of refusing the request.
  const root = (value as { resourceType?: unknown } | null)?.resourceType;
  const nul = jsonShapeIssues(value, typeof root === 'string' ? root : '', true);
  if (nul.length) throw new FhirError(400, issuesOutcome(nul));
  return value;
}

const NUL = '\u0000';

/** Path segments, search parameters and the If-None-Exist header must be free of NUL. */
function refuseNulInRequest(req: FhirRequest, segments: string[]): void {
  if (segments.some((s) => s.includes(NUL))) {
    throw FhirError.of(400, 'invalid', 'Tegnet NUL (\\u0000) er ikke tillatt i adressen.');
  }
  for (const [k, v] of Object.entries(req.query)) {
    const vs = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (k.includes(NUL) || vs.some((x) => x.includes(NUL))) {
      throw FhirError.of(
        400,
        'invalid',
        `Tegnet NUL (\\u0000) er ikke tillatt i søkeparameteren ${k.replaceAll(NUL, '')}.`,
        [k.replaceAll(NUL, '')],
      );
    }
  }
  if (header(req, 'if-none-exist')?.includes(NUL)) {
    throw FhirError.of(400, 'invalid', 'Tegnet NUL (\\u0000) er ikke tillatt i If-None-Exist.');
  }
}

/** Stands in for an entry's resource in validateBundleSkeleton: valid, and never stored. */
const RESOURCE_PLACEHOLDER: Resource = { resourceType: 'Basic', code: { text: 'valideres for seg' } };

/**
 * Checks a transaction or import Bundle without its entries' resources (each resource is
 * validated on its own, after the access checks), so that entry, request.method and
 * request.url have the right JSON types before the router reads them.
 */
function validateBundleSkeleton(bundle: Bundle): void {
  const skeleton = Array.isArray(bundle.entry)
    ? {
        ...bundle,
        entry: bundle.entry.map((e: unknown) =>
          isPlainObject(e) && e.resource !== undefined ? { ...e, resource: RESOURCE_PLACEHOLDER } : e,
        ),
      }
    : bundle;
  const issues = validateStructure(skeleton as Bundle);
  if (issues.length) throw new FhirError(400, issuesOutcome(issues));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expectResource(value: unknown, type?: string, path = ''): Resource {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw FhirError.of(400, 'structure', 'Innholdet er ikke en FHIR-ressurs.', [path || 'resourceType']);
  }
  const rt = (value as { resourceType?: unknown }).resourceType;
  if (typeof rt !== 'string')
    throw FhirError.of(400, 'structure', 'resourceType mangler.', [`${path}resourceType`]);
  if (type && rt !== type) {
    throw FhirError.of(400, 'invalid', `Forventet ${type}, fikk ${rt}.`, [`${path}resourceType`]);
  }
  return value as Resource;
}

function prefixIssues(issues: OperationOutcomeIssue[], prefix: string): OperationOutcomeIssue[] {
  if (!prefix) return issues;
  return issues.map((i) => ({ ...i, expression: i.expression?.map((e) => `${prefix}${e}`) }));
}

function patientOfResource(r: Resource): string | null {
  return searchColumns(r).patient;
}

function ref(r: Resource | StoredRow): string {
  return `${r.resourceType}/${r.id}`;
}

/** "identifier=system|value" -> token; other conditional-create criteria are refused. */
function ifNoneExistToken(criteria: string, path: string): { kind: 'identifier' | 'id'; value: string } {
  const params = new URLSearchParams(criteria);
  const keys = [...params.keys()];
  if (keys.length === 1 && keys[0] === 'identifier' && params.get('identifier')) {
    return { kind: 'identifier', value: params.get('identifier') as string };
  }
  if (keys.length === 1 && keys[0] === '_id' && params.get('_id'))
    return { kind: 'id', value: params.get('_id') as string };
  throw FhirError.of(400, 'not-supported', `ifNoneExist støtter bare identifier=system|verdi: ${criteria}`, [
    path,
  ]);
}

interface PendingCreate {
  index: number;
  resource: Resource;
  ifNoneExist?: { kind: 'identifier' | 'id'; value: string };
  patient?: string;
}

export interface FhirRouter {
  handle(req: FhirRequest): Promise<FhirResponse>;
}

export function createFhirRouter(deps: FhirRouterDeps): FhirRouter {
  const now = deps.now ?? (() => new Date());
  const policy = createAccessPolicy(deps.directory);
  const tenants = new Map(deps.tenants.map((t) => [t.id, t]));
  loadFhirDefinitions();

  const baseUrl = (tenant: string) => `${deps.publicUrl}/fhir/${tenant}`;

  async function audit(tenant: string, input: Omit<AuditInput, 'recorded'>): Promise<void> {
    await deps.store.appendAudit(tenant, buildAuditEvent({ ...input, recorded: now().toISOString() }));
  }

  async function deny(
    tenant: string,
    access: AccessContext | undefined,
    decision: Extract<AccessDecision, { kind: 'denied' }>,
    interaction: AuditInput['interaction'],
    patient?: string,
    query?: string,
  ): Promise<never> {
    await audit(tenant, { access, interaction, patient, outcome: 'denied', detail: decision.reason, query });
    throw FhirError.of(403, 'forbidden', decision.reason);
  }

  async function authenticate(req: FhirRequest, tenant: string): Promise<AccessContext> {
    const v = await deps.verifier.verifyAccessToken(bearer(req), tenant);
    if (v.kind === 'ok') {
      if (v.access.tenant !== tenant) {
        await deny(
          tenant,
          v.access,
          { kind: 'denied', reason: 'Tokenet gjelder en annen kommune.' },
          'operation',
        );
      }
      return v.access;
    }
    if (v.kind === 'wrong-tenant') {
      await audit(tenant, {
        interaction: 'operation',
        outcome: 'denied',
        detail: 'Tokenet gjelder en annen kommune.',
        agentDisplay: 'token fra en annen kommune',
      });
      throw FhirError.of(403, 'forbidden', `Tokenet gjelder en annen kommune (${v.reason}).`);
    }
    throw new FhirError(401, outcome('error', 'login', `Mangler eller ugyldig tilgangstoken: ${v.reason}`), {
      'www-authenticate': 'Bearer realm="varde", error="invalid_token"',
    });
  }

  /**
   * Checks every patient the resources belong to; any refusal denies the whole answer.
   * `allowed` remembers the checks a request has passed (type, permission, patient), so a
   * search checks its patient once, not again for the resources it found.
   */
  async function checkPatients(
    tenant: string,
    access: AccessContext,
    type: string,
    perm: Permission,
    patients: Iterable<string>,
    interaction: AuditInput['interaction'],
    query?: string,
    allowed: Set<string> = new Set(),
  ): Promise<void> {
    for (const p of new Set(patients)) {
      const key = `${type}|${perm}|${p}`;
      if (allowed.has(key)) continue;
      const d = await policy.checkPatient(access, type, perm, p);
      if (d.kind === 'denied') await deny(tenant, access, d, interaction, p, query);
      allowed.add(key);
    }
  }

  // ---- reads ----

  async function read(
    tenant: string,
    access: AccessContext,
    type: string,
    id: string,
  ): Promise<FhirResponse> {
    if (!READ_TYPES.has(type)) throw FhirError.of(404, 'not-supported', `Ressurstypen ${type} støttes ikke.`);
    const typeOk = policy.checkType(access, type, 'r');
    if (typeOk.kind === 'denied')
      await deny(tenant, access, typeOk, 'read', type === 'Patient' ? id : undefined);
    const stored = await deps.store.read(tenant, type, id);
    if (!stored) throw FhirError.of(404, 'not-found', `${type}/${id} finnes ikke.`);
    const patient = patientOfResource(stored.resource);
    if (patient) await checkPatients(tenant, access, type, 'r', [patient], 'read');
    const inScope = policy.checkScopeQuery(access, stored.resource, 'r');
    if (inScope.kind === 'denied') await deny(tenant, access, inScope, 'read', patient ?? undefined);
    if (stored.restricted) {
      await deny(
        tenant,
        access,
        { kind: 'denied', reason: 'Pasienten har reservert seg mot deling av denne opplysningen.' },
        'read',
        patient ?? undefined,
      );
    }
    if (patient || CLINICAL_TYPES.has(type)) {
      await audit(tenant, {
        access,
        interaction: 'read',
        patient: patient ?? undefined,
        resources: [ref(stored.resource)],
        outcome: 'success',
      });
    }
    return {
      status: 200,
      resource: stored.resource,
      headers: {
        etag: `W/"${stored.resource.meta?.versionId}"`,
        'last-modified': new Date(stored.resource.meta?.lastUpdated ?? 0).toUTCString(),
      },
    };
  }

  function queryPattern(type: string, query: Query): string {
    return `${type}?${Object.keys(query).sort().join('&')}`;
  }

  function nextLink(tenant: string, type: string, query: Query, offset: number): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === '_offset' || v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    }
    params.set('_offset', String(offset));
    return `${baseUrl(tenant)}/${type}?${params.toString()}`;
  }

  async function coverageEntry(tenant: string, patientId: string): Promise<BundleEntry> {
    const t = tenants.get(tenant);
    const patient = (await deps.store.read(tenant, 'Patient', patientId))?.resource as Patient | undefined;
    // An unknown patient is not registered in this municipality's PLO system either.
    const notCovered =
      !patient ||
      (patient.meta?.tag ?? []).some((c) => c.system === COVERAGE_SYSTEM && c.code === 'not-covered');
    const oo: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'information',
          code: 'informational',
          details: {
            coding: [{ system: COVERAGE_SYSTEM, code: notCovered ? 'not-covered' : 'covered' }],
            text: notCovered
              ? 'Pasienten er ikke registrert i kommunens PLO-system.'
              : `Tjenester registrert i PLO siden ${t?.goLiveDate}.`,
          },
          diagnostics: `coverage-since=${t?.goLiveDate ?? ''}`,
        },
      ],
    };
    return { resource: oo, search: { mode: 'outcome' } };
  }

  async function search(
    tenant: string,
    access: AccessContext,
    type: string,
    query: Query,
  ): Promise<FhirResponse> {
    const parsed = parseSearch(type, query);
    const pattern = queryPattern(type, query);
    const badInclude = unknownInclude([...parsed.includes, ...parsed.iterateIncludes]);
    if (badInclude)
      throw FhirError.of(400, 'not-supported', `_include=${badInclude} støttes ikke.`, ['_include']);
    const typeOk = policy.checkType(access, type, 's');
    if (typeOk.kind === 'denied')
      await deny(tenant, access, typeOk, 'search-type', parsed.patients?.[0], pattern);

    if (type === 'AuditEvent')
      return auditSearch(tenant, access, query, parsed.count, parsed.offset, pattern);

    const q = parsed.query;
    if (CLINICAL_TYPES.has(type) && !q.patients && access.patient && !q.ids && !q.identifiers && !q.refs) {
      // A patient-context token without a patient parameter means "my patient in context".
      q.patients = [access.patient];
    }
    if (NEEDS_PATIENT.has(type) && !q.patients && !q.ids) {
      throw FhirError.of(400, 'required', `Søk i ${type} krever patient eller _id.`, ['patient']);
    }
    if (type === 'CareTeam' && !q.patients) {
      const mine = `Practitioner/${access.practitionerId}`;
      if (!q.refs || q.refs.some((r) => r !== mine)) {
        await deny(
          tenant,
          access,
          { kind: 'denied', reason: 'Arbeidslisten kan bare hentes for egen bruker.' },
          'search-type',
          undefined,
          pattern,
        );
      }
    }
    if (type === 'Patient' && !q.ids && !q.identifiers) {
      throw FhirError.of(400, 'required', 'Pasientsøk krever identifier eller _id.', ['identifier']);
    }
    const allowed = new Set<string>();
    if (q.patients)
      await checkPatients(tenant, access, type, 's', q.patients, 'search-type', pattern, allowed);

    // Rows keep the stored JSON text: only resources an _include reads are parsed.
    const page = await deps.store.searchRows(tenant, q);
    // SMART v2 scope queries (…rs?category=…): rows outside them are left out.
    const matches = policy.visibleRows(access, 's', page.rows);
    // Included resources, iterating over what was included until nothing new appears.
    const included: StoredRow[] = [];
    const seen = new Set(matches.map(ref));
    let frontier: StoredRow[] = matches;
    let includes = [...parsed.includes, ...parsed.iterateIncludes];
    for (let round = 0; round < 4 && frontier.length && includes.length; round++) {
      const sources = includeSources(includes);
      const readable = frontier
        .filter((r) => sources.has(r.resourceType))
        .map((r) => JSON.parse(r.json) as Resource);
      const wanted = includedReferences(readable, includes);
      const found: StoredRow[] = [];
      for (const [t, ids] of wanted) {
        const fresh = [...ids].filter((id) => !seen.has(`${t}/${id}`));
        if (!fresh.length) continue;
        const r = await deps.store.searchRows(tenant, { type: t, ids: fresh, count: fresh.length });
        for (const row of policy.visibleRows(access, 's', r.rows)) {
          seen.add(ref(row));
          found.push(row);
        }
      }
      included.push(...found);
      frontier = found;
      includes = parsed.iterateIncludes;
    }

    // The projection's patient column is searchColumns(resource).patient, stored at write.
    const patients = new Set<string>();
    for (const r of [...matches, ...included]) if (r.patient) patients.add(r.patient);
    if (type !== 'CareTeam' || q.patients) {
      await checkPatients(tenant, access, type, 's', patients, 'search-type', pattern, allowed);
    } else {
      // The worklist: the care team itself is the care relationship; still check each patient.
      await checkPatients(tenant, access, 'Patient', 'r', patients, 'search-type', pattern, allowed);
    }

    const elements = parseElements(values(query, '_elements'));
    // Entries as JSON text, each resource copied in as stored (see jsonResponse); only a
    // search with _elements parses its matches to cut them down.
    const entry = (r: StoredRow, mode: 'match' | 'include') => {
      const resource =
        elements && mode === 'match'
          ? JSON.stringify(subsetted(JSON.parse(r.json) as Resource, elements))
          : r.json;
      return `{"fullUrl":${JSON.stringify(`${baseUrl(tenant)}/${ref(r)}`)},"resource":${resource},"search":{"mode":"${mode}"}}`;
    };
    let entries: string[] = [
      ...matches.map((r) => entry(r, 'match')),
      ...included.map((r) => entry(r, 'include')),
    ];
    if (type === 'EpisodeOfCare' && q.patients?.length === 1) {
      const cov = await coverageEntry(tenant, q.patients[0]);
      const notCovered =
        (cov.resource as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code === 'not-covered';
      entries = [...(notCovered ? [] : entries), JSON.stringify(cov)];
    }
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: now().toISOString(),
      link: [
        {
          relation: 'self',
          url: `${baseUrl(tenant)}/${type}${Object.keys(query).length ? `?${new URLSearchParams(flatQuery(query)).toString()}` : ''}`,
        },
        ...(page.hasMore
          ? [{ relation: 'next', url: nextLink(tenant, type, query, parsed.offset + parsed.count) }]
          : []),
      ],
    };
    for (const p of patients) {
      const mine = [...matches, ...included].filter((r) => r.patient === p).map(ref);
      await audit(tenant, {
        access,
        interaction: 'search-type',
        patient: p,
        resources: mine,
        outcome: 'success',
        query: pattern,
      });
    }
    if (!patients.size && q.patients?.length) {
      for (const p of q.patients)
        await audit(tenant, {
          access,
          interaction: 'search-type',
          patient: p,
          resources: [],
          outcome: 'success',
          query: pattern,
        });
    }
    // The Bundle's own fields as JSON, then the entries: the same text JSON.stringify gives.
    return jsonResponse(200, `${JSON.stringify(bundle).slice(0, -1)},"entry":[${entries.join(',')}]}`);
  }

  async function auditSearch(
    tenant: string,
    access: AccessContext,
    query: Query,
    count: number,
    offset: number,
    pattern: string,
  ): Promise<FhirResponse> {
    const patient = values(query, 'patient')[0]?.replace(/^Patient\//, '') ?? access.patient;
    if (!patient) throw FhirError.of(400, 'required', 'Søk i AuditEvent krever patient.', ['patient']);
    await checkPatients(tenant, access, 'AuditEvent', 's', [patient], 'search-type', pattern);
    const r = await deps.store.searchAudit(tenant, { patient, count, offset });
    await audit(tenant, {
      access,
      interaction: 'search-type',
      patient,
      resources: [],
      outcome: 'success',
      query: pattern,
    });
    return {
      status: 200,
      resource: {
        resourceType: 'Bundle',
        type: 'searchset',
        timestamp: now().toISOString(),
        link: r.hasMore
          ? [{ relation: 'next', url: nextLink(tenant, 'AuditEvent', query, offset + count) }]
          : [],
        entry: r.events.map((e) => ({
          fullUrl: `${baseUrl(tenant)}/AuditEvent/${e.id}`,
          resource: e,
          search: { mode: 'match' },
        })),
      },
    };
  }

  // ---- writes ----

  /** Validates one create and checks access; throws FhirError (nothing written yet). */
  async function prepareCreate(
    tenant: string,
    access: AccessContext,
    value: unknown,
    type: string | undefined,
    path: string,
    index: number,
    ifNoneExist?: string,
    checkedPatients: Set<string> = new Set(),
  ): Promise<PendingCreate> {
    const resource = expectResource(value, type, path);
    if (!CREATE_TYPES.has(resource.resourceType)) {
      throw FhirError.of(
        403,
        'forbidden',
        `Apper kan bare opprette Observation og AuditEvent; ${resource.resourceType} kommer fra kildesystemet.`,
        [`${path}resourceType`],
      );
    }
    const typeOk = policy.checkType(access, resource.resourceType, 'c');
    if (typeOk.kind === 'denied') await deny(tenant, access, typeOk, 'create');
    const structural = validateStructure(resource);
    if (structural.length) throw new FhirError(400, issuesOutcome(prefixIssues(structural, path)));
    const pending: PendingCreate = {
      index,
      resource,
      ifNoneExist: ifNoneExist
        ? ifNoneExistToken(ifNoneExist, `${path.replace(/resource\.$/, '')}request.ifNoneExist`)
        : undefined,
    };
    if (resource.resourceType === 'Observation') {
      const rules = validateVitalSignsObservation(resource);
      if (rules.length) throw new FhirError(statusForIssues(rules), issuesOutcome(prefixIssues(rules, path)));
      const patient = patientOfResource(resource) as string;
      // A transaction's entries mostly share one patient: it is looked up and checked once
      // per request. Only a passed check is remembered; a failed one ends the request.
      if (!checkedPatients.has(patient)) {
        const exists = await deps.store.read(tenant, 'Patient', patient);
        if (!exists) {
          throw FhirError.of(422, 'business-rule', `Patient/${patient} finnes ikke i kommune ${tenant}.`, [
            `${path}Observation.subject`,
          ]);
        }
        await checkPatients(tenant, access, 'Observation', 'c', [patient], 'create');
        checkedPatients.add(patient);
      }
      pending.patient = patient;
    }
    return pending;
  }

  function clientAuditEvent(access: AccessContext, e: AuditEvent, id: string | undefined): AuditEvent {
    const received = now().toISOString();
    return {
      ...e,
      id: id ? `${access.clientId}-${id}` : undefined,
      meta: {
        tag: [...(e.meta?.tag ?? []), CLIENT_REPORTED_TAG],
        extension: [{ url: RECEIVED_EXTENSION, valueInstant: received }],
      },
      source: { ...e.source, observer: e.source?.observer ?? { display: `client:${access.clientId}` } },
    };
  }

  interface CreateResult {
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
  async function writeCreates(
    w: EventWriter,
    access: AccessContext,
    creates: PendingCreate[],
  ): Promise<CreateResult[]> {
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
        const audited = await w.appendAudit(clientAuditEvent(access, c.resource as AuditEvent, id));
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
        recordedAt: toInstant((c.resource as Observation).effectiveDateTime) ?? undefined,
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

  function auditWrite(
    tenant: string,
    access: AccessContext,
    results: CreateResult[],
    interaction: AuditInput['interaction'],
  ) {
    const byPatient = new Map<string, string[]>();
    for (const r of results) {
      const p = patientOfResource(r.resource);
      if (!p) continue;
      byPatient.set(p, [...(byPatient.get(p) ?? []), ref(r.resource)]);
    }
    return Promise.all(
      [...byPatient].map(([p, refs]) =>
        audit(tenant, { access, interaction, patient: p, resources: refs, outcome: 'success' }),
      ),
    );
  }

  async function create(
    tenant: string,
    access: AccessContext,
    type: string,
    req: FhirRequest,
  ): Promise<FhirResponse> {
    const pending = await prepareCreate(
      tenant,
      access,
      parseJson(req.body),
      type,
      '',
      0,
      header(req, 'if-none-exist'),
    );
    const [result] = await deps.store.write(tenant, (w) => writeCreates(w, access, [pending]));
    await auditWrite(tenant, access, [result], 'create');
    return {
      status: result.status,
      resource: result.resource,
      headers: {
        location: `${baseUrl(tenant)}/${ref(result.resource)}/_history/${result.resource.meta?.versionId ?? '1'}`,
        ...(result.resource.meta?.versionId ? { etag: `W/"${result.resource.meta.versionId}"` } : {}),
      },
    };
  }

  async function transaction(tenant: string, access: AccessContext, req: FhirRequest): Promise<FhirResponse> {
    const bundle = expectResource(parseJson(req.body), 'Bundle') as Bundle;
    validateBundleSkeleton(bundle);
    if (bundle.type !== 'transaction') {
      throw FhirError.of(
        400,
        'not-supported',
        `Bare Bundle.type=transaction støttes (fikk ${bundle.type}).`,
        ['Bundle.type'],
      );
    }
    const entries = bundle.entry ?? [];
    const creates: PendingCreate[] = [];
    const checkedPatients = new Set<string>();
    for (let i = 0; i < entries.length; i++) {
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
      const urlType = e.request?.url?.split(/[/?]/)[0];
      creates.push(
        await prepareCreate(
          tenant,
          access,
          e.resource,
          urlType,
          `${path}resource.`,
          i,
          e.request?.ifNoneExist,
          checkedPatients,
        ),
      );
    }
    const results = await deps.store.write(tenant, (w) => writeCreates(w, access, creates));
    await auditWrite(tenant, access, results, 'transaction');
    return {
      status: 200,
      resource: {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: results.map((r) => ({
          resource: r.resource,
          response: {
            status: r.status === 201 ? '201 Created' : '200 OK',
            location: `${ref(r.resource)}${r.resource.meta?.versionId ? `/_history/${r.resource.meta.versionId}` : ''}`,
            etag: r.resource.meta?.versionId ? `W/"${r.resource.meta.versionId}"` : undefined,
            lastModified: r.resource.meta?.lastUpdated,
          },
        })),
      },
    };
  }

  function validateOperation(type: string, req: FhirRequest): FhirResponse {
    let value = parseJson(req.body);
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

  async function importBundle(tenant: string, req: FhirRequest): Promise<FhirResponse> {
    const token = bearer(req);
    if (!token || !safeEqual(token, deps.importToken)) {
      throw new FhirError(401, outcome('error', 'login', 'Import krever kildesystemets tilgangsnøkkel.'), {
        'www-authenticate': 'Bearer realm="varde-import"',
      });
    }
    const bundle = expectResource(parseJson(req.body), 'Bundle') as Bundle;
    validateBundleSkeleton(bundle);
    const sourceSystem = header(req, 'x-source-system') ?? 'kommunal-epj';
    const inputs = (bundle.entry ?? []).map((e, i) => {
      const r = expectResource(e.resource, undefined, `Bundle.entry[${i}].resource.`);
      if (!r.id)
        throw FhirError.of(400, 'required', 'Importerte ressurser må ha kildesystemets id.', [
          `Bundle.entry[${i}].resource.id`,
        ]);
      const issues = validateStructure(r);
      if (issues.length)
        throw new FhirError(400, issuesOutcome(prefixIssues(issues, `Bundle.entry[${i}].resource.`)));
      return { resource: r, sourceSystem };
    });
    const stored = await deps.store.appendBatch(tenant, inputs);
    await audit(tenant, {
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

  async function route(req: FhirRequest): Promise<FhirResponse> {
    const m = /^\/fhir\/([^/]+)(?:\/(.*))?$/.exec(req.path.split('?')[0]);
    if (!m) throw FhirError.of(404, 'not-found', 'Ukjent adresse.');
    let tenant: string;
    let segments: string[];
    try {
      tenant = decodeURIComponent(m[1]);
      segments = (m[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw FhirError.of(400, 'invalid', 'Adressen har ugyldig prosentkoding.');
    }
    refuseNulInRequest(req, [tenant, ...segments]);
    if (!tenants.has(tenant)) throw FhirError.of(404, 'not-found', `Ukjent kommune: ${tenant}`);
    const method = req.method.toUpperCase();

    if (segments[0] === 'metadata' && segments.length === 1 && method === 'GET') {
      return {
        status: 200,
        resource: capabilityStatement(baseUrl(tenant), now().toISOString(), deps.oauthUris),
      };
    }
    if (segments[0] === '$import' && segments.length === 1 && method === 'POST')
      return importBundle(tenant, req);
    if (method !== 'GET' && method !== 'POST') {
      throw FhirError.of(
        405,
        'not-supported',
        'Delte data er skrivebeskyttet: bare lesing og opprettelse er tillatt.',
      );
    }
    const access = await authenticate(req, tenant);
    const [type, id, extra] = segments;
    if (!type) {
      if (method === 'POST') return transaction(tenant, access, req);
      throw FhirError.of(400, 'not-supported', 'GET på basen støttes ikke; søk i en ressurstype.');
    }
    if (!/^[A-Z][A-Za-z]+$/.test(type)) throw FhirError.of(404, 'not-found', `Ukjent ressurstype: ${type}`);
    if (id === '$validate' && !extra && method === 'POST') return validateOperation(type, req);
    if (id === '_search' && !extra && method === 'POST')
      throw FhirError.of(405, 'not-supported', 'Bruk GET for søk.');
    if (!id)
      return method === 'GET' ? search(tenant, access, type, req.query) : create(tenant, access, type, req);
    if (extra || method !== 'GET') {
      throw FhirError.of(
        405,
        'not-supported',
        'Delte data er skrivebeskyttet: oppdatering og sletting er ikke tillatt.',
      );
    }
    return read(tenant, access, type, id);
  }

  return {
    async handle(req) {
      try {
        return await route(req);
      } catch (e) {
        if (e instanceof FhirError) return { status: e.status, resource: e.outcome, headers: e.headers };
        throw e;
      }
    },
  };
}

function flatQuery(query: Query): [string, string][] {
  return Object.entries(query).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
  );
}

export { identifierTokens };
