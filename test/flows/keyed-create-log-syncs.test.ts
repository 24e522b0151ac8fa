/**
 * What a create waits for on disk (ADR 0032), counted by the SQLite store's own log counters, with no
 * background worker running: a create without a key waits for one log sync (the wallet's answer
 * recorded); a create with an idempotency key also waits for one, its stored answer's, which makes
 * its claim, its payment and the wallet's answer durable with itself before the answer is sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import type { WriteAheadLogUse } from '../../src/core/ports/store.js';

describe('log syncs a create waits for (sqlite)', () => {
  let gw: Gateway;
  let log: () => WriteAheadLogUse;
  before(async () => {
    gw = await startGateway('sqlite', { workers: false });
    const store = gw.services.store;
    assert.ok(store.writeAheadLog, 'a SQLite store counts its log syncs');
    log = () => store.writeAheadLog!();
  });
  after(() => gw.close());

  const create = async (reference: string, key?: string) => {
    const res = await fetch(`${gw.base}/adyen/v71/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_ADYEN.apiKey, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({
        merchantAccount: DEMO_ADYEN.merchantAccount,
        reference,
        amount: { currency: 'KRW', value: 15000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: 'http://shop.example/r',
      }),
    });
    const body = (await res.json()) as { pspReference?: string; resultCode?: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    return body;
  };
  const counted = async <T>(fn: () => Promise<T>) => {
    const before = log();
    const value = await fn();
    const after = log();
    return { value, transactions: after.transactions - before.transactions, syncs: after.syncs - before.syncs };
  };

  it('without a key: two transactions, one log sync (the payment is durable with the wallet answer)', async () => {
    const { value, transactions, syncs } = await counted(() => create('syncs-plain'));
    assert.equal(value.resultCode, 'RedirectShopper');
    assert.equal(transactions, 2, 'the payment, then the wallet answer');
    assert.equal(syncs, 1);
  });

  it('with a key: four transactions, one log sync, the stored answer’s; the same request again is that answer', async () => {
    const { value, transactions, syncs } = await counted(() => create('syncs-keyed', 'syncs-key-1'));
    assert.equal(value.resultCode, 'RedirectShopper');
    assert.equal(transactions, 4, 'the claim, the payment, the wallet answer, the stored answer');
    assert.equal(syncs, 1, 'only the stored answer waits for the disk; its sync makes the other three durable');
    const again = await create('syncs-keyed', 'syncs-key-1');
    assert.equal(again.pspReference, value.pspReference, 'replayed');
  });
});
