/**
 * The bench's servers as `walletgate start` runs walletgate: bundled into one ES module by esbuild
 * with the build's own options (scripts/bundle.mjs), then run by plain node. Run through tsx instead,
 * the same gateway spent 5-15 % more CPU a create (tsx's loader, many modules instead of one;
 * docs/benchmarks.md). BENCH_FROM_SOURCE=1 runs the .ts files through tsx, for profiles whose frames
 * should name src/ files.
 *
 * Each bench process bundles into a folder of its own under bench/.build/ (node_modules must be
 * found from there), made on first use and removed when the process exits.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../scripts/bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = new Map<string, Promise<string>>();
let folder: string | undefined;

function ownFolder(): string {
  if (folder) return folder;
  const parent = join(root, 'bench', '.build');
  mkdirSync(parent, { recursive: true });
  const made = mkdtempSync(join(parent, 'run-'));
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  folder = made;
  return made;
}

/** The bundle of bench/<script> (e.g. 'serve-gateway.ts'), built once per process. */
export function bundledScript(script: string): Promise<string> {
  let file = built.get(script);
  if (!file) {
    file = (async () => {
      const esbuild = await import('esbuild');
      const outfile = join(ownFolder(), script.replace(/\.ts$/, '.mjs'));
      await bundle(esbuild, { root, entryPoint: join(root, 'bench', script), outfile });
      return outfile;
    })();
    built.set(script, file);
  }
  return file;
}

/** The node arguments that run bench/<script>: its bundle, or (BENCH_FROM_SOURCE=1) the source through tsx. */
export async function scriptArgs(script: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (env.BENCH_FROM_SOURCE === '1') return ['--import', 'tsx', join(root, 'bench', script)];
  return [await bundledScript(script)];
}
