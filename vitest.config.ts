import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Two projects: the browser rooms run under jsdom with fake-indexeddb, the pure core and
// the Node platform run under Node.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/core/**/*.test.ts', 'src/platform/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'browser-rooms',
          include: [
            'src/offline/**/*.test.{ts,tsx}',
            'src/app/**/*.test.{ts,tsx}',
            'service-worker/**/*.test.ts',
          ],
          environment: 'jsdom',
          setupFiles: ['test/helpers/vitest.browser-setup.ts'],
        },
      },
      {
        extends: true,
        // Fault injection and fuzzing against the real platform over 127.0.0.1 (test/fault).
        // Node, not jsdom: PGlite and Fastify run here; the offline engine gets
        // fake-indexeddb by import.
        test: {
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          environment: 'node',
          testTimeout: 900_000,
        },
      },
    ],
  },
});
