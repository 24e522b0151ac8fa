/**
 * `npm test` on a machine without Chromium: the browser tests are left out, everything else runs,
 * and the run fails with one line saying what is missing and how to get it (not "fail 0" and a
 * row of cancelled tests).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { launchChromium } from '../helpers/chromium.js';

const run = promisify(execFile);
const runTests = new URL('../../scripts/run-tests.mjs', import.meta.url).pathname;
const browserFiles = readdirSync(new URL('../browser/', import.meta.url)).filter((f) => f.endsWith('.test.ts')).length;
const MISSING = new RegExp(
  '^✘ Chromium not found: CHROMIUM_PATH=/nonexistent/chromium is not an executable file\\. Point CHROMIUM_PATH at a Chromium or Chrome binary, ' +
    `or unset it to use /usr/bin/chromium \\(apt-get install chromium\\)\\. \\(${browserFiles} browser test files not run\\)$`,
);

async function runTestsWithout(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', NO_COLOR: '1' };
  delete env.NODE_TEST_CONTEXT; // a test run of its own, not a child of this one
  try {
    const { stdout, stderr } = await run(process.execPath, [runTests, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    return e as { code: number; stdout: string; stderr: string };
  }
}

describe('test runner without Chromium', () => {
  it('only browser tests selected: one line, exit 1, nothing run', async () => {
    const r = await runTestsWithout(['test/browser/']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trimEnd(), MISSING);
  });

  it('with other tests: they run and pass, and the run still fails, saying why at the start and at the end', async () => {
    const r = await runTestsWithout(['test/browser/', 'test/scripts/chromium-check']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /ℹ pass [1-9]/);
    assert.match(r.stdout, /ℹ fail 0/);
    assert.doesNotMatch(r.stdout, /landing page|KakaoPay pages/i, 'no browser test ran');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    for (const line of lines) assert.match(line, MISSING);
  });

  it('a browser test run on its own fails at once with the same line', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      await assert.rejects(launchChromium(), /^Error: Chromium not found: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
