// Security headers on every answer of the platform: the PWA, the FHIR API, the login pages
// (the SMART server's own and oidc-provider's), the EPJ simulator and /health. One global
// hook writes them on the raw response before any handler runs, so they also reach the
// answers Fastify never builds itself (oidc-provider writes to the raw response, see
// smart/index.ts); a handler can still replace one with reply.header().
//
// The Content-Security-Policy has no 'unsafe-inline' and no 'unsafe-eval' anywhere:
// - the PWA (Vite's output) is script and style files only; React and Recharts set styles
//   through the CSSOM (element.style), which style-src does not govern, so style-src 'self'
//   holds without 'unsafe-inline' (test/e2e/securityHeaders.spec.ts listens for violations);
// - the platform's pages link one style sheet and, on the EPJ, one script file (smart/html.ts);
// - oidc-provider's form_post page has an inline script: oidc-provider adds that script's
//   sha256 to script-src itself (helpers/script_src_sha.js), so it runs and nothing else does.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Which policy an address gets. */
export type RouteFamily =
  /** The PWA: index.html, scripts, styles, the service worker, the manifest. */
  | 'app'
  /** Pages the platform renders under /auth (login, patient picker, consent). */
  | 'page'
  /** oidc-provider's own endpoints under /auth (JSON, form_post, logout, error pages). */
  | 'oidc'
  /** The EPJ simulator's page. */
  | 'epj'
  /** JSON only: FHIR, discovery, /health, /config.json. */
  | 'api';

export interface SecurityHeaderOptions {
  /** The platform's public origin (https turns on Strict-Transport-Security). */
  publicUrl: string;
  /** Origins besides the platform's own that may frame the app and its login pages (EPJs). */
  frameAncestors: readonly string[];
  /** Origins besides the platform's own the PWA may fetch from (other FHIR servers). */
  connectSources?: readonly string[];
}

/**
 * Browser features none of the pages use. Only names Chromium knows: an unknown one is
 * logged as an error in the console of every page.
 */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'bluetooth=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'serial=()',
  'usb=()',
].join(', ');

export function routeFamily(path: string): RouteFamily {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (under('/fhir') || under('/health') || path === '/config.json') return 'api';
  if (under('/epj')) return 'epj';
  if (under('/auth/interaction') || under('/auth/static') || under('/auth/upstream')) return 'page';
  if (under('/auth')) return 'oidc';
  return 'app';
}

function csp(directives: Record<string, readonly string[] | undefined>): string {
  return Object.entries(directives)
    .filter((entry): entry is [string, readonly string[]] => entry[1] !== undefined)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

function contentSecurityPolicy(
  family: RouteFamily,
  opts: SecurityHeaderOptions,
  formTargets: readonly string[],
): string {
  const frameAncestors = ["'self'", ...opts.frameAncestors];
  const formAction = ["'self'", ...formTargets];
  switch (family) {
    case 'app':
      return csp({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'font-src': ["'self'"],
        // The PWA talks to the FHIR bases of /config.json: this platform's own tenants, plus
        // the other FHIR servers a deployment names (VARDE_APP_CONNECT_SRC).
        'connect-src': ["'self'", ...(opts.connectSources ?? [])],
        'manifest-src': ["'self'"],
        'worker-src': ["'self'"],
        'frame-src': ["'none'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': formAction,
        'frame-ancestors': frameAncestors,
      });
    case 'page':
    case 'oidc':
    case 'epj':
      return csp({
        'default-src': ["'none'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'base-uri': ["'none'"],
        // A login or consent form's answer redirects on to the app's redirect_uri, and the
        // EPJ's "Start appen" to the app's launch URL: each page names those origins
        // (allowFormTargets). oidc-provider's own pages get no form-action: its form_post
        // page posts to the redirect_uri it has just validated, which only it knows.
        'form-action': family === 'oidc' ? undefined : formAction,
        // The login pages show wherever the app may be framed (inside the EPJ); the EPJ
        // simulator itself is never framed.
        'frame-ancestors': family === 'epj' ? ["'none'"] : frameAncestors,
      });
    case 'api':
      return csp({
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
  }
}

/** Every header a response of this family gets, before any page widens its form-action. */
export function securityHeaders(
  family: RouteFamily,
  opts: SecurityHeaderOptions,
  formTargets: readonly string[] = [],
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(family, opts, formTargets),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': PERMISSIONS_POLICY,
    // Other sites may not embed these answers as images, scripts or the like (no-cors);
    // reads across origins (the FHIR API, discovery) go through CORS, which this leaves alone.
    'cross-origin-resource-policy': 'same-origin',
  };
  // The PWA and the EPJ open no popups and need no opener. Not on /auth: a SMART app of
  // another vendor may run the login in a popup and must keep its opener through it.
  if (family === 'app' || family === 'epj') headers['cross-origin-opener-policy'] = 'same-origin';
  // For browsers without CSP frame-ancestors; it cannot name other origins, so it is left
  // out where EPJ origins are configured (CSP rules there).
  if (family === 'api' || family === 'epj') headers['x-frame-options'] = 'DENY';
  else if (opts.frameAncestors.length === 0) headers['x-frame-options'] = 'SAMEORIGIN';
  if (opts.publicUrl.startsWith('https:')) {
    headers['strict-transport-security'] = 'max-age=31536000';
  }
  return headers;
}

const familyOf = new WeakMap<ServerResponse, { family: RouteFamily; opts: SecurityHeaderOptions }>();

/**
 * Lets a page's forms lead to other origins: the redirect after a login or consent form
 * goes to the app's redirect_uri, after the EPJ's form to the app's launch URL. Browsers
 * check form-action along those redirects.
 */
export function allowFormTargets(reply: FastifyReply, urls: readonly string[]): void {
  const known = familyOf.get(reply.raw);
  if (!known) return;
  const origins = [
    ...new Set(urls.map((u) => URL.parse(u)?.origin).filter((o): o is string => !!o && o !== 'null')),
  ];
  reply.header('content-security-policy', contentSecurityPolicy(known.family, known.opts, origins));
}

export function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions): void {
  const byFamily = new Map<RouteFamily, [string, string][]>(
    (['app', 'page', 'oidc', 'epj', 'api'] as const).map((f) => [
      f,
      Object.entries(securityHeaders(f, opts)),
    ]),
  );
  app.addHook('onRequest', async (req, reply) => {
    const family = routeFamily(req.url.split('?')[0] ?? '/');
    familyOf.set(reply.raw, { family, opts });
    for (const [name, value] of byFamily.get(family)!) reply.raw.setHeader(name, value);
    // Answers are not stored unless their route says so (static files, discovery): login
    // pages, tokens, the EPJ's patient list and FHIR all carry patient or session data.
    reply.raw.setHeader('cache-control', 'no-store');
  });
}
