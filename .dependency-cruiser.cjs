/**
 * The import graph walletgate keeps (docs/architecture.md): dialects → core ← storage / connectors,
 * web → core, notifications → core, the sandbox on its own, no circles; http-client is a leaf library
 * (node:http only) that connectors, notifications and the sandbox may use; sqlite-statements,
 * sqlite-checkpoint and sqlite-wal are ones that storage and the sandbox may use. `npm run depcheck` (part of
 * `npm test`) fails on any arrow these rules forbid.
 */
const layer = (name) => `^src/${name}/`;
const ROOTS = '^src/(services|app|config|cli|main|logger)\\.ts$|^src/cli/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle makes load order matter and hides which module owns what: move the shared type or function to one side.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-owns-its-ports',
      severity: 'error',
      comment:
        'The core sees only its own ports (src/core/ports/); storage, connectors, dialects, web, notifications and the sandbox implement or call it.',
      from: { path: layer('core') },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'core-knows-no-framework-or-driver',
      severity: 'error',
      from: { path: layer('core') },
      to: { dependencyTypes: ['npm'], path: 'node_modules/(fastify|kysely|pg|better-sqlite3|pino|qrcode)/' },
    },
    {
      name: 'storage-implements-core-only',
      severity: 'error',
      from: { path: layer('storage') },
      to: { path: '^src/(?!core/|storage/|sqlite-statements/|sqlite-checkpoint/|sqlite-wal/)' },
    },
    {
      name: 'connectors-implement-core-only',
      severity: 'error',
      comment: 'Connectors are stateless translators: they never touch storage, a dialect or the web layer.',
      from: { path: layer('connectors') },
      to: { path: '^src/(?!core/|connectors/|http-client/)' },
    },
    {
      name: 'dialects-call-core-only',
      severity: 'error',
      comment:
        'A dialect is an adapter over the core: schemas, mappers, error envelope, webhook renderer. A hosted payment page of its API renders with the neutral hosted checkout (src/web/hosted-checkout/), which itself calls the core only.',
      from: { path: layer('dialects') },
      to: { path: '^src/(?!core/|dialects/|web/hosted-checkout/)' },
    },
    {
      name: 'web-calls-core-only',
      severity: 'error',
      comment: 'The web layer calls the core; of the dialects, only their registry (titles, payment id formats), as the dashboard does.',
      from: { path: layer('web') },
      to: { path: '^src/(?!core/|web/|dialects/index\\.ts$)' },
    },
    {
      name: 'notifications-call-core-only',
      severity: 'error',
      from: { path: layer('notifications') },
      to: { path: '^src/(?!core/|notifications/|http-client/)' },
    },
    {
      name: 'observability-sees-core-only',
      comment: 'The metrics wrap core ports (connectors, notify) and read the store; they know no dialect, wallet or page.',
      severity: 'error',
      from: { path: layer('observability') },
      to: { path: '^src/(?!core/|observability/)' },
    },
    {
      name: 'http-client-is-a-library',
      severity: 'error',
      comment: 'An HTTP client knows nothing of walletgate: it imports no other part of src/.',
      from: { path: layer('http-client') },
      to: { path: '^src/(?!http-client/)' },
    },
    {
      name: 'sandbox-is-another-company',
      severity: 'error',
      comment: 'The wallet emulators talk to walletgate only over HTTP.',
      from: { path: layer('sandbox') },
      to: { path: '^src/(?!sandbox/|http-client/|sqlite-statements/|sqlite-checkpoint/|sqlite-wal/)' },
    },
    {
      name: 'sqlite-statements-is-a-library',
      severity: 'error',
      comment: 'The prepared-statement cache knows nothing of walletgate: it imports no other part of src/.',
      from: { path: layer('sqlite-statements') },
      to: { path: '^src/(?!sqlite-statements/)' },
    },
    {
      name: 'sqlite-checkpoint-is-a-library',
      severity: 'error',
      comment: 'The checkpoint worker knows nothing of walletgate: it imports no other part of src/.',
      from: { path: layer('sqlite-checkpoint') },
      to: { path: '^src/(?!sqlite-checkpoint/)' },
    },
    {
      name: 'sqlite-wal-is-a-library',
      severity: 'error',
      comment: 'Switching a file to WAL mode knows nothing of walletgate: it imports no other part of src/.',
      from: { path: layer('sqlite-wal') },
      to: { path: '^src/(?!sqlite-wal/)' },
    },
    {
      name: 'nothing-imports-the-composition-roots',
      severity: 'error',
      comment: 'services.ts, app.ts, config.ts and the CLI pick concrete parts; the layers never reach back into them.',
      from: { path: '^src/(core|storage|connectors|dialects|web|notifications|sandbox|http-client)/' },
      to: { path: ROOTS },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A source file nothing imports is dead code (knip reports unused exports).',
      from: { orphan: true, path: '^src/', pathNot: '\\.d\\.ts$|^src/(main|cli)\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
