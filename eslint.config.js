import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**', '**/*.mjs', '**/*.cjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a forgotten await in money code, a promise handed where a callback returns
    // nothing, or a switch that misses a status must not pass CI.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // end-to-end stories read vendor JSON whose shape is what they assert on
    files: ['test/flows/**/*.ts', 'test/helpers/gateway-harness.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // core never depends on Fastify, a DB driver, a dialect or a concrete connector
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['fastify', 'kysely', 'pg', 'better-sqlite3'], message: 'core must not import frameworks or drivers' },
            {
              group: ['**/dialects/**', '**/web/**', '**/sandbox/**', '**/connectors/**'],
              message: 'core depends on interfaces only',
            },
          ],
        },
      ],
    },
  },
  {
    // the sandbox is another company: it shares nothing with walletgate but HTTP
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/storage/**', '**/dialects/**', '**/connectors/**', '**/web/**'],
              message: 'the sandbox talks to walletgate only over HTTP',
            },
          ],
        },
      ],
    },
  },
);
