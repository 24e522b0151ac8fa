import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStore } from '../helpers/stores.js';
import { createNotifier } from '../../src/notifications/render-notification.js';
import { globalpayNotifications } from '../../src/dialects/globalpay/notification.js';
import { customerLinks } from '../../src/web/customer-links.js';
import { addCredential } from '../../src/core/merchants/manage-merchants.js';
import type { Store } from '../../src/core/ports/store.js';
import type { DialectId, OutboxNotification, Payment } from '../../src/core/model.js';

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

  describe('with a dispatcher in this process (ADR 0040)', () => {
    const handedTo = () => {
      const handed: Array<{ ids: number[]; syncs: number }> = [];
      const dispatcher = {
        leaseMs: 60_000,
        take: (rows: readonly OutboxNotification[]) => handed.push({ ids: rows.map((r) => r.id), syncs: store.writeAheadLog!().syncs }),
      };
      return { handed, dispatcher: () => dispatcher };
    };

    it('writes the row leased to it, and hands it over once the transaction is committed', async () => {
      const { handed, dispatcher } = handedTo();
      const notify = createNotifier({ renderers: { globalpay: globalpayNotifications }, masterKey: 'key-A', links, dispatcher });
      const written = Date.now();
      let inside = -1;
      await store.transaction(async (tx) => {
        await notify(tx, { type: 'payment.updated', payment }, 'req_handed_1');
        inside = handed.length;
      });
      assert.equal(inside, 0, 'not handed over before the commit');
      assert.equal(handed.length, 1);
      const row = await store.outbox.get(handed[0]!.ids[0]!);
      assert.equal(row!.requestId, 'req_handed_1');
      assert.ok(row!.leaseUntil!.getTime() >= written + 60_000, 'leased for the dispatcher lease');
      // no other dispatcher claims it meanwhile
      const claimed = await store.outbox.claimDue(new Date(), 60_000, 100);
      assert.equal(claimed.filter((r) => r.id === row!.id).length, 0);
    });

    it('a transaction that rolls back hands over nothing', async () => {
      const { handed, dispatcher } = handedTo();
      const notify = createNotifier({ renderers: { globalpay: globalpayNotifications }, masterKey: 'key-A', links, dispatcher });
      const before = (await store.outbox.list({ merchantId: 'm1' })).length;
      await assert.rejects(
        store.transaction(async (tx) => {
          await notify(tx, { type: 'payment.updated', payment }, undefined);
          throw new Error('undone');
        }),
        /undone/,
      );
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(handed.length, 0);
      assert.equal((await store.outbox.list({ merchantId: 'm1' })).length, before);
    });

    it('from a transaction durable with the next commit, hands the row over only after the log sync that makes it durable (ADR 0041)', async () => {
      const { handed, dispatcher } = handedTo();
      let woken = 0;
      const notify = createNotifier({
        renderers: { globalpay: globalpayNotifications },
        masterKey: 'key-A',
        links,
        dispatcher,
        onEnqueued: () => woken++,
      });
      await store.transaction(
        async (tx) => {
          await notify(tx, { type: 'payment.updated', payment }, 'req_next_commit');
        },
        { durability: 'with-next-commit' },
      );
      const syncsAtCommit = store.writeAheadLog!().syncs;
      assert.equal(handed.length, 0, 'not handed over at its commit: the change may not be on disk yet');
      // the next durable commit's log sync covers it
      await store.merchants.insert({ id: 'm-after-next-commit', name: 'Later', notifyUrl: null });
      assert.equal(handed.length, 1);
      assert.ok(handed[0]!.syncs > syncsAtCommit, 'handed over after a log sync');
      assert.equal(woken, 0, 'nothing to claim: the dispatcher is not woken');
      const row = await store.outbox.get(handed[0]!.ids[0]!);
      assert.equal(row!.requestId, 'req_next_commit');
      assert.ok(row!.leaseUntil !== null, 'written leased to this dispatcher');
    });
  });
});
