// How walletgate bundles a TypeScript entry point into one ES module with esbuild: `npm run build`
// (scripts/build.mjs, src/cli.ts → dist/cli.js) and the bench's servers (bench/bundled-script.ts),
// so the bench runs code built exactly as `walletgate start` runs it. The packages in node_modules
// stay imports: the output must sit inside the repository, where node finds them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Bundles `entryPoint` into `outfile` (with a linked source map); `root` holds tsconfig.json. */
export async function bundle(esbuild, { root, entryPoint, outfile }) {
  const tsconfig = join(root, 'tsconfig.json');
  await esbuild.build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    ...(existsSync(tsconfig) ? { tsconfig } : {}),
    logLevel: 'warning',
  });
}
