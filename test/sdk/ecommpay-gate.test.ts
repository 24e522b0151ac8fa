/**
 * Conformance of walletgate's ecommpay Gate, driven as a merchant's code drives ecommpay: bodies
 * signed by the official `ecommpay` package's signer, callbacks verified by its Callback class. Seed
 * 003's KakaoPay sale and its outcomes (paid, declined, cancelled, expired), the callbacks' exact
 * shape, the customer's return, merchant_callback_url, payment_id uniqueness and retries. On SQLite
 * and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROJECT,
  callbackOf,
  callbacksOf,
  customerDoes,
  ecpGatewayFor,
  gate,
  kinds,
  sale,
  saleBody,
  shopUrls,
  signedBody,
  status,
  unique,
  verified,
  type Json,
} from './ecommpay-support.js';
import type { OutboxNotification } from '../../src/core/model.js';

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/;

/** Seed 003's final callback, with the values that differ per payment replaced by what they must look like. */
function assertSeedShape(
  cb: Json,
  paymentId: string,
  requestId: string,
  status: 'success' | 'decline',
  code: string,
  message: string,
): void {
  assert.deepEqual(Object.keys(cb), ['project_id', 'payment', 'customer', 'operation', 'signature']);
  assert.equal(cb.project_id, PROJECT);
  assert.deepEqual(Object.keys(cb.payment), ['id', 'type', 'status', 'date', 'method', 'sum', 'description']);
  assert.deepEqual(
    { ...cb.payment, date: 'd' },
    {
      id: paymentId,
      type: 'purchase',
      status,
      date: 'd',
      method: 'kakaopay',
      sum: { amount: 1000, currency: 'KRW' },
      description: '',
    },
  );
  assert.match(cb.payment.date, DATE);
  assert.deepEqual(cb.customer, { id: 'customer123' });
  const op = cb.operation;
  assert.deepEqual(Object.keys(op), [
    'id',
    'type',
    'status',
    'date',
    'created_date',
    'request_id',
    'sum_initial',
    'sum_converted',
    'code',
    'message',
    'provider',
  ]);
  assert.ok(Number.isSafeInteger(op.id) && op.id > 0, String(op.id));
  assert.equal(op.type, 'sale');
  assert.equal(op.status, status);
  assert.match(op.date, DATE);
  assert.match(op.created_date, DATE);
  assert.ok(op.created_date <= op.date);
  assert.equal(op.request_id, requestId);
  assert.deepEqual(op.sum_initial, { amount: 1000, currency: 'KRW' });
  assert.deepEqual(op.sum_converted, { amount: 1000, currency: 'KRW' });
  assert.equal(op.code, code);
  assert.equal(op.message, message);
  assert.deepEqual(Object.keys(op.provider), ['id', 'payment_id', 'auth_code']);
  assert.ok(Number.isSafeInteger(op.provider.id));
  assert.equal(typeof op.provider.payment_id, 'string');
  assert.equal(op.provider.auth_code, '');
  assert.equal(typeof cb.signature, 'string');
}

for (const kind of kinds) {
  describe(`ecommpay Gate sales on ${kind}`, () => {
    const t = ecpGatewayFor(kind);

    it('seed 003 sale: accepted → intermediate callback with the QR code → the customer approves → the final success callback', async () => {
      const paymentId = unique(`ecp-ok-${kind}`);
      const accepted = await sale(t.gw, paymentId);
      const waiting = await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
      assert.equal(waiting.payment.status, 'awaiting customer action');
      assert.equal(waiting.operation.request_id, accepted.request_id);
      assert.deepEqual(Object.keys(waiting), ['project_id', 'payment', 'customer', 'operation', 'display_data', 'signature']);
      assert.equal(waiting.display_data.length, 1);
      const qr = waiting.display_data[0];
      assert.deepEqual({ ...qr, data: 'x' }, { type: 'qr_img', title: 'QR code', data: 'x' });
      assert.ok(qr.data.startsWith(`${t.gw.base}/pay/`), qr.data);

      const landed = await customerDoes(t.gw, qr.data, 'approve');
      assert.equal(landed, shopUrls(t.gw, paymentId).success);
      const paid = await callbackOf(t.gw, paymentId, 'sale', 'success');
      assertSeedShape(paid, paymentId, accepted.request_id, 'success', '0', 'Success');
      assert.notEqual(paid.operation.provider.payment_id, '', 'the wallet’s transaction id');
      assert.equal(paid.operation.id, waiting.operation.id, 'one sale operation');
      assert.deepEqual(callbacksOf(t.gw, paymentId), ['sale:awaiting customer:awaiting customer action', 'sale:success:success']);

      const got = await status(t.gw, paymentId);
      assert.equal(got.project_id, PROJECT);
      assert.deepEqual(got.payment, { ...paid.payment, date: got.payment.date });
      assert.deepEqual(got.customer, { id: 'customer123' });
      assert.equal(got.operations.length, 1);
      assert.deepEqual(got.operations[0], paid.operation);
    });

    it('declined in the wallet: the final callback is a decline with code 20000, and the customer goes to return_url.decline', async () => {
      const paymentId = unique(`ecp-fail-${kind}`);
      const accepted = await sale(t.gw, paymentId);
      const waiting = await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
      const landed = await customerDoes(t.gw, waiting.display_data[0].data, 'fail');
      assert.equal(landed, shopUrls(t.gw, paymentId).decline);
      const declined = await callbackOf(t.gw, paymentId, 'sale', 'decline');
      assertSeedShape(declined, paymentId, accepted.request_id, 'decline', '20000', 'General decline');
      assert.equal(declined.operation.provider.payment_id, '');
      assert.equal((await status(t.gw, paymentId)).payment.status, 'decline');
    });

    it('cancelled by the customer: a decline, no success callback', async () => {
      const paymentId = unique(`ecp-cancel-${kind}`);
      await sale(t.gw, paymentId);
      const waiting = await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
      const landed = await customerDoes(t.gw, waiting.display_data[0].data, 'cancel');
      assert.equal(landed, shopUrls(t.gw, paymentId).decline);
      const declined = await callbackOf(t.gw, paymentId, 'sale', 'decline');
      assert.equal(declined.payment.status, 'decline');
      assert.deepEqual(callbacksOf(t.gw, paymentId), ['sale:awaiting customer:awaiting customer action', 'sale:decline:decline']);
    });

    it('abandoned: the customer never finishes → expired once the wallet times out', async () => {
      const paymentId = unique(`ecp-expired-${kind}`);
      await sale(t.gw, paymentId);
      const waiting = await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
      await customerDoes(t.gw, waiting.display_data[0].data, 'abandon');
      const expired = await callbackOf(t.gw, paymentId, 'sale', 'expired', 30_000);
      assert.equal(expired.payment.status, 'expired');
      assert.equal(expired.operation.code, '20000');
      assert.ok(!callbacksOf(t.gw, paymentId).some((c) => c.includes('success')));
    });

    it('general.merchant_callback_url: the callbacks go there instead of the merchant’s notification URL', async () => {
      const paymentId = unique(`ecp-cburl-${kind}`);
      const before = t.gw.receiver.received.length;
      const url = t.gw.receiver.url.replace('/notify', '/ecommpay-callbacks');
      await sale(t.gw, paymentId, { general: { project_id: PROJECT, payment_id: paymentId, merchant_callback_url: url } });
      const n = await t.gw.receiver.waitFor((r) => (r.json as Json).payment?.id === paymentId);
      verified(n);
      const rows = await t.gw.services.store.outbox.list({ limit: 200 });
      const mine = rows.filter((r) => r.body.includes(paymentId));
      assert.ok(mine.length >= 1);
      for (const r of mine) assert.equal(r.url, url);
      assert.ok(t.gw.receiver.received.length > before);
    });

    it('payment_id is unique per project: the same request again is answered the same and makes nothing; another is refused', async () => {
      const paymentId = unique(`ecp-dup-${kind}`);
      const body = signedBody(saleBody(t.gw, paymentId));
      const first = await gate(t.gw, '/v2/payment/wallet/kakaopay/sale', body, { sign: false });
      assert.equal(first.status, 200, first.text);
      const again = await gate(t.gw, '/v2/payment/wallet/kakaopay/sale', body, { sign: false });
      assert.equal(again.status, 200);
      assert.equal(again.text, first.text, 'the first answer, request_id included');
      const other = await gate(
        t.gw,
        '/v2/payment/wallet/kakaopay/sale',
        saleBody(t.gw, paymentId, { payment: { amount: 2000, currency: 'KRW' } }),
      );
      assert.equal(other.status, 409, other.text);
      assert.equal(other.json.status, 'error');
      assert.equal(other.json.code, '1009');
      assert.equal(other.json.field, 'general.payment_id');
      assert.equal(other.json.payment_id, paymentId);
      assert.equal(other.json.project_id, PROJECT);
      await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
      const payments = await t.gw.services.store.payments.list(
        'demo',
        { dialect: 'ecommpay', reference: paymentId },
        { index: 1, size: 10 },
      );
      assert.equal(payments.total, 1, 'one payment');
      assert.equal(payments.items[0]!.amount, 1000);
    });

    it('status of an unknown payment_id: 404 in ecommpay’s shape', async () => {
      const r = await gate(t.gw, '/v2/payment/status', { general: { project_id: PROJECT, payment_id: unique('nope') } });
      assert.equal(r.status, 404, r.text);
      assert.equal(r.json.status, 'error');
      assert.equal(r.json.code, '1010');
    });

    it('a callback answered with anything but 200 is not acknowledged: the outbox tries again 10 s later', async () => {
      t.gw.receiver.answerWith(204);
      const paymentId = unique(`ecp-204-${kind}`);
      const attempted = new Promise<OutboxNotification>((resolve) => {
        const stop = t.gw.services.dispatcher()!.onAttempt((n) => {
          if (n.body.includes(paymentId)) {
            stop();
            resolve(n);
          }
        });
      });
      try {
        await sale(t.gw, paymentId);
        const row = await attempted;
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, 1);
        assert.equal(row.lastStatusCode, 204);
        assert.match(row.lastError ?? '', /needs 200 OK/);
        const [first] = await t.gw.services.store.outbox.listAttempts(row.id);
        assert.equal(row.nextAttemptAt.getTime() - first!.at.getTime(), 10_000, 'ecommpay retries after 10 s');
      } finally {
        t.gw.receiver.answerWith(200);
      }
    });
  });
}
