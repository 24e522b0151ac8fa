/** `walletgate user add|reset|remove|list` as a person runs them, and what the start banner says about the dashboard. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { banner } from '../../src/cli/start-command.js';
import { loadConfig } from '../../src/config.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { verifyPassword } from '../../src/core/dashboard/password-hash.js';

const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

describe('walletgate user', () => {
  let dataDir: string;
  const cli = (...args: string[]) =>
    run(process.execPath, [bin, ...args], {
      env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, NO_COLOR: '1', WALLETGATE_MASTER_KEY: 'cli-test-key' },
    });
  const fails = async (args: string[], message: RegExp) => {
    const e = await cli(...args).then(
      () => assert.fail(`walletgate ${args.join(' ')} should fail`),
      (err: { code: number; stderr: string; stdout: string }) => err,
    );
    assert.equal(e.code, 1);
    assert.match(e.stderr, message);
    assert.ok(!e.stderr.includes('    at '), 'no stack trace');
  };
  const passwordIn = (stdout: string) => /Password\s+(\S+)/.exec(stdout)?.[1] ?? assert.fail(`no password in ${stdout}`);
  const storedHash = async (email: string) => {
    const store = await openSqliteStore(join(dataDir, 'walletgate.db'));
    try {
      return (await store.dashboardUsers.getByEmail(email))!;
    } finally {
      await store.close();
    }
  };

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wg-user-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the demo user start-up made (sandbox on), whose password was never printed', async () => {
    const { stdout } = await cli('user');
    assert.match(stdout, /demo@walletgate\.test\s+demo\s+owner\s+one-time, not changed yet/);
  });

  it('adds a user with a one-time password shown once, which is what is stored (hashed)', async () => {
    const { stdout } = await cli('user', 'add', 'Anna@Shop.example', '--merchant', 'demo', '--role', 'refunds');
    assert.match(stdout, /✔ Dashboard user anna@shop\.example added: demo as refunds\./);
    assert.match(stdout, /Sign in at\s+http:\/\/127\.0\.0\.1:8080\/dashboard\/login/);
    const password = passwordIn(stdout);
    assert.match(password, /^[\w]{5}-[\w]{5}-[\w]{5}-[\w]{5}$/);
    const user = await storedHash('anna@shop.example');
    assert.equal(user.mustChangePassword, true);
    assert.ok(!user.passwordHash.includes(password));
    assert.equal(await verifyPassword(password, user.passwordHash), true);
    const op = await cli('user', 'add', 'ops@walletgate.example', '--operator');
    assert.match(op.stdout, /added: operator \(every merchant\)/);
  });

  it('refuses what it cannot do, in a sentence and a hint', async () => {
    await fails(
      ['user', 'add', 'anna@shop.example', '--merchant', 'demo'],
      /anna@shop\.example is already a dashboard user\.\n.*walletgate user reset anna@shop\.example/,
    );
    await fails(
      ['user', 'add', 'b@shop.example', '--merchant', 'demo', '--role', 'boss'],
      /Unknown --role "boss"\.\n.*owner .*refunds .*read-only/,
    );
    await fails(['user', 'add', 'b@shop.example', '--merchant', 'nope'], /No merchant "nope"/);
    await fails(['user', 'add', 'b@shop.example'], /needs --merchant <id> \(or --operator\)/);
    await fails(['user', 'add', 'b@shop.example', '--operator', '--merchant', 'demo'], /An operator belongs to no merchant/);
    await fails(['user', 'add', 'not-an-address', '--merchant', 'demo'], /"not-an-address" is not an e-mail address/);
    await fails(['user', 'remove', 'nobody@shop.example'], /No dashboard user nobody@shop\.example\./);
  });

  it('reset prints a new one-time password and the old one stops working; remove ends the user', async () => {
    const { stdout } = await cli('user', 'reset', 'anna@shop.example');
    assert.match(stdout, /✔ New one-time password for anna@shop\.example/);
    assert.equal(await verifyPassword(passwordIn(stdout), (await storedHash('anna@shop.example')).passwordHash), true);
    const removed = await cli('user', 'remove', 'anna@shop.example');
    assert.match(removed.stdout, /✔ anna@shop\.example removed: can no longer sign in\./);
    assert.ok((await storedHash('anna@shop.example')).disabledAt instanceof Date);
    const list = JSON.parse((await cli('user', 'list', '--json')).stdout) as { email: string; passwordHash?: string }[];
    assert.deepEqual(list.map((u) => u.email).sort(), ['demo@walletgate.test', 'ops@walletgate.example']);
    assert.ok(
      list.every((u) => u.passwordHash === undefined),
      'no hash in the JSON',
    );
  });

  it("removing a merchant's last owner goes through from the command line, and says how to give it one", async () => {
    await cli('user', 'add', 'second-owner@shop.example', '--merchant', 'demo', '--role', 'owner');
    const first = await cli('user', 'remove', 'second-owner@shop.example');
    assert.doesNotMatch(first.stdout, /no owner now/, 'another owner (the demo user) is left');
    const last = await cli('user', 'remove', 'demo@walletgate.test');
    assert.match(last.stdout, /✔ demo@walletgate\.test removed/);
    assert.match(last.stdout, /! demo has no owner now: .*\n.*walletgate user add <e-mail> --merchant demo --role owner/);
  });

  it('the start banner says where the dashboard is and how the demo user gets a password, never a password', () => {
    const config = loadConfig({ WALLETGATE_DATA_DIR: dataDir, WALLETGATE_MASTER_KEY: 'cli-test-key' });
    const text = banner(config, 'sqlite');
    assert.match(text, /Dashboard\s+http:\/\/127\.0\.0\.1:8080\/dashboard\s+user demo@walletgate\.test/);
    assert.match(text, /first sign-in: npx walletgate user reset demo@walletgate\.test/);
    assert.ok(!/\w{5}-\w{5}-\w{5}-\w{5}/.test(text), 'no one-time password');
  });
});
