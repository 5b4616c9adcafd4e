// The only code in src/offline that calls fetch (STYLE.md point 5). Every outcome is a
// value, never an exception, so push and pull can switch on it exhaustively.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { AccessToken } from '../api';

export interface FhirRequest {
  method: 'GET' | 'POST';
  /** Relative to the FHIR base ("Patient/1", "Observation?patient=1") or absolute (next links). */
  url: string;
  body?: unknown;
  timeoutMs?: number;
  /** Conditional create: the `If-None-Exist` header (a search query, e.g. `identifier=s|v`). */
  ifNoneExist?: string;
}

export type FhirResult =
  /**
   * body: the parsed JSON, or undefined when the answer was not JSON (contentType then says
   * what it was: a server answering an HTML page is not a FHIR answer). location: the
   * Location header of a create.
   */
  | { kind: 'ok'; status: number; body: unknown; contentType?: string; location?: string }
  /** A 4xx or 5xx other than 401. */
  | { kind: 'http-error'; status: number; outcome?: OperationOutcome; retryAfterMs?: number }
  | { kind: 'network-error'; message: string }
  | { kind: 'timeout' }
  /** No token, or the server said 401. The caller keeps its data and asks for login. */
  | { kind: 'login-required' };

export interface FhirTransport {
  request(req: FhirRequest): Promise<FhirResult>;
}

export interface FetchTransportOptions {
  baseUrl: string;
  /** May refresh the token first; a refresh without network is 'unreachable', not a throw. */
  getAccessToken: () => Promise<AccessToken>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => Date;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

export function resolveUrl(baseUrl: string, url: string): string {
  if (/^https?:\/\//.test(url)) return url;
  return `${baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

export function createFetchTransport(opts: FetchTransportOptions): FhirTransport {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const now = opts.now ?? (() => new Date());
  return {
    async request(req) {
      // Getting a token may mean a refresh over the network. Without network that is a
      // network failure like any other (sections show cached data, the status says
      // offline), and even a token source that throws does not make this throw.
      let token: AccessToken;
      try {
        token = await opts.getAccessToken();
      } catch (e) {
        return { kind: 'network-error', message: e instanceof Error ? e.message : String(e) };
      }
      if (token !== null && typeof token === 'object')
        return { kind: 'network-error', message: token.reason };
      if (!token) return { kind: 'login-required' };
      const controller = new AbortController();
      const timeoutMs = req.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const res = await doFetch(resolveUrl(opts.baseUrl, req.url), {
          method: req.method,
          headers: {
            Accept: 'application/fhir+json',
            Authorization: `Bearer ${token}`,
            ...(req.body !== undefined
              ? { 'Content-Type': 'application/fhir+json', Prefer: 'return=representation' }
              : {}),
            ...(req.ifNoneExist !== undefined ? { 'If-None-Exist': req.ifNoneExist } : {}),
          },
          body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          signal: controller.signal,
          // Patient data never goes into the HTTP cache.
          cache: 'no-store',
        });
        const text = await res.text();
        let body: unknown = undefined;
        if (text) {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        if (res.status === 401) return { kind: 'login-required' };
        if (res.ok) {
          const ok: FhirResult = { kind: 'ok', status: res.status, body };
          const contentType = res.headers.get('Content-Type');
          const location = res.headers.get('Location') ?? res.headers.get('Content-Location');
          if (contentType) ok.contentType = contentType;
          if (location) ok.location = location;
          return ok;
        }
        const outcome =
          body && (body as { resourceType?: string }).resourceType === 'OperationOutcome'
            ? (body as OperationOutcome)
            : undefined;
        return {
          kind: 'http-error',
          status: res.status,
          outcome,
          retryAfterMs: parseRetryAfter(res.headers.get('Retry-After'), now()),
        };
      } catch (e) {
        if (timedOut) return { kind: 'timeout' };
        return { kind: 'network-error', message: e instanceof Error ? e.message : String(e) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The Norwegian text to show for an OperationOutcome (diagnostics or details). */
export function outcomeText(outcome: OperationOutcome | undefined, fallback: string): string {
  const texts = (outcome?.issue ?? [])
    .filter((i) => i.severity === 'error' || i.severity === 'fatal' || !i.severity)
    .map((i) => {
      const msg = i.details?.text ?? i.diagnostics ?? i.code;
      const where = i.expression?.length ? ` (${i.expression.join(', ')})` : '';
      return msg ? `${msg}${where}` : undefined;
    })
    .filter((t): t is string => !!t);
  return texts.length ? texts.join('; ') : fallback;
}
