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

/** Source trees bundled by this process, numbered for their bundles' names: this checkout 0, others in the order met. */
const trees = new Map<string, number>([[root, 0]]);

/**
 * The bundle of bench/<script> (e.g. 'serve-gateway.ts') of the source tree `from` (this checkout
 * unless given: an A/B profile runs another commit's too), built once per process. The bundle sits in
 * this checkout's bench/.build, so packages come from this checkout's node_modules.
 */
export function bundledScript(script: string, from: string = root): Promise<string> {
  const key = `${from}\0${script}`;
  let file = built.get(key);
  if (!file) {
    if (!trees.has(from)) trees.set(from, trees.size);
    const tree = trees.get(from)!;
    file = (async () => {
      const esbuild = await import('esbuild');
      const outfile = join(ownFolder(), `${tree === 0 ? '' : `tree${tree}-`}${script.replace(/\.ts$/, '.mjs')}`);
      await bundle(esbuild, { root: from, entryPoint: join(from, 'bench', script), outfile });
      return outfile;
    })();
    built.set(key, file);
  }
  return file;
}

/** The node arguments that run bench/<script> of `from`: its bundle, or (BENCH_FROM_SOURCE=1) the source through tsx. */
export async function scriptArgs(script: string, env: NodeJS.ProcessEnv = process.env, from: string = root): Promise<string[]> {
  if (env.BENCH_FROM_SOURCE === '1') return ['--import', 'tsx', join(from, 'bench', script)];
  return [await bundledScript(script, from)];
}
