// Security headers over every route family (PWA, FHIR, auth, EPJ, health), and the PWA
// working under its Content-Security-Policy in Chromium: the main flows (EHR launch from
// the EPJ, standalone login, trends, the vitals form) run with no CSP violation reported,
// neither as a `securitypolicyviolation` event in any document nor as a console message.
// A control injects an inline script first, to show that a violation would be seen.
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import {
  expectNews2Trend,
  launchFromEpj,
  loginStandalone,
  NORMAL_VITALS,
  openWorklistPatientById,
  SPEC_PATIENTS,
  recordVitals,
} from './helpers/varde';

/** A stable patient with home care, launched by other specs too (nothing asserted on its data). */
const EPJ_PATIENT = 'pat-4601-0001';

type Family = 'app' | 'page' | 'oidc' | 'epj' | 'api';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What every answer of a family must carry. */
function expectHeaders(what: string, response: APIResponse, family: Family) {
  const h = response.headers();
  const label = `${what} (${response.status()})`;
  expect(h['x-content-type-options'], label).toBe('nosniff');
  expect(h['referrer-policy'], label).toBe('no-referrer');
  expect(h['permissions-policy'], label).toContain('camera=()');
  const csp = h['content-security-policy'];
  expect(csp, label).toBeTruthy();
  expect(csp, label).not.toContain('unsafe-inline');
  expect(csp, label).not.toContain('unsafe-eval');
  const d = directives(csp!);
  if (family === 'app') {
    expect(d.get('script-src'), label).toEqual(["'self'"]);
    expect(d.get('style-src'), label).toEqual(["'self'"]);
    expect(d.get('object-src'), label).toEqual(["'none'"]);
    // Default: only the platform itself may frame the app (no EPJ origins configured).
    expect(d.get('frame-ancestors'), label).toEqual(["'self'"]);
    expect(h['x-frame-options'], label).toBe('SAMEORIGIN');
    expect(h['cross-origin-opener-policy'], label).toBe('same-origin');
  } else if (family === 'page' || family === 'oidc') {
    expect(d.get('default-src'), label).toEqual(["'none'"]);
    expect(d.get('script-src')?.[0], label).toBe("'self'");
    expect(d.get('frame-ancestors'), label).toEqual(["'self'"]);
    // A third-party app may run its login in a popup: no COOP on /auth.
    expect(h['cross-origin-opener-policy'], label).toBeUndefined();
    expect(h['cache-control'], label).toMatch(/no-store|max-age/);
  } else if (family === 'epj') {
    expect(d.get('script-src'), label).toEqual(["'self'"]);
    expect(d.get('frame-ancestors'), label).toEqual(["'none'"]);
    expect(h['x-frame-options'], label).toBe('DENY');
  } else {
    expect(d.get('default-src'), label).toEqual(["'none'"]);
    expect(d.get('frame-ancestors'), label).toEqual(["'none'"]);
    expect(h['x-frame-options'], label).toBe('DENY');
  }
}

test.describe('security headers', () => {
  test('every route family carries them; answers with patient or session data are never stored', async ({
    request,
  }) => {
    const get = async (path: string, family: Family, headers: Record<string, string> = {}) => {
      const response = await request.get(path, { headers, maxRedirects: 0 });
      expectHeaders(path, response, family);
      return response;
    };

    // The PWA: the shell, its deep links, its scripts, the service worker, the manifest.
    const index = await get('/', 'app');
    const html = await index.text();
    await get('/pasienter', 'app');
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    await get(script!, 'app');
    await get('/sw.js', 'app');
    await get('/manifest.webmanifest', 'app');

    // FHIR: metadata, discovery (CORS for other apps), refusals, unknown addresses.
    await get('/fhir/4601/metadata', 'api');
    const discovery = await get('/fhir/4601/.well-known/smart-configuration', 'api', {
      origin: 'https://annen-leverandor.example',
    });
    expect(discovery.headers()['access-control-allow-origin']).toBe('*');
    const refused = await get('/fhir/4601/Patient', 'api');
    expect(refused.status()).toBe(401);
    expect(refused.headers()['cache-control']).toBe('no-store');
    expect((await get('/fhir/4601/Ukjent', 'api')).headers()['cache-control']).toBe('no-store');
    await get('/fhir/9999/metadata', 'api');

    // The authorization server: oidc-provider's JSON and pages, the platform's pages.
    const jwks = await get('/auth/jwks', 'oidc');
    expect(jwks.status()).toBe(200);
    await get('/auth/.well-known/openid-configuration', 'oidc');
    const errorPage = await get('/auth/auth?client_id=ukjent&response_type=code', 'oidc');
    expect(errorPage.status()).toBe(400);
    expect(errorPage.headers()['cache-control']).toBe('no-store');
    const token = await request.post('/auth/token', {
      form: { grant_type: 'authorization_code', code: 'x' },
    });
    expectHeaders('/auth/token', token, 'oidc');
    expect(token.headers()['cache-control']).toBe('no-store');
    await get('/auth/static/sider.css', 'page');
    const expired = await get('/auth/interaction/ukjent', 'page');
    expect(expired.status()).toBe(400);
    expect(expired.headers()['cache-control']).toBe('no-store');

    // The EPJ simulator lists patients with fødselsnummer: never stored.
    const epj = await get('/epj', 'epj');
    expect(epj.status()).toBe(200);
    expect(epj.headers()['cache-control']).toBe('no-store');

    const health = await get('/health', 'api');
    expect(health.headers()['cache-control']).toBe('no-store');
    await get('/config.json', 'api');
  });
});

/** Collects CSP violations of every document the page shows, and console reports of them. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__vardeCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __vardeCspViolation(t: string): void }).__vardeCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.documentURI}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text()))
      violations.push(`console: ${m.text()}`);
  });
  return violations;
}

test.describe('the PWA under its Content-Security-Policy', () => {
  test('a violation would be seen (control)', async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto('/');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });

  test('EHR launch and trends: no violation', async ({ page }) => {
    const violations = await watchCsp(page);
    await launchFromEpj(page, { patientId: EPJ_PATIENT });
    await expect(page.getByRole('region', { name: 'NEWS2 nå' })).toContainText(/NEWS2 \d+/, {
      timeout: 20_000,
    });
    await page.getByRole('link', { name: 'Trender' }).click();
    await expectNews2Trend(page);
    expect(violations).toEqual([]);
  });

  test('standalone login, worklist and the vitals form: no violation', async ({ page }) => {
    const violations = await watchCsp(page);
    await loginStandalone(page);
    // Not the first patient: other specs assert on its data.
    await openWorklistPatientById(page, SPEC_PATIENTS.securityHeaders);
    await recordVitals(page, NORMAL_VITALS);
    await page.getByRole('link', { name: 'Trender' }).click();
    await expectNews2Trend(page);
    expect(violations).toEqual([]);
  });
});
