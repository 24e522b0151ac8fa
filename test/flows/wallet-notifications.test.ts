/**
 * A wallet's own notifications (core/wallet-notifications/): verified by the connector, kept in the
 * inbox first, applied through the one settle path, once. KakaoPay sends none, so a test connector
 * wraps it and adds `parseNotification` over an HMAC-signed JSON body.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { ConnectorError, type Connector, type WalletNotification } from '../../src/core/ports/connector.js';
import { CoreError } from '../../src/core/errors.js';
import { sweep } from '../../src/core/reconcile/sweep.js';
import { receiveWalletNotification } from '../../src/core/wallet-notifications/receive-wallet-notification.js';

const KEY = 'test-notification-key';
const sign = (body: string): string => createHmac('sha256', KEY).update(body).digest('hex');

interface TestNotice {
  notifyId: string;
  orderId: string;
  result: 'paid' | 'failed';
  amount: number;
}

/** What the test wallet sends: the body and its signature header. */
function notice(n: TestNotice, signature?: string): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(n);
  return { headers: { 'x-test-signature': signature ?? sign(body), authorization: 'Basic c2VjcmV0' }, body };
}

async function parseTestNotification(headers: Readonly<Record<string, string>>, rawBody: string): Promise<WalletNotification> {
  if (headers['x-test-signature'] !== sign(rawBody)) throw new ConnectorError('invalid', 'the signature does not match the body');
  const n = JSON.parse(rawBody) as TestNotice;
  return {
    notificationId: n.notifyId,
    orderId: n.orderId,
    verdict:
      n.result === 'paid'
        ? { outcome: 'succeeded', amount: n.amount, approvalRef: `approval-${n.notifyId}`, agreementToken: null }
        : { outcome: 'failed', code: 'PAYMENT_FAILED', message: 'The wallet notified the payment failed' },
  };
}

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`wallet notifications on ${kind}`, () => {
    let gw: Gateway;
    let plain: Connector;
    /** while set, the wallet's approve answer is held back after the wallet approved */
    let hold: { reached: ReturnType<typeof gate>; release: ReturnType<typeof gate> } | null = null;
    before(async () => {
      gw = await startGateway(kind, {
        workers: false,
        wrapConnectors: (real) => {
          plain = real.kakaopay!;
          const notifying: Connector = Object.create(real.kakaopay!) as Connector;
          notifying.parseNotification = parseTestNotification;
          notifying.acknowledgeNotification = () => ({ status: 200, headers: { 'x-test-ack': 'yes' }, body: '{"ack":"S"}' });
          notifying.completePayment = async (input) => {
            const answer = await real.kakaopay!.completePayment(input);
            const h = hold;
            if (h) {
              h.reached.open();
              await h.release.opened;
            }
            return answer;
          };
          return { ...real, kakaopay: notifying };
        },
      });
    });
    after(() => gw.close());

    let n = 0;
    const unique = (what: string) => `${what}-${kind}-${Date.now()}-${++n}`;

    async function openPayment(): Promise<{ id: number; url: string }> {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: {
          MerchantTransactionID: unique('notify'),
          Amount: 1000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'http://shop.example/r',
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return { id: res.json.Payment.ID as number, url: res.json.Payment.RedirectURL as string };
    }

    const receive = (m: { headers: Record<string, string>; body: string }) =>
      receiveWalletNotification(gw.services.deps, 'kakaopay', m.headers, m.body);
    const ops = (id: number) => gw.services.store.operations.listByPayment('demo', id);
    const outboxRows = (id: number) => gw.services.store.outbox.list({ resources: [{ type: 'payment', id }] });

    it('a paid notification settles the payment once; its retry and the late customer return find nothing left to do', async () => {
      const p = await openPayment();
      const paid = notice({ notifyId: unique('n'), orderId: String(p.id), result: 'paid', amount: 1000 });
      const first = await receive(paid);
      assert.equal(first.duplicate, false);
      assert.equal(first.entry.status, 'applied');
      assert.deepEqual(Object.keys(JSON.parse(first.entry.headers) as object), ['x-test-signature'], 'credentials of a hop are not kept');
      const settled = (await gw.services.store.payments.getById(p.id))!;
      assert.equal(settled.status, 'succeeded');
      assert.equal(settled.capturedAmount, 1000);
      assert.equal(settled.connectorState.approvalRef, `approval-${JSON.parse(paid.body).notifyId}`);
      const afterFirst = await ops(p.id);
      assert.deepEqual(
        afterFirst.filter((o) => o.kind === 'notification').map((o) => o.status),
        ['ok'],
      );

      const again = await receive(paid);
      assert.equal(again.duplicate, true);
      assert.equal(again.entry.id, first.entry.id);
      // the customer comes back from the wallet afterwards, as the wallet redirects them
      const token = p.url.split('/pay/')[1]!;
      const back = await fetch(`${gw.base}/pay/${token}/return?pg_token=late`, { redirect: 'manual' });
      assert.equal(back.status, 303);
      assert.match(back.headers.get('location') ?? '', /data=2/, 'sent to the merchant as paid');
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'succeeded');
      assert.equal((await ops(p.id)).length, afterFirst.length, 'nothing written by the retry or the return');
      assert.equal((await outboxRows(p.id)).length, 1, 'the merchant hears once');
    });

    it('the notification and the customer return settling at once: one settlement, one merchant notification', async () => {
      const p = await openPayment();
      hold = { reached: gate(), release: gate() };
      const h = hold;
      const walk = gw.customer(p.url, 'approve');
      await h.reached.opened; // the wallet approved; the return holds its answer
      hold = null;
      const paid = notice({ notifyId: unique('both'), orderId: String(p.id), result: 'paid', amount: 1000 });
      const both = Promise.all([receive(paid), walk]);
      h.release.open();
      const [received, walked] = await both;
      assert.equal(received.entry.status, 'applied');
      assert.equal(walked.status, 200);
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'succeeded');
      const settlements = (await ops(p.id)).filter((o) => o.status === 'ok' && (o.kind === 'approve' || o.kind === 'notification'));
      assert.equal(settlements.length, 1, JSON.stringify(settlements.map((o) => o.kind)));
      assert.equal((await outboxRows(p.id)).length, 1);
    });

    it('a notification whose signature does not match is refused and not kept', async () => {
      const p = await openPayment();
      const forged = notice({ notifyId: unique('forged'), orderId: String(p.id), result: 'paid', amount: 1000 }, 'f'.repeat(64));
      await assert.rejects(
        receive(forged),
        (e: unknown) => e instanceof CoreError && e.code === 'request_invalid' && /signature/.test(e.message),
      );
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'pending_customer');
      const kept = await gw.services.store.inbox.listUnapplied(1000);
      assert.ok(!kept.some((e) => e.body === forged.body));
    });

    it('a notification naming no payment of the wallet is kept rejected, with why', async () => {
      const res = await receive(notice({ notifyId: unique('stray'), orderId: '999999999', result: 'paid', amount: 1000 }));
      assert.equal(res.entry.status, 'rejected');
      assert.match(res.entry.error ?? '', /No payment 999999999 was made through kakaopay/);
    });

    it('a notification kept but not applied (walletgate stopped) is applied by the sweeper', async () => {
      const p = await openPayment();
      const failed = notice({ notifyId: unique('crash'), orderId: String(p.id), result: 'failed', amount: 1000 });
      // what a receive that crashed right after writing the inbox row leaves behind
      const { entry } = await gw.services.store.inbox.record({
        connector: 'kakaopay',
        notificationId: JSON.parse(failed.body).notifyId,
        headers: JSON.stringify({ 'x-test-signature': failed.headers['x-test-signature'] }),
        body: failed.body,
      });
      const report = await sweep(gw.services.deps, { inFlightGraceMs: 0 });
      assert.equal(report.errors, 0);
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'failed');
      assert.equal(
        (await gw.services.store.inbox.listUnapplied(1000)).find((e) => e.id === entry.id),
        undefined,
      );
      const [note] = (await ops(p.id)).filter((o) => o.kind === 'notification');
      assert.equal(note?.code, 'PAYMENT_FAILED');
      // the wallet's retry of it is now a duplicate
      assert.equal((await receive(failed)).duplicate, true);
      assert.equal((await outboxRows(p.id)).length, 1);
    });

    const post = (path: string, m: { headers: Record<string, string>; body: string }, type = 'application/json; charset=UTF-8') =>
      fetch(`${gw.base}${path}`, { method: 'POST', headers: { ...m.headers, 'content-type': type }, body: m.body });

    it('POST /connectors/:id/notify keeps the exact body, settles, and answers the connector acknowledgement, again on a retry', async () => {
      const p = await openPayment();
      // spacing and key order a JSON re-serialisation would lose: the signature covers these bytes
      const body = `{ "orderId":"${p.id}",  "notifyId":"${unique('http')}", "result":"paid", "amount":1000 }`;
      const m = { headers: { 'x-test-signature': sign(body) }, body };
      for (const attempt of ['first', 'retry']) {
        const res = await post('/connectors/kakaopay/notify', m, attempt === 'first' ? 'application/json; charset=UTF-8' : 'text/plain');
        assert.equal(res.status, 200, attempt);
        assert.equal(res.headers.get('x-test-ack'), 'yes');
        assert.equal(await res.text(), '{"ack":"S"}');
      }
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'succeeded');
      assert.equal((await outboxRows(p.id)).length, 1);
    });

    it('POST /connectors/:id/notify: a bad signature is 400 and not kept; an unknown wallet or one without notifications is 404', async () => {
      const p = await openPayment();
      const forged = notice({ notifyId: unique('http-forged'), orderId: String(p.id), result: 'paid', amount: 1000 }, 'f'.repeat(64));
      const bad = await post('/connectors/kakaopay/notify', forged);
      assert.equal(bad.status, 400);
      const badBody = (await bad.json()) as { error: string; message: string; requestId: string };
      assert.equal(badBody.error, 'bad_request');
      assert.match(badBody.message, /signature/);
      assert.ok(badBody.requestId);
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'pending_customer');
      assert.ok(!(await gw.services.store.inbox.listUnapplied(1000)).some((e) => e.body === forged.body));
      for (const id of ['nosuch', 'constructor']) {
        const res = await post(`/connectors/${id}/notify`, forged);
        assert.equal(res.status, 404, id);
        assert.equal(((await res.json()) as { error: string }).error, 'not_found');
      }
    });

    it('a wallet whose connector reads no notifications is answered not found', async () => {
      const deps = { ...gw.services.deps, connectors: { ...gw.services.deps.connectors, kakaopay: plain } };
      const m = notice({ notifyId: unique('none'), orderId: '1', result: 'paid', amount: 1 });
      await assert.rejects(
        receiveWalletNotification(deps, 'kakaopay', m.headers, m.body),
        (e: unknown) => e instanceof CoreError && e.code === 'not_found',
      );
    });
  });
}
