#!/usr/bin/env node
// `npm run build`: src/ → dist/cli.js, one ES module bundled by esbuild (ADR 0029), with a source map
// and dist/build-stamp.json (what bin/stale-build.mjs compares src/ with). The packages in
// node_modules stay imports, not bundled. esbuild only strips types: `npm run typecheck` checks them.
//
//   node scripts/build.mjs              build
//   node scripts/build.mjs --if-stale   build only when dist/ is missing or older than src/
//                                       (npm's prepare and prestart); with dist/ fresh, esbuild
//                                       (a devDependency) is not needed, so `npm ci --omit=dev`
//                                       over a built folder passes
//   node scripts/build.mjs --root DIR   build DIR/src into DIR/dist (test/cli/compiled-build.test.ts)
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sourceStamp, STAMP, staleBuild } from '../bin/stale-build.mjs';
import { bundle } from './bundle.mjs';

const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, root: { type: 'string' } } });
const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));
const dist = join(root, 'dist');

let stale = 'a build was asked for';
if (values['if-stale']) {
  stale = staleBuild(root);
  if (stale === undefined) process.exit(0);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error(
    `walletgate: ${stale}, and esbuild, which builds it, is not installed (a devDependency: npm ci --omit=dev leaves it out).\n` +
      'Build where the devDependencies are (npm ci, or npm run build) and install the built folder; see docs/deployment.md, "Compiled build".',
  );
  process.exit(1);
}
if (values['if-stale']) console.log(`${stale}: building dist/`);

// Hashed before esbuild reads them: a file saved during the build differs from its stamp.
const began = Date.now();
const { sources, stats } = sourceStamp(join(root, 'src'));
rmSync(dist, { recursive: true, force: true });
await bundle(esbuild, { root, entryPoint: join(root, 'src', 'cli.ts'), outfile: join(dist, 'cli.js') });
const stampFile = join(dist, STAMP);
writeFileSync(stampFile, `${JSON.stringify({ builtAt: new Date(began).toISOString(), sources, stats }, null, 1)}\n`);
const size = (statSync(join(dist, 'cli.js')).size / 1024 / 1024).toFixed(1);
console.log(
  `built ${relative(process.cwd(), join(dist, 'cli.js')) || 'dist/cli.js'} (${size} MB) in ${((Date.now() - began) / 1000).toFixed(1)} s`,
);
