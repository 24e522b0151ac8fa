#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (through tsx), one process per file.
// The walletgate processes the tests start (through bin/walletgate.mjs) run the compiled build, as
// an installed walletgate does: it is built from src/ first, below (about a second), so it is never
// stale, and each such start takes about 0.8 s where src/ through tsx took about 1.8 s.
// Usage: node scripts/run-tests.mjs [substring-filter…]
// The browser tests (test/browser/) need Chromium: without it they are left out, the rest runs,
// and the run fails with one line saying what is missing and how to get it.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { missingChromium } from './chromium-check.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const selected = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

/**
 * The files that take minutes start first, so that neither of the two runners is left with one of
 * them at the end while the other is idle (longest first: the tail of the run is shortest).
 */
const LONG_FIRST = [
  'test/docs/examples',
  'test/flows/mass-refund-batches',
  'test/storage/start-up-race',
  'test/fuzz/every-route-postgres',
  'test/browser/',
  'test/cli/',
  'test/fuzz/every-route',
  'test/flows/crash-',
];
const rank = (f) => {
  const i = LONG_FIRST.findIndex((prefix) => f.startsWith(prefix));
  return i === -1 ? LONG_FIRST.length : i;
};
selected.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

const isBrowserTest = (f) => f.startsWith('test/browser/');
const noChromium = selected.some(isBrowserTest) ? missingChromium() : undefined;
const files = noChromium ? selected.filter((f) => !isBrowserTest(f)) : selected;
const red = (s) => (process.stderr.isTTY && !process.env.NO_COLOR ? `\x1b[31m${s}\x1b[0m` : s);
const sayMissing = () => console.error(red(`✘ ${noChromium} (${selected.filter(isBrowserTest).length} browser test files not run)`));
if (noChromium) sayMissing();
if (files.length === 0) process.exit(1);

if (!process.env.WALLETGATE_FROM_SOURCE) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  // WALLETGATE_FROM_SOURCE=1 (set by the caller) runs src/ through tsx in every walletgate a test starts instead
  env: { ...process.env, WALLETGATE_LOG_LEVEL: process.env.WALLETGATE_LOG_LEVEL ?? 'silent' },
});
child.on('exit', (code, signal) => {
  // said again last, where a person looks after a long run
  if (noChromium) sayMissing();
  process.exit(signal || noChromium ? 1 : (code ?? 1));
});
