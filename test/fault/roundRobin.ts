// A small round-robin HTTP load balancer on 127.0.0.1, as a deployment puts in front of
// several platform processes: each request goes to the next upstream in turn. An upstream
// that refuses the connection (a dead process: nothing was sent) is skipped and the request
// goes to the next one, as a balancer's health check would soon arrange; any other upstream
// failure (a process killed mid-request) answers 502, so the client never takes it for a
// success. Each answer says which upstream gave it (x-upstream), and each is counted.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const UPSTREAM_HEADER = 'x-upstream';

export interface Balancer {
  url: string;
  /** Answers given by each upstream (by index). */
  answered: number[];
  /** Requests that an upstream refused and the next one took. */
  skipped: number;
  setUpstreams(urls: string[]): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // A fresh connection per request: a pooled one to a killed process would fail late.
        agent: false,
        headers: { ...req.headers, 'content-length': String(body.length), connection: 'close' },
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
}

export async function startBalancer(initial: string[] = []): Promise<Balancer> {
  let upstreams = initial.map((u) => new URL(u));
  let next = 0;
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    for (let tries = 0; tries < upstreams.length; tries++) {
      const index = next++ % upstreams.length;
      let answer: Answer;
      try {
        answer = await forward(upstreams[index]!, req, body);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
          balancer.skipped++;
          continue;
        }
        res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream failed');
        return;
      }
      balancer.answered[index] = (balancer.answered[index] ?? 0) + 1;
      const headers = { ...answer.headers, [UPSTREAM_HEADER]: String(index) };
      delete headers['transfer-encoding'];
      delete headers['connection'];
      headers['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, headers).end(answer.body);
      return;
    }
    res.writeHead(503, { 'content-type': 'text/plain' }).end('no upstream');
  };

  const server = createServer((req, res) => {
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

  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    answered: [],
    skipped: 0,
    setUpstreams(urls) {
      upstreams = urls.map((u) => new URL(u));
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return balancer;
}
