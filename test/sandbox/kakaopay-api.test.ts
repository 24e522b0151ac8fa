import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KAKAOPAY_MAGIC } from '../../src/sandbox/kakaopay/plugin.js';
import { CID, SUB_CID, kstOf, pgTokenOf, readyBody, startHarness } from './kakaopay-harness.js';
import type { Harness } from './kakaopay-harness.js';

const SLOW_MS = 150;
let h: Harness;
before(async () => {
  h = await startHarness({ slowMs: SLOW_MS });
});
after(async () => h.close());

const ids = (tid: string) => ({ cid: CID, tid, partner_order_id: 'order-1', partner_user_id: 'user-1' });
const status = async (tid: string, cid = CID) => (await h.call('order', { cid, tid })).body.status;

describe('authentication and parameters', () => {
  it('answers -401 / HTTP 401 without a key or with a wrong one', async () => {
    for (const key of [null, 'WRONG']) {
      const r = await h.call('ready', readyBody(), { key });
      assert.equal(r.status, 401);
      assert.equal(r.body.error_code, -401);
      assert.equal(typeof r.body.error_message, 'string');
    }
  });

  it('answers -2 for a missing field, bad JSON, and 0 won on the one-time CID', async () => {
    const { item_name: _drop, ...noItem } = readyBody();
    for (const body of [
      noItem,
      '{nope',
      readyBody({ total_amount: 0 }),
      readyBody({ quantity: 0 }),
      readyBody({ approval_url: 'not a url' }),
    ]) {
      const r = await h.call('ready', body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error_code, -2);
    }
    assert.match(String((await h.call('ready', noItem)).body.error_message), /item_name/);
  });

  it('answers -731 for an unknown CID', async () => {
    const r = await h.call('ready', readyBody({ cid: 'TCNOTMINE0' }));
    assert.equal(r.body.error_code, -731);
  });
});

describe('ready → customer → approve → order', () => {
  it('issues a tid and wallet URLs on the request origin', async () => {
    const r = await h.ready();
    assert.match(r.tid, /^T[0-9A-Za-z]{19}$/);
    assert.equal(r.next_redirect_pc_url, `${h.base}/pg/${r.tid}/info`);
    assert.equal(r.next_redirect_mobile_url, `${h.base}/pg/${r.tid}/mInfo`);
    assert.equal(r.next_redirect_app_url, `${h.base}/pg/${r.tid}/aInfo`);
    assert.match(String(r.android_app_scheme), /^kakaotalk:\/\/kakaopay\/pg\?url=/);
    assert.equal(r.created_at, kstOf(h.clock.now));
    assert.equal(kstOf(new Date('2024-03-01T01:00:00Z')), '2024-03-01T10:00:00'); // KST, no offset
  });

  it('walks READY → OPEN_PAYMENT → AUTH_PASSWORD → SUCCESS_PAYMENT, and pg_token is single use', async () => {
    const { tid } = await h.ready();
    assert.equal(await status(tid), 'READY');
    assert.equal((await h.call('approve', { ...ids(tid), pg_token: 'x' })).body.error_code, -701);
    const location = await h.authenticate(tid);
    assert.ok(location.startsWith('http://merchant.example/kakao/ok?order=order-1&pg_token='), location);
    assert.equal(await status(tid), 'AUTH_PASSWORD');
    const token = pgTokenOf(location);

    assert.equal((await h.call('approve', { ...ids(tid), pg_token: 'wrong' })).body.error_code, -708);
    assert.equal((await h.call('approve', { ...ids(tid), partner_order_id: 'other', pg_token: token })).body.error_code, -706);
    assert.equal((await h.call('approve', { ...ids(tid), partner_user_id: 'other', pg_token: token })).body.error_code, -707);
    assert.equal((await h.call('approve', { ...ids(tid), pg_token: token, total_amount: 4999 })).body.error_code, -725);

    const ok = await h.call('approve', { ...ids(tid), pg_token: token, total_amount: 5000, payload: 'pay-1' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.match(String(ok.body.aid), /^A[0-9A-Za-z]{19}$/);
    assert.equal(ok.body.sid, undefined);
    assert.deepEqual(ok.body.amount, { total: 5000, tax_free: 0, vat: 455, point: 0, discount: 0, green_deposit: 0 });
    assert.equal(ok.body.payment_method_type, 'MONEY');
    assert.equal(ok.body.approved_at, kstOf(h.clock.now));

    const again = await h.call('approve', { ...ids(tid), pg_token: token });
    assert.equal(again.body.error_code, -702);
    const order = (await h.call('order', { cid: CID, tid })).body;
    assert.equal(order.status, 'SUCCESS_PAYMENT');
    assert.deepEqual(
      (order.payment_action_details as Array<Record<string, unknown>>).map((a) => [a.payment_action_type, a.amount, a.payload]),
      [['PAYMENT', 5000, 'pay-1']],
    );
  });

  it('answers -721 for an unknown tid and for a tid under the other CID', async () => {
    assert.equal((await h.call('order', { cid: CID, tid: 'T0000000000000000000' })).body.error_code, -721);
    const { tid } = await h.ready();
    assert.equal((await h.call('order', { cid: SUB_CID, tid })).body.error_code, -721);
  });
});

describe('tid lifetime', () => {
  it('turns a waiting tid into QUIT_PAYMENT after 15 minutes and approve into -723', async () => {
    const { tid } = await h.ready();
    const token = pgTokenOf(await h.authenticate(tid));
    h.clock.advance(15 * 60 * 1000 - 1);
    assert.equal(await status(tid), 'AUTH_PASSWORD');
    h.clock.advance(1);
    assert.equal(await status(tid), 'QUIT_PAYMENT');
    const r = await h.call('approve', { ...ids(tid), pg_token: token });
    assert.equal(r.body.error_code, -723);
    const page = await fetch(`${h.base}/pg/${tid}/mInfo`);
    assert.equal(page.status, 410);
    assert.match(await page.text(), /Payment expired/);
  });
});

describe('cancel', () => {
  async function paid(total = 5000): Promise<string> {
    const { tid } = await h.ready({ total_amount: total });
    const ok = await h.call('approve', { ...ids(tid), pg_token: pgTokenOf(await h.authenticate(tid)) });
    assert.equal(ok.status, 200);
    return tid;
  }
  const cancel = (tid: string, amount: number, extra: Record<string, unknown> = {}) =>
    h.call('cancel', { cid: CID, tid, cancel_amount: amount, cancel_tax_free_amount: 0, ...extra });

  it('keeps partial-cancel accounting and payloads, then cancels fully', async () => {
    const tid = await paid(5000);
    const first = await cancel(tid, 1000, { cancel_available_amount: 5000, payload: 'refund-1' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'PART_CANCEL_PAYMENT');
    assert.equal((first.body.approved_cancel_amount as { total: number }).total, 1000);
    assert.equal((first.body.cancel_available_amount as { total: number }).total, 4000);

    const stale = await cancel(tid, 1000, { cancel_available_amount: 5000 });
    assert.equal(stale.body.error_code, -710, 'a stale cancel_available_amount is refused');
    const over = await cancel(tid, 4001);
    assert.equal(over.body.error_code, -710);

    const second = await cancel(tid, 1500, { cancel_available_amount: 4000, payload: 'refund-2' });
    assert.equal((second.body.canceled_amount as { total: number }).total, 2500);
    const last = await cancel(tid, 2500, { cancel_available_amount: 2500, payload: 'refund-3' });
    assert.equal(last.body.status, 'CANCEL_PAYMENT');
    assert.equal((last.body.cancel_available_amount as { total: number }).total, 0);
    assert.equal((await cancel(tid, 1)).body.error_code, -784);

    const order = (await h.call('order', { cid: CID, tid })).body;
    assert.equal(order.status, 'CANCEL_PAYMENT');
    assert.deepEqual(
      (order.payment_action_details as Array<Record<string, unknown>>).map((a) => [a.payment_action_type, a.amount, a.payload]),
      [
        ['PAYMENT', 5000, null],
        ['CANCEL', 1000, 'refund-1'],
        ['CANCEL', 1500, 'refund-2'],
        ['CANCEL', 2500, 'refund-3'],
      ],
    );
  });

  it('refuses to cancel a payment that was never approved (-784) and bad amounts (-2)', async () => {
    const { tid } = await h.ready();
    assert.equal((await cancel(tid, 100)).body.error_code, -784);
    assert.equal((await h.call('cancel', { cid: CID, tid, cancel_amount: 100 })).body.error_code, -2);
  });
});

describe('subscription (SID) lifecycle', () => {
  const sub = (overrides: Record<string, unknown> = {}) => ({
    cid: SUB_CID,
    partner_order_id: 'order-1',
    partner_user_id: 'user-1',
    ...overrides,
  });

  it('registers with 0 won (ISSUED_SID), charges, inactivates', async () => {
    const { tid } = await h.ready({ cid: SUB_CID, total_amount: 0, item_name: 'Monthly plan' });
    const agreement = await fetch(`${h.base}/pg/${tid}/mInfo`);
    await agreement.text();
    await h.form(tid, 'confirm');
    const toAgreement = await h.form(tid, 'code', { code: '111111' });
    assert.equal(toAgreement.status, 303);
    assert.equal(toAgreement.headers.get('location'), `/sandbox/kakaopay/pg/${tid}/mInfo`, 'the agreement step comes before the redirect');
    assert.match(await (await fetch(`${h.base}/pg/${tid}/mInfo`)).text(), /Auto-debit agreement/);
    const done = await h.form(tid, 'agreement', { agree: 'yes' });
    const token = pgTokenOf(done.headers.get('location') ?? '');

    const approved = await h.call('approve', { ...sub({ tid }), pg_token: token });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const sid = String(approved.body.sid);
    assert.match(sid, /^S[0-9A-Za-z]{19}$/);
    const order = (await h.call('order', { cid: SUB_CID, tid })).body;
    assert.equal(order.status, 'ISSUED_SID');
    assert.equal((order.payment_action_details as Array<Record<string, unknown>>)[0]?.payment_action_type, 'ISSUED_SID');

    const st = (await h.call('manage/subscription/status', { cid: SUB_CID, sid })).body;
    assert.equal(st.available, true);
    assert.equal(st.status, 'ACTIVE');
    assert.equal(st.last_approved_at, null);

    const charge = await h.call(
      'subscription',
      sub({ sid, partner_order_id: 'order-2', quantity: 1, total_amount: 9900, tax_free_amount: 0 }),
    );
    assert.equal(charge.status, 200, JSON.stringify(charge.body));
    assert.equal(charge.body.sid, sid);
    assert.equal(await status(String(charge.body.tid), SUB_CID), 'SUCCESS_PAYMENT');
    const refund = await h.call('cancel', { cid: SUB_CID, tid: charge.body.tid, cancel_amount: 9900, cancel_tax_free_amount: 0 });
    assert.equal(refund.body.status, 'CANCEL_PAYMENT');

    const mismatch = await h.call(
      'subscription',
      sub({ sid, partner_user_id: 'someone-else', quantity: 1, total_amount: 9900, tax_free_amount: 0 }),
    );
    assert.equal(mismatch.body.error_code, -753);
    const unknown = await h.call('subscription', sub({ sid: 'S0000000000000000000', quantity: 1, total_amount: 9900, tax_free_amount: 0 }));
    assert.equal(unknown.body.error_code, -750);

    const off = await h.call('manage/subscription/inactive', { cid: SUB_CID, sid });
    assert.equal(off.body.status, 'INACTIVE');
    assert.equal(off.body.inactivated_at, kstOf(h.clock.now));
    assert.equal((await h.call('manage/subscription/inactive', { cid: SUB_CID, sid })).body.error_code, -751);
    const afterOff = await h.call('subscription', sub({ sid, quantity: 1, total_amount: 9900, tax_free_amount: 0 }));
    assert.equal(afterOff.body.error_code, -751);
    assert.equal((await h.call('manage/subscription/status', { cid: SUB_CID, sid })).body.available, false);
  });

  it('charges and issues a SID when the subscription CID ready has an amount', async () => {
    const { tid } = await h.ready({ cid: SUB_CID, total_amount: 12000 });
    const approved = await h.call('approve', { ...sub({ tid }), pg_token: pgTokenOf(await h.authenticate(tid)) });
    assert.match(String(approved.body.sid), /^S/);
    assert.equal(await status(tid, SUB_CID), 'SUCCESS_PAYMENT');
  });
});

describe('magic values', () => {
  it('exports its table', () => {
    assert.deepEqual(Object.keys(KAKAOPAY_MAGIC).sort(), ['abandon', 'cancel', 'decline', 'error', 'fail', 'lost', 'slow']);
  });

  it('[decline]: approve answers -780 with extras and the tid fails', async () => {
    const { tid } = await h.ready({ item_name: 'Shoes [decline]' });
    const r = await h.call('approve', { ...ids(tid), pg_token: pgTokenOf(await h.authenticate(tid)) });
    assert.equal(r.status, 400);
    assert.equal(r.body.error_code, -780);
    assert.equal((r.body.extras as Record<string, string>).method_result_code, 'CARD_DECLINED');
    assert.equal(await status(tid), 'FAIL_PAYMENT');
  });

  it('[decline] on a subscription charge answers -782', async () => {
    const { tid } = await h.ready({ cid: SUB_CID, total_amount: 0 });
    const sid = (await h.call('approve', { ...ids(tid), cid: SUB_CID, pg_token: pgTokenOf(await h.authenticate(tid)) })).body.sid;
    const r = await h.call('subscription', {
      cid: SUB_CID,
      sid,
      partner_order_id: 'o',
      partner_user_id: 'user-1',
      item_name: 'Plan [decline]',
      quantity: 1,
      total_amount: 100,
      tax_free_amount: 0,
    });
    assert.equal(r.body.error_code, -782);
    assert.ok((r.body.extras as Record<string, string>).method_result_code);
  });

  it('[error] answers HTTP 500 -1 and changes nothing; [lost] does the work then answers 500', async () => {
    const e = await h.ready({ item_name: 'Cake [error]' });
    const r = await h.call('approve', { ...ids(e.tid), pg_token: pgTokenOf(await h.authenticate(e.tid)) });
    assert.equal(r.status, 500);
    assert.equal(r.body.error_code, -1);
    assert.equal(await status(e.tid), 'AUTH_PASSWORD');

    const l = await h.ready({ item_name: 'Cake [lost]' });
    const lost = await h.call('approve', { ...ids(l.tid), pg_token: pgTokenOf(await h.authenticate(l.tid)) });
    assert.equal(lost.status, 500);
    assert.equal(await status(l.tid), 'SUCCESS_PAYMENT');
  });

  it('[abandon]: the tid is expired at once', async () => {
    const { tid, next_redirect_mobile_url } = await h.ready({ item_name: 'Tea [abandon]' });
    assert.equal(await status(tid), 'QUIT_PAYMENT');
    assert.equal((await fetch(next_redirect_mobile_url)).status, 410);
    assert.equal((await h.call('approve', { ...ids(tid), pg_token: 'x' })).body.error_code, -723);
  });

  it('[cancel]: the wallet page sends the customer to cancel_url', async () => {
    const { next_redirect_mobile_url, tid } = await h.ready({ item_name: 'Tea [cancel]' });
    const res = await fetch(next_redirect_mobile_url, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), 'http://merchant.example/kakao/cancel');
    assert.equal(await status(tid), 'QUIT_PAYMENT');
  });

  it('[fail]: the SMS step sends the customer to fail_url', async () => {
    const { tid } = await h.ready({ item_name: 'Tea [FAIL]' });
    assert.equal(await h.authenticate(tid), 'http://merchant.example/kakao/fail');
    assert.equal(await status(tid), 'FAIL_AUTH_PASSWORD');
  });

  it('[slow]: approve answers after slowMs; ready and order stay fast so the gateway can reconcile', async () => {
    const t0 = performance.now();
    const { tid } = await h.ready({ item_name: 'Tea [slow]' });
    assert.ok(performance.now() - t0 < SLOW_MS, 'ready is not delayed');
    const t1 = performance.now();
    assert.equal(await status(tid), 'READY');
    assert.ok(performance.now() - t1 < SLOW_MS, 'order is not delayed');
    const token = pgTokenOf(await h.authenticate(tid));
    const t2 = performance.now();
    const approved = await h.call('approve', { ...ids(tid), pg_token: token });
    assert.equal(approved.status, 200);
    assert.ok(performance.now() - t2 >= SLOW_MS - 5, 'approve was delayed');
  });
});

describe('customer pages', () => {
  it('serves the PC page with an inline QR code of the mobile URL', async () => {
    const { next_redirect_pc_url, tid } = await h.ready({ item_name: 'Desk <lamp>' });
    const res = await fetch(next_redirect_pc_url);
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.match(html, /<svg[^>]*xmlns/);
    assert.match(html, /name="viewport"/);
    assert.match(html, /Desk &lt;lamp&gt;/, 'item names are escaped');
    assert.ok(html.includes(`/sandbox/kakaopay/pg/${tid}/mInfo`), 'continue-on-this-device link');
    assert.match(html, /₩5,000/);
  });

  it('re-shows the code form with an error for anything but 6 digits', async () => {
    const { tid } = await h.ready();
    await h.form(tid, 'confirm');
    for (const code of ['12345', 'abcdef', '1234567', '']) {
      const res = await h.form(tid, 'code', { code });
      assert.equal(res.status, 422);
      assert.match(await res.text(), /6-digit code/);
    }
    assert.equal(await status(tid), 'SELECT_METHOD');
  });

  it('sends Cancel to cancel_url, Simulate decline to fail_url and Simulate timeout to the expired page', async () => {
    const a = await h.ready();
    const c = await h.form(a.tid, 'cancel');
    assert.equal(c.headers.get('location'), 'http://merchant.example/kakao/cancel');
    assert.equal(await status(a.tid), 'QUIT_PAYMENT');

    const b = await h.ready();
    const d = await h.form(b.tid, 'decline');
    assert.equal(d.headers.get('location'), 'http://merchant.example/kakao/fail');
    assert.equal(await status(b.tid), 'FAIL_PAYMENT');

    const t = await h.ready();
    const x = await h.form(t.tid, 'abandon');
    assert.equal(x.status, 303);
    assert.equal(await status(t.tid), 'QUIT_PAYMENT');
    assert.equal((await fetch(new URL(x.headers.get('location') ?? '', h.origin))).status, 410);
  });

  it('answers 404 for an unknown tid and lists the magic values at /', async () => {
    assert.equal((await fetch(`${h.base}/pg/T0000000000000000000/mInfo`)).status, 404);
    const index = await (await fetch(`${h.base}/`)).text();
    for (const m of Object.values(KAKAOPAY_MAGIC)) assert.ok(index.includes(m.marker), m.marker);
  });
});
