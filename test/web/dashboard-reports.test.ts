/**
 * Reports and analytics over real HTTP (ADR 0025), on SQLite and PostgreSQL: a payments report run
 * now and downloaded, with decimal amounts and formulas neutralised; refunds and deliveries CSVs;
 * range edges; scoping (another merchant's rows never appear, its file is 404); schedules added and
 * removed with audit rows and the settings right; analytics sums against payments of known amounts;
 * the scripts served with their content type.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import type { DashboardRole } from '../../src/core/ports/dashboard-store.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { DashboardClient, csrfIn } from '../helpers/dashboard-client.js';
import { newNotification, newPayment, newRefund } from '../storage/sample-records.js';

const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;

for (const kind of storeKinds) {
  describe(`dashboard reports and analytics on ${kind}`, () => {
    let gw: Gateway;
    let shopA: DashboardClient;
    let shopB: DashboardClient;
    let readOnlyA: DashboardClient;
    let operator: DashboardClient;
    const A = 'shop-a';
    const B = 'shop-b';
    // a fixed month in the past, so the ranges are exact
    const nov = (day: number, hour = 0) => new Date(Date.UTC(2025, 10, day, hour));

    before(async () => {
      gw = await startGateway(kind, { workers: false });
      const store = gw.services.store;
      await createMerchant(store, { id: A, name: 'Shop A', notifyUrl: null });
      await createMerchant(store, { id: B, name: 'Shop B', notifyUrl: null });
      const client = async (email: string, merchantId: string | null, role: DashboardRole) => {
        const added = await addUser({ store, clock: () => new Date() }, { cli: 'cli' }, { email, merchantId, role });
        assert.ok(added.ok);
        const c = new DashboardClient(gw.base);
        await c.firstSignIn(email, added.oneTimePassword, PASSWORD);
        return c;
      };
      shopA = await client('owner@a.example', A, 'owner');
      shopB = await client('owner@b.example', B, 'owner');
      readOnlyA = await client('viewer@a.example', A, 'read-only');
      operator = await client('ops@walletgate.example', null, 'operator');
      // shop A: three payments in November, one on the range's last instant and one just after it
      const pay = (merchantId: string, over: Parameters<typeof newPayment>[1]) => store.payments.insert(newPayment(merchantId, over));
      await pay(A, {
        createdAt: nov(1),
        amount: 1050,
        currency: 'EUR',
        status: 'succeeded',
        reference: '=HYPERLINK("x")',
        dialect: 'adyen',
        method: 'alipay_hk',
        customer: { email: 'anna@example.com' },
      });
      await pay(A, {
        createdAt: nov(1, 5),
        amount: 2000,
        currency: 'EUR',
        status: 'partially_refunded',
        refundedAmount: 500,
        reference: '+cmd',
        dialect: 'adyen',
        method: 'kakaopay',
      });
      await pay(A, { createdAt: nov(2), amount: 12345, currency: 'KRW', status: 'failed', reference: '-2+3', method: 'kakaopay' });
      await pay(A, { createdAt: new Date(nov(3).getTime() - 1), amount: 7, currency: 'KRW', status: 'created', reference: 'last-instant' });
      await pay(A, { createdAt: nov(3), amount: 9, currency: 'KRW', status: 'succeeded', reference: 'next-day' });
      await pay(B, { createdAt: nov(1, 1), amount: 999, currency: 'EUR', status: 'succeeded', reference: 'b-secret' });
    });
    after(() => gw.close());

    async function runReport(c: DashboardClient, form: Record<string, string>): Promise<string[][]> {
      const page = await c.get('/dashboard/reports');
      assert.equal(page.status, 200, page.text.slice(0, 300));
      const posted = await c.post('/dashboard/reports', { csrf: csrfIn(page.text), ...form });
      assert.equal(posted.status, 303, posted.text.slice(0, 600));
      await gw.services.deps.background.drain();
      const list = await c.get('/dashboard/reports');
      const m = /href="\/dashboard\/reports\/(\d+)\/download"/.exec(list.text);
      assert.ok(m, 'the finished run has a download link');
      const file = await c.get(`/dashboard/reports/${m[1]}/download`);
      assert.equal(file.status, 200);
      assert.match(file.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(file.headers.get('content-disposition') ?? '', /^attachment; filename="[\w.-]+\.csv"$/);
      return parse(file.text) as string[][];
    }

    it('a payments report of [from, to) has the columns, decimal amounts, neutralised formulas and only the merchant’s rows', async () => {
      const rows = await runReport(shopA, { kind: 'payments', from: '2025-11-01', to: '2025-11-03' });
      assert.deepEqual(rows[0], [
        'Merchant',
        'Payment ID',
        'Created (UTC)',
        'API',
        'Method',
        'Reference',
        'Amount',
        'Currency',
        'Status',
        'Refunded amount',
        'Customer e-mail',
        'Updated (UTC)',
      ]);
      const body = rows.slice(1);
      assert.deepEqual(
        body.map((r) => [r[0], r[5], r[6], r[7], r[8], r[9]]),
        [
          [A, `'=HYPERLINK("x")`, '10.50', 'EUR', 'succeeded', '0.00'],
          [A, "'+cmd", '20.00', 'EUR', 'partially_refunded', '5.00'],
          [A, "'-2+3", '12345', 'KRW', 'failed', '0'],
          [A, 'last-instant', '7', 'KRW', 'created', '0'],
        ],
      );
      assert.equal(body[0]![2], '2025-11-01T00:00:00.000Z');
      assert.equal(body[0]![3], 'adyen');
      assert.equal(body[0]![10], 'anna@example.com');
      assert.ok(!body.some((r) => r.includes('b-secret')), 'never another merchant’s rows');
    });

    it('another merchant cannot download the file (404), nor can a visitor; an operator can, and reports every merchant', async () => {
      const list = await shopA.get('/dashboard/reports');
      const id = /href="\/dashboard\/reports\/(\d+)\/download"/.exec(list.text)![1]!;
      assert.equal((await shopB.get(`/dashboard/reports/${id}/download`)).status, 404);
      assert.ok(!(await shopB.get('/dashboard/reports')).text.includes(`/dashboard/reports/${id}/download`));
      assert.equal((await new DashboardClient(gw.base).get(`/dashboard/reports/${id}/download`)).status, 303);
      assert.equal((await shopA.get('/dashboard/reports/999999/download')).status, 404);
      assert.equal((await operator.get(`/dashboard/reports/${id}/download`)).status, 200);
      const all = await runReport(operator, { kind: 'payments', from: '2025-11-01', to: '2025-11-02', merchant: '' });
      assert.deepEqual(
        all
          .slice(1)
          .map((r) => r[0])
          .sort(),
        [A, A, B],
      );
    });

    it('a read-only user may run a report (it reads) but not schedule one; bad input is a 400 saying what to fix', async () => {
      const rows = await runReport(readOnlyA, { kind: 'payments', from: '2025-11-03', to: '2025-11-04' });
      assert.deepEqual(
        rows.slice(1).map((r) => r[5]),
        ['next-day'],
      );
      const page = await readOnlyA.get('/dashboard/reports');
      assert.ok(!page.text.includes('Add schedule'));
      const csrf = csrfIn(page.text);
      assert.equal((await readOnlyA.post('/dashboard/reports/schedules', { csrf, kind: 'payments', period: 'daily' })).status, 403);
      const bad = await readOnlyA.post('/dashboard/reports', { csrf, kind: 'everything', from: '2025-02-30', to: '2025-11-01' });
      assert.equal(bad.status, 400);
      assert.match(
        bad.text,
        /role="alert">Choose a report: payments, refunds or notification deliveries\. Give the first day as YYYY-MM-DD\./,
      );
      const backwards = await readOnlyA.post('/dashboard/reports', { csrf, kind: 'payments', from: '2025-11-03', to: '2025-11-03' });
      assert.equal(backwards.status, 400);
      assert.match(backwards.text, /The end must be after the start/);
      assert.equal(
        (await readOnlyA.post('/dashboard/reports', { csrf: 'wrong', kind: 'payments', from: '2025-11-01', to: '2025-11-02' })).status,
        403,
      );
    });

    it('refunds and notification-delivery reports list what happened in the range', async () => {
      const store = gw.services.store;
      const payment = await store.payments.insert(newPayment(A, { amount: 5000, currency: 'EUR', status: 'succeeded' }));
      await store.refunds.insert(
        newRefund(A, payment.id, { amount: 1234, currency: 'EUR', status: 'succeeded', reference: '@SUM(A1)', description: 'damaged' }),
      );
      await store.refunds.insert(newRefund(B, payment.id, { amount: 1, currency: 'EUR', reference: 'b-refund' }));
      const note = await store.outbox.enqueue(newNotification(A, { resourceId: payment.id, url: 'https://a.example/notify' }));
      const now = Date.now();
      await store.outbox.recordAttempt(
        note,
        { attempt: 1, at: new Date(now), statusCode: 500, error: null, durationMs: 3, responseExcerpt: null },
        { status: 'pending', nextAttemptAt: new Date(now + 1000), deliveredAt: null },
      );
      await store.outbox.recordAttempt(
        note,
        { attempt: 2, at: new Date(now + 1), statusCode: null, error: 'connect ECONNREFUSED', durationMs: 3, responseExcerpt: null },
        { status: 'pending', nextAttemptAt: new Date(now + 2000), deliveredAt: null },
      );
      const today = new Date(now).toISOString().slice(0, 10);
      const tomorrow = new Date(now + DAY).toISOString().slice(0, 10);
      const refunds = await runReport(shopA, { kind: 'refunds', from: today, to: tomorrow });
      assert.deepEqual(refunds[0], [
        'Merchant',
        'Refund ID',
        'Payment ID',
        'Created (UTC)',
        'Amount',
        'Currency',
        'Status',
        'Reference',
        'Reason',
      ]);
      assert.deepEqual(
        refunds.slice(1).map((r) => [r[2], r[4], r[5], r[6], r[7], r[8]]),
        [[String(payment.id), '12.34', 'EUR', 'succeeded', "'@SUM(A1)", 'damaged']],
      );
      const deliveries = await runReport(shopA, { kind: 'deliveries', from: today, to: tomorrow });
      assert.deepEqual(
        deliveries.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5], r[7], r[8], r[9]]),
        [
          [String(note.id), 'payment.succeeded', `payment ${payment.id}`, 'https://a.example/notify', '1', '500', '', 'pending'],
          [
            String(note.id),
            'payment.succeeded',
            `payment ${payment.id}`,
            'https://a.example/notify',
            '2',
            '',
            'connect ECONNREFUSED',
            'pending',
          ],
        ],
      );
    });

    it('an owner adds and removes a schedule, each with an audit row; another merchant’s schedule is 404', async () => {
      const page = await shopA.get('/dashboard/reports');
      const csrf = csrfIn(page.text);
      const added = await shopA.post('/dashboard/reports/schedules', { csrf, kind: 'refunds', period: 'weekly' });
      assert.equal(added.status, 303);
      const [schedule] = await gw.services.store.reportRuns.listSchedules(A);
      assert.ok(schedule);
      assert.equal(schedule.period, 'weekly');
      assert.equal(schedule.nextRunAt.getUTCDay(), 1, 'due on a Monday');
      const bPage = await shopB.get('/dashboard/reports');
      assert.equal((await shopB.post(`/dashboard/reports/schedules/${schedule.id}/delete`, { csrf: csrfIn(bPage.text) })).status, 404);
      assert.equal((await shopA.post('/dashboard/reports/schedules', { csrf, kind: 'refunds', period: 'hourly' })).status, 400);
      assert.equal((await shopA.post(`/dashboard/reports/schedules/${schedule.id}/delete`, { csrf })).status, 303);
      assert.deepEqual(await gw.services.store.reportRuns.listSchedules(A), []);
      const audit = (await gw.services.store.auditLog.list(A, 20)).map((e) => e.action);
      for (const action of ['report.schedule_add', 'report.schedule_remove', 'report.run']) assert.ok(audit.includes(action), action);
    });

    it('analytics sums payments by day, method and API per currency in SQL, with conversion and refund rate', async () => {
      const view = await shopA.get('/dashboard/analytics?from=2025-11-01&to=2025-11-03');
      assert.equal(view.status, 200, view.text.slice(0, 400));
      assert.match(view.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      const cells = (label: string) => [...view.text.matchAll(new RegExp(`<td data-label="${label}">([^<]*)</td>`, 'g'))].map((m) => m[1]);
      // totals first: EUR 2 created, 2 paid, 30.50 paid, 5.00 refunded; KRW 2 created (12345 failed, 7 created), 0 paid
      const totals = view.text.slice(view.text.indexOf('id="totals"'), view.text.indexOf('id="by-day"'));
      assert.match(
        totals,
        /<td data-label="Currency">EUR<\/td><td data-label="Created">2<\/td><td data-label="Paid">2<\/td><td data-label="Conversion">100\.0%<\/td><td data-label="Paid volume">30\.50 EUR<\/td><td data-label="Refunded">5\.00 EUR<\/td><td data-label="Refund rate">16\.4%<\/td>/,
      );
      assert.match(
        totals,
        /<td data-label="Currency">KRW<\/td><td data-label="Created">2<\/td><td data-label="Paid">0<\/td><td data-label="Conversion">0\.0%<\/td>/,
      );
      assert.deepEqual(cells('Day'), ['2025-11-01', '2025-11-02']);
      assert.ok(cells('Method').includes('alipay_hk'));
      assert.ok(cells('API').includes('adyen'));
      assert.ok(!view.text.includes('9.99'), 'never shop B’s payment');
      const data = /<script type="application\/json" id="analytics-data">([^<]*)<\/script>/.exec(view.text);
      assert.ok(data);
      const charts = (JSON.parse(data[1]!) as { charts: { id: string; labels: string[]; datasets: { data: number[] }[] }[] }).charts;
      assert.deepEqual(charts.find((c) => c.id === 'chart-volume-EUR')?.datasets[0]?.data, [30.5, 0]);
      assert.match(view.text, /<canvas id="chart-count-by-day" role="img" aria-label="[^"]+"/);
      assert.match(view.text, /<script src="\/dashboard\/assets\/chart\.umd\.min\.js" defer><\/script>/);
      // the operator sees both merchants; bad input is a 400
      const all = await operator.get('/dashboard/analytics?from=2025-11-01&to=2025-11-02');
      assert.match(all.text, /Paid volume">40\.49 EUR/);
      assert.equal((await shopA.get('/dashboard/analytics?from=2025-13-01&to=2025-11-02')).status, 400);
      assert.equal((await operator.get('/dashboard/analytics?merchant=nobody')).status, 400);
      assert.equal((await shopA.get('/dashboard/analytics')).status, 200);
    });

    it('serves chart.js and the analytics script as JavaScript, and a data element cannot be broken out of', async () => {
      for (const path of ['/dashboard/assets/chart.umd.min.js', '/dashboard/assets/analytics.js']) {
        const res = await fetch(`${gw.base}${path}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
        assert.ok((await res.text()).length > 100);
      }
      await gw.services.store.payments.insert(
        newPayment(A, { createdAt: nov(4), method: '</script><script>alert(1)</script>', status: 'succeeded' }),
      );
      const view = await shopA.get('/dashboard/analytics?from=2025-11-04&to=2025-11-05');
      assert.ok(!view.text.includes('<script>alert(1)'));
      assert.match(view.text, /\\u003c\/script\\u003e/);
    });
  });
}
