/**
 * Mass refunds at size and after a crash (ADR 0024), over real HTTP and a real store:
 * - 10,000 rows on SQLite (500 on PostgreSQL, to keep the shared suite's time): uploaded, every row
 *   valid, submitted, all refunded once, the result file has every row, and the same file again
 *   refunds nothing. The payments are copies of one paid in the KakaoPay sandbox, stored directly,
 *   and the wallet's refund answer comes from a stand-in (the sandbox knows only the one payment):
 *   10,000 customer approvals in the sandbox would take the suite's minutes.
 * - a batch left running by a crash — rows claimed and never finished, one whose refund was made
 *   before the crash — resumes with resumeRefundBatches: every row finished, nothing refunded twice.
 * - two batches naming the same payments for all that is left, run at once: never more than paid.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connector } from '../../src/core/ports/connector.js';
import type { Payment } from '../../src/core/model.js';
import { runIdempotent } from '../../src/core/idempotency/run-idempotent.js';
import { createRefund } from '../../src/core/refunds/create-refund.js';
import { resumeRefundBatches } from '../../src/core/dashboard/resume-refund-batches.js';
import { rowKey, runRefundBatch } from '../../src/core/dashboard/run-refund-batch.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { csrfIn, type DashboardClient } from '../helpers/dashboard-client.js';
import { paidPayment, signedInAs, uploadCsv } from '../helpers/dashboard-refund-fixtures.js';

/** The sandbox connector, except that refunds are answered at once by a stand-in wallet. */
function instantRefunds(real: Connector): Connector {
  const wrapped = Object.create(real) as Connector;
  let n = 0;
  Object.assign(wrapped, {
    refund: async (input: { amount: number }) => ({ refundRef: `standin-${(n += 1)}`, refundedTotal: input.amount, refundableAmount: 0 }),
  });
  return wrapped;
}

const ROWS = { sqlite: 10_000, postgres: 500 } as const;

for (const kind of storeKinds) {
  describe(`mass refunds at size and after a crash on ${kind}`, () => {
    let gw: Gateway;
    let owner: DashboardClient;
    let template: Payment;
    before(async () => {
      gw = await startGateway(kind, { workers: false, wrapConnectors: (real) => ({ ...real, kakaopay: instantRefunds(real.kakaopay!) }) });
      owner = await signedInAs(gw, 'demo', 'owner');
      const id = await paidPayment(gw, `template-${kind}-${Date.now()}`);
      template = (await gw.services.store.payments.get('demo', id))!;
    });
    after(() => gw.close());

    /** `count` paid payments like the template, stored in one transaction: their references. */
    async function copies(prefix: string, count: number): Promise<string[]> {
      const refs = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
      await gw.services.store.transaction(async (tx) => {
        for (const reference of refs) {
          const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = template;
          await tx.payments.insert({ ...rest, reference, uniqueReference: reference, customerToken: randomBytes(16).toString('hex') });
        }
      });
      return refs;
    }
    const byRef = async (ref: string) =>
      (await gw.services.store.payments.list('demo', { reference: ref }, { index: 1, size: 1 })).items[0]!;

    it(`${ROWS[kind].toLocaleString('en-US')} rows: checked, submitted, each refunded once, every row in the result; the file again refunds nothing`, async () => {
      const count = ROWS[kind];
      const refs = await copies(`bulk-${kind}-${Date.now()}`, count);
      const csv = ['payment,amount,currency,reason', ...refs.map((r, i) => `${r},${(i % 7) + 1}000,KRW,bulk ${i + 1}`)].join('\n');
      const home = await owner.get('/dashboard/mass-refunds');
      const up = await uploadCsv(owner, csv, { csrf: csrfIn(home.text) }, 'bulk.csv');
      assert.equal(up.status, 303, /role="alert">(.*?)</.exec(up.text)?.[1]);
      const page = await owner.get(up.location!);
      assert.match(page.text, new RegExp(`<b>${count}</b> of ${count} rows are valid; <b>0</b> are not`));
      const submitted = await owner.post(`${up.location!}/submit`, { csrf: csrfIn(page.text) });
      assert.equal(submitted.status, 303);
      // a second click on submit starts nothing more
      assert.equal((await owner.post(`${up.location!}/submit`, { csrf: csrfIn(page.text) })).location, up.location);
      await gw.services.deps.background.drain();
      const done = await owner.get(up.location!);
      assert.match(done.text, new RegExp(`${count} refunded, 0 failed, 0 remaining`));
      const result = await owner.get(`${up.location!}/result.csv`);
      const lines = result.text.trim().split('\n');
      assert.equal(lines.length, count + 1);
      assert.ok(
        lines.slice(1).every((l) => /,refunded,\d+,Refund \d+ succeeded\.$/.test(l)),
        'every row refunded',
      );
      for (const i of [0, Math.floor(count / 2), count - 1]) {
        const p = await byRef(refs[i]!);
        const refunds = await gw.services.store.refunds.listByPayment('demo', p.id);
        assert.deepEqual(
          refunds.map((r) => r.amount),
          [((i % 7) + 1) * 1000],
          `row ${i + 1}: one refund of its amount`,
        );
      }
      const again = await uploadCsv(owner, csv, { csrf: csrfIn(done.text) }, 'bulk-again.csv');
      assert.equal(again.status, 409);
      assert.match(again.text, /This file was already submitted as <a href="\/dashboard\/mass-refunds\/\d+">batch \d+<\/a>/);
      const last = await byRef(refs[count - 1]!);
      assert.equal((await gw.services.store.refunds.listByPayment('demo', last.id)).length, 1);
    });

    it('a batch left running by a crash resumes: claimed rows are finished, a refund made before the crash is not made again', async () => {
      const refs = await copies(`crash-${kind}-${Date.now()}`, 6);
      const csv = ['payment,amount,currency', ...refs.map((r) => `${r},1000,KRW`)].join('\n');
      const up = await uploadCsv(owner, csv, { csrf: csrfIn((await owner.get('/dashboard/mass-refunds')).text) }, 'crash.csv');
      assert.equal(up.status, 303);
      const batchId = Number(up.location!.split('/').at(-1));
      const store = gw.services.store;
      const batch = (await store.refundBatches.get(batchId))!;
      // the crashed run: submitted, two rows claimed; row 1's refund was made (under its key) but not written to the row
      assert.ok(await store.refundBatches.moveState(batchId, 'validated', 'running', new Date()));
      const claimed = await store.refundBatches.claimRows(batchId, 2, new Date(Date.now() - 10 * 60_000));
      assert.deepEqual(
        claimed.map((r) => r.row),
        [1, 2],
      );
      const p1 = await byRef(refs[0]!);
      const made = await runIdempotent(
        store,
        { merchantId: 'demo', dialect: p1.dialect, key: rowKey(batch.fileHash, 1) },
        { massRefund: p1.id, amount: 1000 },
        async (claim) => {
          const { refund } = await createRefund(gw.services.deps, {
            idempotency: claim,
            merchantId: 'demo',
            paymentId: p1.id,
            dialect: p1.dialect,
            amount: 1000,
          });
          return { status: 201, body: JSON.stringify({ refundId: refund.id }) };
        },
      );
      const madeId = (JSON.parse(made.body) as { refundId: number }).refundId;

      assert.equal(await resumeRefundBatches(gw.services.deps), 1);
      const counts = await store.refundBatches.counts(batchId);
      assert.deepEqual(
        { refunded: counts.refunded, working: counts.working, pending: counts.pending },
        { refunded: 6, working: 0, pending: 0 },
      );
      assert.equal((await store.refundBatches.get(batchId))!.state, 'done');
      const [row1] = await store.refundBatches.listRows(batchId, 0, 1);
      assert.equal(row1!.refundId, madeId, 'row 1 names the refund made before the crash');
      for (const ref of refs) {
        const p = await byRef(ref);
        assert.equal((await store.refunds.listByPayment('demo', p.id)).length, 1, `${ref}: refunded once`);
      }
    });

    it('two batches naming the same payments for all that is left, run at once, never refund more than was paid', async () => {
      const refs = await copies(`race-${kind}-${Date.now()}`, 8);
      const csrf = csrfIn((await owner.get('/dashboard/mass-refunds')).text);
      const ids: number[] = [];
      for (const reason of ['first', 'second']) {
        const up = await uploadCsv(
          owner,
          ['payment,amount,currency,reason', ...refs.map((r) => `${r},,KRW,${reason}`)].join('\n'),
          { csrf },
          `${reason}.csv`,
        );
        assert.equal(up.status, 303, /role="alert">(.*?)</.exec(up.text)?.[1]);
        ids.push(Number(up.location!.split('/').at(-1)));
      }
      for (const id of ids) assert.ok(await gw.services.store.refundBatches.moveState(id, 'validated', 'running', new Date()));
      await Promise.all(ids.map((id) => runRefundBatch(gw.services.deps, id)));
      const counts = await Promise.all(ids.map((id) => gw.services.store.refundBatches.counts(id)));
      assert.equal(counts[0]!.refunded + counts[1]!.refunded, refs.length, 'each payment refunded by one batch');
      assert.equal(counts[0]!.failed + counts[1]!.failed, refs.length, 'and refused in the other');
      for (const ref of refs) {
        const p = await byRef(ref);
        assert.equal(p.refundedAmount, p.capturedAmount);
        assert.equal((await gw.services.store.refunds.listByPayment('demo', p.id)).filter((r) => r.status !== 'failed').length, 1);
      }
    });
  });
}
