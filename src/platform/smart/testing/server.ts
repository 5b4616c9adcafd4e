// Starts a Fastify server with the SMART authorization server on a real port, over an
// in-memory PGlite, for the integration tests.
import { createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { openPglite } from '../../db/pglite';
import type { Database } from '../../db/types';
import type { ClinicalDirectory } from '../../directory';
import { registerSmart, type SmartOptions } from '../index';
import type { SmartServer } from '../types';
import { demoDirectoryFixture, memoryDirectory } from './memoryDirectory';

export interface TestPlatform {
  app: FastifyInstance;
  db: Database;
  directory: ClinicalDirectory;
  smart: SmartServer;
  publicUrl: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago: publicUrl must be known before the server listens. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startTestPlatform(
  opts: Partial<Omit<SmartOptions, 'publicUrl' | 'db' | 'directory'>> & {
    db?: Database;
    /** Reuse a port (and so the same publicUrl), e.g. to restart the platform. */
    port?: number;
    register?: (
      app: FastifyInstance,
      smart: SmartServer,
      publicUrl: string,
      directory: ClinicalDirectory,
    ) => Promise<void>;
  } = {},
): Promise<TestPlatform> {
  const db = opts.db ?? (await openPglite());
  const directory = memoryDirectory(demoDirectoryFixture());
  const port = opts.port ?? (await freePort());
  const publicUrl = `http://127.0.0.1:${port}`;
  const app = Fastify();
  const { register: _register, port: _port, ...smartOpts } = opts;
  const smart = await registerSmart(app, {
    ...smartOpts,
    publicUrl,
    db,
    directory,
    clients: opts.clients ?? [],
  });
  if (opts.register) await opts.register(app, smart, publicUrl, directory);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    db,
    directory,
    smart,
    publicUrl,
    /** Stops the server; the database stays open for a restart on it. */
    close: async () => {
      await app.close();
    },
  };
}
