/**
 * A developer restarts `npm start` on the same data: the payments and preapprovals approved before
 * the restart can still be refunded and charged, because the built-in KakaoPay sandbox keeps its
 * tids and SIDs beside walletgate's store (a SQLite file in the data folder, or a PostgreSQL schema
 * of its own) instead of in the process's memory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds, testPgUrl } from '../helpers/stores.js';

/** A call to the gateway's own KakaoPay sandbox, as the connector makes it. */
async function kakaopay(gw: Gateway, path: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${gw.base}/sandbox/kakaopay/online/v1/payment/${path}`, {
    method: 'POST',
    headers: { authorization: `SECRET_KEY ${gw.services.config.kakaopay.sandboxSecretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function sandboxRowsIn(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(`select count(*) as n from "${schema}".sandbox_payments`);
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

for (const kind of storeKinds) {
  describe(`a gateway restart on ${kind}`, () => {
    it('a payment and a preapproval approved before the restart are refunded and charged after it', async () => {
      let gw = await startGateway(kind);
      try {
        const ref = `restart-${kind}-${Date.now()}`;
        const created = await gw.gp('POST', '/v1/payments', {
          Payment: {
            MerchantTransactionID: ref,
            Amount: 5000,
            Currency: 'KRW',
            MethodID: 1135,
            ReturnURL: 'http://shop.example/return',
            Description: 'Coffee beans',
          },
        });
        assert.equal(created.status, 201, JSON.stringify(created.json));
        const payId = created.json.Payment.ID;
        const paid = await gw.customer(created.json.Payment.RedirectURL, 'approve');
        assert.equal(paid.status, 200, JSON.stringify(paid.json));
        assert.equal((await gw.gp('GET', `/v1/payments/${payId}`)).json.Payment.Status.ID, 2);

        const pre = await gw.gp('POST', '/v1/preapprovals', {
          Preapproval: {
            MerchantPreapprovalID: `${ref}-pre`,
            Currency: 'KRW',
            Description: 'Monthly beans',
            ReturnURL: 'http://shop.example/return',
            MethodID: 1135,
            Customer: { FirstName: 'Min', LastName: 'Kim', Email: 'min@example.com' },
            BillingAddress: { Country: 'KR' },
          },
        });
        assert.equal(pre.status, 201, JSON.stringify(pre.json));
        const preId = pre.json.Preapproval.ID;
        const agreed = await gw.customer(pre.json.Preapproval.RedirectURL, 'approve');
        assert.equal(agreed.status, 200, JSON.stringify(agreed.json));
        assert.equal((await gw.gp('GET', `/v1/preapprovals/${preId}`)).json.Preapproval.Status.ID, 2);

        // where the sandbox keeps its state: beside the store, never in the process
        const state = gw.services.config.sandbox.state;
        assert.equal(state.kind, kind);
        if (state.kind === 'sqlite') {
          assert.equal(state.file, join(gw.services.config.dataDir, 'sandbox-kakaopay.sqlite'));
          assert.ok(existsSync(state.file));
        } else {
          assert.equal(state.schema, `${gw.storeLocation}_sandbox`);
          assert.equal(await sandboxRowsIn(state.schema), 2, 'the payment and the preapproval registration');
        }

        gw = await gw.restart();

        const refund = await gw.gp('POST', `/v1/payments/${payId}/refunds`, {
          Refund: { MerchantTransactionID: `${ref}-r1`, Amount: 2000 },
        });
        assert.equal(refund.status, 201, JSON.stringify(refund.json));
        assert.equal(refund.json.Refund.Status.ID, 2, JSON.stringify(refund.json.Refund.Status));
        assert.equal((await gw.gp('GET', `/v1/payments/${payId}`)).json.Payment.Status.ID, 21, 'PartiallyRefunded');

        const charge = await gw.gp('POST', '/v1/payments/recurrent', {
          Payment: { PreapprovalID: preId, MerchantTransactionID: `${ref}-charge`, Amount: 1000, Currency: 'KRW', MethodID: 1135 },
        });
        assert.equal(charge.status, 201, JSON.stringify(charge.json));
        assert.equal(charge.json.Payment.Status.ID, 2, JSON.stringify(charge.json.Payment.Status));

        // the sandbox's own order lookup still knows the payment, with the refund on it
        const stored = await gw.services.store.payments.getById(payId);
        const order = await kakaopay(gw, 'order', { cid: 'TC0ONETIME', tid: stored!.connectorState.ref });
        assert.equal(order.status, 200, JSON.stringify(order.body));
        assert.equal(order.body.status, 'PART_CANCEL_PAYMENT');
        assert.equal(order.body.partner_order_id, String(payId));
        assert.equal(order.body.canceled_amount.total, 2000);
        assert.equal(order.body.cancel_available_amount.total, 3000);
        assert.deepEqual(
          order.body.payment_action_details.map((a: { payment_action_type: string }) => a.payment_action_type),
          ['PAYMENT', 'CANCEL'],
        );
      } finally {
        await gw.close();
      }
    });
  });
}
