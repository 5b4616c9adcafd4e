// A real HTTP proxy on 127.0.0.1 that sits between a client and the platform and misbehaves
// on purpose: it drops connections before forwarding, delays, answers 500/503/429 itself,
// and cuts the response AFTER the platform has answered (so the write is committed but the
// client never hears it). Each fault is counted so the soak can print what it survived.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  'pass' | 'delay' | 'drop-before' | 'status-500' | 'status-503' | 'status-429' | 'cut-after-commit';

export interface FaultProxy {
  url: string;
  counts: Record<Fault, number>;
  /** Requests that reached the platform. */
  forwarded: number;
  /** Turns faults on or off (off: every request passes). */
  setEnabled(on: boolean): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  target: string;
  random: () => number;
  /** Probability of each fault; the rest pass. */
  weights?: Partial<Record<Exclude<Fault, 'pass'>, number>>;
}

const DEFAULT_WEIGHTS: Record<Exclude<Fault, 'pass'>, number> = {
  delay: 0.06,
  'drop-before': 0.06,
  'status-500': 0.04,
  'status-503': 0.04,
  'status-429': 0.02,
  'cut-after-commit': 0.1,
};

function pickFault(random: () => number, weights: Record<Exclude<Fault, 'pass'>, number>): Fault {
  let r = random();
  for (const [fault, w] of Object.entries(weights) as [Exclude<Fault, 'pass'>, number][]) {
    if (r < w) return fault;
    r -= w;
  }
  return 'pass';
}

const OUTCOME = (text: string) =>
  JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'transient', diagnostics: text }],
  });

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const target = new URL(opts.target);
  const counts: Record<Fault, number> = {
    pass: 0,
    delay: 0,
    'drop-before': 0,
    'status-500': 0,
    'status-503': 0,
    'status-429': 0,
    'cut-after-commit': 0,
  };
  let enabled = true;
  const sockets = new Set<Socket>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const up = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const fault = enabled ? pickFault(opts.random, weights) : 'pass';
    counts[fault]++;
    switch (fault) {
      case 'drop-before':
        req.socket.destroy();
        return;
      case 'status-500':
      case 'status-503':
      case 'status-429': {
        const status = Number(fault.slice(-3));
        const headers: Record<string, string> = { 'content-type': 'application/fhir+json' };
        // A short Retry-After on 429 keeps the soak bounded; the engine must honour it.
        if (status === 429) headers['retry-after'] = '1';
        res.writeHead(status, headers).end(OUTCOME(`injected ${status}`));
        return;
      }
      case 'delay':
        await new Promise((r) => setTimeout(r, 50 + Math.floor(opts.random() * 400)));
        break;
      default:
        break;
    }
    let upstream;
    try {
      proxy.forwarded++;
      upstream = await forward(req, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (fault === 'cut-after-commit') {
      // The platform has answered, so whatever it was going to commit is committed.
      // Send the head and part of the body, then hang up.
      res.writeHead(upstream.status, {
        'content-type': 'application/fhir+json',
        'content-length': String(upstream.body.length),
      });
      res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 3)));
      setImmediate(() => req.socket.destroy());
      return;
    }
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    delete headers['connection'];
    headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, headers).end(upstream.body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    counts,
    forwarded: 0,
    setEnabled: (on) => {
      enabled = on;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return proxy;
}
