/**
 * Money kept for a person, resolved by one (core/transfers/apply-held-transfer.ts,
 * return-held-transfer.ts): applied to an open payment with the same accounting as an automatic
 * match (partial, then paid and the merchant notified), refused with nothing written when the payment
 * is not open, is another merchant's, is paid into another account or in another currency, or is
 * due less; marked to be paid back (an overpayment: its surplus), leaving the list and staying in
 * the history. Two people at once on one transfer, from two stores on the same data: one wins. On
 * SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { bankTransferRequest } from '../helpers/bank-transfer-payments.js';
import { storeKinds, testPgUrl } from '../helpers/stores.js';
import type { CoreDeps } from '../../src/core/deps.js';
import { NEEDS_A_PERSON, type Store } from '../../src/core/ports/store.js';
import { applyHeldTransfer } from '../../src/core/transfers/apply-held-transfer.js';
import { importStatement } from '../../src/core/transfers/import-statement.js';
import { returnHeldTransfer } from '../../src/core/transfers/return-held-transfer.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres-store.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';

const today = new Date().toISOString().slice(0, 10);

for (const kind of storeKinds) {
  describe(`money kept for a person, resolved by one, on ${kind}`, () => {
    let gw: Gateway;
    let other: Store;
    let otherDeps: Pick<CoreDeps, 'store' | 'notify' | 'log'>;
    let seq = 0;
    before(async () => {
      gw = await startGateway(kind);
      other =
        kind === 'sqlite'
          ? await openSqliteStore(gw.storeLocation)
          : await openPostgresStore(testPgUrl, { schema: gw.storeLocation, poolSize: 2 });
      otherDeps = { ...gw.services.deps, store: other };
    });
    after(async () => {
      await other.close();
      await gw.close();
    });

    const create = async (ref: string) => {
      const res = await gw.gp('POST', '/v1/payments', bankTransferRequest(ref));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.Payment as Record<string, any>;
    };
    const statusOf = async (id: number) => (await gw.gp('GET', `/v1/payments/${id}`)).json.Payment as Record<string, any>;
    /** One credit in a statement: its kept transfer. */
    const credit = async (amount: string, reference: string, currency = 'EUR') => {
      const id = `RES-${kind}-${++seq}`;
      const csv = `transaction_id,value_date,amount,currency,reference,payer,account\n${id},${today},${amount},${currency},${reference},Jane Roe,`;
      const [r] = await importStatement(gw.services.deps, 'banktransfer', csv, 'resolve.csv');
      return r!.transfer;
    };
    const held = async () => (await gw.services.store.incomingTransfers.list(NEEDS_A_PERSON, 1000)).map((t) => t.id);

    it('applied to an open payment: partial (stays open), then paid and the merchant notified', async () => {
      const p = await create('res-apply');
      const first = await credit('0.50', 'NO-SUCH-REF');
      assert.equal(first.outcome, 'unmatched');
      assert.ok((await held()).includes(first.id));
      const a = await applyHeldTransfer(gw.services.deps, first.id, p.ID);
      assert.deepEqual([a.result, a.applied, a.transfer.resolution, a.transfer.resolvedPaymentId], ['partial', 50, 'applied', p.ID]);
      assert.ok(!(await held()).includes(first.id), 'left the list');
      let now = await statusOf(p.ID);
      assert.deepEqual([now.Status.ID, now.Details.PaidAmount], [1, '50']);
      // a partial payment stays open without a notification, as when the bank's notice brings it (record-incoming-transfer.ts)

      const second = await credit('0.43', '');
      const b = await applyHeldTransfer(gw.services.deps, second.id, p.ID);
      assert.equal(b.result, 'paid');
      now = await statusOf(p.ID);
      assert.deepEqual([now.Status.ID, now.Details.PaidAmount], [2, '93']);
      const paidNote = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any).Status.ID === 2);
      assert.equal((paidNote.json.Payment as any).Details.PaidAmount, '93');

      const history = await gw.services.store.incomingTransfers.list(NEEDS_A_PERSON, 1000, { resolved: true });
      assert.equal(history.find((t) => t.id === first.id)?.resolution, 'applied');
    });

    it('refused, nothing written: not open, another currency, due less, resolved before, applied automatically, unknown', async () => {
      const open = await create('res-refuse-open');
      const paid = await create('res-refuse-paid');
      const auto = await credit('0.93', paid.ReferenceDetails.ReferenceNumber);
      assert.equal(auto.outcome, 'paid');
      const loose = await credit('0.20', 'NOBODY');
      await assert.rejects(applyHeldTransfer(gw.services.deps, loose.id, paid.ID), {
        code: 'payment_state_conflict',
        message: /is succeeded: only an open payment/,
      });
      const dollars = await credit('0.20', 'NOBODY', 'USD');
      await assert.rejects(applyHeldTransfer(gw.services.deps, dollars.id, open.ID), {
        code: 'currency_mismatch',
        message: /to be paid in EUR; transfer #\d+ is in USD/,
      });
      const big = await credit('5.00', 'NOBODY');
      await assert.rejects(applyHeldTransfer(gw.services.deps, big.id, open.ID), { message: /is due 0\.93 EUR, less than the 5\.00 EUR/ });
      await assert.rejects(applyHeldTransfer(gw.services.deps, auto.id, open.ID), {
        message: /applied to payment \d+ when it arrived \(paid\)/,
      });
      await assert.rejects(applyHeldTransfer(gw.services.deps, 999_999, open.ID), { code: 'not_found' });
      await assert.rejects(applyHeldTransfer(gw.services.deps, loose.id, 999_999), { code: 'not_found' });
      // no MethodID: the payment awaits the customer's method choice (ADR 0016), not a transfer
      const choosing = await gw.gp('POST', '/v1/payments', {
        Payment: { MerchantTransactionID: 'res-choice', Amount: 100, Currency: 'EUR', ReturnURL: 'http://x.test/r' },
      });
      assert.equal(choosing.status, 201, JSON.stringify(choosing.json));
      await assert.rejects(applyHeldTransfer(gw.services.deps, loose.id, choosing.json.Payment.ID), { message: /is not paid by transfer/ });
      await returnHeldTransfer(gw.services.deps, loose.id, 'sent back');
      await assert.rejects(applyHeldTransfer(gw.services.deps, loose.id, open.ID), {
        code: 'payment_state_conflict',
        message: /already marked to be paid back/,
      });
      const now = await statusOf(open.ID);
      assert.deepEqual([now.Status.ID, now.Details?.PaidAmount ?? null], [1, null], 'nothing applied to the open payment');
      for (const t of [dollars, big]) assert.ok((await held()).includes(t.id), 'still waits');
    });

    it("refused: another merchant's money, money that arrived in another account", async () => {
      const p = await create('res-merchant');
      const kept = async (transactionId: string, merchantId: string | null, account: string | null) =>
        (
          await gw.services.store.incomingTransfers.record({
            connector: 'banktransfer',
            transactionId: `${transactionId}-${kind}`,
            reference: 'RF00X',
            amount: 10,
            currency: 'EUR',
            valueDate: today,
            payer: null,
            account,
            source: 'test',
            outcome: 'late',
            paymentId: null,
            merchantId,
            note: null,
          })
        ).transfer;
      const theirs = await kept('OTHER-M', 'someone-else', null);
      await assert.rejects(applyHeldTransfer(gw.services.deps, theirs.id, p.ID), {
        message: /merchant \S+'s; transfer #\d+ came for merchant someone-else/,
      });
      const elsewhere = await kept('OTHER-ACCT', null, 'DE00 1111 2222 3333 4444 55');
      await assert.rejects(applyHeldTransfer(gw.services.deps, elsewhere.id, p.ID), { message: /arrived in DE00 1111/ });
    });

    it("returned: leaves the list, stays in the history; an overpayment's surplus is what goes back", async () => {
      const p = await create('res-over');
      const over = await credit('1.00', p.ReferenceDetails.ReferenceNumber);
      assert.equal(over.outcome, 'overpaid');
      const r = await returnHeldTransfer(gw.services.deps, over.id, '  paid back 2026-12-02  ');
      assert.deepEqual([r.toPayBack, r.transfer.resolution, r.transfer.resolutionNote], [7, 'returned', 'paid back 2026-12-02']);
      assert.ok(!(await held()).includes(over.id));
      const history = await gw.services.store.incomingTransfers.list(NEEDS_A_PERSON, 1000, { resolved: true });
      assert.equal(history.find((t) => t.id === over.id)?.resolution, 'returned');
      assert.equal((await statusOf(p.ID)).Status.ID, 2, 'the paid payment stays paid');
      const stray = await credit('3.00', 'NOBODY');
      assert.equal((await returnHeldTransfer(gw.services.deps, stray.id, undefined)).toPayBack, 300);
    });

    it('two people at once, from two stores on the same data: one wins, the other is told', async () => {
      for (let round = 0; round < 4; round++) {
        const [p, q] = await Promise.all([create(`res-race-${round}-a`), create(`res-race-${round}-b`)]);
        const t = await credit('0.93', 'NOBODY');
        const results = await Promise.allSettled(
          round % 2 === 0
            ? [applyHeldTransfer(gw.services.deps, t.id, p.ID), applyHeldTransfer(otherDeps, t.id, q.ID)]
            : [returnHeldTransfer(gw.services.deps, t.id, 'back'), applyHeldTransfer(otherDeps, t.id, q.ID)],
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        assert.equal(won.length, 1, JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))));
        assert.match(String(lost[0]!.reason), /was already (applied to payment|marked to be paid back)/);
        const paidCount = (await Promise.all([statusOf(p.ID), statusOf(q.ID)])).filter((x) => x.Status.ID === 2).length;
        const kept = (await gw.services.store.incomingTransfers.list(NEEDS_A_PERSON, 1000, { resolved: true })).find((x) => x.id === t.id)!;
        assert.equal(paidCount, kept.resolution === 'applied' ? 1 : 0, 'the money went to one payment at most');
      }
    });
  });
}
