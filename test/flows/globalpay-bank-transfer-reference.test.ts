/**
 * A merchant's Details.ReferenceNumber names one open payment: a second bank transfer payment of
 * the same merchant with a reference an open one has (compared as banks do: case and spaces aside)
 * is refused in GlobalPay's error shape with nothing stored; once the first is no longer open, the
 * reference is free again; two created at once with one reference: one is stored. On SQLite and
 * PostgreSQL (a partial unique index, migration 0009).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { bankTransferRequest } from '../helpers/bank-transfer-payments.js';
import { storeKinds } from '../helpers/stores.js';

function bankPayment(id: string, reference: string): unknown {
  return bankTransferRequest(id, { Details: { ReferenceNumber: reference } });
}

for (const kind of storeKinds) {
  describe(`Details.ReferenceNumber names one open payment, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());
    const listed = async (merchantTransactionId: string) =>
      (await gw.gp('GET', `/v1/payments?MerchantTransactionID=${merchantTransactionId}`)).json.Payments as unknown[];

    it('a reference an open payment has: 400 code 2, nothing stored; free again once that payment ended', async () => {
      const first = await gw.gp('POST', '/v1/payments', bankPayment('ref-one-a', 'Order 7741'));
      assert.equal(first.status, 201, JSON.stringify(first.json));
      assert.equal(first.json.Payment.ReferenceDetails.ReferenceNumber, 'Order 7741');
      const second = await gw.gp('POST', '/v1/payments', bankPayment('ref-one-b', 'ORDER7741'));
      assert.equal(second.status, 400, JSON.stringify(second.json));
      assert.equal(second.json.Payment.ID, null);
      assert.equal(second.json.Payment.Status.Reasons[0].Code, '2');
      assert.match(
        second.json.Payment.Status.Reasons[0].Info,
        /Details\.ReferenceNumber - The payer reference "ORDER7741" is already the reference of another open payment of this merchant/,
      );
      assert.deepEqual(await listed('ref-one-b'), [], 'nothing stored');
      // the same MerchantTransactionID can be used now: nothing of the refused one was kept
      await gw.services.store.payments.update(first.json.Payment.ID, { status: 'expired' });
      const again = await gw.gp('POST', '/v1/payments', bankPayment('ref-one-b', 'order 7741'));
      assert.equal(again.status, 201, JSON.stringify(again.json));
      const other = await gw.gp('POST', '/v1/payments', bankPayment('ref-one-c', 'Order 7742'));
      assert.equal(other.status, 201, 'another reference is fine');
    });

    it('two created at once with one reference: one is stored, the other refused', async () => {
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(
          ['x', 'y', 'z'].map((s) => gw.gp('POST', '/v1/payments', bankPayment(`ref-race-${round}-${s}`, `RACE-${round}`))),
        );
        assert.deepEqual(results.map((r) => r.status).sort(), [201, 400, 400], JSON.stringify(results.map((r) => r.json.Payment.Status)));
        const stored = await gw.services.store.payments.findByConnectorRef('banktransfer', `RACE-${round}`);
        assert.equal(stored.length, 1);
      }
    });
  });
}
