// Whether dist/ was built from the src/ beside it (ADR 0029). The build (scripts/build.mjs) writes
// dist/build-stamp.json, a hash of every file of src/ as it read them; here they are hashed again
// (about 4 MB, a few tens of ms) and the first file added, changed or removed since is named.
// Contents, not mtimes: a copy or a checkout that only touched the files is still fresh, and an
// edit saved during a build is seen. No src/ (an install of dist/ alone): nothing to compare.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const STAMP = 'build-stamp.json';

/** Every file under dir, as paths relative to it with '/' separators, sorted. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) =>
      relative(dir, join(e.parentPath ?? e.path, e.name))
        .split(sep)
        .join('/'),
    )
    .sort();
}

/** The hash of each file of src/, by relative path: what the stamp holds. */
export function sourceHashes(srcDir) {
  const hashes = {};
  for (const file of filesUnder(srcDir)) {
    hashes[file] = createHash('sha256')
      .update(readFileSync(join(srcDir, file)))
      .digest('hex')
      .slice(0, 20);
  }
  return hashes;
}

/**
 * Why `dist/` under root cannot be run as the build of `src/`, in a sentence; undefined when it can
 * (or when there is no src/ to compare with).
 */
export function staleBuild(root) {
  const srcDir = join(root, 'src');
  if (!existsSync(srcDir)) return undefined;
  const stampFile = join(root, 'dist', STAMP);
  if (!existsSync(join(root, 'dist', 'cli.js')) || !existsSync(stampFile)) return 'dist/ has not been built';
  let built;
  try {
    built = JSON.parse(readFileSync(stampFile, 'utf8')).sources ?? {};
  } catch {
    return `dist/${STAMP} cannot be read`;
  }
  const now = sourceHashes(srcDir);
  for (const file of Object.keys(now)) {
    if (built[file] === undefined) return `src/${file} was added after dist/ was built`;
    if (built[file] !== now[file]) return `src/${file} changed after dist/ was built`;
  }
  const removed = Object.keys(built).find((file) => now[file] === undefined);
  return removed === undefined ? undefined : `src/${removed} was removed after dist/ was built`;
}
