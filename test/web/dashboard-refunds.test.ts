/**
 * Refunds from the dashboard over real HTTP (ADR 0024), on SQLite and PostgreSQL, against the
 * KakaoPay sandbox: the form, the confirmation step and the refund in the payment's own API; one
 * refund however often a confirmation is posted, even at once; two confirmations for all that is
 * left refund it once; CSRF, rights and other merchants' payments and batches (404); a mass-refund
 * file with good and bad rows, checked before anything moves, submitted, its result file, and the
 * same file again refunding nothing twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { ckoId } from '../../src/dialects/checkoutcom/ids.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { csrfIn, type DashboardClient } from '../helpers/dashboard-client.js';
import { paidPayment, signedInAs, uploadCsv } from '../helpers/dashboard-refund-fixtures.js';

const confirmationIn = (html: string) => /name="confirmation" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('a confirmation token');

for (const kind of storeKinds) {
  describe(`dashboard refunds on ${kind}`, () => {
    let gw: Gateway;
    let owner: DashboardClient;
    before(async () => {
      gw = await startGateway(kind, { workers: false });
      await createMerchant(gw.services.store, { id: 'other-shop', name: 'Other Shop', notifyUrl: null });
      owner = await signedInAs(gw, 'demo', 'owner');
    });
    after(() => gw.close());

    const refundsOf = (id: number) => gw.services.store.refunds.listByPayment('demo', id);
    async function confirmStep(client: DashboardClient, id: number, form: Record<string, string>) {
      const page = await client.get(`/dashboard/payments/${id}/refund`);
      assert.equal(page.status, 200, page.text.slice(0, 400));
      return client.post(`/dashboard/payments/${id}/refund`, { csrf: csrfIn(page.text), ...form });
    }

    it('shows what is paid and left, confirms "Refund X of Y; Z will be left", and refunds in the payment’s API with an audit row', async () => {
      const id = await paidPayment(gw, `form-${kind}-${Date.now()}`);
      const form = await owner.get(`/dashboard/payments/${id}/refund`);
      assert.match(form.text, /<dt>Paid<\/dt><dd>15,000 KRW<\/dd>/);
      assert.match(form.text, /<dt>Left to refund<\/dt><dd>15,000 KRW<\/dd>/);
      assert.match(form.text, /<label for="amount">Amount \(KRW\)/);
      assert.match(form.text, /id="amount" name="amount"[^>]*value="15000"/, 'the amount defaults to all that is left');

      const bad = await owner.post(`/dashboard/payments/${id}/refund`, { csrf: csrfIn(form.text), amount: '20000', reason: '' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /role="alert">The refund of 20000 exceeds the 15000 KRW left|role="alert">The refund exceeds/);
      const junk = await owner.post(`/dashboard/payments/${id}/refund`, { csrf: csrfIn(form.text), amount: '12.5', reason: '' });
      assert.equal(junk.status, 400);
      assert.match(junk.text, /KRW has no minor units/);

      const step = await owner.post(`/dashboard/payments/${id}/refund`, { csrf: csrfIn(form.text), amount: '5000', reason: 'broken cup' });
      assert.equal(step.status, 200, step.text.slice(0, 400));
      assert.match(step.text, /Refund <b>5,000 KRW<\/b> of <b>15,000 KRW<\/b>; <b>10,000 KRW<\/b> will be left to refund\./);
      assert.equal((await refundsOf(id)).length, 0, 'nothing moves before the confirmation');

      const done = await owner.post(`/dashboard/payments/${id}/refund/confirm`, {
        csrf: csrfIn(step.text),
        confirmation: confirmationIn(step.text),
      });
      assert.equal(done.status, 200, done.text.slice(0, 400));
      assert.match(done.text, /Refund \d+ of 5,000 KRW: done/);
      const [refund] = await refundsOf(id);
      assert.equal(refund!.amount, 5000);
      assert.equal(refund!.status, 'succeeded');
      assert.equal(refund!.dialect, 'globalpay', 'made in the payment’s own API, whose notifications the merchant reads');
      assert.equal(refund!.description, 'broken cup');
      const audit = await gw.services.store.auditLog.list('demo', 20);
      const row = audit.find((a) => a.action === 'refund.create' && a.subject === `payment ${id}`);
      assert.ok(row, 'an audit row for the refund');
      assert.equal(row.detail.amount, 5000);
      assert.equal(row.detail.refundId, refund!.id);
      const notes = await gw.services.store.outbox.list({ merchantId: 'demo', resources: [{ type: 'refund', id: refund!.id }] });
      assert.ok(notes.length > 0, 'the merchant is notified of the refund');
      assert.ok(
        notes.every((n) => n.dialect === 'globalpay'),
        'in the GlobalPay format, the payment’s API',
      );
    });

    it('one confirmation posted five times at once refunds once; two confirmations of all that is left refund it once', async () => {
      const id = await paidPayment(gw, `twice-${kind}-${Date.now()}`);
      const step = await confirmStep(owner, id, { amount: '4000', reason: '' });
      const token = confirmationIn(step.text);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          owner.post(`/dashboard/payments/${id}/refund/confirm`, { csrf: csrfIn(step.text), confirmation: token }),
        ),
      );
      for (const a of answers) assert.ok(a.status === 200 || a.status === 409, `${a.status} ${a.text.slice(0, 300)}`);
      assert.ok(answers.some((a) => a.status === 200));
      assert.equal((await refundsOf(id)).length, 1, 'one refund');
      // later, once more (a reload of the outcome): the same refund
      const again = await owner.post(`/dashboard/payments/${id}/refund/confirm`, { csrf: csrfIn(step.text), confirmation: token });
      assert.equal(again.status, 200);
      assert.equal((await refundsOf(id)).length, 1);

      // two tabs, each confirming all that is left (11,000): only one refund goes through
      const tabA = await confirmStep(owner, id, { amount: '', reason: '' });
      const tabB = await confirmStep(owner, id, { amount: '', reason: '' });
      assert.match(tabA.text, /Refund <b>11,000 KRW<\/b>/);
      const [a, b] = await Promise.all(
        [tabA, tabB].map((t) =>
          owner.post(`/dashboard/payments/${id}/refund/confirm`, { csrf: csrfIn(t.text), confirmation: confirmationIn(t.text) }),
        ),
      );
      assert.deepEqual([a!.status, b!.status].sort(), [200, 422]);
      const refunds = await refundsOf(id);
      assert.equal(refunds.length, 2);
      assert.equal(
        refunds.reduce((s, r) => s + r.amount, 0),
        15000,
        'never more than was paid',
      );
      const payment = await gw.services.store.payments.get('demo', id);
      assert.equal(payment!.status, 'refunded');
    });

    it('refuses a POST without the CSRF token or from another site; a read-only user gets 403 on the form and every POST', async () => {
      const id = await paidPayment(gw, `csrf-${kind}-${Date.now()}`);
      const step = await confirmStep(owner, id, { amount: '1000', reason: '' });
      const token = confirmationIn(step.text);
      for (const [form, headers] of [
        [{ confirmation: token }, {}],
        [{ confirmation: token, csrf: 'x'.repeat(43) }, {}],
        [{ confirmation: token, csrf: csrfIn(step.text) }, { origin: 'https://evil.example' }],
      ] as const) {
        const out = await owner.post(`/dashboard/payments/${id}/refund/confirm`, form, headers);
        assert.equal(out.status, 403);
      }
      assert.equal((await owner.post(`/dashboard/payments/${id}/refund`, { amount: '1' })).status, 403);
      assert.equal((await uploadCsv(owner, 'payment,amount,currency\n1,1,KRW\n', {})).status, 403);
      assert.equal((await refundsOf(id)).length, 0);

      const viewer = await signedInAs(gw, 'demo', 'read-only');
      assert.equal((await viewer.get(`/dashboard/payments/${id}/refund`)).status, 403);
      const home = await viewer.get('/dashboard/mass-refunds');
      assert.equal(home.status, 200, 'a read-only user sees the batches');
      assert.ok(!home.text.includes('type="file"'), 'but no upload form');
      const csrf = csrfIn(home.text);
      assert.equal((await viewer.post(`/dashboard/payments/${id}/refund`, { csrf, amount: '1' })).status, 403);
      assert.equal((await viewer.post(`/dashboard/payments/${id}/refund/confirm`, { csrf, confirmation: token })).status, 403);
      assert.equal((await uploadCsv(viewer, `payment,amount,currency\n${id},1,KRW\n`, { csrf })).status, 403);
      assert.equal((await viewer.post('/dashboard/mass-refunds/1/submit', { csrf })).status, 403);
      assert.equal((await refundsOf(id)).length, 0);
    });

    it('another merchant’s payment or batch is 404, by URL too; an operator reaches them', async () => {
      const id = await paidPayment(gw, `cross-${kind}-${Date.now()}`);
      const other = await signedInAs(gw, 'other-shop', 'owner');
      assert.equal((await other.get(`/dashboard/payments/${id}/refund`)).status, 404);
      assert.equal((await other.get('/dashboard/payments/not-a-number/refund')).status, 404);
      const csrf = csrfIn((await other.get('/dashboard/mass-refunds')).text);
      assert.equal((await other.post(`/dashboard/payments/${id}/refund`, { csrf, amount: '1' })).status, 404);
      // a confirmation of the owner's, posted by the other merchant's user, is 404 too
      const step = await confirmStep(owner, id, { amount: '1000', reason: '' });
      assert.equal(
        (await other.post(`/dashboard/payments/${id}/refund/confirm`, { csrf, confirmation: confirmationIn(step.text) })).status,
        404,
      );
      const up = await uploadCsv(owner, `payment,amount,currency\n${id},1000,KRW\n`, { csrf: csrfIn(step.text) }, `cross-${kind}.csv`);
      assert.equal(up.status, 303, up.text.slice(0, 400));
      const batch = up.location!;
      assert.equal((await other.get(batch)).status, 404);
      assert.equal((await other.get(`${batch}/result.csv`)).status, 404);
      assert.equal((await other.post(`${batch}/submit`, { csrf })).status, 404);
      // nor can it name the demo merchant's payments in a file of its own
      const theirs = await uploadCsv(other, `payment,amount,currency\n${id},1000,KRW\n`, { csrf }, 'theirs.csv');
      assert.equal(theirs.status, 303);
      assert.match((await other.get(theirs.location!)).text, /No payment &quot;\d+&quot; of other-shop/);
      const operator = await signedInAs(gw, null, 'operator');
      assert.equal((await operator.get(`/dashboard/payments/${id}/refund`)).status, 200);
      assert.equal((await operator.get(batch)).status, 200);
      // an operator's upload names the merchant whose payments the file refunds
      const opCsrf = csrfIn((await operator.get('/dashboard/mass-refunds')).text);
      const file = `payment,amount,currency\n${id},1000,KRW\n`;
      const unnamed = await uploadCsv(operator, file, { csrf: opCsrf }, 'operator.csv');
      assert.equal(unnamed.status, 400);
      assert.match(unnamed.text, /Name the merchant whose payments the file refunds/);
      const named = await uploadCsv(operator, `${file}\n`, { csrf: opCsrf, merchant: 'demo' }, 'operator.csv');
      assert.equal(named.status, 303, /role="alert">(.*?)</.exec(named.text)?.[1]);
      assert.match((await operator.get(named.location!)).text, /<b>1<\/b> of 1 rows are valid/);
      assert.equal((await refundsOf(id)).length, 0);
    });

    it('a file with good and bad rows: every row checked first, the valid ones refunded, a result file; the same file again refunds nothing', async () => {
      const stamp = `${kind}-${Date.now()}`;
      const [a, b, c, d] = [
        await paidPayment(gw, `mass-a-${stamp}`),
        await paidPayment(gw, `mass-b-${stamp}`),
        await paidPayment(gw, `mass-c-${stamp}`),
        await paidPayment(gw, `mass-d-${stamp}`),
      ];
      const csv = [
        'Payment,Amount,Currency,Reason',
        `mass-a-${stamp},1000,KRW,by reference`,
        `${b},,KRW,everything left by number`,
        `${ckoId('payment', c)},2500,krw,by a Checkout.com id`,
        `${a},500,KRW,the same payment again`,
        `no-such-payment,100,KRW,unknown`,
        `${d},100,USD,wrong currency`,
        `${d},99999,KRW,too much`,
        `${d},1.5,KRW,a fraction of a won`,
        `,100,KRW,no payment`,
        `"=HYPERLINK(""evil"")",1,KRW,formula`,
      ].join('\r\n');
      const up = await uploadCsv(owner, csv, { csrf: csrfIn((await owner.get('/dashboard/mass-refunds')).text) }, `mass-${stamp}.csv`);
      assert.equal(up.status, 303, /role="alert">(.*?)</.exec(up.text)?.[1]);
      const page = await owner.get(up.location!);
      assert.match(page.text, /<b>3<\/b> of 10 rows are valid; <b>7<\/b> are not/);
      for (const why of [
        /already refunded by row 1 of this file/,
        /No payment &quot;no-such-payment&quot;/,
        /is in KRW, not USD/,
        /exceeds what is left to refund/,
        /KRW has no minor units/,
        /The payment column is empty/,
      ])
        assert.match(page.text, why);
      assert.equal((await refundsOf(a)).length + (await refundsOf(b)).length + (await refundsOf(c)).length, 0, 'nothing moved yet');

      const submitted = await owner.post(`${up.location!}/submit`, { csrf: csrfIn(page.text) });
      assert.equal(submitted.status, 303);
      await gw.services.deps.background.drain();
      const done = await owner.get(up.location!);
      assert.match(done.text, /data-state="done"/);
      assert.match(done.text, /3 refunded, 0 failed, 0 remaining/);
      assert.ok(!done.text.includes('http-equiv="refresh"'), 'a finished batch stops refreshing');
      assert.deepEqual(
        (await refundsOf(a)).map((r) => r.amount),
        [1000],
      );
      assert.deepEqual(
        (await refundsOf(b)).map((r) => r.amount),
        [15000],
      );
      assert.deepEqual(
        (await refundsOf(c)).map((r) => r.amount),
        [2500],
      );
      assert.equal((await refundsOf(d)).length, 0);

      const result = await owner.get(`${up.location!}/result.csv`);
      assert.equal(result.status, 200);
      assert.match(result.headers.get('content-type') ?? '', /^text\/csv/);
      const lines = result.text.trim().split('\n');
      assert.equal(lines[0], 'row,payment,amount,currency,outcome,refund id,message');
      assert.equal(lines.length, 11);
      assert.match(lines[2]!, new RegExp(`^2,${b},15000,KRW,refunded,\\d+,Refund \\d+ succeeded\\.`));
      assert.match(lines[10]!, /^10,"'=HYPERLINK\(""evil""\)",/, 'a formula cell is neutralised');

      // the same file again: recognised, nothing refunded twice
      const again = await uploadCsv(owner, csv, { csrf: csrfIn(done.text) }, 'renamed.csv');
      assert.equal(again.status, 409);
      const batchId = up.location!.split('/').at(-1)!;
      assert.match(
        again.text,
        new RegExp(`This file was already submitted as <a href="/dashboard/mass-refunds/${batchId}">batch ${batchId}</a>`),
      );
      assert.equal((await refundsOf(a)).length, 1);
      const audit = (await gw.services.store.auditLog.list('demo', 50))
        .filter((e) => e.subject === `refund batch ${batchId}`)
        .map((e) => e.action);
      assert.deepEqual(audit.sort(), ['refund_batch.submit', 'refund_batch.upload']);
    });

    it('refuses a file without the columns, an empty one and a non-file post, with a page saying what to fix', async () => {
      const csrf = csrfIn((await owner.get('/dashboard/mass-refunds')).text);
      const noColumns = await uploadCsv(owner, 'id,value\n1,2\n', { csrf }, 'x.csv');
      assert.equal(noColumns.status, 400);
      assert.match(
        noColumns.text,
        /must name the columns payment, amount, currency, reason \(reason is optional\); payment, amount, currency missing/,
      );
      const empty = await uploadCsv(owner, '', { csrf }, 'empty.csv');
      assert.equal(empty.status, 400);
      const form = await owner.post('/dashboard/mass-refunds', { csrf });
      assert.equal(form.status, 403, 'a urlencoded body carries no multipart CSRF field');
    });
  });
}
