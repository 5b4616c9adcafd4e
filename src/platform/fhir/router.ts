// The FHIR R4 API of the reference platform, without HTTP: a request value in, a
// response value out (STYLE.md point 7). The Fastify adapter is src/platform/http.
//
// One base per municipality: /fhir/{kommunenummer}. Apps read, create vital-signs
// Observations and AuditEvents; source systems load everything else through $import.
// Where each interaction lives is the route table (routes.ts); this file is the pipeline
// every request passes: address -> route -> access step -> handler -> audit.
import { createAccessPolicy } from '../access/policy';
import type { ClinicalDirectory, Tenant } from '../directory';
import type { EventStore } from '../events/types';
import { buildAuditEvent } from '../audit/auditEvent';
import type { TokenVerifier } from '../smart/types';
import type { OAuthUris } from './capability';
import {
  AuditedRefusal,
  accessGuard,
  auditTrail,
  authenticateSourceSystem,
  authenticateUser,
  type RouterServices,
} from './context';
import { FhirError } from './outcome';
import { createPacer } from './pacing';
import type { FhirRequest, FhirResponse, FhirRouter } from './request';
import { createRouteTable } from './routeTable';
import { NO_ROUTE_MESSAGE, ROUTES } from './routes';
import { loadFhirDefinitions } from './validation';

export type { FhirRequest, FhirResponse, FhirRouter } from './request';

export interface FhirRouterDeps {
  store: EventStore;
  directory: ClinicalDirectory;
  verifier: TokenVerifier;
  tenants: Tenant[];
  publicUrl: string;
  /** Static bearer of the municipality's source systems ($import). */
  importToken: string;
  now?: () => Date;
  /** How long one request may work before it is stopped with 503 (default 15 s). */
  timeLimitMs?: number;
  /** The SMART authorization server's endpoints, for /metadata (absent without one). */
  oauthUris?: OAuthUris;
}

/** Generous for a full Bundle on a loaded machine; a request past it is stopped. */
export const REQUEST_TIME_LIMIT_MS = 15_000;

const NUL = '\u0000';

/** Path segments, search parameters and the If-None-Exist header must be free of NUL. */
function refuseNul(req: FhirRequest, segments: string[]): void {
  if (segments.some((s) => s.includes(NUL))) {
    throw FhirError.of(400, 'invalid', 'Tegnet NUL (\\u0000) er ikke tillatt i adressen.');
  }
  for (const [k, v] of Object.entries(req.query)) {
    const vs = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (k.includes(NUL) || vs.some((x) => x.includes(NUL))) {
      const name = k.replaceAll(NUL, '');
      throw FhirError.of(400, 'invalid', `Tegnet NUL (\\u0000) er ikke tillatt i søkeparameteren ${name}.`, [
        name,
      ]);
    }
  }
  const ifNoneExist = req.headers['if-none-exist'];
  if ((Array.isArray(ifNoneExist) ? ifNoneExist[0] : ifNoneExist)?.includes(NUL)) {
    throw FhirError.of(400, 'invalid', 'Tegnet NUL (\\u0000) er ikke tillatt i If-None-Exist.');
  }
}

/** "/fhir/4601/Observation/x" -> tenant "4601", segments ["Observation", "x"]. */
function parseAddress(req: FhirRequest): { tenant: string; segments: string[] } {
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
  refuseNul(req, [tenant, ...segments]);
  return { tenant, segments };
}

export function createFhirRouter(deps: FhirRouterDeps): FhirRouter {
  loadFhirDefinitions();
  const services: RouterServices = {
    store: deps.store,
    policy: createAccessPolicy(deps.directory),
    verifier: deps.verifier,
    tenants: new Map(deps.tenants.map((t) => [t.id, t])),
    importToken: deps.importToken,
    now: deps.now ?? (() => new Date()),
    baseUrl: (tenant) => `${deps.publicUrl}/fhir/${tenant}`,
    timeLimitMs: deps.timeLimitMs ?? REQUEST_TIME_LIMIT_MS,
    ...(deps.oauthUris ? { oauthUris: deps.oauthUris } : {}),
  };
  const table = createRouteTable(ROUTES);

  /** The route's access step, its handler, then its audit records. */
  async function dispatch(req: FhirRequest, tenant: string, segments: string[]): Promise<FhirResponse> {
    const match = table.find(req.method.toUpperCase(), segments);
    if (!match) throw FhirError.of(405, 'not-supported', NO_ROUTE_MESSAGE);
    const { route, params } = match;
    const base = { req, tenant, params, services, pace: createPacer(services.now, services.timeLimitMs) };

    if (route.auth !== 'user') {
      if (route.auth === 'source-system') authenticateSourceSystem(services, req);
      const audit = auditTrail(services, tenant, undefined);
      const res = await route.handler({ ...base, audit });
      await audit.flush();
      return res;
    }
    const access = await authenticateUser(services, req, tenant);
    if (params.type !== undefined && !/^[A-Z][A-Za-z]+$/.test(params.type)) {
      throw FhirError.of(404, 'not-found', `Ukjent ressurstype: ${params.type}`);
    }
    const audit = auditTrail(services, tenant, access);
    const res = await route.handler({ ...base, access, guard: accessGuard(services, access), audit });
    await audit.flush();
    return res;
  }

  return {
    async handle(req) {
      try {
        const { tenant, segments } = parseAddress(req);
        if (!services.tenants.has(tenant)) throw FhirError.of(404, 'not-found', `Ukjent kommune: ${tenant}`);
        try {
          return await dispatch(req, tenant, segments);
        } catch (e) {
          // A denial or refused claim is audited before it is answered.
          if (e instanceof AuditedRefusal) {
            const recorded = services.now().toISOString();
            await services.store.appendAudit(tenant, buildAuditEvent({ ...e.audit, recorded }));
          }
          throw e;
        }
      } catch (e) {
        if (e instanceof FhirError) return { status: e.status, resource: e.outcome, headers: e.headers };
        throw e;
      }
    },
  };
}
