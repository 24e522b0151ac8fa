/**
 * The GlobalPay hosted payment page on a real walletgate (Alipay+ sandbox, sandbox customer,
 * merchant receiver), on SQLite and on PostgreSQL: a payment made without MethodID answers 201 with
 * MethodID null and a RedirectURL to walletgate's hosted checkout, which offers the methods that fit
 * (HKD: AlipayHK and KakaoPay through Alipay+) narrowed by IncludeMethodIDs / ExcludeMethodIDs and
 * ordered by PrioritizeMethodIDs; the customer's choice opens that wallet, the approval settles the
 * payment and the merchant is notified with the chosen MethodID.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';

let seq = 0;
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0';

function hppPayment(extra: Record<string, unknown> = {}) {
  const ref = `hpp-${Date.now()}-${++seq}`;
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 12_50,
      Currency: 'HKD',
      ReturnURL: `http://shop.example/return?order=${ref}`,
      Description: 'Tea set',
      ...extra,
    },
  };
}

/** The method codes the page offers, in its order. */
async function offered(url: string): Promise<string[]> {
  const res = await fetch(url, { headers: { 'user-agent': DESKTOP } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  const html = await res.text();
  return [...html.matchAll(/name="method" value="([^"]+)"/g)].map((m) => m[1]!);
}

async function choose(url: string, method: string): Promise<Response> {
  return fetch(`${url}/method`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method }).toString(),
  });
}

for (const kind of storeKinds) {
  describe(`GlobalPay hosted payment page on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    it('no MethodID, PrioritizeMethodIDs [1135]: KakaoPay first, the customer chooses AlipayHK, approves → 2 Success, notified with 1145', async () => {
      const res = await gw.gp('POST', '/v1/payments', hppPayment({ PrioritizeMethodIDs: [1135] }));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      assert.equal(p.MethodID, null);
      assert.deepEqual(p.PrioritizeMethodIDs, [1135]);
      assert.equal(p.IncludeMethodIDs, null);
      assert.deepEqual(p.Status, { ID: 1, Info: 'Open', Reasons: null });
      assert.match(p.RedirectURL, /^http:\/\/127\.0\.0\.1:\d+\/pay\/[\w-]{20,}$/);
      // Bank Transfer takes HKD too (the rate table converts it into the collection account's EUR); no country limits it
      assert.deepEqual(await offered(p.RedirectURL), ['kakaopay', 'alipay_hk', 'bank_transfer']);

      const chosen = await choose(p.RedirectURL, 'alipay_hk');
      assert.equal(chosen.status, 303);
      assert.equal(chosen.headers.get('location'), p.RedirectURL);
      const got = await gw.gp('GET', `/v1/payments/${p.ID}`);
      assert.equal(got.json.Payment.MethodID, 1145);
      assert.equal(got.json.Payment.RedirectURL, p.RedirectURL);
      assert.equal((await choose(p.RedirectURL, 'kakaopay')).status, 303, 'a second choice changes nothing');
      assert.equal((await gw.gp('GET', `/v1/payments/${p.ID}`)).json.Payment.MethodID, 1145);

      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.equal(walked.json.finalUrl, `${p.ReturnURL}&data=2&MerchantTransactionID=${p.MerchantTransactionID}`);
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      assert.equal((note.json.Payment as any).MethodID, 1145);
      assert.deepEqual((note.json.Payment as any).PrioritizeMethodIDs, [1135]);
    });

    it('IncludeMethodIDs [1145] offers AlipayHK only; ExcludeMethodIDs [1145] the others; a method not offered is refused and changes nothing', async () => {
      const only = await gw.gp('POST', '/v1/payments', hppPayment({ IncludeMethodIDs: [1145] }));
      assert.equal(only.status, 201, JSON.stringify(only.json));
      assert.deepEqual(only.json.Payment.IncludeMethodIDs, [1145]);
      assert.deepEqual(await offered(only.json.Payment.RedirectURL), ['alipay_hk']);
      const refused = await choose(only.json.Payment.RedirectURL, 'kakaopay');
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /kakaopay is not on offer/);
      assert.equal((await gw.gp('GET', `/v1/payments/${only.json.Payment.ID}`)).json.Payment.MethodID, null);

      const without = await gw.gp('POST', '/v1/payments', hppPayment({ ExcludeMethodIDs: [1145] }));
      assert.deepEqual(await offered(without.json.Payment.RedirectURL), ['kakaopay', 'bank_transfer']);
    });

    it('the choice form: no method named → 400 page, an unknown link → 404 page; the payment keeps waiting', async () => {
      const res = await gw.gp('POST', '/v1/payments', hppPayment());
      const p = res.json.Payment;
      const empty = await fetch(`${p.RedirectURL}/method`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      assert.equal(empty.status, 400);
      assert.match(empty.headers.get('content-type') ?? '', /^text\/html/);
      const unknown = await choose(`${gw.base}/pay/nosuchtoken000000000000`, 'alipay_hk');
      assert.equal(unknown.status, 404);
      assert.match(unknown.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal((await gw.gp('GET', `/v1/payments/${p.ID}`)).json.Payment.MethodID, null);
    });

    it('SkipHPP=1 with a MethodID and Customer.Email: the RedirectURL goes straight to the wallet', async () => {
      const res = await gw.gp(
        'POST',
        '/v1/payments',
        hppPayment({ MethodID: 1145, SkipHPP: 1, Customer: { Email: 'jdoe@example.com' }, BillingAddress: { Country: 'HK' } }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.Payment.MethodID, 1145);
      const phone = await fetch(res.json.Payment.RedirectURL, {
        redirect: 'manual',
        headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Mobile' },
      });
      assert.equal(phone.status, 302);
      assert.match(phone.headers.get('location') ?? '', /\/sandbox\/alipayplus\//);
    });

    it('the customer goes back to the shop from the page: 3 Cancelled, notified', async () => {
      const res = await gw.gp('POST', '/v1/payments', hppPayment());
      const p = res.json.Payment;
      const back = await fetch(`${p.RedirectURL}/cancel`, { redirect: 'manual' });
      assert.equal(back.status, 303);
      assert.equal(back.headers.get('location'), `${p.ReturnURL}&data=3&MerchantTransactionID=${p.MerchantTransactionID}`);
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 3);
    });

    it("listing by MethodID: a payment awaiting the choice is no method's (its stand-in does not count); once chosen, that method's", async () => {
      const req = hppPayment({ PrioritizeMethodIDs: [1135] });
      const ref = req.Payment.MerchantTransactionID;
      const res = await gw.gp('POST', '/v1/payments', req);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      assert.equal(p.MethodID, null);
      const ids = async (methodId: number) =>
        ((await gw.gp('GET', `/v1/payments?MethodID=${methodId}&MerchantTransactionID=${ref}`)).json.Payments as { ID: number }[]).map(
          (x) => x.ID,
        );
      assert.deepEqual(await ids(1135), [], 'KakaoPay stands in while the customer chooses: not listed as KakaoPay');
      assert.deepEqual(await ids(1145), []);
      assert.deepEqual(
        ((await gw.gp('GET', `/v1/payments?MerchantTransactionID=${ref}`)).json.Payments as { ID: number }[]).map((x) => x.ID),
        [p.ID],
        'listed without the filter',
      );
      assert.equal((await choose(p.RedirectURL, 'alipay_hk')).status, 303);
      assert.deepEqual(await ids(1145), [p.ID]);
      assert.deepEqual(await ids(1135), []);
    });

    it('bad hosted page fields are answered in GlobalPay form and store nothing', async () => {
      const before = (await gw.gp('GET', '/v1/payments?pageSize=1000')).json.Payments.length;
      for (const [extra, code] of [
        [{ IncludeMethodIDs: [4242] }, '5'],
        [{ ExcludeMethodIDs: 'all' }, '2'],
        [{ SkipHPP: 1, Customer: { Email: 'a@b.example' } }, '1'],
        [{ IncludeMethodIDs: [1135], Currency: 'CNY' }, '9'],
      ] as const) {
        const res = await gw.gp('POST', '/v1/payments', hppPayment(extra));
        assert.equal(res.status, 400, JSON.stringify(res.json));
        assert.equal(res.json.Payment.ID, null);
        assert.equal(res.json.Payment.Status.Reasons[0].Code, code, JSON.stringify(res.json));
      }
      assert.equal((await gw.gp('GET', '/v1/payments?pageSize=1000')).json.Payments.length, before);
    });
  });
}
