/**
 * The dashboard refunds' checks in the core (ADR 0024), on SQLite and PostgreSQL: every kind of bad
 * row of a mass-refund file, found before anything moves; the same file twice; a file naming another
 * merchant; and the refund form's check of a payment refunded by articles (its amount is the
 * articles' value; a partial refund without them, or more units than are left, is refused).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { addUser } from '../../src/core/dashboard/add-user.js';
import type { SignedIn } from '../../src/core/dashboard/resolve-session.js';
import { uploadRefundBatch, type UploadedRow } from '../../src/core/dashboard/upload-refund-batch.js';
import { prepareDashboardRefund } from '../../src/core/dashboard/prepare-dashboard-refund.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import type { Payment } from '../../src/core/model.js';
import type { NewPayment } from '../../src/core/ports/store.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { paidPayment } from '../helpers/dashboard-refund-fixtures.js';

for (const kind of storeKinds) {
  describe(`dashboard refund checks on ${kind}`, () => {
    let gw: Gateway;
    let template: Payment;
    let owner: SignedIn;
    before(async () => {
      gw = await startGateway(kind, { workers: false });
      await createMerchant(gw.services.store, { id: 'other-shop', name: 'Other Shop', notifyUrl: null });
      template = (await gw.services.store.payments.get('demo', await paidPayment(gw, `checks-${kind}-${Date.now()}`)))!;
      const added = await addUser(
        { store: gw.services.store, clock: () => new Date() },
        { cli: 'cli' },
        { email: `checks-${kind}@demo.example`, merchantId: 'demo', role: 'owner' },
      );
      assert.ok(added.ok);
      const user = (await gw.services.store.dashboardUsers.getByEmail(`checks-${kind}@demo.example`))!;
      const now = new Date();
      owner = {
        user,
        session: {
          idHash: 'a'.repeat(64),
          userId: user.id,
          csrfToken: 'c'.repeat(43),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + 3_600_000),
          ip: null,
          userAgent: null,
        },
      };
    });
    after(() => gw.close());

    async function payment(over: Partial<NewPayment>): Promise<Payment> {
      const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = template;
      const reference = over.reference ?? `p-${randomBytes(6).toString('hex')}`;
      return gw.services.store.payments.insert({
        ...rest,
        uniqueReference: null,
        reference,
        customerToken: randomBytes(16).toString('hex'),
        ...over,
      });
    }
    const upload = (rows: Omit<UploadedRow, 'row'>[], merchantId = 'demo', hash = randomBytes(32).toString('hex')) =>
      uploadRefundBatch(gw.services.deps, owner, {
        merchantId,
        fileName: 'checks.csv',
        fileHash: hash,
        rows: rows.map((r, i) => ({ row: i + 1, ...r })),
        paymentNumber: (t) => (/^\d+$/.test(t) ? Number(t) : undefined),
        ip: '127.0.0.1',
      });

    it('finds every kind of bad row before anything moves, with the reason', async () => {
      const ok = await payment({});
      const lower = await payment({});
      const twin = `twin-${kind}-${Date.now()}`;
      await payment({ reference: twin });
      await payment({ reference: twin });
      const pending = await payment({ status: 'pending_customer', capturedAmount: 0 });
      const refunded = await payment({ status: 'refunded', refundedAmount: template.capturedAmount });
      const cases: [Omit<UploadedRow, 'row'>, RegExp | null][] = [
        [{ payment: ok.reference, amount: '1000', currency: 'KRW', reason: 'fine' }, null],
        [{ payment: String(lower.id), amount: '', currency: 'krw', reason: '' }, null],
        [{ payment: String(ok.id), amount: '1000', currency: 'KRW', reason: '' }, /already refunded by row 1 of this file/],
        [{ payment: '', amount: '1', currency: 'KRW', reason: '' }, /The payment column is empty/],
        [{ payment: 'nothing-like-it', amount: '1', currency: 'KRW', reason: '' }, /No payment "nothing-like-it" of demo/],
        [{ payment: twin, amount: '1', currency: 'KRW', reason: '' }, /2 payments have the reference/],
        [{ payment: String(pending.id), amount: '1', currency: 'KRW', reason: '' }, /is pending customer: nothing is left to refund/],
        [{ payment: String(refunded.id), amount: '1', currency: 'KRW', reason: '' }, /is refunded: nothing is left to refund/],
      ];
      for (const [amount, why] of [
        ['abc', /"abc" is not an amount/],
        ['-5', /"-5" is not an amount/],
        ['0', /"0" is not a positive amount/],
        ['10.5', /KRW has no minor units/],
        ['1e3', /"1e3" is not an amount/],
        [String(template.capturedAmount + 1), /exceeds what is left to refund/],
      ] as const) {
        const p = await payment({});
        cases.push([{ payment: String(p.id), amount, currency: 'KRW', reason: '' }, why]);
      }
      for (const [currency, why] of [
        ['', /The currency column is empty \(the payment is in KRW\)/],
        ['USD', /is in KRW, not USD/],
      ] as const) {
        const p = await payment({});
        cases.push([{ payment: String(p.id), amount: '1', currency, reason: '' }, why]);
      }
      const long = await payment({});
      cases.push([{ payment: String(long.id), amount: '1', currency: 'KRW', reason: 'x'.repeat(256) }, /The reason is too long/]);

      const result = await upload(cases.map(([row]) => row));
      assert.ok(result.ok, JSON.stringify(result));
      const rows = await gw.services.store.refundBatches.listRows(result.batch.id, 0, 100);
      assert.equal(rows.length, cases.length);
      cases.forEach(([, why], i) => {
        const row = rows[i]!;
        if (why === null) assert.equal(row.state, 'pending', `row ${i + 1}: ${row.message}`);
        else {
          assert.equal(row.state, 'invalid', `row ${i + 1} is invalid`);
          assert.match(row.message ?? '', why, `row ${i + 1}`);
        }
      });
      assert.equal(rows[1]!.currency, 'KRW', 'the currency as the payment writes it');
      assert.equal(result.batch.rowsValid, 2);
      assert.equal(result.batch.state, 'validated');
      assert.equal((await gw.services.store.refunds.listByPayment('demo', ok.id)).length, 0, 'nothing moved');
    });

    it('the same file twice is the batch it already is; another merchant’s scope is not found', async () => {
      const p = await payment({});
      const hash = randomBytes(32).toString('hex');
      const rows = [{ payment: String(p.id), amount: '1', currency: 'KRW', reason: '' }];
      const first = await upload(rows, 'demo', hash);
      assert.ok(first.ok);
      const second = await upload(rows, 'demo', hash);
      assert.deepEqual(second, { ok: false, problem: 'already_uploaded', batch: first.batch });
      assert.deepEqual(await upload(rows, 'other-shop', hash), { ok: false, problem: 'not_found' });
      const both = await Promise.all([upload(rows, 'demo', `${hash.slice(0, 60)}beef`), upload(rows, 'demo', `${hash.slice(0, 60)}beef`)]);
      assert.equal(both.filter((r) => r.ok).length, 1, 'two uploads of one file at once keep one batch');
      assert.equal(both.find((r) => !r.ok)?.problem, 'already_uploaded');
    });

    it('a payment refunded by articles: the form’s check takes their value, refuses a partial refund without them or too many units', async () => {
      const p = await payment({
        connector: 'cards',
        method: 'card_ru',
        currency: 'RUB',
        amount: 30000,
        capturedAmount: 30000,
        articles: [
          { merchantArticleId: 'tea', name: 'Tea', quantity: 2, price: 10000 },
          { merchantArticleId: 'cup', name: 'Cup', quantity: 1, price: 10000 },
        ],
      });
      const prepare = (amountText: string, quantities: [string, number][]) =>
        prepareDashboardRefund(gw.services.deps, owner, { paymentId: p.id, amountText, reason: '', quantities: new Map(quantities) });
      const byTea = await prepare('', [['tea', 1]]);
      assert.ok(byTea.ok, JSON.stringify(byTea));
      assert.equal(byTea.amount, 10000);
      assert.deepEqual(byTea.articles, [['tea', 1]]);
      assert.ok(byTea.view.byArticles);
      const partial = await prepare('50.00', []);
      assert.ok(!partial.ok && partial.problem === 'invalid');
      assert.match(partial.message, /must name the articles it returns/);
      const tooMany = await prepare('', [['tea', 3]]);
      assert.ok(!tooMany.ok && tooMany.problem === 'invalid');
      assert.match(tooMany.message, /2 of 2 unit\(s\) left to refund/);
      const junk = await prepare('', [['tea', Number.NaN]]);
      assert.ok(!junk.ok && junk.problem === 'invalid');
      assert.match(junk.message, /the quantity must be a whole number/);
      const all = await prepare('', []);
      assert.ok(all.ok);
      assert.equal(all.amount, 30000, 'everything left needs no articles');
    });
  });
}
