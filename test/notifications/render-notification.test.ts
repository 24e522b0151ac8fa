import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStore } from '../helpers/stores.js';
import { createNotifier } from '../../src/notifications/render-notification.js';
import { globalpayNotifications } from '../../src/dialects/globalpay/notification.js';
import { customerLinks } from '../../src/web/customer-links.js';
import { addCredential } from '../../src/core/merchants/manage-merchants.js';
import type { Store } from '../../src/core/ports/store.js';
import type { DialectId, Payment } from '../../src/core/model.js';

describe('notifier', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let payment: Payment;
  before(async () => {
    ({ store, cleanup } = await openTestStore('sqlite'));
    await store.merchants.insert({ id: 'm1', name: 'M1', notifyUrl: 'http://127.0.0.1:9/notify' });
    await addCredential(store, 'key-A', { merchantId: 'm1', dialect: 'globalpay', keyId: '777', secret: 'sekret' });
    payment = await store.payments.insert({
      merchantId: 'm1',
      dialect: 'globalpay',
      reference: 'r1',
      uniqueReference: 'r1',
      method: 'kakaopay',
      connector: 'kakaopay',
      amount: 100,
      currency: 'KRW',
      status: 'succeeded',
      capturedAmount: 100,
      refundedAmount: 0,
      refundReservedAmount: 0,
      description: null,
      customer: null,
      billingAddress: null,
      shippingAddress: null,
      articles: null,
      returnUrl: null,
      customerToken: 'tok-1',
      expiresAt: null,
      preapprovalId: null,
      connectorState: {},
      failureCode: null,
      failureMessage: null,
      extras: {},
    });
  });
  after(() => cleanup());

  const links = customerLinks('http://127.0.0.1:8080');

  it('writes a GlobalPay row signed with the merchant own SiteID:ApiKey, under the id of the work that raised it', async () => {
    const notify = createNotifier({ renderers: { globalpay: globalpayNotifications }, masterKey: 'key-A', links });
    await store.transaction((tx) => notify(tx, { type: 'payment.updated', payment }, 'req_render_1'));
    const [row] = await store.outbox.list({ merchantId: 'm1' });
    assert.equal(row!.requestId, 'req_render_1');
    assert.equal(row!.headers.Authorization, 'Basic ' + Buffer.from('777:sekret').toString('base64'));
    assert.equal(row!.ack, 'status_204');
    assert.equal((JSON.parse(row!.body) as { Payment: { ID: number } }).Payment.ID, payment.id);
  });

  it('an event the dialect does not raise writes nothing and reads neither the merchant nor its keys', async () => {
    const notify = createNotifier({ renderers: { globalpay: globalpayNotifications }, masterKey: 'key-A', links });
    const before = (await store.outbox.list({ merchantId: 'm1' })).length;
    const reads: string[] = [];
    await store.transaction((tx) => {
      const watched = {
        ...tx,
        merchants: { ...tx.merchants, get: (id: string) => (reads.push('merchant'), tx.merchants.get(id)) },
        credentials: { ...tx.credentials, listByMerchant: (id: string) => (reads.push('credentials'), tx.credentials.listByMerchant(id)) },
        notificationTargets: {
          get: (id: string, dialect: DialectId) => (reads.push('target'), tx.notificationTargets.get(id, dialect)),
        },
      };
      return notify(watched, { type: 'payment.updated', payment: { ...payment, status: 'pending_customer' } }, undefined);
    });
    assert.deepEqual(reads, []);
    assert.equal((await store.outbox.list({ merchantId: 'm1' })).length, before);
  });

  it('a notification that cannot be signed is reported, never allowed to undo the state change', async () => {
    const errors: string[] = [];
    const notify = createNotifier({
      renderers: { globalpay: globalpayNotifications },
      masterKey: 'key-B',
      links,
      onRenderError: (e) => errors.push(e.message),
    });
    const before = (await store.outbox.list({ merchantId: 'm1' })).length;
    await store.transaction((tx) => notify(tx, { type: 'payment.updated', payment }, undefined));
    assert.equal(errors.length, 1);
    assert.equal((await store.outbox.list({ merchantId: 'm1' })).length, before);
  });
});
