// The platform's HTTP server (Fastify 5): FHIR routes (adapting src/platform/fhir/router),
// the SMART authorization server, the EPJ launch simulator, /health and the built PWA.
// Tests, main and benchmarks all build it through buildPlatform.
import '../fhir/medplumShim';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { fhirBaseUrl, type PlatformConfig } from '../config';
import { startAutoAnalyze } from '../db/autoAnalyze';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import type { ClinicalDirectory } from '../directory';
import { createDirectory } from '../directoryStore';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { platformIngest } from '../fhir/ingest';
import { createFhirRouter, type FhirRouter } from '../fhir/router';
import type { Query } from '../fhir/searchParams';
import { loggerOptions } from '../log';
import type { SmartServer, TokenVerifier } from '../smart/types';
import { answerClientError, errorAnswer, FHIR_TYPE } from './errors';
import { registerSecurityHeaders, securityHeaders } from './securityHeaders';

export interface BuildPlatformOptions {
  config: PlatformConfig;
  /** An open database (tests share one); otherwise opened from config and closed by close(). */
  db?: Database;
  /** Replaces the SMART server's token verification (tests). */
  verifier?: TokenVerifier;
  /** Register the SMART server and EPJ simulator (default true). */
  smart?: boolean;
  /** Where JSON logs go (default stdout); tests read them. */
  logStream?: NodeJS.WritableStream;
}

export interface Platform {
  app: FastifyInstance;
  db: Database;
  store: EventStore;
  directory: ClinicalDirectory;
  router: FhirRouter;
  smart?: SmartServer;
  close(): Promise<void>;
}

/**
 * The whole request (headers and body) must arrive within this; a slow sender is answered
 * 408 (an OperationOutcome) instead of holding a connection open (Fastify's default: never).
 */
const REQUEST_RECEIVE_TIMEOUT_MS = 60_000;
/** Paths the PWA's SPA fallback must never answer (they are APIs with their own 404s). */
const API_PREFIXES = ['/fhir', '/auth', '/epj', '/health', '/admin'];

function cors(reply: FastifyReply): void {
  // Bearer tokens, no cookies: any origin may call the FHIR API (other apps verify against it).
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-expose-headers', 'location, etag, last-modified, www-authenticate');
}

/** FHIR answers hold patient data: no browser, proxy or service worker may keep them. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** An error as an OperationOutcome with a Norwegian message (errors.ts). */
function sendError(reply: FastifyReply, error: { code?: string; statusCode?: number }): FastifyReply {
  const { status, outcome } = errorAnswer(error);
  noStore(reply);
  return reply.code(status).type(FHIR_TYPE).send(outcome);
}

/** FHIR bodies are JSON: the router parses them itself, so malformed JSON gets an OperationOutcome. */
const FHIR_BODY_TYPES = ['application/fhir+json', 'application/json'];

async function registerFhir(app: FastifyInstance, router: FhirRouter): Promise<void> {
  await app.register(async (scope) => {
    // Only JSON bodies (415 for any other type, and for a body without a type), kept as
    // text: the router parses them, so malformed JSON gets a FHIR OperationOutcome.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(FHIR_BODY_TYPES, { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scope.addHook('onRequest', async (_req, reply) => {
      cors(reply);
      noStore(reply);
    });

    scope.setErrorHandler((error: Error & { code?: string; statusCode?: number }, req, reply) => {
      cors(reply);
      const answer = sendError(reply, error);
      if (reply.statusCode >= 500) {
        req.log.error({ err: { type: error.name, code: error.code } }, 'FHIR request failed');
      }
      return answer;
    });

    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?')[0];
      const res = await router.handle({
        method: req.method,
        path,
        query: (req.query ?? {}) as Query,
        body: req.body,
        headers: req.headers,
      });
      reply.code(res.status).headers(res.headers ?? {});
      // Search Bundles come as JSON text (stored resources copied in unparsed): sent as is.
      if (res.json !== undefined) return reply.type(FHIR_TYPE).send(res.json);
      if (res.resource) return reply.type(FHIR_TYPE).send(res.resource);
      return reply.send();
    };
    const methods: ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[] = [
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
    ];
    scope.route({ method: methods, url: '/fhir/:tenant', handler });
    scope.route({ method: methods, url: '/fhir/:tenant/*', handler });
    scope.options('/fhir/*', async (_req, reply) => {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type, if-none-exist, accept')
        .header('access-control-max-age', '600')
        .send();
    });
  });
}

async function registerApp(app: FastifyInstance, distDir: string): Promise<void> {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ distDir }, 'built PWA not found; run `vite build` (npm start does)');
    // Without the built PWA (tests, benchmarks) an unknown address still gets an OperationOutcome.
    app.setNotFoundHandler((_req, reply) => sendError(reply, { code: 'FST_ERR_NOT_FOUND' }));
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    cacheControl: false,
    setHeaders(reply, path) {
      if (
        path.endsWith('index.html') ||
        path.endsWith('sw.js') ||
        path.endsWith('app-version.json') ||
        path.endsWith('.webmanifest')
      ) {
        reply.header('cache-control', 'no-cache');
      } else if (path.includes(`${join(distDir, 'assets')}`)) {
        // Vite puts content hashes in these names: they never change under one name.
        reply.header('cache-control', 'public, max-age=31536000, immutable');
      } else {
        reply.header('cache-control', 'public, max-age=3600');
      }
    },
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const isApi = API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
    if (req.method === 'GET' && !isApi && !/\.[a-z0-9]+$/i.test(path)) {
      // SPA fallback: the app's own routes (/launch, /callback, /pasient/...) load index.html.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, { code: 'FST_ERR_NOT_FOUND' });
  });
}

export async function buildPlatform(opts: BuildPlatformOptions): Promise<Platform> {
  const { config } = opts;
  const ownDb = !opts.db;
  const db =
    opts.db ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      fresh: config.freshData,
    }));
  // PGlite has no autovacuum: keep the planner's statistics fresh (db/autoAnalyze.ts).
  const analyzer = ownDb ? startAutoAnalyze(db) : undefined;
  const store = createSqlEventStore(db, { onAppend: platformIngest });
  const directory = createDirectory(store, config.tenants);
  const headerOptions = {
    publicUrl: config.publicUrl,
    frameAncestors: config.frameAncestors,
    connectSources: config.appConnectSources,
  };
  const apiHeaders = securityHeaders('api', headerOptions);
  const app = Fastify({
    logger: loggerOptions(config.logLevel, opts.logStream),
    bodyLimit: config.bodyLimit,
    // Fastify's own refusals (a malformed percent-encoded path) and Node's (oversized
    // headers, a request that does not arrive in time) as OperationOutcomes too. They come
    // before any hook, so they carry the API's security headers here.
    frameworkErrors: (error, _req, reply) => sendError(reply.headers(apiHeaders), error),
    clientErrorHandler: (error, socket) => answerClientError(error, socket, apiHeaders),
    requestTimeout: REQUEST_RECEIVE_TIMEOUT_MS,
  });
  registerSecurityHeaders(app, headerOptions);
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (errorAnswer(error).status >= 500)
      req.log.error({ err: { type: error.name, code: error.code } }, 'request failed');
    return sendError(reply, error);
  });

  // Compression for the PWA's scripts and for FHIR Bundles: both are text that shrinks
  // 5-35x, and nurses sync over poor mobile connections. Measured on a 770 KB Observation
  // Bundle (one patient, 90 days): brotli at quality 4 (@fastify/compress's default)
  // 19.7 KB in ~2.8 ms; gzip level 6 20.9 KB in ~4 ms; gzip level 1 37 KB in ~1.2 ms.
  // Browsers on HTTPS (the tablets) ask for br and get the smallest answer for less CPU
  // than gzip 6; clients that only take gzip (Node's fetch, plain-HTTP localhost) are
  // on a fast link, where level 1 costs the platform a third of the CPU.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip', 'deflate'],
    zlibOptions: { level: 1 },
  });

  let smart: SmartServer | undefined;
  if (opts.smart !== false) {
    const { registerSmart } = await import('../smart/index');
    smart = await registerSmart(app, {
      publicUrl: config.publicUrl,
      db,
      directory,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      ...(config.registration ? { registration: config.registration } : {}),
      ...(config.upstreamOidc ? { upstream: config.upstreamOidc } : {}),
    });
    // The EPJ simulator lists every patient and launches as any clinician without a
    // login: a sandbox tool, absent in production (/epj answers 404).
    if (config.mode !== 'production') {
      const { registerEpjSimulator } = await import('../epj/index');
      await registerEpjSimulator(app, {
        publicUrl: config.publicUrl,
        appUrl: config.publicUrl,
        directory,
        smart,
      });
    }
  }
  const verifier = opts.verifier ?? smart;
  if (!verifier)
    throw new Error('buildPlatform needs a TokenVerifier when the SMART server is not registered');

  const router = createFhirRouter({
    store,
    directory,
    verifier,
    tenants: config.tenants,
    publicUrl: config.publicUrl,
    importToken: config.importToken,
    ...(smart ? { oauthUris: smart.endpoints } : {}),
  });
  await registerFhir(app, router);

  app.get('/health', async (_req, reply) => {
    try {
      await db.query('SELECT 1');
      return reply.header('cache-control', 'no-store').send({ status: 'ok', db: db.kind });
    } catch {
      return reply.code(503).send({ status: 'unavailable', db: db.kind });
    }
  });

  // The app's deploy-time configuration (src/app/config/appConfig.ts): which municipalities
  // this platform serves and their FHIR bases, so the PWA needs no rebuild per deployment.
  app.get('/config.json', async (_req, reply) =>
    reply.header('cache-control', 'no-cache').send({
      clientId: 'varde',
      municipalities: config.tenants.map((t) => ({
        name: t.name.replace(/ kommune$/, ''),
        fhirBase: fhirBaseUrl(config, t.id),
      })),
      ...(config.ehrLaunch ? { ehrLaunch: config.ehrLaunch } : {}),
    }),
  );

  await registerApp(app, config.distDir);

  return {
    app,
    db,
    store,
    directory,
    router,
    smart,
    async close() {
      analyzer?.stop();
      await app.close();
      if (ownDb) await db.close();
    },
  };
}
