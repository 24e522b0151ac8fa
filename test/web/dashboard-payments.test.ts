/**
 * The dashboard's payments and its Data API over real HTTP (ADR 0023), on SQLite and PostgreSQL:
 * the list and its filters (a 400 page saying what to fix), the search by any id (one match: a 303
 * to it), the payment's story, another merchant's payment answering 404 by URL and by Data API
 * token, tokens made and revoked (audit rows), a revoked token answering 401.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import type { DashboardRole } from '../../src/core/ports/dashboard-store.js';
import type { Payment } from '../../src/core/model.js';
import { DIALECTS } from '../../src/dialects/index.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { DashboardClient, csrfIn } from '../helpers/dashboard-client.js';
import { newNotification, newPayment, newPreapproval, newRefund } from '../storage/sample-records.js';

const PASSWORD = 'correct horse battery staple';

/** What the Data API answers, every field a test reads (absent ones are undefined). */
interface ApiJson {
  data: { id: number; reference: string }[];
  next: string | null;
  error: { code: string; message: string };
  reference: string;
  refunds: { reference: string }[];
  operations: { kind: string }[];
}

for (const kind of storeKinds) {
  describe(`dashboard payments and Data API on ${kind}`, () => {
    let gw: Gateway;
    let owner: DashboardClient;
    let story: Payment;
    let adyenPayment: Payment;
    let otherPayment: Payment;

    async function signedInClient(email: string, merchantId: string | null, role: DashboardRole): Promise<DashboardClient> {
      const added = await addUser({ store: gw.services.store, clock: () => new Date() }, { cli: 'cli' }, { email, merchantId, role });
      assert.ok(added.ok, JSON.stringify(added));
      const client = new DashboardClient(gw.base);
      await client.firstSignIn(email, added.oneTimePassword, PASSWORD);
      return client;
    }

    before(async () => {
      gw = await startGateway(kind, { workers: false });
      const store = gw.services.store;
      await createMerchant(store, { id: 'other-shop', name: 'Other Shop', notifyUrl: null });
      owner = await signedInClient('owner@demo.example', 'demo', 'owner');
      const agreement = await store.preapprovals.insert(newPreapproval('demo', { status: 'active', reference: 'agr-1' }));
      story = await store.payments.insert(
        newPayment('demo', {
          reference: 'order-<1>',
          status: 'partially_refunded',
          amount: 25_000,
          capturedAmount: 25_000,
          refundedAmount: 5_000,
          preapprovalId: agreement.id,
          customer: { email: 'kim@shop.example', firstName: 'Min', lastName: 'Kim' },
          connectorState: {
            ref: 'T1234567890',
            approvalRef: 'A987',
            wallet: { secretish: 'never shown' },
            returnParams: { pg_token: 'pg-secret' },
          },
        }),
      );
      const base = {
        merchantId: 'demo',
        paymentId: story.id,
        preapprovalId: null,
        refundId: null,
        amount: null,
        currency: null,
        code: null,
        message: null,
      };
      await store.operations.append({ ...base, kind: 'create', status: 'ok' });
      await store.operations.append({ ...base, kind: 'approve', status: 'ok', amount: 25_000, currency: 'KRW' });
      const refund = await store.refunds.insert(
        newRefund('demo', story.id, { amount: 5_000, status: 'succeeded', reference: 'rf-1', connectorRef: 'C555' }),
      );
      const n = await store.outbox.enqueue(
        newNotification('demo', { resourceType: 'refund', resourceId: refund.id, event: 'refund.succeeded' }),
      );
      await store.outbox.recordAttempt(
        n,
        { attempt: 1, at: new Date(), statusCode: 500, error: 'merchant answered 500', durationMs: 12, responseExcerpt: 'try later' },
        { status: 'pending', nextAttemptAt: new Date(), deliveredAt: null },
      );
      await store.outbox.recordAttempt(
        n,
        { attempt: 2, at: new Date(), statusCode: 204, error: null, durationMs: 8, responseExcerpt: '' },
        { status: 'delivered', nextAttemptAt: new Date(), deliveredAt: new Date() },
      );
      adyenPayment = await store.payments.insert(
        newPayment('demo', { dialect: 'adyen', reference: 'adyen-order', currency: 'EUR', amount: 1050 }),
      );
      otherPayment = await store.payments.insert(newPayment('other-shop', { reference: 'theirs' }));
    });
    after(() => gw.close());

    it('lists the merchant’s payments with labelled filters, and none of another merchant’s', async () => {
      const page = await owner.get('/dashboard/payments');
      assert.equal(page.status, 200);
      assert.match(page.text, /<label for="f-api">API<select id="f-api" name="api">/);
      assert.match(page.text, /<label for="f-q">Find by any id/);
      assert.match(page.text, /<th scope="col">Reference<\/th>/);
      assert.ok(page.text.includes('order-&lt;1&gt;'), 'the reference, escaped');
      assert.ok(page.text.includes(`href="/dashboard/payments/${story.id}"`));
      assert.ok(page.text.includes('adyen-order'));
      assert.ok(!page.text.includes('theirs'));
      const filtered = await owner.get('/dashboard/payments?api=adyen&currency=eur&min=1000&max=2000');
      assert.equal(filtered.status, 200);
      assert.ok(filtered.text.includes('adyen-order') && !filtered.text.includes('order-&lt;1&gt;'));
      const byCustomer = await owner.get('/dashboard/payments?customer=KIM%40shop.example');
      assert.ok(byCustomer.text.includes('order-&lt;1&gt;') && !byCustomer.text.includes('adyen-order'));
    });

    it('answers bad filters with a 400 page saying what to fix', async () => {
      const bad = await owner.get('/dashboard/payments?api=paypal&min=ten&from=2026-13-01&status=lost&cursor=zzz');
      assert.equal(bad.status, 400);
      assert.match(bad.text, /role="alert"/);
      for (const words of ['API must be one of', 'Minimum amount must be a whole number', 'From must be a date', 'Status must be among'])
        assert.ok(bad.text.includes(words), words);
      const cursor = await owner.get('/dashboard/payments?cursor=zzz');
      assert.equal(cursor.status, 400);
      assert.match(cursor.text, /not one the list gave/);
    });

    it('pages with Older / Newer links that keep the filters', async () => {
      const first = await owner.get('/dashboard/payments?limit=1&min=1');
      const next = /href="(\/dashboard\/payments\?[^"]*cursor=[^"]+)" rel="next"/.exec(first.text);
      assert.ok(next, 'an Older link');
      const href = next[1]!.replaceAll('&amp;', '&');
      assert.match(href, /min=1/);
      const second = await owner.get(href);
      assert.equal(second.status, 200);
      assert.match(second.text, /rel="prev">← Newer/);
    });

    it('finds a payment by each kind of id, straight to its page; another merchant’s is not found', async () => {
      for (const q of [String(story.id), 'order-<1>'])
        assert.equal((await owner.get(`/dashboard/payments?q=${encodeURIComponent(q)}`)).location, `/dashboard/payments/${story.id}`, q);
      const psp = DIALECTS.adyen.paymentId!.format(adyenPayment.id);
      assert.equal((await owner.get(`/dashboard/payments?q=${psp}`)).location, `/dashboard/payments/${adyenPayment.id}`);
      const cko = DIALECTS.checkoutcom.paymentId!.format(adyenPayment.id);
      assert.equal((await owner.get(`/dashboard/payments?q=${cko}`)).location, `/dashboard/payments/${adyenPayment.id}`);
      for (const q of [String(otherPayment.id), 'theirs']) {
        const none = await owner.get(`/dashboard/payments?q=${q}`);
        assert.equal(none.status, 200);
        assert.match(none.text, /No payments match/);
      }
    });

    it('tells a payment’s whole story, showing no wallet secret', async () => {
      const page = await owner.get(`/dashboard/payments/${story.id}`);
      assert.equal(page.status, 200, page.text.slice(0, 300));
      assert.match(
        page.text,
        new RegExp(`<div id="refund-actions"><p><a class="btn primary"[^>]* href="/dashboard/payments/${story.id}/refund">Refund…</a>`),
      );
      const t = page.text;
      for (const part of [
        'T1234567890',
        'A987',
        'rf-1',
        'C555',
        'refund.succeeded',
        'HTTP 500',
        'merchant answered 500',
        'try later',
        'HTTP 204',
        'agr-1',
        'Charged on',
        'Min Kim · kim@shop.example',
      ])
        assert.ok(t.includes(part), part);
      // operations in time order
      assert.ok(t.indexOf('>create<') < t.indexOf('>approve<'));
      for (const secret of ['never shown', 'pg-secret']) assert.ok(!t.includes(secret), secret);
      const adyen = await owner.get(`/dashboard/payments/${adyenPayment.id}`);
      assert.ok(adyen.text.includes(DIALECTS.adyen.paymentId!.format(adyenPayment.id)), 'the pspReference');
    });

    it('answers another merchant’s payment, and a nonsense id, 404 by URL; an operator sees it', async () => {
      assert.equal((await owner.get(`/dashboard/payments/${otherPayment.id}`)).status, 404);
      assert.equal((await owner.get('/dashboard/payments/abc')).status, 404);
      assert.equal((await owner.get('/dashboard/payments/99999999999999999999')).status, 404);
      const operator = await signedInClient('ops@walletgate.example', null, 'operator');
      assert.equal((await operator.get(`/dashboard/payments/${otherPayment.id}`)).status, 200);
      assert.ok((await operator.get('/dashboard/payments?merchant=other-shop')).text.includes('theirs'));
    });

    it('makes a Data API token (secret shown once, audited), answers JSON to it only, and 401 once revoked', async () => {
      const page = await owner.get('/dashboard/data-api');
      assert.equal(page.status, 200);
      assert.match(page.text, /<label for="token-name">Name<input id="token-name"/);
      const csrf = csrfIn(page.text);
      assert.equal((await owner.post('/dashboard/data-api/tokens', { csrf: 'forged', name: 'x' })).status, 403);
      assert.equal((await owner.post('/dashboard/data-api/tokens', { csrf, name: '  ' })).status, 400);
      const made = await owner.post('/dashboard/data-api/tokens', { csrf, name: 'nightly export' });
      assert.equal(made.status, 201);
      const secret = /<pre>(wgd_[\w-]{43})<\/pre>/.exec(made.text)?.[1];
      assert.ok(secret, 'the secret, once');
      assert.ok(!(await owner.get('/dashboard/data-api')).text.includes(secret), 'never shown again');

      const api = (path: string, token: string | null = secret, cookie = false) =>
        fetch(`${gw.base}/dashboard/api/v1${path}`, {
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(cookie ? { cookie: `wg_session=${owner.session()}` } : {}),
          },
        }).then(async (r) => ({ status: r.status, json: (await r.json()) as ApiJson }));
      const list = await api('/payments?limit=1');
      assert.equal(list.status, 200);
      assert.equal(list.json.data.length, 1);
      assert.ok(list.json.next);
      const second = await api(`/payments?limit=1&cursor=${list.json.next}`);
      assert.notEqual(second.json.data[0]!.id, list.json.data[0]!.id);
      const one = await api(`/payments/${story.id}`);
      assert.equal(one.status, 200);
      assert.equal(one.json.reference, 'order-<1>');
      assert.equal(one.json.refunds[0]!.reference, 'rf-1');
      assert.deepEqual(
        one.json.operations.map((o: { kind: string }) => o.kind),
        ['create', 'approve'],
      );
      assert.deepEqual(await api(`/payments/${otherPayment.id}`), {
        status: 404,
        json: { error: { code: 'not_found', message: `There is no payment ${otherPayment.id} of this token’s merchant.` } },
      });
      assert.equal((await api('/payments?min=x')).json.error.code, 'invalid_filter');
      assert.equal((await api('/payments?cursor=bad')).status, 400);
      // the session cookie opens nothing here
      assert.equal((await api('/payments', null, true)).status, 401);
      assert.equal((await api('/payments', 'wgd_forged')).status, 401);

      const tokens = await gw.services.store.dataApiTokens.list('demo');
      const revoke = await owner.post(`/dashboard/data-api/tokens/${tokens[0]!.id}/revoke`, { csrf });
      assert.equal(revoke.status, 303);
      assert.equal((await api('/payments')).status, 401);
      const audit = await gw.services.store.auditLog.list('demo', 20);
      assert.ok(audit.some((e) => e.action === 'data_api_token.create' && e.actor === 'owner@demo.example'));
      assert.ok(audit.some((e) => e.action === 'data_api_token.revoke'));
    });

    it('keeps tokens to their merchant: another merchant’s token is not found to revoke, and reads only its own payments', async () => {
      const theirs = await signedInClient('owner@other.example', 'other-shop', 'owner');
      const page = await theirs.get('/dashboard/data-api');
      const made = await theirs.post('/dashboard/data-api/tokens', { csrf: csrfIn(page.text), name: 'theirs' });
      const secret = /<pre>(wgd_[\w-]{43})<\/pre>/.exec(made.text)![1]!;
      const r = await fetch(`${gw.base}/dashboard/api/v1/payments/${story.id}`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(r.status, 404);
      const listed = (await (
        await fetch(`${gw.base}/dashboard/api/v1/payments`, { headers: { authorization: `Bearer ${secret}` } })
      ).json()) as {
        data: { reference: string }[];
      };
      assert.deepEqual(
        listed.data.map((p) => p.reference),
        ['theirs'],
      );
      const [token] = await gw.services.store.dataApiTokens.list('other-shop');
      const ownerPage = await owner.get('/dashboard/data-api');
      assert.ok(!ownerPage.text.includes('>theirs<'));
      assert.equal((await owner.post(`/dashboard/data-api/tokens/${token!.id}/revoke`, { csrf: csrfIn(ownerPage.text) })).status, 404);
      const readOnly = await signedInClient('reader@demo.example', 'demo', 'read-only');
      assert.equal((await readOnly.get('/dashboard/data-api')).status, 403);
      assert.equal((await readOnly.get('/dashboard/payments')).status, 200);
    });
  });
}
