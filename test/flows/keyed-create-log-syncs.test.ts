/**
 * What a create waits for on disk (ADR 0032, ADR 0045), counted by the SQLite store's own log
 * counters, with no background worker running: a create without a key waits for one log sync (the
 * wallet's answer recorded); a create with an idempotency key also waits for one, that of the
 * transaction recording the wallet's answer together with the answer stored under the key, which
 * makes its payment, and the claim written with it (ADR 0047), durable with itself before the answer
 * is sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import type { WriteAheadLogUse } from '../../src/core/ports/store.js';
import { ConnectorError, type Connector } from '../../src/core/ports/connector.js';

/** The wallet refuses to open a checkout for a payment whose item name says so. */
function refusingWhenAsked(real: Connector): Connector {
  const wrapped: Connector = Object.create(real) as Connector;
  Object.assign(wrapped, {
    startPayment: (req: Parameters<Connector['startPayment']>[0], ...rest: unknown[]) =>
      req.itemName.includes('refuse me')
        ? Promise.reject(new ConnectorError('declined', 'the wallet refused this checkout', { providerCode: '-780' }))
        : (real.startPayment as (...a: unknown[]) => Promise<unknown>).call(real, req, ...rest),
  });
  return wrapped;
}

describe('log syncs a create waits for (sqlite)', () => {
  let gw: Gateway;
  let log: () => WriteAheadLogUse;
  before(async () => {
    gw = await startGateway('sqlite', {
      workers: false,
      wrapConnectors: (real) => Object.assign({}, real, { kakaopay: refusingWhenAsked(real.kakaopay!) }),
    });
    const store = gw.services.store;
    assert.ok(store.writeAheadLog, 'a SQLite store counts its log syncs');
    log = () => store.writeAheadLog!();
  });
  after(() => gw.close());

  const create = async (reference: string, key?: string, description = 'syncs') => {
    const res = await fetch(`${gw.base}/adyen/v71/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_ADYEN.apiKey, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({
        merchantAccount: DEMO_ADYEN.merchantAccount,
        reference,
        amount: { currency: 'KRW', value: 15000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: 'http://shop.example/r',
        shopperStatement: description,
      }),
    });
    const body = (await res.json()) as { pspReference?: string; resultCode?: string; refusalReason?: string };
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

  const stored = (key: string) => gw.services.store.idempotency.get('demo', 'adyen', key);

  it('with a key: two transactions, one log sync, that of the wallet answer stored with the answer; the same request again is that answer', async () => {
    const { value, transactions, syncs } = await counted(() => create('syncs-keyed', 'syncs-key-1'));
    assert.equal(value.resultCode, 'RedirectShopper');
    assert.equal(transactions, 2, 'the payment with the claim written with it, the wallet answer with the answer stored under the key');
    assert.equal(syncs, 1, 'only the last waits for the disk; its sync makes the first durable');
    const record = await stored('syncs-key-1');
    assert.equal(record?.responseStatus, 200);
    assert.deepEqual(JSON.parse(record!.responseBody), value, 'the stored answer is the one given');
    const again = await create('syncs-keyed', 'syncs-key-1');
    assert.equal(again.pspReference, value.pspReference, 'replayed');
  });

  it('with a key, a wallet that refuses: the failed payment and its answer in one transaction, replayed as given', async () => {
    const { value, transactions, syncs } = await counted(() => create('syncs-refused', 'syncs-key-2', 'refuse me'));
    assert.equal(value.resultCode, 'Error', JSON.stringify(value));
    assert.equal(value.refusalReason, 'the wallet refused this checkout');
    assert.equal(transactions, 2, 'the payment with its claim, the refusal with the answer stored under the key');
    assert.equal(syncs, 1);
    assert.deepEqual(JSON.parse((await stored('syncs-key-2'))!.responseBody), value);
    assert.deepEqual(await create('syncs-refused', 'syncs-key-2', 'refuse me'), value, 'replayed');
  });
});
