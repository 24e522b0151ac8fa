/**
 * The folder of walletgate's own package.json: where README.md and docs/ are, whether the code runs
 * from src/ through tsx or from a compiled build (dist/…, any depth). Found by walking up from this
 * file to the first package.json named "walletgate", not by a fixed number of `..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'walletgate';

function isOurPackage(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The package root above `from` (a file: URL or path; default this module). Throws when there is none. */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    if (isOurPackage(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json named "${PACKAGE_NAME}" above ${from}: README.md and docs/ are served from there`);
    dir = up;
  }
}
