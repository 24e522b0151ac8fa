/**
 * A person's mistakes at the command line, made for real (a process, a data folder, closed and
 * taken ports): each one is answered with one line saying what is wrong and one hint, exit code 1,
 * and no stack trace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { explainError } from '../../src/cli/explain-error.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { ckoId } from '../../src/dialects/checkoutcom/ids.js';

const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, NO_COLOR: '1', HTTPS_PORT: '0', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

async function listening(): Promise<Server> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return srv;
}

async function closedPort(): Promise<number> {
  const srv = await listening();
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Exit 1, and stderr is exactly "✘ {what}" and an indented hint: no stack frames. */
function assertUserError(o: Outcome, what: RegExp, hint: RegExp): void {
  assert.equal(o.code, 1, `exit code (stderr: ${o.stderr})`);
  const lines = o.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, `one line and a hint:\n${o.stderr}`);
  assert.match(lines[0]!, /^✘ /);
  assert.match(lines[0]!, what);
  assert.match(lines[1]!, /^ {2}\S/);
  assert.match(lines[1]!, hint);
  assert.doesNotMatch(o.stderr, /\n\s+at |src\/|node:internal/, 'no stack trace');
}

describe('walletgate CLI: user mistakes', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wg-cli-errors-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('the literal placeholder instead of a RedirectURL', async () => {
    assertUserError(await cli(dataDir, ['sandbox', 'approve', '<RedirectURL>']), /Not an absolute URL: <RedirectURL>/, /RedirectURL/);
  });

  it('a RedirectURL, or a sweep, while walletgate is not running', async () => {
    const port = await closedPort();
    assertUserError(
      await cli(dataDir, ['sandbox', 'approve', `http://127.0.0.1:${port}/pay/abc`]),
      new RegExp(`Could not connect to http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
      /Is walletgate running there\? Start it with npm start/,
    );
    // sweep asks the built-in sandbox of the walletgate on PORT
    assertUserError(
      await cli(dataDir, ['sweep'], { PORT: String(port) }),
      new RegExp(`Could not connect to KakaoPay at http://127\\.0\\.0\\.1:${port}/sandbox/kakaopay \\(ECONNREFUSED\\)`),
      /walletgate's own sandbox: start walletgate/,
    );
  });

  it('missing arguments', async () => {
    assertUserError(await cli(dataDir, ['sandbox', 'approve']), /needs the payment's RedirectURL/, /Usage: walletgate sandbox/);
    assertUserError(await cli(dataDir, ['payments', 'show']), /needs a payment id, got nothing/, /WP…|pay_…/);
    assertUserError(await cli(dataDir, ['merchant', 'set-notify-url', 'demo']), /needs the URL \(or none\)/, /Usage:/);
    assertUserError(await cli(dataDir, ['sandbox']), /needs a command: approve, cancel, fail, abandon, serve/, /--help/);
  });

  it('unknown commands, options and values, and extra arguments', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [['bogus'], /Unknown command "bogus"/, /--help/],
      [['payments', 'frob'], /Unknown command "walletgate payments frob"/, /--help/],
      [['merchant', 'list', '--jsno'], /Unknown option --jsno for walletgate merchant list/, /takes --json/],
      [['merchant', 'show', 'demo', '--limit', '3'], /does not take --limit/, /takes --json/],
      [['payments', '--limit'], /--limit needs a value/, /--limit VALUE/],
      [['payments', '--limit', 'lots'], /--limit must be a whole number/, /--limit 20/],
      [['payments', '--status', 'paid'], /Unknown --status "paid"/, /succeeded/],
      [['notifications', '--status', 'sent'], /Unknown --status "sent"/, /delivered/],
      [['merchant', 'list', 'everything'], /Unexpected argument "everything"/, /Usage: walletgate merchant list/],
      [['start', '--port', 'eighty'], /--port must be a port number/, /--port 8080/],
    ];
    // independent processes: two at a time
    for (let i = 0; i < cases.length; i += 2) {
      const pair = cases.slice(i, i + 2);
      const outcomes = await Promise.all(pair.map(([args]) => cli(dataDir, args)));
      pair.forEach(([, what, hint], j) => assertUserError(outcomes[j]!, what, hint));
    }
  });

  it('records that do not exist', async () => {
    assertUserError(await cli(dataDir, ['merchant', 'show', 'nosuch']), /No merchant "nosuch"/, /walletgate merchant list/);
    assertUserError(await cli(dataDir, ['payments', '--merchant', 'nosuch']), /No merchant "nosuch"/, /walletgate merchant list/);
    assertUserError(await cli(dataDir, ['payments', 'show', '4938999']), /No payment 4938999/, /walletgate payments list/);
    // the ids the other APIs show are read as payment numbers too
    assertUserError(await cli(dataDir, ['payments', 'show', 'WP00000004938999']), /No payment WP00000004938999/, /payments list/);
    const payId = ckoId('payment', 4938999);
    assertUserError(await cli(dataDir, ['payments', 'show', payId]), new RegExp(`No payment ${payId}`), /payments list/);
    assertUserError(await cli(dataDir, ['payments', 'show', 'pay_nope']), /needs a payment id, got "pay_nope"/, /pay_…/);
    assertUserError(await cli(dataDir, ['notifications', 'resend', '#77']), /No notification #77/, /walletgate notifications/);
    assertUserError(await cli(dataDir, ['merchant', 'remove-key', 'demo', '999']), /demo has no key #999/, /merchant show demo/);
  });

  it("a secret or key id that is another key's: refused, saying whose, never the secret", async () => {
    const created = await cli(dataDir, ['merchant', 'create', 'shop-x', '--site-id', '45123']);
    assert.equal(created.code, 0, created.stderr);
    const ownKey = /ApiKey (\S+)/.exec(created.stdout)![1]!;
    const [bySecret, byAccount, bySite, ownTwice] = await Promise.all([
      cli(dataDir, ['merchant', 'add-key', 'shop-x', '--dialect', 'checkoutcom', '--secret', DEMO_CHECKOUTCOM.secretKey]),
      cli(dataDir, ['merchant', 'add-key', 'shop-x', '--dialect', 'adyen', '--key-id', DEMO_ADYEN.merchantAccount]),
      cli(dataDir, ['merchant', 'add-key', 'shop-x', '--key-id', '30201']),
      cli(dataDir, ['merchant', 'add-key', 'shop-x', '--kind', 'signing_key', '--secret', ownKey]),
    ]);
    assertUserError(
      bySecret!,
      /^✘ That secret is already key #\d+ of merchant demo \(checkoutcom\): one secret is one key\.$/,
      /Leave out --secret/,
    );
    assert.ok(!bySecret!.stderr.includes(DEMO_CHECKOUTCOM.secretKey));
    assertUserError(
      byAccount!,
      /^✘ adyen key id WalletgateDemoECOM is merchant demo's: a key id belongs to one merchant\.$/,
      /--key-id .*walletgate merchant list/,
    );
    assertUserError(bySite!, /globalpay key id 30201 is merchant demo's/, /--key-id/);
    assertUserError(ownTwice!, /^✘ That secret is already key #\d+ of merchant shop-x \(globalpay\)/, /--secret/);
    assert.ok(!ownTwice!.stderr.includes(ownKey));
    // a site stays its merchant's
    assertUserError(
      await cli(dataDir, ['merchant', 'create', 'shop-y', '--site-id', '30201']),
      /GlobalPay site 30201 is taken/,
      /--site-id/,
    );
  });

  it('a bad setting, an unreachable database, a port in use', async () => {
    assertUserError(
      await cli(dataDir, ['payments'], { WALLETGATE_SANDBOX: 'maybe' }),
      /WALLETGATE_SANDBOX must be on or off/,
      /configuration\.md/,
    );
    const dbPort = await closedPort();
    assertUserError(
      await cli(dataDir, ['payments'], { DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${dbPort}/test` }),
      new RegExp(`Cannot reach the database postgres://\\*\\*\\*@127\\.0\\.0\\.1:${dbPort}/test \\(ECONNREFUSED\\)`),
      /PostgreSQL/,
    );
    const taken = await listening();
    try {
      const { port } = taken.address() as AddressInfo;
      assertUserError(
        await cli(dataDir, ['start', '--port', String(port)], { WALLETGATE_LOG_LEVEL: 'silent' }),
        new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`),
        /--port N/,
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it('an error nobody foresaw is called a bug, with its stack', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'id')");
    const explained = explainError(e);
    assert.equal(explained.bug, true);
    assert.match(explained.message, /^Unexpected error: Cannot read properties/);
    assert.ok(explained.hint.includes(e.stack!));
    assert.match(explained.hint, /This is a bug in walletgate, not something you did/);
  });
});
