/**
 * Keeps docs/openapi/ecommpay.yaml true: its operations are exactly the Gate routes walletgate serves
 * under /ecommpay (the Payment Page's GET /payment is described on its own), and every answer of a
 * real run over HTTP (sales paid and declined, refunds accepted and declined, status, the error
 * answers) and every callback the merchant receives match the schema the description gives. The
 * validator is shown to bite: a real answer with one thing changed fails. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { loadOpenApi, type OpenApiCheck } from '../helpers/openapi-check.js';
import { storeKinds } from '../helpers/stores.js';
import { customerDoes, gate, refundBody, saleBody, signedBody, unique, verified, type Json } from '../sdk/ecommpay-support.js';

const SPEC = fileURLToPath(new URL('../../docs/openapi/ecommpay.yaml', import.meta.url));
const SALE = '/v2/payment/wallet/{method}/sale';
const REFUND = '/v2/payment/wallet/{method}/refund';
const STATUS = '/v2/payment/status';

for (const kind of storeKinds) {
  describe(`docs/openapi/ecommpay.yaml against walletgate on ${kind}`, () => {
    let gw: Gateway;
    let api: OpenApiCheck;
    before(async () => {
      api = loadOpenApi(SPEC);
      gw = await startGateway(kind);
      gw.receiver.answerWith(200);
    });
    after(async () => {
      await gw.close();
    });

    it('describes exactly the Gate routes walletgate serves under /ecommpay', () => {
      api.assertRoutesMatch(gw.routes, '/ecommpay', ['GET /payment', 'POST /payment']);
    });

    it('every answer and every callback of a run matches the description', async () => {
      const answer = async (template: string, path: string, body: Json, opts: { sign?: boolean } = {}) => {
        const r = await gate(gw, path, body, opts);
        api.assertResponse('POST', template, r.status, r.json);
        if (opts.sign !== false)
          assert.ok(api.requestVerdict('POST', template, signedBody(body)).ok, `${template}: the request is described`);
        return r;
      };
      const callback = async (paymentId: string, type: string, status: string) =>
        verified(
          await gw.receiver.waitFor(
            (n) =>
              (n.json as Json).payment?.id === paymentId &&
              (n.json as Json).operation?.type === type &&
              (n.json as Json).operation?.status === status,
          ),
        );

      const paid = unique(`oa-paid-${kind}`);
      assert.equal((await answer(SALE, '/v2/payment/wallet/kakaopay/sale', saleBody(gw, paid))).status, 200);
      const waiting = await callback(paid, 'sale', 'awaiting customer');
      api.assertWebhook('saleCallback', waiting);
      await customerDoes(gw, waiting.display_data[0].data, 'approve');
      api.assertWebhook('saleCallback', await callback(paid, 'sale', 'success'));

      const declined = unique(`oa-declined-${kind}`);
      await answer(SALE, '/v2/payment/wallet/kakaopay/sale', saleBody(gw, declined));
      await customerDoes(gw, (await callback(declined, 'sale', 'awaiting customer')).display_data[0].data, 'fail');
      api.assertWebhook('saleCallback', await callback(declined, 'sale', 'decline'));

      await answer(REFUND, '/v2/payment/wallet/kakaopay/refund', refundBody(paid, 400));
      api.assertWebhook('refundCallback', await callback(paid, 'refund', 'success'));
      await answer('/v2/payment/{method}/refund', '/v2/payment/kakaopay/refund', refundBody(paid, 700));
      api.assertWebhook('refundCallback', await callback(paid, 'refund', 'decline'));

      const status = await answer(STATUS, STATUS, { general: { project_id: 210, payment_id: paid } });
      assert.equal(status.json.operations.length, 3);

      // the error answers
      assert.equal(
        (await answer(SALE, '/v2/payment/wallet/kakaopay/sale', saleBody(gw, paid, { payment: { amount: 1, currency: 'KRW' } }))).status,
        409,
      );
      assert.equal(
        (await answer(SALE, '/v2/payment/wallet/kakaopay/sale', saleBody(gw, unique('x'), { payment: { amount: 1000, currency: 'USD' } })))
          .status,
        400,
      );
      assert.equal((await answer(SALE, '/v2/payment/wallet/kakaopay/sale', saleBody(gw, unique('x')), { sign: false })).status, 400);
      assert.equal((await answer(STATUS, STATUS, { general: { project_id: 210, payment_id: unique('none') } })).status, 404);
      assert.equal((await answer(REFUND, '/v2/payment/wallet/kakaopay/refund', refundBody(paid), { sign: false })).status, 400);
      const forged = await gate(gw, '/v2/payment/wallet/kakaopay/sale', saleBody(gw, unique('x')), { secret: 'wrong' });
      assert.equal(forged.status, 403);
      api.assertResponse('POST', SALE, 403, forged.json);

      // the validator bites: one thing changed in a real answer
      assert.throws(() => api.assertResponse('POST', STATUS, 200, { ...status.json, operations: [] }));
      assert.throws(() => api.assertResponse('POST', STATUS, 200, { ...status.json, extra: 1 }));
      assert.throws(() =>
        api.assertWebhook('saleCallback', { ...waiting, display_data: [{ ...waiting.display_data[0], type: 'qr_data' }] }),
      );
      assert.throws(() => api.assertResponse('POST', SALE, 403, { ...forged.json, code: 1004 }));
    });
  });
}
