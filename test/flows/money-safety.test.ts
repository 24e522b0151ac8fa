/**
 * Money is never lost, duplicated or over-refunded — proven with real concurrency over real HTTP,
 * on SQLite and on PostgreSQL, and with a simulated crash between the wallet's answer and our write.
 */
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { ckoId, parseId } from '../../src/dialects/checkoutcom/ids.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { ConnectorError, type Connector, type ConnectorRegistry } from '../../src/core/ports/connector.js';
import { createRefund } from '../../src/core/refunds/create-refund.js';

const kinds = ['sqlite', 'postgres'] as const;

async function paidPayment(gw: Gateway, ref: string, amount: number): Promise<number> {
  const res = await gw.gp('POST', '/v1/payments', {
    Payment: {
      MerchantTransactionID: ref,
      Amount: amount,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/r',
      BillingAddress: { Country: 'KR' },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  await gw.customer(res.json.Payment.RedirectURL, 'approve');
  const got = await gw.gp('GET', `/v1/payments/${res.json.Payment.ID}`);
  assert.equal(got.json.Payment.Status.ID, 2);
  return res.json.Payment.ID;
}

/** After the wallet has done the work, the process "dies" before recording it. */
function crashAfter(real: ConnectorRegistry, method: 'completePayment' | 'refund', armed: { on: boolean }): ConnectorRegistry {
  const k = real.kakaopay!;
  const wrapped: Connector = Object.create(k) as Connector;
  Object.assign(wrapped, {
    [method]: async (...args: unknown[]) => {
      const result = await (k[method] as (...a: unknown[]) => Promise<unknown>).apply(k, args);
      if (armed.on) throw new Error('simulated crash after the wallet answered');
      return result;
    },
  });
  return { ...real, kakaopay: wrapped };
}

/** The approve request is lost on the way: the wallet never sees it and we get no answer. */
function unansweredApprove(real: ConnectorRegistry, armed: { on: boolean }): ConnectorRegistry {
  const k = real.kakaopay!;
  const wrapped: Connector = Object.create(k) as Connector;
  Object.assign(wrapped, {
    completePayment: async (...args: Parameters<Connector['completePayment']>) => {
      if (armed.on) {
        armed.on = false;
        throw new ConnectorError('unknown', 'simulated: connection reset before an answer');
      }
      return k.completePayment(...args);
    },
  });
  return { ...real, kakaopay: wrapped };
}

/**
 * 30 refunds at once on one payment, on a gateway of its own: the wallet calls of 30 concurrent
 * requests are slow on a loaded machine, so this gateway gives KakaoPay a generous timeout (the
 * harness's 1 s would turn slowness into unknown outcomes). The assertions hold whatever the timing:
 * an answer whose wallet call was still unknown (Refund Status 1) counts only once the sweeper has
 * settled it, and the invariants are checked on what the wallet and the store end up saying.
 */
for (const kind of kinds) {
  describe(`concurrent refunds on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind, { env: { KAKAOPAY_TIMEOUT_MS: '20000' } });
    });
    after(() => gw.close());

    it('30 concurrent partial refunds of 100 on a 1,000 payment: never more than paid, every answered refund accounted for', async () => {
      const id = await paidPayment(gw, `race-${kind}-${Date.now()}`, 1000);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          gw.gp('POST', `/v1/payments/${id}/refunds`, { Refund: { MerchantTransactionID: `r-${i}`, Amount: 100 } }),
        ),
      );
      for (const r of results) {
        assert.ok(r.status === 201 || r.status === 400, `${r.status} ${JSON.stringify(r.json)}`);
        if (r.status === 400) assert.equal(r.json.Refund.Status.Reasons[0].Code, '18', 'refused: more than is left to refund');
      }
      const answered = results.filter((r) => r.status === 201).map((r) => r.json.Refund as { ID: number; Status: { ID: number } });
      // an unknown wallet outcome is answered 1 Open; the sweeper settles it (2 Success or 4 Failed) and notifies
      for (const open of answered.filter((r) => r.Status.ID === 1)) {
        await gw.receiver.waitFor(
          (n) => (n.json.Refund as any)?.ID === open.ID && [2, 4].includes((n.json.Refund as any)?.Status?.ID),
          120_000,
        );
      }

      const refunds = await gw.services.store.refunds.listByPayment('demo', id);
      assert.deepEqual(
        refunds.map((r) => r.id).sort(),
        answered.map((r) => r.ID).sort(),
        'every refund written was answered 201; every 400 wrote nothing',
      );
      assert.ok(
        refunds.every((r) => r.status !== 'pending'),
        'every refund is settled',
      );
      const succeeded = refunds.filter((r) => r.status === 'succeeded');
      const failed = refunds.filter((r) => r.status === 'failed');
      // ten fit; a failed refund gives its reservation back, which another request may then take
      assert.ok(answered.length >= 10 && answered.length <= 10 + failed.length, `${answered.length} answered, ${failed.length} failed`);
      const refunded = succeeded.reduce((sum, r) => sum + r.amount, 0);
      assert.ok(refunded <= 1000, `never more than paid: ${refunded}`);
      const payment = await gw.services.store.payments.getById(id);
      assert.equal(payment!.refundedAmount, refunded);
      assert.equal(payment!.refundReservedAmount, 0);
      assert.equal(payment!.status, refunded === 1000 ? 'refunded' : 'partially_refunded');
      // and the wallet agrees
      const wallet = await gw.services.deps.connectors.kakaopay!.lookupPayment(
        payment!.connectorState.ref!,
        payment!.connectorState.wallet!,
      );
      assert.equal(wallet.refundedAmount, refunded);
      // nothing lost on the way (the usual case): exactly ten succeeded, everything is refunded
      if (failed.length === 0) assert.equal(succeeded.length, 10);
    });
  });
}

for (const kind of kinds) {
  describe(`money safety on ${kind}`, () => {
    let gw: Gateway;
    const crash = { on: false };
    const crashRefund = { on: false };
    const lostApprove = { on: false };
    before(async () => {
      gw = await startGateway(kind, {
        wrapConnectors: (real) => {
          const a = crashAfter(real, 'completePayment', crash);
          return unansweredApprove(crashAfter(a, 'refund', crashRefund), lostApprove);
        },
      });
    });
    after(async () => {
      await gw.close();
    });

    it('the same MerchantTransactionID sent 12 times at once makes exactly one payment', async () => {
      const ref = `dup-${kind}-${Date.now()}`;
      const body = {
        Payment: { MerchantTransactionID: ref, Amount: 5000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' },
      };
      const results = await Promise.all(Array.from({ length: 12 }, () => gw.gp('POST', '/v1/payments', body)));
      assert.equal(results.filter((r) => r.status === 201).length, 1, results.map((r) => r.status).join(','));
      for (const r of results.filter((x) => x.status !== 201)) {
        assert.equal(r.status, 400);
        assert.equal(r.json.Payment.Status.Reasons[0].Code, '20');
      }
      const list = await gw.gp('GET', `/v1/payments?merchantTransactionID=${ref}`);
      assert.equal(list.json.Payments.length, 1);
    });

    it('a crash between the wallet approving and walletgate recording it is healed by the sweeper', async () => {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: {
          MerchantTransactionID: `crash-${kind}-${Date.now()}`,
          Amount: 7000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'http://shop.example/r',
        },
      });
      const p = res.json.Payment;
      crash.on = true;
      try {
        await gw.customer(p.RedirectURL, 'approve');
      } finally {
        crash.on = false;
      }
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      assert.ok(note);
      const healed = await gw.services.store.payments.getById(p.ID);
      assert.equal(healed!.status, 'succeeded');
      assert.equal(healed!.capturedAmount, 7000);
      const ops = await gw.services.store.operations.listByPayment('demo', p.ID);
      assert.ok(
        ops.some((o) => o.kind === 'sync' && o.status === 'ok'),
        'the sweeper recorded what it learned',
      );
    });

    it('a crash between the wallet refunding and walletgate recording it is healed by the sweeper', async () => {
      const id = await paidPayment(gw, `crash-refund-${kind}-${Date.now()}`, 2000);
      crashRefund.on = true;
      await assert.rejects(
        createRefund(gw.services.deps, { merchantId: 'demo', paymentId: id, dialect: 'globalpay', amount: 500 }),
        /simulated crash/,
      );
      crashRefund.on = false;
      const pending = await gw.services.store.payments.getById(id);
      assert.equal(pending!.refundReservedAmount, 500, 'the reservation holds while the outcome is unknown');
      await gw.receiver.waitFor((n) => (n.json.Refund as any)?.InitialPaymentID === id && (n.json.Refund as any)?.Status?.ID === 2);
      const healed = await gw.services.store.payments.getById(id);
      assert.equal(healed!.refundedAmount, 500);
      assert.equal(healed!.refundReservedAmount, 0);
      assert.equal(healed!.status, 'partially_refunded');
    });

    it('an approve call that went unanswered is retried by the sweeper with the kept pg_token', async () => {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: {
          MerchantTransactionID: `lost-${kind}-${Date.now()}`,
          Amount: 3000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'http://shop.example/r',
        },
      });
      const p = res.json.Payment;
      lostApprove.on = true;
      await gw.customer(p.RedirectURL, 'approve');
      assert.equal(lostApprove.on, false, 'the approve call was attempted and lost');
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      const ops = await gw.services.store.operations.listByPayment('demo', p.ID);
      assert.ok(
        ops.some((o) => o.kind === 'approve' && o.status === 'pending'),
        'the unknown outcome was recorded',
      );
      assert.ok(
        ops.some((o) => o.kind === 'sync' && o.status === 'ok' && /retry/.test(o.message ?? '')),
        'then settled by the retry',
      );
    });

    // A Checkout.com Recurring first payment (Adyen storePaymentMethod alike): the customer agreed in
    // the wallet, so healing the payment must also keep the agreement, or the merchant loses it.
    for (const [what, armed] of [
      ['a crash after the wallet approved', crash],
      ['an approve call that went unanswered', lostApprove],
    ] as const) {
      it(`${what} on a Recurring first payment: the sweeper settles it and stores its src_ agreement`, async () => {
        const reference = `recurring-heal-${kind}-${Date.now()}`;
        const res = await fetch(`${gw.base}/checkoutcom/payments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 5000, currency: 'KRW', source: { type: 'kakaopay' }, payment_type: 'Recurring', reference }),
        });
        const created = (await res.json()) as { id: string; _links: { redirect: { href: string } } };
        assert.equal(res.status, 202, JSON.stringify(created));
        armed.on = true;
        try {
          await gw.customer(created._links.redirect.href, 'approve');
        } finally {
          armed.on = false;
        }
        const captured = await gw.receiver.waitFor(
          (n) => (n.json as any).type === 'payment_captured' && (n.json as any).data?.id === created.id,
          30_000,
        );
        const source = (captured.json as any).data.source;
        assert.match(source.id ?? '', /^src_[a-z2-7]{26}$/, 'the webhook names the stored source');
        const paymentId = parseId('payment', created.id)!;
        const { items } = await gw.services.store.preapprovals.list('demo', { originPaymentId: paymentId }, { index: 1, size: 5 });
        assert.equal(items.length, 1, 'one agreement stored');
        assert.equal(items[0]!.status, 'active');
        assert.equal(ckoId('source', items[0]!.id), source.id);
        const ops = await gw.services.store.operations.listByPayment('demo', paymentId);
        assert.ok(
          ops.some((o) => o.kind === 'sync' && o.status === 'ok'),
          'settled by the sweeper',
        );
      });
    }

    it('a crash after the wallet issued a preapproval SID: the sweeper activates it from the order lookup', async () => {
      const res = await gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: `pre-crash-${kind}-${Date.now()}`,
          Currency: 'KRW',
          Description: 'monthly box',
          ReturnURL: 'http://shop.example/r',
          MethodID: 1135,
          Customer: { Email: 'subscriber@shop.example' },
          BillingAddress: { Country: 'KR' },
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const pre = res.json.Preapproval;
      crash.on = true;
      try {
        await gw.customer(pre.RedirectURL, 'approve');
      } finally {
        crash.on = false;
      }
      await gw.receiver.waitFor((n) => (n.json.Preapproval as any)?.ID === pre.ID && (n.json.Preapproval as any)?.Status?.ID === 2, 30_000);
      const healed = await gw.services.store.preapprovals.get('demo', pre.ID);
      assert.equal(healed!.status, 'active');
      assert.match(healed!.agreementToken ?? '', /^S/);
      assert.equal(healed!.connectorState.needsSync, false);
      // and it can be charged
      const charge = await gw.gp('POST', '/v1/payments/recurrent', {
        Payment: { MerchantTransactionID: `pre-crash-charge-${kind}-${Date.now()}`, Amount: 1000, Currency: 'KRW', PreapprovalID: pre.ID },
      });
      assert.equal(charge.status, 201, JSON.stringify(charge.json));
      assert.equal(charge.json.Payment.Status.ID, 2);
    });
  });
}
