#!/usr/bin/env node
// Entry point: runs the compiled CLI, dist/cli.js (ADR 0029; `npm ci`, `npm run build` and `npm start`
// build it). Where src/ is beside it, a dist/ built from other sources is refused in one message,
// never run. WALLETGATE_FROM_SOURCE=1 runs src/cli.ts through tsx instead: the dev path, which
// scripts/run-tests.mjs sets for every walletgate a test starts (tsx is a devDependency).
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleBuild } from './stale-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.env.WALLETGATE_FROM_SOURCE === '1') {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    console.error('walletgate: WALLETGATE_FROM_SOURCE=1 runs src/ through tsx, a devDependency, which is not installed.');
    process.exit(1);
  }
  tsx.register();
  await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
} else {
  const stale = staleBuild(root);
  if (stale !== undefined) {
    console.error(`walletgate: ${stale}. Run \`npm run build\` (\`npm start\` builds first).`);
    process.exit(1);
  }
  await import(pathToFileURL(join(root, 'dist', 'cli.js')).href);
}
