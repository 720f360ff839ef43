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
              message: 'The bot SDK is imported in src/channel/ only: use the Turn view (src/channel/turn.ts) or the wire types (src/channel/wire.ts).',
            },
          ],
        },
      ],
    },
  },
);
