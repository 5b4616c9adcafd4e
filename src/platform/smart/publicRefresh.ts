// RFC 6749 section 6 lets a public client refresh a token without identifying itself (it
// has no credentials to send), and SMART client libraries do exactly that: fhirclient sends
// only grant_type and refresh_token unless told otherwise. oidc-provider needs client_id to
// find the client, so such a request is answered "no client authentication mechanism
// provided". Before oidc-provider reads the request, a refresh without any client
// authentication gets the client_id of its refresh token added, if that client is public.
// oidc-provider then checks the request as usual (the token is bound to that client).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type Provider from 'oidc-provider';

/** oidc-provider's own limit for a request body. */
const LIMIT = 56 * 1024;

/** Gives oidc-provider the (possibly changed) body as if it were still unread. */
function replayBody(raw: IncomingMessage, body: Buffer): void {
  raw.headers['content-length'] = String(body.length);
  delete raw.headers['transfer-encoding'];
  Object.defineProperty(raw, 'readable', { value: true, configurable: true });
  const iterator: IncomingMessage['iterator'] = (options) => Readable.from([body]).iterator(options);
  Object.defineProperty(raw, 'iterator', { value: iterator, configurable: true });
}

export async function namePublicClientOfRefresh(raw: IncomingMessage, provider: Provider): Promise<void> {
  if (raw.method !== 'POST' || raw.headers.authorization) return;
  if (!String(raw.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    chunks.push(chunk);
    if (size > LIMIT) break; // oidc-provider refuses it; no need to read further
  }
  let body = Buffer.concat(chunks);
  const form = new URLSearchParams(body.toString('utf8'));
  const refreshToken = form.get('refresh_token');
  if (
    size <= LIMIT &&
    form.get('grant_type') === 'refresh_token' &&
    refreshToken &&
    !form.has('client_id') &&
    !form.has('client_assertion')
  ) {
    const token = await provider.RefreshToken.find(refreshToken);
    const client = token?.clientId ? await provider.Client.find(token.clientId) : undefined;
    if (client?.clientAuthMethod === 'none') {
      form.set('client_id', client.clientId);
      body = Buffer.from(form.toString());
    }
  }
  replayBody(raw, body);
}
