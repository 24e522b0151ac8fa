/**
 * checkout-sdk-node → walletgate: the recurring story (first payment agreed in the wallet → src_ id
 * → merchant-initiated charges), refunds (partial, full, one too many) and the actions list.
 * On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Checkout } from 'checkout-sdk-node';
import type { Gateway } from '../helpers/gateway-harness.js';
import { parseId } from '../../src/dialects/checkoutcom/ids.js';
import {
  ckoGatewayFor,
  customerDoes,
  kakaoPayRequest,
  kinds,
  rejectsWith,
  startPayment,
  unique,
  webhook,
  type Json,
} from './checkoutcom-support.js';

/** A KakaoPay payment the customer has approved; answers its GET. */
async function paidPayment(gw: Gateway, cko: Checkout, amount = 10_000, extra: Json = {}): Promise<Json> {
  const p = await startPayment(cko, kakaoPayRequest(gw, unique('paid'), { amount, ...extra }));
  await customerDoes(gw, p.redirectLink, 'approve');
  await webhook(gw, 'payment_captured', p.id);
  return cko.payments.get(p.id);
}

for (const kind of kinds) {
  describe(`checkout-sdk-node → walletgate: recurring and refunds on ${kind}`, () => {
    const t = ckoGatewayFor(kind);

    it('recurring: first payment agreed → src_ id → merchant-initiated charge 202 Pending → Captured; made-up sources and other currencies refused', async () => {
      const email = `${unique('subscriber')}@shop.example`;
      const first = await startPayment(
        t.cko,
        kakaoPayRequest(t.gw, unique('sub-first'), {
          payment_type: 'Recurring',
          capture: 'true',
          processing: { terminal_type: 'WEB' },
          customer: { email, name: 'John Smith' },
        }),
      );
      // seed 002: the 202 already names the source; it can be charged only once the customer agrees
      assert.deepEqual(first.source, { id: first.source?.id, type: 'kakaopay' });
      assert.match(first.source.id, /^src_[a-z2-7]{26}$/);
      await rejectsWith(
        t.cko.payments.request({ amount: 100, currency: 'KRW', source: { id: first.source.id }, reference: unique('too-early') }),
        'ValidationError',
        422,
        'source_inactive',
      );
      await customerDoes(t.gw, first.redirectLink, 'approve');
      const firstCaptured = await webhook(t.gw, 'payment_captured', first.id);
      const got: Json = await t.cko.payments.get(first.id);
      assert.equal(got.status, 'Captured');
      assert.equal(got.payment_type, 'Recurring');
      assert.equal(got.source.type, 'kakaopay');
      assert.match(got.source.id ?? '', /^src_[a-z2-7]{26}$/, JSON.stringify(got.source));
      assert.deepEqual(firstCaptured.data.source, got.source, 'the first payment_captured already names the src_');
      assert.equal(got.source.id, first.source.id, 'the source the 202 named');

      // seed 002's merchant-initiated request, in KRW
      const reference = unique('sub-charge');
      const charge: Json = await t.cko.payments.request(
        {
          amount: 4400,
          currency: 'KRW',
          source: { type: 'id', id: got.source.id },
          payment_type: 'Recurring',
          reference,
          customer: { name: 'John Smith', email },
          shipping: { address: { country: 'GB' } },
          items: [{ reference: '1st item reference', name: '1st item name', unit_price: 4400, quantity: 1 }],
          processing_channel_id: got.processing_channel_id,
        },
        unique('mit'),
      );
      assert.match(charge.id, /^pay_[a-z2-7]{26}$/);
      assert.equal(charge.status, 'Pending');
      assert.equal(charge.reference, reference);
      assert.deepEqual(charge.source, { id: got.source.id, type: 'kakaopay' });
      assert.equal(charge.customer.id, first.customer.id, 'the same customer profile');
      assert.equal(charge.requiresRedirect, false, 'no customer involved');
      assert.equal(charge._links.redirect, undefined);

      const captured = await webhook(t.gw, 'payment_captured', charge.id);
      assert.equal(captured.data.amount, 4400);
      assert.deepEqual(captured.data.source, { id: got.source.id, type: 'kakaopay' });
      const charged: Json = await t.cko.payments.get(charge.id);
      assert.equal(charged.status, 'Captured');
      assert.equal(charged.balances.total_captured, 4400);
      assert.equal(charged.source.id, got.source.id);

      // A charge without customer details still belongs to the agreement's customer.
      const bare: Json = await t.cko.payments.request({
        amount: 100,
        currency: 'KRW',
        source: { id: got.source.id },
        reference: unique('bare'),
      });
      assert.equal(bare.customer.id, first.customer.id);
      await webhook(t.gw, 'payment_captured', bare.id);

      // A made-up source, and a one-off payment (which stored no source), cannot be charged.
      await rejectsWith(
        t.cko.payments.request({
          amount: 100,
          currency: 'KRW',
          source: { type: 'id', id: 'src_aaaaaaaaaaaaaaaaaaaaaaaaaa' },
          reference: 'x',
        }),
        'ValidationError',
        422,
        'source_id_invalid',
      );
      await rejectsWith(
        t.cko.payments.request({ amount: 100, currency: 'EUR', source: { type: 'id', id: got.source.id }, reference: 'x' }),
        'ValidationError',
        422,
        // the source's own currency is told first
        'currency_invalid',
      );
    });

    it('a Recurring payment the customer cancels: its source never becomes chargeable', async () => {
      const first = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('sub-cancel'), { payment_type: 'Recurring' }));
      await customerDoes(t.gw, first.redirectLink, 'cancel');
      await webhook(t.gw, 'payment_canceled', first.id);
      await rejectsWith(
        t.cko.payments.request({ amount: 100, currency: 'KRW', source: { id: first.source.id }, reference: unique('never') }),
        'ValidationError',
        422,
        'source_inactive',
      );
    });

    it('a declined merchant-initiated charge: 202 Pending, then payment_declined and Declined', async () => {
      const first = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('sub2'), { payment_type: 'Recurring' }));
      await customerDoes(t.gw, first.redirectLink, 'approve');
      await webhook(t.gw, 'payment_captured', first.id);
      const { source } = (await t.cko.payments.get(first.id)) as Json;
      // The KakaoPay sandbox declines a subscription charge whose item name carries its [decline] magic value.
      const charge: Json = await t.cko.payments.request({
        amount: 3000,
        currency: 'KRW',
        source: { id: source.id },
        reference: unique('decl'),
        description: 'Monthly box [decline]',
      });
      assert.equal(charge.status, 'Pending');
      const declined = await webhook(t.gw, 'payment_declined', charge.id);
      assert.equal(declined.data.response_code, '20005');
      const got: Json = await t.cko.payments.get(charge.id);
      assert.equal(got.status, 'Declined');
      assert.equal(got.approved, false);
    });

    it('refunds: partial, then the rest, then one too many; balances, actions and webhooks follow', async () => {
      const p = await paidPayment(t.gw, t.cko, 10_000);
      const r1: Json = await t.cko.payments.refund(p.id, { amount: 3000, reference: 'refund-1' }, unique('r1'));
      assert.match(r1.action_id, /^act_[a-z2-7]{26}$/);
      assert.equal(r1.reference, 'refund-1');
      assert.equal(r1._links.payment.href, p._links.self.href);
      const refunded = await webhook(t.gw, 'payment_refunded', p.id);
      assert.equal(refunded.data.action_id, r1.action_id);
      assert.equal(refunded.data.amount, 3000);
      await webhook(t.gw, 'payment_refund_pending', p.id);

      let got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.status, 'Partially Refunded');
      assert.equal(got.balances.total_refunded, 3000);
      assert.equal(got.balances.available_to_refund, 7000);

      await rejectsWith(t.cko.payments.refund(p.id, { amount: 7001 }), 'ValidationError', 422, 'refund_amount_exceeds_balance');

      const r2: Json = await t.cko.payments.refund(p.id); // no amount: the rest
      got = await t.cko.payments.get(p.id);
      assert.equal(got.status, 'Refunded');
      assert.equal(got.balances.total_refunded, 10_000);
      assert.equal(got.balances.available_to_refund, 0);
      assert.equal(got._links.refund, undefined, 'no refund link once nothing is left');

      await rejectsWith(t.cko.payments.refund(p.id, { amount: 1 }), 'ActionNotAllowed', 403, 'refund_not_allowed');

      const actions: Json[] = await t.cko.payments.getActions(p.id);
      const refunds = actions.filter((a) => a.type === 'Refund');
      assert.deepEqual(refunds.map((a) => a.id).sort(), [r1.action_id, r2.action_id].sort());
      assert.deepEqual(
        refunds.map((a) => a.amount).sort((a, b) => a - b),
        [3000, 7000],
      );
      assert.ok(refunds.every((a) => a.approved === true && a.response_code === '10000'));
      assert.deepEqual(
        actions.filter((a) => a.type !== 'Refund').map((a) => a.type),
        ['Capture', 'Authorization'],
      );
    });

    it('refund idempotency: a replay is the same action, a different amount under the key is 409, money moves once', async () => {
      const p = await paidPayment(t.gw, t.cko, 5000);
      const key = unique('ridem');
      const a: Json = await t.cko.payments.refund(p.id, { amount: 1000 }, key);
      const b: Json = await t.cko.payments.refund(p.id, { amount: 1000 }, key);
      assert.equal(b.action_id, a.action_id);
      await rejectsWith(
        t.cko.payments.refund(p.id, { amount: 2000 }, key),
        'UrlAlreadyRegistered',
        409,
        'idempotency_key_used_with_different_request',
      );
      const got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.balances.total_refunded, 1000);
    });

    it('a keyed full refund sent again once nothing is left replays its answer, never a refusal; eight at once make one refund (ADR 0047)', async () => {
      const p = await paidPayment(t.gw, t.cko, 3000);
      const key = unique('rfull');
      const first: Json = await t.cko.payments.refund(p.id, { amount: 3000 }, key);
      // the request would now be refused (nothing is left to refund): its key's first answer comes first
      const again: Json = await t.cko.payments.refund(p.id, { amount: 3000 }, key);
      assert.equal(again.action_id, first.action_id);
      const q = await paidPayment(t.gw, t.cko, 3000);
      const burstKey = unique('rburst');
      const burst = await Promise.all(
        Array.from({ length: 8 }, () => t.cko.payments.refund(q.id, { amount: 1000 }, burstKey) as Promise<Json>),
      );
      assert.equal(new Set(burst.map((r) => r.action_id)).size, 1, 'one refund, answered eight times');
      const got: Json = await t.cko.payments.get(q.id);
      assert.equal(got.balances.total_refunded, 1000, 'refunded once');
      assert.equal(got.balances.available_to_refund, 2000);
    });
  });
}

/**
 * Refunds at once on one payment, on a gateway of its own with a generous KakaoPay timeout (the
 * harness's 1 s turns a loaded machine's slowness into unknown outcomes). Whatever the timing, every
 * accepted refund is awaited to its outcome webhook (a refund whose wallet call went unanswered is
 * settled by the sweeper), and the balances must agree with the refunds and with the wallet.
 */
for (const kind of kinds) {
  describe(`checkout-sdk-node → walletgate: concurrent refunds on ${kind}`, () => {
    const t = ckoGatewayFor(kind, { KAKAOPAY_TIMEOUT_MS: '20000' });

    it('concurrent refunds never exceed what was captured, and every accepted one is accounted for', async () => {
      const p = await paidPayment(t.gw, t.cko, 6000);
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => t.cko.payments.refund(p.id, { amount: 1000 })));
      const accepted: Json[] = [];
      for (const r of results) {
        if (r.status === 'fulfilled') accepted.push(r.value as Json);
        else {
          // more than is left while others are in progress; or, once all of it is refunded, no refund at all
          const err = r.reason as { http_code: number; body: Json };
          const refusal = `${err.http_code} ${(err.body.error_codes as string[]).join()}`;
          assert.ok(['422 refund_amount_exceeds_balance', '403 refund_not_allowed'].includes(refusal), JSON.stringify(err.body));
        }
      }
      const outcomes = await Promise.all(
        accepted.map((a) =>
          t.gw.receiver.waitFor(
            (n) =>
              ['payment_refunded', 'payment_refund_declined'].includes((n.json as Json).type) &&
              (n.json as Json).data?.action_id === a.action_id,
            120_000,
          ),
        ),
      );
      const refunded = outcomes.filter((n) => (n.json as Json).type === 'payment_refunded').length * 1000;
      const declined = outcomes.length - refunded / 1000;
      // six fit; a declined refund gives its amount back, which another request may then take
      assert.ok(accepted.length >= 6 && accepted.length <= 6 + declined, `${accepted.length} accepted, ${declined} declined`);
      assert.ok(refunded <= 6000, `never more than captured: ${refunded}`);
      const got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.balances.total_refunded, refunded);
      assert.equal(got.balances.available_to_refund, 6000 - refunded);
      assert.equal(got.status, refunded === 6000 ? 'Refunded' : 'Partially Refunded');
      const payment = await t.gw.services.store.payments.getById(parseId('payment', p.id)!);
      assert.equal(payment!.refundReservedAmount, 0, 'nothing is still reserved');
      const wallet = await t.gw.services.deps.connectors.kakaopay!.lookupPayment(
        payment!.connectorState.ref!,
        payment!.connectorState.wallet!,
      );
      assert.equal(wallet.refundedAmount, refunded, 'the wallet agrees');
      // nothing lost on the way (the usual case): exactly six refunded, the payment is fully refunded
      if (declined === 0) assert.equal(refunded, 6000);
    });
  });
}
