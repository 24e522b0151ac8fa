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
    // On the request path, an object made as a spread with keys after it is promoted by Node 20's
    // scavenges though nothing references it, with all it references (ADR 0037): name the fields,
    // or Object.assign onto a new object from walletgate's own objects (never from a client's JSON).
    files: [
      'src/notifications/**/*.ts',
      'src/http-client/**/*.ts',
      'src/storage/repos/**/*.ts',
      'src/storage/precompiled-query.ts',
      'src/storage/id-starts.ts',
      'src/core/payments/**/*.ts',
      'src/core/refunds/**/*.ts',
      'src/core/idempotency/**/*.ts',
      'src/core/record-change.ts',
      'src/core/request-context.ts',
      'src/dialects/*/routes/**/*.ts',
      'src/dialects/*/notification.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement:first-child ~ Property',
          message:
            "A spread followed by keys makes an object V8 promotes though dead (ADR 0037): name the fields, or use Object.assign({}, source, { …keys }) on walletgate's own objects.",
        },
      ],
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
