// A browser-like HTTP client for driving OAuth flows in tests: a cookie jar, redirects
// followed by hand (so each hop can be inspected), and PKCE helpers.
import { createHash, randomBytes } from 'node:crypto';

export interface Hop {
  status: number;
  url: string;
  location?: string;
}

export class BrowserClient {
  private readonly cookies = new Map<string, string>();

  /** One request, no redirect following. `form` is sent urlencoded. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, {
      method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.storeCookies(response);
    return response;
  }

  /**
   * Follows redirects until a page answers (non-3xx) or a redirect goes to a URL for which
   * `stopAt` is true (e.g. the app's redirect_uri, which is not served in the test).
   */
  async follow(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt: (url: string) => boolean = () => false,
  ): Promise<{ response?: Response; url: string; hops: Hop[] }> {
    const hops: Hop[] = [];
    let current = url;
    let response = await this.request(current, init);
    for (let i = 0; i < 20; i++) {
      const location = response.headers.get('location');
      hops.push({ status: response.status, url: current, ...(location ? { location } : {}) });
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).href;
        if (stopAt(current)) return { url: current, hops };
        response = await this.request(current);
        continue;
      }
      const autoPost = response.ok ? autoSubmittedForm(await response.clone().text()) : undefined;
      if (!autoPost) return { response, url: current, hops };
      // oidc-provider's form-post pages submit themselves with a script, as a browser would.
      current = new URL(autoPost.action, current).href;
      response = await this.request(current, { form: autoPost.fields });
    }
    throw new Error(`too many redirects: ${JSON.stringify(hops)}`);
  }

  private storeCookies(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((a) => {
        const [k, v] = a.trim().split('=');
        if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k?.toLowerCase() === 'expires') return new Date(v ?? '').getTime() < Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Reads the value of every `name="<field>" value="…"` input of a server-rendered page. */
export function inputValues(html: string, field: string): string[] {
  const pattern = new RegExp(`name="${field}"[^>]*value="([^"]*)"`, 'g');
  return [...html.matchAll(pattern)].map((m) => m[1]!);
}

function autoSubmittedForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!html.includes('document.forms[0].submit()')) return undefined;
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[m[1]!] = m[2]!;
  return { action: action.replace(/&amp;/g, '&'), fields };
}
