/**
 * A dashboard session is one session on every gateway process sharing a database: signed in
 * through one process, the browser's cookie is honoured by another, and signing out through the
 * second ends it on the first (sessions live in the database, ADR 0022). Real `walletgate start`
 * processes, on a shared SQLite file and on one PostgreSQL schema.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashPassword } from '../../src/core/dashboard/password-hash.js';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import { openGatewayData, type GatewayData, type GatewayProcess } from '../helpers/gateway-process.js';
import { csrfIn, DashboardClient } from '../helpers/dashboard-client.js';
import { storeKinds } from '../helpers/stores.js';

const PASSWORD = 'two gateways one session';

for (const kind of storeKinds) {
  describe(`a dashboard session across two gateways on one ${kind} database`, () => {
    let data: GatewayData;
    let a: GatewayProcess;
    let b: GatewayProcess;
    before(async () => {
      data = await openGatewayData(kind);
      a = await data.start({ name: 'A' });
      b = await data.start({ name: 'B' });
      const hash = await hashPassword(PASSWORD);
      assert.match(hash, /^[\w$=,-]+$/, 'the hash is safe to put in a SQL literal');
      const update = `update dashboard_users set password_hash = '${hash}', must_change_password = 0 where email = '${DEMO_USER_EMAIL}'`;
      if (kind === 'postgres') await data.rows(`${update} returning id`);
      else {
        // data.rows reads SQLite read-only; this one write goes through its own connection
        const db = new Database(join(data.dataDir, 'walletgate.db'), { fileMustExist: true, timeout: 5_000 });
        try {
          assert.equal(db.prepare(update).run().changes, 1);
        } finally {
          db.close();
        }
      }
    });
    after(() => data.cleanup());

    it('signed in through one process, the session works through the other, and signing out there ends it everywhere', async () => {
      const browser = new DashboardClient(a.base);
      const signedIn = await browser.signIn(DEMO_USER_EMAIL, PASSWORD);
      assert.equal(signedIn.status, 303, signedIn.text.slice(0, 300));
      assert.equal(signedIn.location, '/dashboard');

      browser.base = b.base;
      const home = await browser.get('/dashboard');
      assert.equal(home.status, 200, `${b.name} knows the session made by ${a.name}`);
      assert.match(home.text, /Signed in as <b>demo@walletgate\.test<\/b>/);

      const out = await browser.post('/dashboard/logout', { csrf: csrfIn(home.text) });
      assert.equal(out.status, 303);
      assert.equal(out.location, '/dashboard/login?signed_out=1');

      const again = new DashboardClient(a.base);
      for (const [name, value] of [...browser.cookies]) again.cookies.set(name, value);
      const stale = await again.get('/dashboard');
      assert.equal(stale.status, 303, `${a.name} no longer honours the session ended through ${b.name}`);
      assert.equal(stale.location, '/dashboard/login');
    });
  });
}
