// Room boundaries (see README "Architecture"): imports point app -> offline -> core and
// platform -> core. Nothing imports app or platform; core imports nothing from its environment.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const room = (...names) => names.flatMap((n) => [`**/${n}/**`, `#${n}/*`]);
const noEnvInCore = [
  {
    group: ['react', 'react-*', 'react/*', 'dexie', 'workbox-*', 'oidc-client-ts', 'fastify', '@fastify/*'],
    message: 'src/core is pure: no environment libraries.',
  },
  {
    group: ['node:*', 'fs', 'path', 'crypto', 'os', 'http'],
    message: 'src/core is isomorphic: no Node modules.',
  },
  { group: room('offline', 'app', 'platform'), message: 'src/core imports only from src/core.' },
];

const noReactOrServerInOffline = [
  { group: ['react', 'react-dom', 'react/*'], message: 'src/offline has no React.' },
  { group: room('app', 'platform'), message: 'src/offline imports only core.' },
];
// The store modules of src/offline: the only files that may hold the Dexie database (see
// src/offline/README.md). Everything else in src/offline works through their interfaces.
const offlineStoreModules = [
  'src/offline/db.ts',
  'src/offline/deviceStore.ts',
  'src/offline/storeDirectory.ts',
  'src/offline/outbox.ts',
  'src/offline/patientCache.ts',
  'src/offline/auditLog.ts',
  'src/offline/vault.ts',
  'src/offline/liveView.ts',
  'src/offline/sync/engineState.ts',
  'src/offline/sync/drainLock.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.tmp',
      'coverage',
      'test-results',
      'playwright-report',
      '.varde-data',
      'bench-results',
      'src/app/routeTree.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: room('platform'), message: 'The app talks to the platform over HTTP only.' },
            {
              group: ['dexie', 'dexie/*'],
              message: 'The app never touches the device store: use the OfflineClient (src/offline/api.ts).',
            },
            {
              group: [
                '**/offline/**',
                '!**/offline/api',
                '!**/offline/index',
                '#offline/*',
                '!#offline/api',
                '!#offline/index',
              ],
              message:
                'The app reaches src/offline only through its seam: offline/api (types) or offline/index.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: noEnvInCore }] },
  },
  {
    files: ['src/offline/**/*.ts'],
    ignores: ['src/offline/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: noReactOrServerInOffline }] },
  },
  {
    files: ['src/offline/**/*.ts'],
    ignores: ['src/offline/**/*.test.ts', 'src/offline/testing/**', ...offlineStoreModules],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noReactOrServerInOffline,
            { group: ['dexie', 'dexie/*'], message: 'Only the store modules of src/offline touch Dexie.' },
            {
              group: ['**/db'],
              importNames: ['VardeDb', 'openVardeDb', 'getMeta', 'setMeta'],
              message: 'Only the store modules of src/offline hold the database; use their interfaces.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'dexie', 'oidc-client-ts', 'workbox-*'],
              message: 'src/platform is Node only.',
            },
            { group: room('app', 'offline'), message: 'src/platform imports only core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['service-worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: room('app', 'offline', 'platform'),
              message: 'The service worker may import core only.',
            },
          ],
        },
      ],
    },
  },
);
