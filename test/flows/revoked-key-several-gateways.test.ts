/**
 * A key is refused by every gateway process on a database once it is revoked or has expired, not
 * only by the one that changed it: two real `walletgate start` processes on a shared SQLite file and
 * on one PostgreSQL schema. The key is created through A's dashboard and used on both (so B's auth
 * cache holds it, ADR 0014); revoked through A's dashboard, B refuses it on its next request. Another
 * key, expired in the database (a rotation's overlap that has ended), B refuses too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashPassword } from '../../src/core/dashboard/password-hash.js';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import { openGatewayData, type GatewayData, type GatewayProcess } from '../helpers/gateway-process.js';
import { csrfIn, DashboardClient, secretIn } from '../helpers/dashboard-client.js';
import { storeKinds } from '../helpers/stores.js';

const PASSWORD = 'two gateways one revoked key';
const SITE_ID = '30201'; // the demo merchant's GlobalPay site

/** The status one process answers a GlobalPay request with this key. */
async function statusWith(p: GatewayProcess, secret: string): Promise<number> {
  const res = await fetch(`${p.base}/globalpay/v1/payments?pageIndex=1&pageSize=1`, {
    headers: { authorization: 'Basic ' + Buffer.from(`${SITE_ID}:${secret}`).toString('base64') },
  });
  await res.arrayBuffer();
  return res.status;
}

for (const kind of storeKinds) {
  describe(`a revoked or expired key across two gateways on one ${kind} database`, () => {
    let data: GatewayData;
    let a: GatewayProcess;
    let b: GatewayProcess;
    /** One write past the gateways (SQLite: its own connection, as data.rows reads read-only). */
    async function write(sql: string): Promise<void> {
      if (kind === 'postgres') {
        await data.rows(`${sql} returning id`);
        return;
      }
      const db = new Database(join(data.dataDir, 'walletgate.db'), { fileMustExist: true, timeout: 5_000 });
      try {
        assert.equal(db.prepare(sql).run().changes, 1);
      } finally {
        db.close();
      }
    }
    before(async () => {
      data = await openGatewayData(kind);
      a = await data.start({ name: 'A' });
      b = await data.start({ name: 'B' });
      const hash = await hashPassword(PASSWORD);
      assert.match(hash, /^[\w$=,-]+$/, 'the hash is safe to put in a SQL literal');
      await write(`update dashboard_users set password_hash = '${hash}', must_change_password = 0 where email = '${DEMO_USER_EMAIL}'`);
    });
    after(() => data.cleanup());

    async function newKey(client: DashboardClient, csrf: string, label: string): Promise<{ id: number; secret: string }> {
      const made = await client.post('/dashboard/settings/keys', { csrf, merchant: 'demo', dialect: 'globalpay', kind: 'api_key', label });
      assert.equal(made.status, 200, made.text.slice(0, 400));
      const secret = secretIn(made.text);
      const [row] = await data.rows<{ id: number }>(`select id from credentials where merchant_id = 'demo' order by id desc limit 1`);
      assert.ok(row);
      return { id: row.id, secret };
    }

    it('revoked through A, the key is refused by B on its next request; expired, refused by both', async () => {
      const client = new DashboardClient(a.base);
      const signedIn = await client.signIn(DEMO_USER_EMAIL, PASSWORD);
      assert.equal(signedIn.status, 303, signedIn.text.slice(0, 300));
      const csrf = csrfIn((await client.get('/dashboard/settings')).text);

      const revoked = await newKey(client, csrf, 'revoked on A');
      const expiring = await newKey(client, csrf, 'expires');
      for (const p of [a, b])
        for (const key of [revoked, expiring]) assert.equal(await statusWith(p, key.secret), 200, `${p.name} accepts a new key`);

      const revoke = await client.post(`/dashboard/settings/keys/${revoked.id}/revoke`, { csrf, merchant: 'demo' });
      assert.equal(revoke.status, 303);
      assert.equal(await statusWith(b, revoked.secret), 401, 'B refuses the key revoked through A at once');
      assert.equal(await statusWith(a, revoked.secret), 401, 'and so does A');
      assert.equal(await statusWith(b, expiring.secret), 200, 'the other key still works on B');

      // a rotation's overlap that has ended: its end is in the past
      await write(`update credentials set expires_at = ${Date.now() - 60_000} where id = ${expiring.id}`);
      for (const p of [b, a]) assert.equal(await statusWith(p, expiring.secret), 401, `${p.name} refuses the expired key`);
    });
  });
}
