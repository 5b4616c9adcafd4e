// Offline longer than the access token lives (issue 13, point 2). The token source here
// behaves as the app's does (src/app/state/AppProvider.tsx): an expired token is refreshed
// first; a refresh that finds no network answers 'unreachable', one the server refuses
// answers null. The real fetch transport carries the token to the scripted server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccessToken, PatientView, Section, SyncStatus } from './api';
import { createOfflineClient } from './client';
import { openVardeDb } from './db';
import {
  collect,
  fakeEnvironment,
  fetchOver,
  openedClients,
  seedPatient,
  testClientOptions,
} from './testing/clientTesting';
import { createFakeFhirServer, type FakeFhirServer } from './testing/fakeFhirServer';
import { manualClock, sampleSet, TEST_PIN, uniqueDbName, type Clock } from './testing/harness';
import { LOGIN_AGAIN } from './sections/compose';

vi.setConfig({ testTimeout: 30_000 });

const BASE = 'https://varde.test/fhir/4601';

/** The app's token source, in small: 5-minute tokens, refreshed when expired. */
function tokenSource(clock: Clock, net: { offline: boolean }) {
  const src = {
    refreshes: 0,
    refused: false,
    current: 'token-1',
    expiresAt: clock.now().getTime() + 5 * 60_000,
    /** Throw instead of answering (a token source that does not classify its failure). */
    throwOffline: false,
    async get(): Promise<AccessToken> {
      if (clock.now().getTime() < src.expiresAt) return src.current;
      src.refreshes += 1;
      if (src.refused) return null;
      if (net.offline) {
        if (src.throwOffline) throw new TypeError('Failed to fetch');
        return { kind: 'unreachable', reason: 'Ingen forbindelse med påloggingstjenesten.' };
      }
      src.current = `token-${src.refreshes + 1}`;
      src.expiresAt = clock.now().getTime() + 5 * 60_000;
      return src.current;
    },
  };
  return src;
}

const clients = openedClients();
afterEach(() => clients.closeAll());

async function setup() {
  const server: FakeFhirServer = createFakeFhirServer();
  seedPatient(server);
  const clock = manualClock();
  const net = fetchOver({ [BASE]: server });
  const tokens = tokenSource(clock, net);
  const env = fakeEnvironment();
  const dbName = uniqueDbName('token');
  const client = clients.add(
    createOfflineClient(
      testClientOptions({
        now: clock.now,
        fhirBaseUrl: BASE,
        getAccessToken: () => tokens.get(),
        dbName,
        fetch: net.fetch,
        environment: env,
      }),
    ),
  );
  await client.setupPin(TEST_PIN);
  return { server, clock, net, tokens, env, dbName, client };
}

async function auditLogOnDevice(dbName: string): Promise<number> {
  const db = openVardeDb(dbName);
  try {
    return await db.auditLog.count();
  } finally {
    db.close();
  }
}

const cachedAt = <T>(s: Section<T>) => (s.kind === 'unavailable' ? s.cached?.fetchedAt : undefined);

describe('offline past the token lifetime', () => {
  it('a refresh without network is a network failure: cached data labelled as such, the read logged, the status offline; on reconnect the client refreshes, then sends', async () => {
    const { server, clock, net, tokens, env, dbName, client } = await setup();
    await client.refreshPatient('pas-1');
    const fetchedAt = clock.now().toISOString();

    // The tablet loses coverage; the visit lasts longer than the token (the browser may
    // never notice: no 'offline' event is fired).
    net.offline = true;
    clock.advance(6 * 60_000);
    await expect(client.refreshPatient('pas-1')).resolves.toBeUndefined();
    expect(tokens.refreshes).toBeGreaterThan(0);
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.vitals.kind === 'unavailable' && x.identity.kind === 'unavailable');
    // What the screens show as "Bufret data fra …", never "Oppdatert … (nå nettopp)".
    for (const s of [v.identity, v.services, v.vitals] as Section<unknown>[]) {
      expect(s.kind).toBe('unavailable');
      expect(cachedAt(s)).toBe(fetchedAt);
    }
    expect(v.vitals).toMatchObject({ reason: 'Ingen forbindelse med serveren.' });
    expect(await auditLogOnDevice(dbName)).toBeGreaterThan(0);

    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await client.recordVitals(sampleSet('set-offline', 'pas-1', 104));
    await client.syncNow();
    await status.until((s) => s.kind === 'offline' && s.waiting === 1);
    expect(server.count('set-offline/pulse')).toBe(0);

    // Coverage returns: the token is refreshed first, then the set and the logged read go.
    const before = tokens.refreshes;
    net.offline = false;
    env.setOnline(true);
    await status.until((s) => s.kind === 'synced' && !!s.at);
    expect(tokens.refreshes).toBe(before + 1);
    expect(server.count('set-offline/pulse')).toBe(1);
    const sentWith = net.tokens.get(BASE)!;
    expect(sentWith.at(-1)).toBe(tokens.current);
    expect(sentWith).not.toContain('');
    expect(JSON.stringify(server.auditEvents)).toContain('Patient/pas-1');
    expect(await auditLogOnDevice(dbName)).toBe(0);
    // And the screens are fresh again without waiting for the next background refresh.
    await view.until((x) => x.vitals.kind === 'ready' && x.vitals.fetchedAt > fetchedAt);
    view.stop();
    status.stop();
  });

  it('a token source that throws without network still gives a network failure, never an exception', async () => {
    const { clock, net, tokens, client } = await setup();
    await client.refreshPatient('pas-1');
    net.offline = true;
    tokens.throwOffline = true;
    clock.advance(6 * 60_000);
    await expect(client.refreshPatient('pas-1')).resolves.toBeUndefined();
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.vitals.kind === 'unavailable');
    expect(v.vitals).toMatchObject({ kind: 'unavailable', reason: 'Ingen forbindelse med serveren.' });
    expect(cachedAt(v.vitals)).toBeDefined();
    view.stop();
  });

  it('a refresh the server refuses asks to log in again and keeps the outbox', async () => {
    const { server, clock, tokens, client } = await setup();
    await client.refreshPatient('pas-1');
    const fetchedAt = clock.now().toISOString();
    // The token expires and the server refuses the refresh (the refresh token expired).
    clock.advance(6 * 60_000);
    tokens.refused = true;
    const status = collect<SyncStatus>((cb) => client.watchSyncStatus(cb));
    await client.recordVitals(sampleSet('set-kept', 'pas-1', 99));
    await client.syncNow();
    await status.until((s) => s.kind === 'login-required' && s.waiting === 1);
    expect(server.count('set-kept/pulse')).toBe(0);

    await client.refreshPatient('pas-1');
    const view = collect<PatientView>((cb) => client.watchPatient('pas-1', cb));
    const v = await view.until((x) => x.vitals.kind === 'unavailable');
    expect(v.vitals).toMatchObject({ reason: LOGIN_AGAIN });
    expect(LOGIN_AGAIN).toContain('Logg inn igjen');
    expect(cachedAt(v.identity)).toBe(fetchedAt);

    // After a new login the kept set goes, once.
    tokens.refused = false;
    await client.syncNow();
    await status.until((s) => s.kind === 'synced' && !!s.at);
    expect(server.count('set-kept/pulse')).toBe(1);
    view.stop();
    status.stop();
  });
});
