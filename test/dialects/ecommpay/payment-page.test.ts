/**
 * The ecommpay Payment Page over real HTTP, on SQLite and PostgreSQL: links built by the official
 * package's Payment class. A good link shows the hosted checkout's method choice and stores
 * nothing; the choice (or force_payment_method) makes one payment and sends the customer to the
 * landing page (303); the same link again leads to that payment. Every bad link gets a clear error
 * page, 4xx, and leaves the store as it was.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../../helpers/gateway-harness.js';
import { storeKinds } from '../../helpers/stores.js';
import { ecommpay } from '../../helpers/ecommpay-package.js';
import { DEMO_ECOMMPAY } from '../../../src/dialects/ecommpay/demo.js';
import { DEMO_MERCHANT_ID } from '../../../src/core/merchants/demo-merchant.js';
import { extrasOf } from '../../../src/dialects/ecommpay/extras.js';

const SECRET = DEMO_ECOMMPAY.secretKey;
const PROJECT = String(DEMO_ECOMMPAY.projectId);

interface Answer {
  status: number;
  type: string;
  location: string | null;
  text: string;
  /** the page's h1 */
  heading: string;
}

async function fetchPage(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(text)?.[1] ?? '';
  return { status: res.status, type: res.headers.get('content-type') ?? '', location: res.headers.get('location'), text, heading };
}

let seq = 0;
const orderId = (tag: string) => `pp-${tag}-${Date.now()}-${++seq}`;

for (const kind of storeKinds) {
  describe(`ecommpay Payment Page (${kind})`, () => {
    let gw: Gateway;
    const base = () => `${gw.base}/ecommpay`;
    before(async () => {
      gw = await startGateway(kind, { workers: false });
    });
    after(async () => {
      await gw?.close();
    });

    /** A link as a merchant builds it: the package's Payment, demo project 210, its secret. */
    function link(params: Record<string, unknown>, opts: { project?: string; secret?: string } = {}): string {
      return new ecommpay.Payment(opts.project ?? PROJECT, opts.secret ?? SECRET, params, base()).getUrl();
    }
    const order = (over: Record<string, unknown> = {}) => ({
      payment_id: orderId(kind),
      payment_amount: 15000,
      payment_currency: 'KRW',
      customer_id: 'customer1',
      payment_description: 'Coffee beans',
      merchant_success_url: 'https://shop.example/success',
      merchant_fail_url: 'https://shop.example/fail',
      ...over,
    });

    /** What a refused link must leave as it was: payments, agreements and notifications. */
    async function snapshot() {
      const s = gw.services.store;
      return {
        payments: (await s.payments.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 1 })).total,
        preapprovals: (await s.preapprovals.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 1 })).total,
        notifications: (await s.outbox.list({})).length,
      };
    }

    async function refused(url: string, status: number, detail: RegExp, heading = /not valid/, init?: RequestInit) {
      const before = await snapshot();
      const a = await fetchPage(url, init);
      assert.equal(a.status, status, `${url}\n${a.text.slice(0, 300)}`);
      assert.match(a.type, /^text\/html/);
      assert.match(a.heading, heading);
      assert.match(a.text, detail);
      assert.match(a.text, /Nothing (has been|more has been) charged/);
      assert.deepEqual(await snapshot(), before, 'nothing stored');
      return a;
    }

    it('a good link shows the method choice (amount, description, KakaoPay) and stores nothing', async () => {
      const before = await snapshot();
      const url = link(order({ payment_amount: 15000 }));
      assert.match(url, /interface_type=%7B%22id%22%3A22%7D/, 'the package adds interface_type');
      const a = await fetchPage(url);
      assert.equal(a.status, 200, a.text.slice(0, 400));
      assert.match(a.type, /^text\/html/);
      assert.match(a.text, /15,000 KRW/);
      assert.match(a.text, /Coffee beans/);
      assert.match(a.text, /Demo Shop/);
      assert.match(a.text, /<button type="submit" class="method" name="walletgate_method" value="kakaopay-wallet"/);
      assert.match(a.text, /<span class="name">Pay with KakaoPay<\/span>/);
      assert.match(a.text, /<input type="hidden" name="interface_type" value="\{&quot;id&quot;:22\}">/);
      assert.deepEqual(await snapshot(), before);
    });

    it('the choice posts the signed parameters back: one payment, 303 to the landing page; the link again leads to it', async () => {
      const params = order();
      const url = link(params);
      const page = await fetchPage(url);
      const fields = [...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
        (m) => [m[1]!, m[2]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'")] as [string, string],
      );
      const form = new URLSearchParams([...fields, ['walletgate_method', 'kakaopay-wallet']]);
      const before = await snapshot();
      const chosen = await fetchPage(`${base()}/payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      assert.equal(chosen.status, 303, chosen.text.slice(0, 400));
      assert.match(chosen.location ?? '', /\/pay\/[\w-]+$/);
      assert.equal((await snapshot()).payments, before.payments + 1);

      const again = await fetchPage(url);
      assert.equal(again.status, 303, 'the same link again');
      assert.equal(again.location, chosen.location, 'leads to the payment it made');
      const twice = await fetchPage(`${base()}/payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      assert.equal(twice.location, chosen.location, 'the choice posted twice');
      assert.equal((await snapshot()).payments, before.payments + 1, 'one payment');

      const token = chosen.location!.split('/').pop()!;
      const made = (await gw.services.store.payments.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 50 })).items.find(
        (p) => p.customerToken === token,
      )!;
      assert.equal(made.dialect, 'ecommpay');
      assert.equal(made.reference, params.payment_id);
      assert.equal(made.amount, 15000);
      assert.equal(made.method, 'kakaopay');
      assert.equal(made.status, 'pending_customer');
      const x = extrasOf(made);
      assert.equal(x.via, 'payment_page');
      assert.equal(x.projectId, DEMO_ECOMMPAY.projectId);
      assert.equal(x.customerId, 'customer1');
      assert.equal(x.customerIp, '127.0.0.1', 'the customer’s browser, as Gate’s customer.ip_address');
      assert.deepEqual(x.returnUrls, { success: 'https://shop.example/success', decline: 'https://shop.example/fail' });
    });

    it('force_payment_method=kakaopay-wallet goes straight to KakaoPay; booleans, frame_mode and a text "true" are read as the package signed them', async () => {
      const forced = await fetchPage(
        link(order({ force_payment_method: 'kakaopay-wallet', redirect: true, redirect_on_mobile: false, payment_description: 'true' })),
      );
      assert.equal(forced.status, 303, forced.text.slice(0, 400));
      assert.match(forced.location ?? '', /\/pay\/[\w-]+$/);
      // a HEAD is nobody opening the link: it makes no payment
      const before = await snapshot();
      const head = await fetch(link(order({ force_payment_method: 'kakaopay-wallet' })), { method: 'HEAD', redirect: 'manual' });
      assert.equal(head.status, 404);
      assert.deepEqual(await snapshot(), before);
      // frame_mode is in the URL but not signed: any value passes
      const framed = link(order({ frame_mode: 'iframe' })).replace('frame_mode=iframe', 'frame_mode=popup');
      assert.equal((await fetchPage(framed)).status, 200);
      // redirect_success_url / redirect_fail_url stand in for the merchant_ ones
      const clean = order({ redirect_success_url: 'https://shop.example/r-ok', redirect_fail_url: 'https://shop.example/r-fail' });
      delete (clean as Record<string, unknown>).merchant_success_url;
      delete (clean as Record<string, unknown>).merchant_fail_url;
      const viaClean = await fetchPage(link({ ...clean, force_payment_method: 'kakaopay-wallet' }));
      assert.equal(viaClean.status, 303);
      const token = viaClean.location!.split('/').pop()!;
      const made = (await gw.services.store.payments.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 50 })).items.find(
        (p) => p.customerToken === token,
      )!;
      assert.deepEqual(extrasOf(made).returnUrls, { success: 'https://shop.example/r-ok', decline: 'https://shop.example/r-fail' });
    });

    it('the page lists what the core can carry for the currency: GCash for PHP (Alipay+), one dialect for every wallet', async () => {
      const a = await fetchPage(link(order({ payment_currency: 'PHP', payment_amount: 25000 })));
      assert.equal(a.status, 200, a.text.slice(0, 400));
      assert.match(a.text, /250\.00 PHP/);
      assert.deepEqual(
        [...a.text.matchAll(/name="walletgate_method" value="([^"]+)"/g)].map((m) => m[1]),
        ['gcash-wallet'],
      );
      const forced = await fetchPage(link(order({ payment_currency: 'PHP', payment_amount: 25000, force_payment_method: 'gcash-wallet' })));
      assert.equal(forced.status, 303, forced.text.slice(0, 400));
    });

    describe('bad links: a clear error page, 4xx, nothing stored', () => {
      it('no parameters, no signature, a wrong or tampered signature, an unknown or malformed project', async () => {
        await refused(`${base()}/payment`, 400, /carries no parameters/);
        await refused(link(order()).replace(/&signature=[^&]*$/, ''), 400, /has no signature/);
        await refused(link(order(), { secret: 'not-the-secret' }), 403, /signature does not match/);
        await refused(
          link(order({ payment_amount: 1000 })).replace('payment_amount=1000', 'payment_amount=1'),
          403,
          /signature does not match/,
        );
        await refused(link(order({ force_payment_method: 'kakaopay-wallet' }), { project: '999999' }), 404, /There is no project 999999/);
        await refused(link(order(), { project: 'abc' }), 400, /project_id must be a positive whole number/);
        await refused(link(order()).replace(/project_id=210&/, ''), 400, /project_id is missing/);
      });

      it('each required parameter missing, and bad amounts, currencies, URLs and dates', async () => {
        for (const name of ['payment_id', 'payment_amount', 'payment_currency', 'customer_id']) {
          const params: Record<string, unknown> = order();
          delete params[name];
          await refused(link(params), 400, new RegExp(`${name} is missing`));
        }
        for (const amount of ['0', '12.5', '-5', '1e3', '99999999999999999']) {
          await refused(link(order({ payment_amount: amount })), 400, /payment_amount must be a positive whole number/);
        }
        await refused(link(order({ payment_currency: 'XXX' })), 400, /payment_currency must be an ISO 4217 code/);
        await refused(link(order({ payment_currency: 'krw' })), 400, /payment_currency must be an ISO 4217 code/);
        await refused(
          link(order({ merchant_success_url: 'javascript:alert(1)' })),
          400,
          /merchant_success_url must be an http or https URL/,
        );
        await refused(link(order({ best_before: 'soon' })), 400, /best_before must be a date/);
        await refused(link(order({ best_before: '2020-01-01T00:00:00+00:00' })), 410, /best_before .* has passed/, /expired/);
        await refused(`${link(order())}&payment_id=again`, 400, /payment_id is given more than once/);
        // refused before routing (walletgate keeps no NUL): the same page, not Gate's JSON
        await refused(`${link(order())}&payment_description=a%00b`, 400, /The link cannot be read: it contains %00/);
      });

      it('a method the page does not offer, KakaoPay in another currency, an amount no method takes', async () => {
        await refused(link(order({ force_payment_method: 'card' })), 400, /force_payment_method names no method/);
        await refused(link(order({ force_payment_method: 'kakaopay-wallet', payment_currency: 'EUR' })), 400, /KakaoPay takes KRW only/);
        await refused(link(order({ payment_currency: 'EUR' })), 422, /No method on offer takes 15000 EUR/, /No payment method/);
        await refused(link(order({ payment_amount: 100_000_001 })), 422, /No method on offer/, /No payment method/);
        await refused(
          link(order({ payment_amount: 100_000_001, force_payment_method: 'kakaopay-wallet' })),
          400,
          /KakaoPay takes amounts between 1 and 100000000/,
          /cannot be made/,
        );
      });

      it('a posted choice that names no offered method, and a form body that cannot be read', async () => {
        const url = new URL(link(order()));
        const post = (body: string, type = 'application/x-www-form-urlencoded'): RequestInit => ({
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        const signed = url.searchParams.toString();
        await refused(`${base()}/payment`, 400, /did not name a method/, /Choose a payment method/, post(signed));
        await refused(
          `${base()}/payment`,
          400,
          /did not name a method/,
          /Choose a payment method/,
          post(`${signed}&walletgate_method=gcash-wallet`),
        );
        await refused(
          `${base()}/payment`,
          403,
          /signature does not match/,
          /not valid/,
          post(`${signed.replace('customer1', 'customer2')}&walletgate_method=kakaopay-wallet`),
        );
        await refused(`${base()}/payment`, 400, /could not be read/, /not valid/, post('x'.repeat(70 * 1024)));
        await refused(
          `${base()}/payment`,
          400,
          /project_id must be text/,
          /not valid/,
          post('{"project_id":210,"signature":"x"}', 'application/json'),
        );
        await refused(`${base()}/payment`, 400, /could not be read/, /not valid/, post(signed, 'text/plain'));
        await refused(`${base()}/payment`, 400, /could not be read/, /not valid/, post('{"a":"\\u0000"}', 'application/json'));
        await refused(`${base()}/payment`, 400, /could not be read/, /not valid/, post('{"a":', 'application/json'));
      });

      it('a payment_id already used by another request of the project: 409', async () => {
        const params = order({ force_payment_method: 'kakaopay-wallet' });
        assert.equal((await fetchPage(link(params))).status, 303);
        await refused(
          link({ ...params, payment_amount: 16000 }),
          409,
          new RegExp(`payment_id ${params.payment_id} is already used`),
          /already used/,
        );
        await refused(link({ ...params, customer_id: 'someone-else' }), 409, /already used/, /already used/);
      });
    });
  });
}
