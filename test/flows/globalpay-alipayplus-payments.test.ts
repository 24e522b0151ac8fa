/**
 * The Alipay+ wallets through the GlobalPay API on a real walletgate (Alipay+ sandbox, sandbox
 * customer, merchant receiver), on SQLite and on PostgreSQL: one-time payments for each wallet,
 * the customer cancelling and the wallet declining, partial and full refunds, validation answers in
 * GlobalPay's form that store nothing, the methodID list filter, and closing a preapproval, which
 * revokes the Alipay+ access token.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError, type ConnectorRegistry } from '../../src/core/ports/connector.js';
import { walletDataOf } from '../../src/core/wallet-checkout.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';

const WALLETS = [
  { methodId: 1145, currency: 'HKD', country: 'HK', amount: 12_50 },
  { methodId: 1136, currency: 'IDR', country: 'ID', amount: 150_000_00 },
  { methodId: 1134, currency: 'PHP', country: 'PH', amount: 499_00 },
  { methodId: 1143, currency: 'THB', country: 'TH', amount: 350_00 },
  { methodId: 1144, currency: 'MYR', country: 'MY', amount: 45_90 },
] as const;

type Wallet = (typeof WALLETS)[number];
let seq = 0;

function payment(w: Wallet, extra: Record<string, unknown> = {}) {
  const ref = `aps-${w.methodId}-${Date.now()}-${++seq}`;
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: w.amount,
      Currency: w.currency,
      MethodID: w.methodId,
      ReturnURL: `http://shop.example/return?order=${ref}`,
      Description: 'Tea set',
      BillingAddress: { Country: w.country },
      ...extra,
    },
  };
}

const ofPayment = (id: number, statusId: number) => (n: { json: Record<string, any> }) =>
  n.json.Payment?.ID === id && n.json.Payment?.Status?.ID === statusId;

for (const kind of storeKinds) {
  describe(`GlobalPay Alipay+ wallets on ${kind}`, () => {
    let gw: Gateway;
    // the gateway's own connectors, to ask the Alipay+ sandbox about a token as walletgate would
    let connectors: ConnectorRegistry = {};
    before(async () => {
      gw = await startGateway(kind, { wrapConnectors: (real) => (connectors = real) });
    });
    after(async () => gw.close());

    /** What the merchant has stored: every payment and preapproval, by ID. */
    async function stored(): Promise<{ payments: number[]; preapprovals: number[] }> {
      const payments = await gw.gp('GET', '/v1/payments?pageSize=1000');
      const preapprovals = await gw.gp('GET', '/v1/preapprovals?pageSize=1000');
      return {
        payments: payments.json.Payments.map((p: { ID: number }) => p.ID),
        preapprovals: preapprovals.json.Preapprovals.map((p: { ID: number }) => p.ID),
      };
    }

    async function paid(w: Wallet): Promise<Record<string, any>> {
      const res = await gw.gp('POST', '/v1/payments', payment(w));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      assert.deepEqual(p.Status, { ID: 1, Info: 'Open', Reasons: null });
      assert.equal(p.MethodID, w.methodId);
      assert.equal(p.Currency, w.currency);
      assert.equal(p.Amount, String(w.amount));
      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.equal(walked.json.finalUrl, `${p.ReturnURL}&data=2&MerchantTransactionID=${p.MerchantTransactionID}`);
      const note = await gw.receiver.waitFor(ofPayment(p.ID, 2));
      assert.equal(note.answeredWith, 204);
      assert.equal((note.json.Payment as { MethodID: number }).MethodID, w.methodId);
      return p;
    }

    async function openPreapproval(w: Wallet): Promise<number> {
      const res = await gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: `aps-pre-${w.methodId}-${Date.now()}-${++seq}`,
          Currency: w.currency,
          Description: 'Monthly tea',
          ReturnURL: 'http://shop.example/preapproved',
          MethodID: w.methodId,
          Customer: { Email: 'jdoe@example.com' },
          BillingAddress: { Country: w.country },
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const id = res.json.Preapproval.ID;
      await gw.customer(res.json.Preapproval.RedirectURL, 'approve');
      await gw.receiver.waitFor((n) => (n.json.Preapproval as any)?.ID === id && (n.json.Preapproval as any)?.Status?.ID === 2);
      return id;
    }

    for (const w of WALLETS) {
      it(`a one-time ${w.currency} payment with MethodID ${w.methodId}: the customer approves in the wallet → 2 Success, notified`, async () => {
        const p = await paid(w);
        const got = await gw.gp('GET', `/v1/payments/${p.ID}`);
        assert.deepEqual(got.json.Payment.Status, { ID: 2, Info: 'Success', Reasons: null });
        assert.ok(got.json.Payment.MethodTransactionID, 'the Alipay+ paymentId is recorded');
        assert.equal(got.json.Payment.RedirectURL, null);
      });
    }

    for (const [action, statusId] of [
      ['cancel', 3],
      ['fail', 4],
    ] as const) {
      it(`a GCash payment the customer ${action === 'cancel' ? 'cancels' : 'has declined'} → Status ${statusId}, notified`, async () => {
        const res = await gw.gp('POST', '/v1/payments', payment(WALLETS[2]));
        const p = res.json.Payment;
        const walked = await gw.customer(p.RedirectURL, action);
        assert.equal(walked.status, 200, JSON.stringify(walked.json));
        assert.match(walked.json.finalUrl, new RegExp(`[?&]data=${statusId}&`));
        await gw.receiver.waitFor(ofPayment(p.ID, statusId));
        const got = await gw.gp('GET', `/v1/payments/${p.ID}`);
        assert.equal(got.json.Payment.Status.ID, statusId);
        if (statusId === 4) assert.equal(got.json.Payment.Status.Reasons[0].Code, '121', JSON.stringify(got.json.Payment.Status));
      });
    }

    it('an AlipayHK payment refunded in part, then in full, through the refund API', async () => {
      const p = await paid(WALLETS[0]);
      const types = await gw.gp('GET', `/v1/payments/${p.ID}/refunds/types`);
      assert.deepEqual(
        types.json.RefundTypes.map((t: Record<string, unknown>) => [t.ID, t.AllowsPartialRefund]),
        [[1, true]],
      );
      const r1 = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, { Refund: { MerchantTransactionID: `${p.ID}-r1`, Amount: 500 } });
      assert.equal(r1.status, 201, JSON.stringify(r1.json));
      assert.deepEqual(r1.json.Refund.Status, { ID: 2, Info: 'Success', Reasons: null });
      assert.equal(r1.json.Refund.Currency, 'HKD');
      await gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === r1.json.Refund.ID);
      assert.equal((await gw.gp('GET', `/v1/payments/${p.ID}`)).json.Payment.Status.ID, 21);

      const tooMuch = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, { Refund: { MerchantTransactionID: `${p.ID}-rx`, Amount: 751 } });
      assert.equal(tooMuch.status, 400);
      assert.equal(tooMuch.json.Refund.Status.Reasons[0].Code, '18');

      const r2 = await gw.gp('POST', `/v1/payments/${p.ID}/refunds`, { Refund: { MerchantTransactionID: `${p.ID}-r2`, Amount: 750 } });
      assert.equal(r2.status, 201, JSON.stringify(r2.json));
      assert.equal(r2.json.Refund.Status.ID, 2);
      await gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === r2.json.Refund.ID);
      await gw.receiver.waitFor(ofPayment(p.ID, 22));
      const refunds = await gw.gp('GET', `/v1/payments/${p.ID}/refunds`);
      assert.deepEqual(
        refunds.json.Refunds.map((r: { Amount: string }) => r.Amount),
        ['500', '750'],
      );
    });

    it('requests a wallet cannot take are answered in GlobalPay form, with what to send instead, and store nothing', async () => {
      const preapprovalId = await openPreapproval(WALLETS[0]);
      const before = await stored();
      const reasons = async (path: string, body: unknown) => {
        const res = await gw.gp('POST', path, body);
        assert.equal(res.status, 400, JSON.stringify(res.json));
        assert.equal(res.json.Payment.ID, null);
        assert.equal(res.json.Payment.Status.ID, null);
        return res.json.Payment.Status.Reasons;
      };
      const hk = WALLETS[0];
      assert.deepEqual(await reasons('/v1/payments', payment(hk, { Currency: 'IDR' })), [
        { Code: '100', Info: 'Currency is invalid - AlipayHK does not take IDR; it takes HKD.' },
      ]);
      assert.deepEqual(await reasons('/v1/payments', payment(hk, { BillingAddress: { Country: 'ID' } })), [
        { Code: '19', Info: 'Country is invalid - AlipayHK is not offered in ID; it is offered in HK.' },
      ]);
      assert.deepEqual(await reasons('/v1/payments', payment(hk, { Amount: 10_000_001 })), [
        { Code: '118', Info: 'Amount invalid - AlipayHK takes amounts between 1 and 10000000.' },
      ]);
      const charge = (extra: Record<string, unknown>) => ({
        Payment: {
          PreapprovalID: preapprovalId,
          MerchantTransactionID: `bad-${++seq}`,
          Amount: 100,
          Currency: 'HKD',
          MethodID: 1145,
          ...extra,
        },
      });
      assert.deepEqual(await reasons('/v1/payments/recurrent', charge({ MethodID: 1136, Currency: 'IDR' })), [
        {
          Code: '111',
          Info:
            `Method ID is invalid for preapproval - MethodID 1136 (DANA) is not the method of preapproval ${preapprovalId}, ` +
            'which was made with 1145 (AlipayHK): send MethodID 1145 or leave it out',
        },
      ]);
      assert.deepEqual(await reasons('/v1/payments/recurrent', charge({ Currency: 'IDR' })), [
        {
          Code: '100',
          Info: `Currency is invalid - Currency IDR is not the currency of preapproval ${preapprovalId}: its payments are in HKD`,
        },
      ]);
      assert.deepEqual(await stored(), before);
    });

    it('GET /v1/payments?methodID=1145 lists the AlipayHK payments only', async () => {
      const hk = await paid(WALLETS[0]);
      const dana = await paid(WALLETS[1]);
      const res = await gw.gp('GET', '/v1/payments?methodID=1145&pageSize=1000');
      assert.equal(res.status, 200);
      const ids = res.json.Payments.map((p: { ID: number }) => p.ID);
      assert.ok(ids.includes(hk.ID));
      assert.ok(!ids.includes(dana.ID));
      assert.deepEqual([...new Set(res.json.Payments.map((p: { MethodID: number }) => p.MethodID))], [1145]);
    });

    it('closing a TrueMoney preapproval revokes its Alipay+ access token; a later recurrent payment is refused', async () => {
      const w = WALLETS[3];
      const id = await openPreapproval(w);
      const opened = await gw.gp('GET', `/v1/preapprovals/${id}`);
      assert.deepEqual(opened.json.Preapproval.Status, { ID: 2, Info: 'Open', Reasons: null });
      const record = await gw.services.store.preapprovals.getById(id);
      assert.ok(record?.agreementToken);

      const closed = await gw.gp('DELETE', `/v1/preapprovals/${id}`);
      assert.equal(closed.status, 200, JSON.stringify(closed.json));
      assert.deepEqual(closed.json.Preapproval.Status, { ID: 4, Info: 'Closed', Reasons: null });
      await gw.receiver.waitFor((n) => (n.json.Preapproval as any)?.ID === id && (n.json.Preapproval as any)?.Status?.ID === 4);

      // the wallet itself no longer honours the token: charging it at Alipay+ directly is refused
      const aps = connectors[record.connector]!;
      await assert.rejects(
        aps.chargeAgreement({
          method: record.method,
          agreementToken: record.agreementToken,
          agreementWallet: walletDataOf(record),
          orderId: `after-close-${id}`,
          customerRef: record.merchantId,
          itemName: 'after close',
          amount: 100,
          currency: w.currency,
        }),
        (e: unknown) => e instanceof ConnectorError && e.providerCode === 'INVALID_ACCESS_TOKEN',
      );

      const refused = await gw.gp('POST', '/v1/payments/recurrent', {
        Payment: { PreapprovalID: id, MerchantTransactionID: `after-close-${id}`, Amount: 100, Currency: w.currency, MethodID: w.methodId },
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.json.Payment.Status.Reasons[0].Code, '12');
      assert.match(refused.json.Payment.Status.Reasons[0].Info, /is closed; only an open preapproval can be charged/);
    });
  });
}
