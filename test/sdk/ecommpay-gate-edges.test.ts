/**
 * ecommpay Gate at its edges: a sale the wallet refuses at once (accepted, then declined in its
 * callback), a refund the wallet declines, identical sales and full refunds sent at the same time
 * (one payment, one refund, nothing refunded twice), and a merchant of its own with no notification
 * URL whose callbacks go to general.merchant_callback_url, signed with its own project's secret. The
 * KakaoPay sandbox cannot refuse on demand, so those two refusals come from wrapping its connector;
 * everything else is real. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError, type Connector, type ConnectorRegistry } from '../../src/core/ports/connector.js';
import { addCredential, createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { uniquePaymentKey } from '../../src/dialects/ecommpay/extras.js';
import {
  PROJECT,
  callbackOf,
  ecpGatewayFor,
  gate,
  kinds,
  paidSale,
  refundBody,
  sale,
  saleBody,
  signedBody,
  unique,
  verified,
  type Json,
} from './ecommpay-support.js';

/** In the description: the wrapped connector refuses to open the checkout. */
const REFUSE_CHECKOUT = '[refuse-checkout]';
/** A refund of exactly this amount is declined by the wrapped connector. */
const DECLINED_REFUND = 777;

function refusing(real: ConnectorRegistry): ConnectorRegistry {
  const k = real.kakaopay!;
  const wrapped = Object.create(k) as Connector;
  Object.assign(wrapped, {
    startPayment: async (input: Parameters<Connector['startPayment']>[0]) => {
      if (input.itemName.includes(REFUSE_CHECKOUT))
        throw new ConnectorError('invalid', 'KakaoPay error -401: invalid secret key', { providerCode: '-401', httpStatus: 401 });
      return k.startPayment(input);
    },
    refund: async (input: Parameters<Connector['refund']>[0], wallet: Parameters<Connector['refund']>[1]) => {
      if (input.amount === DECLINED_REFUND)
        throw new ConnectorError('declined', 'KakaoPay error -721: the refund was refused', { providerCode: '-721', httpStatus: 400 });
      return k.refund(input, wallet);
    },
  });
  return { ...real, kakaopay: wrapped };
}

for (const kind of kinds) {
  describe(`ecommpay Gate edges on ${kind}`, () => {
    const t = ecpGatewayFor(kind, {}, { wrapConnectors: refusing });

    it('a sale the wallet refuses at once is accepted, then declined in its callback (no intermediate one)', async () => {
      const paymentId = unique(`ecp-refused-${kind}`);
      await sale(t.gw, paymentId, { payment: { amount: 1000, currency: 'KRW', description: `Tea ${REFUSE_CHECKOUT}` } });
      const declined = await callbackOf(t.gw, paymentId, 'sale', 'decline');
      assert.equal(declined.payment.status, 'decline');
      assert.equal(declined.operation.code, '20000');
      const mine = t.gw.receiver.received.filter((r) => (r.json as Json).payment?.id === paymentId);
      assert.deepEqual(
        mine.map((r) => (r.json as Json).operation.status),
        ['decline'],
      );
    });

    it('a refund the wallet declines: its callback is a decline, the payment stays a success with nothing refunded', async () => {
      const paymentId = unique(`ecp-wallet-declines-${kind}`);
      await paidSale(t.gw, paymentId);
      const r = await gate(t.gw, '/v2/payment/wallet/kakaopay/refund', refundBody(paymentId, DECLINED_REFUND));
      assert.equal(r.status, 200, r.text);
      const cb = await callbackOf(t.gw, paymentId, 'refund', 'decline');
      assert.equal(cb.operation.request_id, r.json.request_id);
      assert.equal(cb.payment.status, 'success');
      assert.deepEqual(cb.payment.sum, { amount: 1000, currency: 'KRW' });
      const p = await t.gw.services.store.payments.getByUniqueReference('demo', uniquePaymentKey(PROJECT, paymentId));
      assert.equal(p!.refundedAmount, 0);
      assert.equal(p!.refundReservedAmount, 0);
    });

    it('the same sale sent twice at once: one payment, the same answer twice', async () => {
      const paymentId = unique(`ecp-twice-${kind}`);
      const body = signedBody(saleBody(t.gw, paymentId));
      const [a, b] = await Promise.all([
        gate(t.gw, '/v2/payment/wallet/kakaopay/sale', body, { sign: false }),
        gate(t.gw, '/v2/payment/wallet/kakaopay/sale', body, { sign: false }),
      ]);
      assert.equal(a.status, 200, a.text);
      assert.equal(b.text, a.text);
      await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
      const list = await t.gw.services.store.payments.list('demo', { dialect: 'ecommpay', reference: paymentId }, { index: 1, size: 5 });
      assert.equal(list.total, 1);
    });

    it('two full refunds at once: one refunds everything, the other is declined; nothing refunded twice', async () => {
      const paymentId = unique(`ecp-two-refunds-${kind}`);
      await paidSale(t.gw, paymentId);
      const answers = await Promise.all([
        gate(t.gw, '/v2/payment/wallet/kakaopay/refund', refundBody(paymentId)),
        gate(t.gw, '/v2/payment/wallet/kakaopay/refund', refundBody(paymentId)),
      ]);
      for (const a of answers) assert.equal(a.status, 200, a.text);
      const outcomes = await Promise.all(
        answers.map(async (a) =>
          verified(await t.gw.receiver.waitFor((n) => (n.json as Json).operation?.request_id === a.json.request_id)),
        ),
      );
      assert.deepEqual(outcomes.map((o) => o.operation.status).sort(), ['decline', 'success']);
      const p = await t.gw.services.store.payments.getByUniqueReference('demo', uniquePaymentKey(PROJECT, paymentId));
      assert.equal(p!.refundedAmount, 1000);
      assert.equal(p!.status, 'refunded');
    });

    it('a merchant of its own, with no notification URL: callbacks go to merchant_callback_url, signed with its project’s secret', async () => {
      const store = t.gw.services.store;
      const masterKey = t.gw.services.config.masterKey;
      await createMerchant(store, { id: `ecp-shop-${kind}`, name: 'ecp shop', notifyUrl: null });
      const projectId = 700_000 + Math.floor(Math.random() * 100_000);
      const { secret } = await addCredential(store, masterKey, {
        merchantId: `ecp-shop-${kind}`,
        dialect: 'ecommpay',
        keyId: String(projectId),
        secret: `shop-secret-${projectId}`,
      });
      const paymentId = unique(`ecp-own-${kind}`);
      const url = t.gw.receiver.url.replace('/notify', '/own-callbacks');
      const body = saleBody(t.gw, paymentId, { general: { project_id: projectId, payment_id: paymentId, merchant_callback_url: url } });
      // the demo project's secret does not sign for this project
      assert.equal((await gate(t.gw, '/v2/payment/wallet/kakaopay/sale', body)).status, 403);
      const r = await gate(t.gw, '/v2/payment/wallet/kakaopay/sale', body, { secret });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.project_id, projectId);
      const n = await t.gw.receiver.waitFor((x) => (x.json as Json).payment?.id === paymentId);
      const cb = verified(n, secret);
      assert.equal(cb.project_id, projectId);
      assert.throws(() => verified(n), /Invalid signature/, 'not signed with the demo project’s secret');
      // the demo project cannot see it
      const status = await gate(t.gw, '/v2/payment/status', { general: { project_id: PROJECT, payment_id: paymentId } });
      assert.equal(status.status, 404);
    });
  });
}
