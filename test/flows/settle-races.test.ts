/**
 * Three roads to one outcome (core/payments/settle-from-wallet.ts): the customer's return and the
 * sweeper settling the same payment at the same time settle it once — one settlement operation,
 * one merchant notification — and a verdict that contradicts a settled payment never flips it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import type { Connector } from '../../src/core/ports/connector.js';
import { sweep } from '../../src/core/reconcile/sweep.js';
import { settlePaymentFromWallet } from '../../src/core/payments/settle-from-wallet.js';

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the customer's return and the sweeper settle one payment once, on ${kind}`, () => {
    let gw: Gateway;
    /** while set, the wallet's approve answer is held back after the wallet approved: `reached` tells it got there */
    let hold: { reached: ReturnType<typeof gate>; release: ReturnType<typeof gate> } | null = null;
    before(async () => {
      gw = await startGateway(kind, {
        workers: false,
        wrapConnectors: (real) => {
          const k = real.kakaopay!;
          const wrapped: Connector = Object.create(k) as Connector;
          wrapped.completePayment = async (input) => {
            const answer = await k.completePayment(input);
            const h = hold;
            if (h) {
              h.reached.open();
              await h.release.opened;
            }
            return answer;
          };
          return { ...real, kakaopay: wrapped };
        },
      });
    });
    after(() => gw.close());

    async function openPayment(ref: string): Promise<{ id: number; url: string }> {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: { MerchantTransactionID: ref, Amount: 1000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return { id: res.json.Payment.ID as number, url: res.json.Payment.RedirectURL as string };
    }

    async function assertSettledOnce(id: number): Promise<void> {
      const p = (await gw.services.store.payments.getById(id))!;
      assert.equal(p.status, 'succeeded');
      assert.equal(p.capturedAmount, 1000);
      assert.equal(p.connectorState.needsSync, false);
      const ops = await gw.services.store.operations.listByPayment('demo', id);
      const settlements = ops.filter((o) => (o.kind === 'approve' || o.kind === 'sync') && o.status === 'ok');
      assert.equal(settlements.length, 1, `one settlement operation: ${JSON.stringify(ops.map((o) => [o.kind, o.status]))}`);
      assert.ok(!ops.some((o) => o.code === 'needs_review'), 'the two roads agreed: nothing for a person');
      const rows = await gw.services.store.outbox.list({ resources: [{ type: 'payment', id }] });
      assert.equal(rows.length, 1, 'one notification to the merchant');
      assert.equal(JSON.parse(rows[0]!.body).Payment.ID, id);
    }

    for (const order of ['the sweeper first', 'both at once'] as const) {
      it(`approved in the wallet, its approve answer held back while the sweeper looks it up: ${order}`, async () => {
        const opened = await openPayment(`settle-race-${kind}-${order.length}-${Date.now()}`);
        hold = { reached: gate(), release: gate() };
        const h = hold;
        const walk = gw.customer(opened.url, 'approve');
        await h.reached.opened; // the wallet has approved; walletgate's return holds the answer
        hold = null;
        const processing = (await gw.services.store.payments.getById(opened.id))!;
        assert.equal(processing.status, 'processing');
        let swept;
        if (order === 'the sweeper first') {
          swept = await sweep(gw.services.deps, { inFlightGraceMs: 0 });
          assert.equal((await gw.services.store.payments.getById(opened.id))!.status, 'succeeded', 'the sweeper settled it');
          h.release.open();
          assert.equal((await walk).status, 200);
        } else {
          const both = Promise.all([sweep(gw.services.deps, { inFlightGraceMs: 0 }), walk]);
          h.release.open();
          const [report, walked] = await both;
          swept = report;
          assert.equal(walked.status, 200);
        }
        assert.equal(swept.errors, 0);
        await assertSettledOnce(opened.id);
      });
    }

    it('an agreement approved in the wallet, its approve answer held back while the sweeper activates it: one activation', async () => {
      const created = await gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: `settle-race-pre-${kind}-${Date.now()}`,
          Currency: 'KRW',
          Description: 'Monthly tea',
          ReturnURL: 'http://shop.example/r',
          MethodID: 1135,
          Customer: { FirstName: 'Min', LastName: 'Kim', Email: 'min@example.com' },
          BillingAddress: { Country: 'KR' },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const id = created.json.Preapproval.ID as number;
      hold = { reached: gate(), release: gate() };
      const h = hold;
      const walk = gw.customer(created.json.Preapproval.RedirectURL as string, 'approve');
      await h.reached.opened;
      hold = null;
      const report = await sweep(gw.services.deps, { inFlightGraceMs: 0 });
      assert.equal(report.errors, 0);
      assert.equal((await gw.services.store.preapprovals.getById(id))!.status, 'active', 'the sweeper activated it');
      h.release.open();
      assert.equal((await walk).status, 200);
      const pre = (await gw.services.store.preapprovals.getById(id))!;
      assert.equal(pre.status, 'active');
      assert.equal(pre.connectorState.needsSync, false);
      const ops = await gw.services.store.operations.listByPreapproval('demo', id);
      const activations = ops.filter((o) => (o.kind === 'approve' || o.kind === 'sync') && o.status === 'ok');
      assert.equal(activations.length, 1, JSON.stringify(ops.map((o) => [o.kind, o.status])));
      assert.equal((await gw.services.store.outbox.list({ resources: [{ type: 'preapproval', id }] })).length, 1);
    });

    it("a success settled from the claim's copy is written as it is only while the row is as that copy says", async () => {
      const success = { outcome: 'succeeded', amount: 1000, approvalRef: 'A-1', agreementToken: null } as const;
      const approved = { kind: 'approve', status: 'ok', amount: 1000, code: 'A-1', message: 'Approved' } as const;
      // the copy is the row: settled from it, one operation, one notification, answered as stored
      const fresh = await openPayment(`settle-written-${kind}-${Date.now()}`);
      const copy = (await gw.services.store.payments.getById(fresh.id))!;
      const settled = await settlePaymentFromWallet(gw.services.deps, fresh.id, success, approved, copy);
      assert.equal(settled.settled, true);
      assert.deepEqual(settled.payment, await gw.services.store.payments.getById(fresh.id));
      assert.equal(settled.payment.status, 'succeeded');
      assert.equal(settled.payment.connectorState.approvalRef, 'A-1');
      const ops = await gw.services.store.operations.listByPayment('demo', fresh.id);
      assert.equal(ops.filter((o) => o.kind === 'approve').length, 1);
      assert.equal((await gw.services.store.outbox.list({ resources: [{ type: 'payment', id: fresh.id }] })).length, 1);
      // another road failed it after the copy was taken: the success is judged on the row as it is now
      const stale = await openPayment(`settle-stale-${kind}-${Date.now()}`);
      const staleCopy = (await gw.services.store.payments.getById(stale.id))!;
      const failed = { outcome: 'failed', code: 'FAIL_PAYMENT', message: 'The wallet reports the payment failed' } as const;
      await settlePaymentFromWallet(gw.services.deps, stale.id, failed, { kind: 'sync', status: 'failed', message: 'failed' });
      const late = await settlePaymentFromWallet(gw.services.deps, stale.id, success, approved, staleCopy);
      assert.equal(late.settled, false);
      assert.equal(late.payment.status, 'failed', 'never flipped by a copy older than the row');
      assert.equal(late.payment.connectorState.needsReview, true, 'the contradiction is flagged for a person');
      assert.equal((await gw.services.store.payments.getById(stale.id))!.status, 'failed');
    });

    it('a verdict that contradicts a settled payment leaves it settled and asks a person to look', async () => {
      const opened = await openPayment(`settle-contradiction-${kind}-${Date.now()}`);
      assert.equal((await gw.customer(opened.url, 'approve')).status, 200);
      const note = { kind: 'sync', status: 'failed', code: 'FAIL_PAYMENT', message: 'The wallet reports the payment failed' } as const;
      const verdict = { outcome: 'failed', code: 'FAIL_PAYMENT', message: 'The wallet reports the payment failed' } as const;
      const again = await settlePaymentFromWallet(gw.services.deps, opened.id, verdict, note);
      assert.equal(again.settled, false);
      assert.equal(again.payment.status, 'succeeded');
      assert.equal(again.payment.connectorState.needsReview, true);
      const ops = await gw.services.store.operations.listByPayment('demo', opened.id);
      const review = ops.find((o) => o.code === 'needs_review');
      assert.match(review?.message ?? '', /already recorded succeeded/);
      // an agreeing verdict is only "already settled": nothing written
      const agreeing = await settlePaymentFromWallet(
        gw.services.deps,
        opened.id,
        { outcome: 'succeeded', amount: 1000, approvalRef: null, agreementToken: null },
        { kind: 'sync', status: 'ok', message: 'again' },
      );
      assert.equal(agreeing.settled, false);
      assert.equal((await gw.services.store.operations.listByPayment('demo', opened.id)).length, ops.length);
      assert.equal((await gw.services.store.outbox.list({ resources: [{ type: 'payment', id: opened.id }] })).length, 1);
    });
  });
}
