/**
 * `walletgate start` pointed at a real KakaoPay without the settings a real KakaoPay needs: it stops
 * before opening anything, with exit code 1 and one message (no stack trace) that names every
 * missing variable and what to set it to.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

/** Runs `walletgate start` with only these KakaoPay settings (none inherited); resolves with how it ended. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wg-real-start-'));
  // WALLETGATE_FROM_SOURCE says how bin/walletgate.mjs runs (src/ through tsx), not a setting: kept
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('KAKAOPAY_') && (!k.startsWith('WALLETGATE_') || k === 'WALLETGATE_FROM_SOURCE'),
    ),
  );
  return new Promise((resolve) => {
    // Were it to start, it would run until killed: the timeout turns that into a failure, not a hang.
    execFile(
      process.execPath,
      [bin, 'start', '--port', '0'],
      { env: { ...inherited, WALLETGATE_DATA_DIR: dataDir, HTTPS_PORT: '0', NO_COLOR: '1', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr, dataDir }),
    );
  });
}

describe('walletgate start with a real KakaoPay', () => {
  it('refuses a missing secret key and CIDs in one message, before touching the database', async () => {
    const r = await start({ KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com' });
    assert.equal(r.code, 1, `exit code; stdout: ${r.stdout}`);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^✘ walletgate is set to talk to real wallets \(KAKAOPAY_BASE_URL is set, so WALLETGATE_SANDBOX defaults to off\)/,
    );
    for (const name of ['KAKAOPAY_SECRET_KEY', 'KAKAOPAY_CID', 'KAKAOPAY_CID_SUBSCRIPTION'])
      assert.match(r.stderr, new RegExp(`- ${name} is not set: set it to`));
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(await readdir(r.dataDir), [], 'no database was created');
  });

  it("refuses the sandbox's published secret key", async () => {
    const r = await start({
      KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com',
      KAKAOPAY_SECRET_KEY: 'DEV0000WALLETGATE0SANDBOX0SECRET0KEY',
      KAKAOPAY_CID: 'CT00000001',
      KAKAOPAY_CID_SUBSCRIPTION: 'CT00000002',
    });
    assert.equal(r.code, 1, `exit code; stdout: ${r.stdout}`);
    assert.match(r.stderr, /- KAKAOPAY_SECRET_KEY is the built-in sandbox's published key: set it to your app's own secret key/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  });
});
