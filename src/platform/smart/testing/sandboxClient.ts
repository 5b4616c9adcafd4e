// A third-party SMART client for the integration tests, driven over HTTP the way a browser
// and an app would: registers itself (RFC 7591), runs the authorization code flow through
// the login, patient picker and consent pages, and exchanges the code. Pages are read as
// HTML, forms are submitted with the fields they carry.
import { BrowserClient, inputValues, pkcePair } from './browserClient';

export interface Registered {
  client_id: string;
  client_name?: string;
  redirect_uris: string[];
  launch_uri?: string;
  registration_access_token?: string;
  registration_client_uri?: string;
  [field: string]: unknown;
}

export async function register(
  issuer: string,
  metadata: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(metadata),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What the test user does on each page the authorization server shows. */
export interface UserChoices {
  username?: string;
  patient?: string;
  /** false: press "Avbryt" on the consent page. */
  consent?: boolean;
}

export interface FlowResult {
  /** The callback URL the browser was sent to (code or error). */
  callback: URL;
  /** The HTML of every page shown on the way, in order. */
  pages: string[];
  verifier: string;
}

function formAction(html: string, suffix: string): string | undefined {
  return [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((m) => m[1]!.replaceAll('&#38;', '&'))
    .find((a) => a.endsWith(suffix));
}

export class SandboxApp {
  readonly browser = new BrowserClient();

  constructor(
    readonly platformUrl: string,
    readonly client: Registered,
  ) {}

  get redirectUri(): string {
    return this.client.redirect_uris[0]!;
  }

  /** Runs an authorization request to its callback, answering the pages with `choices`. */
  async authorize(
    params: Record<string, string | undefined>,
    choices: UserChoices = {},
  ): Promise<FlowResult> {
    const pkce = pkcePair();
    const query = new URLSearchParams();
    const all: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: this.client.client_id,
      redirect_uri: this.redirectUri,
      state: 'sandbox-state',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      ...params,
    };
    for (const [k, v] of Object.entries(all)) if (v !== undefined) query.set(k, v);
    const atCallback = (url: string) => url.startsWith(this.redirectUri);
    const pages: string[] = [];
    let step = await this.browser.follow(`${this.platformUrl}/auth/auth?${query}`, {}, atCallback);
    for (let i = 0; i < 6 && !atCallback(step.url); i++) {
      const html = (await step.response?.text()) ?? '';
      pages.push(html);
      const post = (suffix: string, form: Record<string, string>) => {
        const action = formAction(html, suffix);
        if (!action) throw new Error(`no ${suffix} form on the page: ${html.slice(0, 400)}`);
        return this.browser.follow(`${this.platformUrl}${action}`, { form }, atCallback);
      };
      if (formAction(html, '/login'))
        step = await post('/login', { username: choices.username ?? 'kari.nordmann' });
      else if (formAction(html, '/patient'))
        step = await post('/patient', { patient: choices.patient ?? '' });
      else if (formAction(html, '/consent')) {
        if (choices.consent === false) step = await post('/abort', {});
        else {
          const fields = Object.fromEntries(inputValues(html, 'patient').map((p) => ['patient', p]));
          step = await post('/consent', fields);
        }
      } else throw new Error(`stuck on a page (status ${step.response?.status}): ${html.slice(0, 600)}`);
    }
    return { callback: new URL(step.url), pages, verifier: pkce.verifier };
  }

  async token(form: Record<string, string>) {
    const response = await fetch(`${this.platformUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  /** Exchanges the code of a flow (public client: client_id, no secret). */
  exchange(flow: FlowResult, extra: Record<string, string> = { client_id: this.client.client_id }) {
    return this.token({
      grant_type: 'authorization_code',
      code: flow.callback.searchParams.get('code') ?? '',
      redirect_uri: this.redirectUri,
      code_verifier: flow.verifier,
      ...extra,
    });
  }
}
