/**
 * The dashboard's settings over real HTTP (ADR 0026), on SQLite and PostgreSQL: who may open them,
 * CSRF, another merchant's settings as 404; a notification URL per API that the notifier uses; keys
 * created, rotated and revoked from the page, the secret shown once and working against the API;
 * users added, given a role, reset and removed; a test notification reaching the merchant's server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import type { DashboardRole } from '../../src/core/ports/dashboard-store.js';
import type { OutboxNotification } from '../../src/core/model.js';
import { DEMO_SITE_ID } from '../../src/dialects/globalpay/demo.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { startMerchantReceiver, type MerchantReceiver } from '../helpers/merchant-receiver.js';
import { storeKinds } from '../helpers/stores.js';
import { DashboardClient, csrfIn, secretIn } from '../helpers/dashboard-client.js';

const PASSWORD = 'correct horse battery staple';

const basic = (siteId: string, key: string) => 'Basic ' + Buffer.from(`${siteId}:${key}`).toString('base64');
/** A GlobalPay notification's payment, as far as this test reads it. */
const paymentOf = (json: Record<string, unknown>) => json.Payment as { ID?: number; Status?: { ID?: number } } | undefined;

function payment(ref: string) {
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 15000,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/return?order=' + ref,
      Description: 'Coffee beans',
      BillingAddress: { Country: 'KR' },
    },
  };
}

for (const kind of storeKinds) {
  describe(`dashboard settings on ${kind}`, () => {
    let gw: Gateway;
    let apiReceiver: MerchantReceiver;
    let n = 0;
    before(async () => {
      gw = await startGateway(kind);
      apiReceiver = await startMerchantReceiver();
      await createMerchant(gw.services.store, { id: 'other-shop', name: 'Other Shop', notifyUrl: null });
    });
    after(async () => {
      await gw.close();
      await apiReceiver.close();
    });

    const deps = () => ({ store: gw.services.store, clock: () => new Date() });
    async function signedInClient(merchantId: string | null, role: DashboardRole): Promise<{ client: DashboardClient; email: string }> {
      const email = `${role}-${++n}@${merchantId ?? 'walletgate'}.example`;
      const added = await addUser(deps(), { cli: 'cli' }, { email, merchantId, role });
      assert.ok(added.ok, JSON.stringify(added));
      const client = new DashboardClient(gw.base);
      await client.firstSignIn(email, added.oneTimePassword, PASSWORD);
      return { client, email };
    }
    const audit = async (action: string) => (await gw.services.store.auditLog.list('demo', 200)).filter((e) => e.action === action);

    it('is for owners and operators: read-only and refunds users get 403; another merchant is a 404; a POST needs the CSRF token', async () => {
      for (const role of ['read-only', 'refunds'] as const) {
        const { client } = await signedInClient('demo', role);
        assert.equal((await client.get('/dashboard/settings')).status, 403, role);
        const csrf = csrfIn((await client.get('/dashboard')).text);
        const post = await client.post('/dashboard/settings/notify-url', {
          csrf,
          merchant: 'demo',
          dialect: 'globalpay',
          url: 'https://x.example/',
        });
        assert.equal(post.status, 403, role);
      }
      const { client: owner } = await signedInClient('demo', 'owner');
      const page = await owner.get('/dashboard/settings');
      assert.equal(page.status, 200);
      assert.match(page.text, /<label for="url-globalpay">GlobalPay notification URL/);
      assert.match(page.text, /<th scope="col">Key id<\/th>/);
      assert.equal((await owner.get('/dashboard/settings?merchant=other-shop')).status, 404);
      const csrf = csrfIn(page.text);
      const foreign = await owner.post('/dashboard/settings/keys', { csrf, merchant: 'other-shop', dialect: 'globalpay', kind: 'api_key' });
      assert.equal(foreign.status, 404);
      const noToken = await owner.post('/dashboard/settings/notify-url', {
        merchant: 'demo',
        dialect: 'globalpay',
        url: 'https://x.example/',
      });
      assert.equal(noToken.status, 403);
      const { client: operator } = await signedInClient(null, 'operator');
      assert.match((await operator.get('/dashboard/settings')).text, /Which merchant\?/);
      assert.equal((await operator.get('/dashboard/settings?merchant=other-shop')).status, 200);
      assert.equal((await operator.get('/dashboard/settings?merchant=nobody')).status, 404);
    });

    it('a notification URL per API: checked, audited, used by the notifier; a test notification reaches it and the page shows the delivery', async () => {
      const { client } = await signedInClient('demo', 'owner');
      const csrf = csrfIn((await client.get('/dashboard/settings')).text);
      for (const [url, message] of [
        ['ftp://shop.example/n', /must start with http:\/\/ or https:\/\//],
        ['https://user:pw@shop.example/n', /no user name or password/],
        ['/relative', /must be a whole URL/],
      ] as const) {
        const refused = await client.post('/dashboard/settings/notify-url', { csrf, merchant: 'demo', dialect: 'globalpay', url });
        assert.equal(refused.status, 400, url);
        assert.match(refused.text, message);
      }
      const saved = await client.post('/dashboard/settings/notify-url', {
        csrf,
        merchant: 'demo',
        dialect: 'globalpay',
        url: apiReceiver.url,
      });
      assert.equal(saved.status, 303);
      assert.match((await client.get(saved.location!)).text, /The notification URL is saved\./);
      const rows = await audit('settings.notify_url');
      assert.equal(rows.at(-1)?.detail.after, new URL(apiReceiver.url).href);

      // a real payment's notification goes to the API's URL, not the merchant's
      const res = await gw.gp('POST', '/v1/payments', payment(`settings-${kind}-${Date.now()}`));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      await gw.customer(p.RedirectURL, 'approve');
      const note = await apiReceiver.waitFor((r) => paymentOf(r.json)?.ID === p.ID && paymentOf(r.json)?.Status?.ID === 2);
      assert.match(String(note.headers.authorization), /^Basic /, 'signed as GlobalPay signs');
      assert.deepEqual(
        gw.receiver.received.filter((r) => paymentOf(r.json)?.ID === p.ID).map((r) => r.body),
        [],
        "not sent to the merchant's URL",
      );

      // the test notification: the same payment's notification again, delivered by the dispatcher
      const attempts: OutboxNotification[] = [];
      let wake = () => {};
      const stop = gw.services.dispatcher()!.onAttempt((row) => {
        attempts.push(row);
        wake();
      });
      const before = apiReceiver.received.length;
      const sent = await client.post('/dashboard/settings/test-notification', { csrf, merchant: 'demo', dialect: 'globalpay' });
      assert.equal(sent.status, 303, sent.text.slice(0, 400));
      const id = Number(/^\/dashboard\/settings\/test-notification\/(\d+)\?merchant=demo$/.exec(sent.location ?? '')?.[1]);
      assert.ok(id > 0, String(sent.location));
      const pending = await client.get(sent.location!);
      assert.match(pending.text, /data-status="(pending|delivered)"/);
      const row = await new Promise<OutboxNotification>((resolve) => {
        const check = () => {
          const done = attempts.find((a) => a.id === id && a.status === 'delivered');
          if (done) resolve(done);
        };
        wake = check;
        check();
      });
      stop();
      assert.equal(row.url, new URL(apiReceiver.url).href);
      assert.ok(apiReceiver.received.length > before, `received ${apiReceiver.received.length}, before ${before}`);
      assert.equal(apiReceiver.received.at(-1)!.headers['x-walletgate-notification-id'], String(id));
      const shown = await client.get(`/dashboard/settings/test-notification/${row.id}?merchant=demo`);
      assert.equal(shown.status, 200);
      assert.match(shown.text, /data-status="delivered"/);
      assert.match(shown.text, /<td data-label="Answer">204<\/td>/);
      assert.equal((await audit('settings.test_notification')).length, 1);
      // another merchant's notification is a 404 by URL
      const { client: other } = await signedInClient('other-shop', 'owner');
      assert.equal((await other.get(`/dashboard/settings/test-notification/${row.id}?merchant=other-shop`)).status, 404);
      const none = await other.post('/dashboard/settings/test-notification', {
        csrf: csrfIn((await other.get('/dashboard/settings')).text),
        merchant: 'other-shop',
        dialect: 'globalpay',
      });
      assert.equal(none.status, 409);
      assert.match(none.text, /There is no GlobalPay payment yet/);
    });

    it('keys: created with the secret shown once and working; rotated (both work in the overlap); revoked (stops at once)', async () => {
      const { client } = await signedInClient('demo', 'owner');
      const csrf = csrfIn((await client.get('/dashboard/settings')).text);
      const made = await client.post('/dashboard/settings/keys', {
        csrf,
        merchant: 'demo',
        dialect: 'globalpay',
        kind: 'api_key',
        label: 'shop',
      });
      assert.equal(made.status, 200, made.text.slice(0, 400));
      const secret = secretIn(made.text);
      assert.equal((await gw.gp('GET', '/v1/payments?pageIndex=1&pageSize=1', undefined, basic(DEMO_SITE_ID, secret))).status, 200);
      const listed = await client.get('/dashboard/settings');
      assert.ok(!listed.text.includes(secret), 'never shown again');
      const created = (await audit('key.create')).at(-1)!;
      assert.ok(!JSON.stringify(created).includes(secret), 'the audit row has no secret');

      const id = Number(/^globalpay api_key #(\d+)$/.exec(created.subject)![1]);
      const rotated = await client.post(`/dashboard/settings/keys/${id}/rotate`, { csrf, merchant: 'demo', overlap: '1h' });
      assert.equal(rotated.status, 200, rotated.text.slice(0, 400));
      assert.match(rotated.text, /keeps working until/);
      const next = secretIn(rotated.text);
      assert.notEqual(next, secret);
      for (const key of [secret, next])
        assert.equal((await gw.gp('GET', '/v1/payments?pageIndex=1&pageSize=1', undefined, basic(DEMO_SITE_ID, key))).status, 200);
      assert.equal((await audit('key.rotate')).length, 1);

      const revoked = await client.post(`/dashboard/settings/keys/${id}/revoke`, { csrf, merchant: 'demo' });
      assert.equal(revoked.status, 303);
      assert.equal((await gw.gp('GET', '/v1/payments?pageIndex=1&pageSize=1', undefined, basic(DEMO_SITE_ID, secret))).status, 401);
      assert.equal((await gw.gp('GET', '/v1/payments?pageIndex=1&pageSize=1', undefined, basic(DEMO_SITE_ID, next))).status, 200);
      // another merchant's key, by URL: 404, and it still works
      const { client: other } = await signedInClient('other-shop', 'owner');
      const otherCsrf = csrfIn((await other.get('/dashboard/settings')).text);
      const newId = id + 1;
      assert.equal((await other.post(`/dashboard/settings/keys/${newId}/revoke`, { csrf: otherCsrf, merchant: 'other-shop' })).status, 404);
      assert.equal((await other.post(`/dashboard/settings/keys/${newId}/revoke`, { csrf: otherCsrf, merchant: 'demo' })).status, 404);
      assert.equal((await gw.gp('GET', '/v1/payments?pageIndex=1&pageSize=1', undefined, basic(DEMO_SITE_ID, next))).status, 200);
      // a bad overlap is a 400 page, not a 500
      const bad = await client.post(`/dashboard/settings/keys/${newId}/rotate`, { csrf, merchant: 'demo', overlap: 'forever' });
      assert.equal(bad.status, 400);
    });

    it('users: added with a one-time password that signs in, given a role, reset, removed; the last owner stays', async () => {
      const shop = `users-${kind}`;
      await createMerchant(gw.services.store, { id: shop, name: 'Users Shop', notifyUrl: null });
      const { client, email: ownerEmail } = await signedInClient(shop, 'owner');
      const csrf = csrfIn((await client.get('/dashboard/settings')).text);
      const added = await client.post('/dashboard/settings/users', {
        csrf,
        merchant: shop,
        email: 'Reader@Shop.example',
        role: 'read-only',
      });
      assert.equal(added.status, 200, added.text.slice(0, 400));
      const oneTime = secretIn(added.text);
      const reader = new DashboardClient(gw.base);
      await reader.firstSignIn('reader@shop.example', oneTime, PASSWORD);
      assert.equal((await reader.get('/dashboard/settings')).status, 403);

      assert.equal((await client.post('/dashboard/settings/users', { csrf, merchant: shop, email: 'nope', role: 'owner' })).status, 400);
      assert.equal(
        (await client.post('/dashboard/settings/users', { csrf, merchant: shop, email: 'x@shop.example', role: 'operator' })).status,
        400,
      );
      const role = await client.post('/dashboard/settings/users/role', {
        csrf,
        merchant: shop,
        email: 'reader@shop.example',
        role: 'owner',
      });
      assert.equal(role.status, 303);
      assert.equal((await reader.get('/dashboard/settings')).status, 200, 'the new role applies at once');
      const reset = await client.post('/dashboard/settings/users/reset', { csrf, merchant: shop, email: 'reader@shop.example' });
      assert.equal(reset.status, 200);
      assert.equal((await reader.get('/dashboard/settings')).location, '/dashboard/login', 'their session ended');
      assert.equal((await new DashboardClient(gw.base).signIn('reader@shop.example', secretIn(reset.text))).status, 303);
      // demo's user is not this merchant's: 404
      const { email: demoUser } = await signedInClient('demo', 'read-only');
      assert.equal((await client.post('/dashboard/settings/users/remove', { csrf, merchant: shop, email: demoUser })).status, 404);
      assert.equal((await client.post('/dashboard/settings/users/reset', { csrf, merchant: shop, email: demoUser })).status, 404);
      // two owners: one may go; then the last one stays
      assert.equal(
        (await client.post('/dashboard/settings/users/remove', { csrf, merchant: shop, email: 'reader@shop.example' })).status,
        303,
      );
      const last = await client.post('/dashboard/settings/users/remove', { csrf, merchant: shop, email: ownerEmail });
      assert.equal(last.status, 400);
      assert.match(last.text, /last owner cannot be removed/);
      const demote = await client.post('/dashboard/settings/users/role', { csrf, merchant: shop, email: ownerEmail, role: 'read-only' });
      assert.equal(demote.status, 400);
      const actions = (await gw.services.store.auditLog.list(shop, 100)).map((e) => e.action);
      for (const a of ['user.add', 'user.change_role', 'user.reset_password', 'user.remove']) assert.ok(actions.includes(a), a);
    });
  });
}
