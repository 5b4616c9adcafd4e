// Wiring for tests of the whole OfflineClient: an environment whose triggers the test
// fires, a collector that waits for a watcher's emission, and a fetch that serves the
// scripted FHIR server (so the real transport, tokens included, is under test).
import type { ClientEnvironment } from '../environment';
import type { FakeFhirServer } from './fakeFhirServer';

export function fakeEnvironment() {
  const listeners = new Map<string, Set<() => void>>();
  let isOnline = true;
  const env: ClientEnvironment & { fire(kind: string): void; setOnline(v: boolean): void } = {
    isOnline: () => isOnline,
    onTrigger(kind, l) {
      if (!listeners.has(kind)) listeners.set(kind, new Set());
      listeners.get(kind)!.add(l);
      return () => listeners.get(kind)!.delete(l);
    },
    fire: (kind) => listeners.get(kind)?.forEach((l) => l()),
    setOnline(v) {
      isOnline = v;
      env.fire(v ? 'online' : 'offline');
    },
  };
  return env;
}

/** Collects a watcher's emissions and waits for one that satisfies a predicate. */
export function collect<T>(subscribe: (cb: (v: T) => void) => () => void) {
  const seen: T[] = [];
  const waiters: { pred: (v: T) => boolean; resolve: (v: T) => void }[] = [];
  const stop = subscribe((v) => {
    seen.push(v);
    for (const w of [...waiters]) {
      if (w.pred(v)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(v);
      }
    }
  });
  return {
    seen,
    stop,
    until(pred: (v: T) => boolean, ms = 10_000): Promise<T> {
      const hit = seen.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        waiters.push({ pred, resolve });
        setTimeout(() => reject(new Error(`timed out; last: ${JSON.stringify(seen.at(-1))}`)), ms);
      });
    },
  };
}

/**
 * A fetch over the scripted server, as a network would carry it: each server keeps the
 * Authorization headers it saw, and `offline` makes every request fail as fetch does.
 */
export function fetchOver(servers: Record<string, FakeFhirServer>) {
  const net = {
    offline: false,
    /** Bearer tokens seen, per FHIR base, in order. */
    tokens: new Map<string, string[]>(),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (net.offline) throw new TypeError('Failed to fetch');
      const url = String(input);
      const base = Object.keys(servers).find((b) => url === b || url.startsWith(`${b}/`));
      if (!base) throw new TypeError(`Failed to fetch (no server at ${url})`);
      const auth = new Headers(init?.headers).get('Authorization') ?? '';
      net.tokens.set(base, [...(net.tokens.get(base) ?? []), auth.replace(/^Bearer /, '')]);
      const result = await servers[base].request({
        method: (init?.method ?? 'GET') as 'GET' | 'POST',
        url: url.slice(base.length).replace(/^\//, ''),
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      });
      switch (result.kind) {
        case 'ok':
          return Response.json(result.body, { status: result.status });
        case 'http-error':
          return Response.json(result.outcome ?? {}, { status: result.status });
        case 'login-required':
          return new Response('', { status: 401 });
        default:
          throw new TypeError('Failed to fetch');
      }
    }) as typeof fetch,
  };
  return net;
}
