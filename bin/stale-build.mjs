// Whether dist/ was built from the src/ beside it (ADR 0029). The build (scripts/build.mjs) writes
// dist/build-stamp.json, a hash of every file of src/ as it read them, with each file's size and
// modification time as they were just before; here a file whose size and time are still those is
// taken as the same, and any other is hashed again, so the first file added, changed or removed
// since is named. Contents decide, not times: a copy or a checkout that only touched the files is
// still fresh, and an edit saved during a build is seen (its time moved after the one recorded).
// Statting src/ takes a few ms where hashing all of it (about 3 MB) took 40-50 ms on every run of
// the bin. No src/ (an install of dist/ alone): nothing to compare.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

const hashOf = (path) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 20);

/** A file's size and modification time, as the stamp keeps them. */
const statOf = (path) => {
  const st = statSync(path, { bigint: true });
  return `${st.size}:${st.mtimeNs}`;
};

/**
 * What the stamp holds of src/: the hash of each file (`sources`), and its size and time taken
 * before it was read (`stats`), by relative path.
 */
export function sourceStamp(srcDir) {
  const sources = {};
  const stats = {};
  for (const file of filesUnder(srcDir)) {
    const path = join(srcDir, file);
    stats[file] = statOf(path);
    sources[file] = hashOf(path);
  }
  return { sources, stats };
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
  let builtStats;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    built = stamp.sources ?? {};
    builtStats = stamp.stats ?? {};
  } catch {
    return `dist/${STAMP} cannot be read`;
  }
  const now = filesUnder(srcDir);
  for (const file of now) {
    if (built[file] === undefined) return `src/${file} was added after dist/ was built`;
    const path = join(srcDir, file);
    // the same size and time as when the build read it: the same file; else its contents decide
    if (builtStats[file] !== undefined && builtStats[file] === statOf(path)) continue;
    if (built[file] !== hashOf(path)) return `src/${file} changed after dist/ was built`;
  }
  const present = new Set(now);
  const removed = Object.keys(built).find((file) => !present.has(file));
  return removed === undefined ? undefined : `src/${removed} was removed after dist/ was built`;
}
