// Type-aware lint: a missing await on sendActivity only fails in production ("proxy has been revoked").
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Storage by engine: capabilities, the router and the tools know ports; only src/storage/ (with the
    // store factory, open-stores.ts) and the composition root reach an engine (test/import-graph.test.ts
    // also checks require() and import() types).
    files: ['src/**/*.ts'],
    ignores: ['src/storage/**', 'src/app.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:sqlite',
              message:
                'SQLite lives in src/storage/sqlite/: depend on a port, and let app.ts and open-stores.ts choose the engine.',
            },
            {
              name: '@azure/data-tables',
              message:
                'Azure Storage lives in src/storage/azure/: depend on a port, and let app.ts and open-stores.ts choose the engine.',
            },
            {
              name: '@azure/storage-queue',
              message:
                'Azure Storage lives in src/storage/azure/: depend on a port, and let app.ts and open-stores.ts choose the engine.',
            },
          ],
          patterns: [
            {
              regex: '(^|/)storage/(sqlite|azure)(/|$)',
              message:
                'A storage engine is reached only through src/storage/ (open-stores.ts) and app.ts: import the port instead.',
            },
          ],
        },
      ],
    },
  },
  // The bot SDK stays behind one seam: only src/channel/ imports botbuilder or botframework packages;
  // everything else sees Partner Link's own view of a turn (src/channel/turn.ts, wire.ts).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/channel/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder/*', 'botbuilder-*', 'botframework-*'],
              message:
                'The bot SDK is imported in src/channel/ only: use the Turn view (src/channel/turn.ts) or the wire types (src/channel/wire.ts).',
            },
          ],
        },
      ],
    },
  },
);
