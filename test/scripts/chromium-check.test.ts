/** What the Chromium check says, for a path that is there, one that is not, and one that is not a program. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumExecutable, missingChromium } from '../../scripts/chromium-check.mjs';

it('CHROMIUM_PATH wins over /usr/bin/chromium; a missing or non-executable path is named, with how to fix it', () => {
  assert.equal(chromiumExecutable({}), '/usr/bin/chromium');
  assert.equal(chromiumExecutable({ CHROMIUM_PATH: '/opt/chrome/chrome' }), '/opt/chrome/chrome');
  assert.equal(missingChromium({ CHROMIUM_PATH: process.execPath }), undefined, 'an executable file is accepted');
  for (const path of ['/nonexistent/chromium', '/tmp', new URL(import.meta.url).pathname]) {
    assert.equal(
      missingChromium({ CHROMIUM_PATH: path }),
      `Chromium not found: CHROMIUM_PATH=${path} is not an executable file. Point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium (apt-get install chromium).`,
    );
  }
});
