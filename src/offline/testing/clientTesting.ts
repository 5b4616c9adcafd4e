// Wiring for tests of the whole OfflineClient: the options every client test starts from,
// the clients a test opened (closed after it), an environment whose triggers the test
// fires, a collector that waits for a watcher's emission, a fetch that serves the scripted
// FHIR server (so the real transport, tokens included, is under test), the patient the
// scripted server holds, and what a section shows.
import { vitalSignsSetToObservations } from '../../core/fhir/toObservation';
import type { Section } from '../api';
import type { OfflineClientOptions, VardeOfflineClient } from '../client';
import type { ClientEnvironment } from '../environment';
import type { FakeFhirServer } from './fakeFhirServer';
import { sampleSet, TEST_ITERATIONS, TEST_SERVER } from './harness';
import { EPISODE, PATIENT } from './patients';

/**
 * What a client test passes unless it says otherwise (`over`): the FHIR base TEST_SERVER
 * with a fixed token, the nurse 'nurse-1', triggers the test fires, few PBKDF2 rounds, no
 * idle lock, no interval drain (an hour) and no jitter. Give the clock (`now`, or real time)
 * and `transport` (the scripted server) or `fetch` (a network over it) in `over`.
 */
export function testClientOptions(over: Partial<OfflineClientOptions> = {}): OfflineClientOptions {
  return {
    fhirBaseUrl: TEST_SERVER,
    getAccessToken: async () => 'token',
    practitionerId: 'nurse-1',
    environment: fakeEnvironment(),
    pbkdf2Iterations: TEST_ITERATIONS,
    idleLockMs: 0,
    syncIntervalMs: 3_600_000,
    random: () => 0.5,
    ...over,
  };
}

/** The clients a test file opens: `afterEach(() => clients.closeAll())` closes them. */
export function openedClients() {
  const open: VardeOfflineClient[] = [];
  return {
    add<C extends VardeOfflineClient>(client: C): C {
      open.push(client);
      return client;
    },
    /** Closes one now (the app restarts, the user logs out). */
    close(client: VardeOfflineClient) {
      client.close();
      open.splice(open.indexOf(client), 1);
    },
    closeAll() {
      for (const c of open.splice(0)) c.close();
    },
  };
}

/** The scripted server holds the patient, her episode, and one set of hers ('srv-1'). */
export function seedPatient(server: FakeFhirServer): void {
  server.put(PATIENT);
  server.put(EPISODE);
  for (const o of vitalSignsSetToObservations(sampleSet('srv-1')))
    server.put({ ...o, id: `o-${o.identifier![0].value}` });
}

/** The data a section shows: ready, or cached while unavailable; otherwise undefined. */
export function shownData<T>(s: Section<T> | undefined): T | undefined {
  if (s?.kind === 'ready') return s.data;
  if (s?.kind === 'unavailable') return s.cached?.data;
  return undefined;
}

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
