// The FHIR router on an in-memory PGlite with the test fixtures, for integration tests that
// call it without HTTP. Tokens are the fixture bearer names ("nurse", "doctor-anna").
import type { Resource } from '@medplum/fhirtypes';
import { DEFAULT_TENANTS } from '../../src/platform/config';
import { openDatabase } from '../../src/platform/db/open';
import type { Database } from '../../src/platform/db/types';
import { createDirectory } from '../../src/platform/directoryStore';
import { createSqlEventStore } from '../../src/platform/events/sqlEventStore';
import type { EventStore } from '../../src/platform/events/types';
import { platformIngest } from '../../src/platform/fhir/ingest';
import {
  createFhirRouter,
  type FhirRequest,
  type FhirResponse,
  type FhirRouter,
  type FhirRouterDeps,
} from '../../src/platform/fhir/router';
import { IMPORT_TOKEN, loadFixtures, testVerifier } from '../../src/platform/testing/fixtures';

export const BASE = '/fhir/4601';

export interface TestRouter {
  db: Database;
  store: EventStore;
  router: FhirRouter;
  /** `path` may carry a query string; `body` is sent as JSON text unless it is a string. */
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<FhirResponse>;
}

export async function openTestRouter(over: Partial<FhirRouterDeps> = {}): Promise<TestRouter> {
  const db = await openDatabase({});
  const store = createSqlEventStore(db, { onAppend: platformIngest });
  await loadFixtures(store);
  const router = createFhirRouter({
    store,
    directory: createDirectory(store, DEFAULT_TENANTS),
    verifier: testVerifier(),
    tenants: DEFAULT_TENANTS,
    publicUrl: 'http://test',
    importToken: IMPORT_TOKEN,
    ...over,
  });
  return {
    db,
    store,
    router,
    call(method, path, token, body, headers = {}) {
      const [p, qs] = path.split('?');
      const query: FhirRequest['query'] = {};
      for (const [k, v] of new URLSearchParams(qs ?? '')) {
        const prev = query[k];
        query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
      }
      return router.handle({
        method,
        path: p,
        query,
        body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      });
    },
  };
}

/** The first issue of an OperationOutcome answer, or undefined for any other answer. */
export function firstIssue(r: FhirResponse) {
  const res = r.resource as Resource | undefined;
  return res?.resourceType === 'OperationOutcome' ? res.issue?.[0] : undefined;
}
