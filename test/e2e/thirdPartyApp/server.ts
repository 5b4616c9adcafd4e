// A tiny static server for the third-party test app, on its own origin (127.0.0.1 and a
// free port, while the platform is on localhost): the browser treats it as another site, so
// discovery, the token endpoint and the FHIR API are reached cross-origin as a real vendor's
// app would reach them. It serves this folder, fhirclient's prebuilt browser bundle, and
// client.json with the client_id the spec got when it registered the app.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const fhirClientBundle = createRequire(import.meta.url).resolve('fhirclient/build/fhir-client.js');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const FILES = new Set([
  'index.html',
  'launch.html',
  'standalone.html',
  'app.js',
  'launch.js',
  'standalone.js',
  'app.css',
]);

export interface ThirdPartyApp {
  origin: string;
  setClientId(clientId: string): void;
  close(): Promise<void>;
}

export async function startThirdPartyApp(): Promise<ThirdPartyApp> {
  let clientId = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === 'client.json') return send(200, 'application/json', JSON.stringify({ clientId }));
    const file =
      path === 'fhir-client.js' ? fhirClientBundle : FILES.has(path) ? join(here, path) : undefined;
    if (!file) return send(404, 'text/plain', 'not found');
    readFile(file).then(
      (body) => send(200, TYPES[extname(file)] ?? 'application/octet-stream', body),
      () => send(500, 'text/plain', 'unreadable'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setClientId: (id) => {
      clientId = id;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
