/**
 * The sandbox's own store (src/sandbox/kakaopay/state/), on a SQLite file and in a PostgreSQL
 * schema of its own: what is written reads back the same after reopening, a server restarted on it
 * answers for its earlier tids and SIDs, and concurrent changes to one tid or SID are not lost, also
 * when two servers (as two processes would) share it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSandboxState } from '../../src/sandbox/kakaopay/state/sandbox-state.js';
import type { SandboxStateLocation } from '../../src/sandbox/kakaopay/state/sandbox-state.js';
import type { SandboxPayment, SandboxSid } from '../../src/sandbox/kakaopay/model.js';
import { dropPgSchema, storeKinds, testPgUrl, type StoreKind } from '../helpers/stores.js';
import { CID, SUB_CID, pgTokenOf, startHarness } from './kakaopay-harness.js';
import type { Harness } from './kakaopay-harness.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups) await c();
});

/** A fresh location of the given kind, removed after the tests. */
function freshLocation(kind: StoreKind): SandboxStateLocation {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wg-sandbox-state-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { kind: 'sqlite', file: join(dir, 'sandbox-kakaopay.sqlite') };
  }
  const schema = `wg_test_${randomBytes(6).toString('hex')}_sandbox`;
  cleanups.push(() => dropPgSchema(schema));
  return { kind: 'postgres', url: testPgUrl, schema };
}

const stateOpts = { now: () => new Date('2024-03-01T01:00:00Z'), tidTtlMs: 15 * 60_000 };
const amount = (total: number) => ({ total, tax_free: 0, vat: Math.round(total / 11), point: 0, discount: 0, green_deposit: 0 });

function samplePayment(tid: string): SandboxPayment {
  return {
    tid,
    cid: CID,
    subscription: false,
    partnerOrderId: 'order-1',
    partnerUserId: 'user-1',
    itemName: '아이스 아메리카노 [slow]',
    itemCode: null,
    quantity: 2,
    amount: amount(5000),
    canceled: amount(1000),
    status: 'PART_CANCEL_PAYMENT',
    allowedMethod: null,
    methodType: 'CARD',
    approvalUrl: 'http://merchant.example/ok?order=1',
    cancelUrl: 'http://merchant.example/cancel',
    failUrl: 'http://merchant.example/fail',
    createdAt: new Date('2024-03-01T01:00:00.123Z'),
    expiresAt: new Date('2024-03-01T01:15:00.123Z'),
    approvedAt: new Date('2024-03-01T01:02:00.456Z'),
    canceledAt: new Date('2024-03-01T01:03:00.789Z'),
    step: 'done',
    pgToken: null,
    sid: null,
    actions: [
      { aid: 'A0000000000000000001', type: 'PAYMENT', amount: amount(5000), at: new Date('2024-03-01T01:02:00.456Z'), payload: null },
      { aid: 'A0000000000000000002', type: 'CANCEL', amount: amount(1000), at: new Date('2024-03-01T01:03:00.789Z'), payload: 'refund 7' },
    ],
  };
}

function sampleSid(sid: string): SandboxSid {
  return {
    sid,
    cid: SUB_CID,
    partnerUserId: 'user-1',
    itemName: 'Monthly plan',
    methodType: 'MONEY',
    status: 'ACTIVE',
    createdAt: new Date('2024-03-01T01:00:00.001Z'),
    lastApprovedAt: null,
    inactivatedAt: null,
  };
}

/** ready → customer pages → approve on `approver`; returns the tid (and the SID on the subscription CID). */
async function approvedPayment(h: Harness, approver: Harness, cid: string, total: number): Promise<{ tid: string; sid: string | null }> {
  const { tid } = await h.ready({ cid, total_amount: total });
  const token = pgTokenOf(await approver.authenticate(tid));
  const approved = await approver.call('approve', { cid, tid, partner_order_id: 'order-1', partner_user_id: 'user-1', pg_token: token });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  return { tid, sid: typeof approved.body.sid === 'string' ? approved.body.sid : null };
}

describe('sandbox state that cannot be opened', () => {
  it('says where the state was to be and why it cannot be opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-sandbox-state-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // the file's place is taken by a folder
    await assert.rejects(openSandboxState({ kind: 'sqlite', file: dir }, stateOpts), (e: Error) =>
      e.message.startsWith(`The KakaoPay sandbox cannot open its state (${dir}): `),
    );
    await assert.rejects(
      openSandboxState({ kind: 'postgres', url: testPgUrl, schema: 'no-dashes' }, stateOpts),
      /The KakaoPay sandbox cannot open its state \(postgres schema no-dashes\): invalid sandbox schema name/,
    );
  });
});

for (const kind of storeKinds) {
  describe(`sandbox state on ${kind}`, () => {
    it('a payment and a SID read back exactly as written after the state is closed and reopened', async () => {
      const location = freshLocation(kind);
      const first = await openSandboxState(location, stateOpts);
      try {
        await first.run(async (s) => {
          s.addPayment(samplePayment('T000000000000000000A'));
          s.addSid(sampleSid('S000000000000000000A'));
        });
      } finally {
        await first.close();
      }
      if (location.kind === 'sqlite') assert.ok(existsSync(location.file), 'the state is a file');

      const again = await openSandboxState(location, stateOpts);
      try {
        const read = await again.run(async (s) => ({
          payment: await s.payment('T000000000000000000A'),
          sid: await s.sid('S000000000000000000A'),
          unknown: await s.payment('T000000000000000000B'),
        }));
        assert.deepEqual(read.payment, samplePayment('T000000000000000000A'));
        assert.deepEqual(read.sid, sampleSid('S000000000000000000A'));
        assert.equal(read.unknown, undefined);
      } finally {
        await again.close();
      }
    });

    it('nothing is written when the request fails', async () => {
      const state = await openSandboxState(freshLocation(kind), stateOpts);
      try {
        await assert.rejects(
          state.run(async (s) => {
            s.addPayment(samplePayment('T000000000000000000C'));
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await state.run((s) => s.payment('T000000000000000000C')), undefined);
      } finally {
        await state.close();
      }
    });

    it('ten requests changing one tid at once each see the one before (none is lost)', async () => {
      const state = await openSandboxState(freshLocation(kind), stateOpts);
      try {
        const tid = 'T000000000000000000D';
        await state.run(async (s) => s.addPayment({ ...samplePayment(tid), canceled: amount(0), actions: [] }));
        const seen = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            state.run(async (s) => {
              const p = (await s.payment(tid))!;
              const before = p.canceled.total;
              // let every other request run up to its own read before this one writes
              await new Promise((r) => setImmediate(r));
              p.canceled = amount(before + 100);
              p.actions.push({
                aid: `A${String(i).padStart(19, '0')}`,
                type: 'CANCEL',
                amount: amount(100),
                at: stateOpts.now(),
                payload: null,
              });
              return before;
            }),
          ),
        );
        assert.deepEqual(
          [...seen].sort((a, b) => a - b),
          [0, 100, 200, 300, 400, 500, 600, 700, 800, 900],
          'each request read what the previous one wrote',
        );
        const p = await state.run((s) => s.payment(tid));
        assert.equal(p!.canceled.total, 1000);
        assert.equal(p!.actions.length, 10);
      } finally {
        await state.close();
      }
    });

    it('a sandbox restarted on the same state answers for its earlier tids and SIDs exactly as before', async () => {
      const location = freshLocation(kind);
      const h = await startHarness({ state: location });
      let h2: Harness | undefined;
      try {
        const { tid } = await approvedPayment(h, h, CID, 5000);
        const refund = await h.call('cancel', { cid: CID, tid, cancel_amount: 1000, cancel_tax_free_amount: 0, payload: 'r1' });
        assert.equal(refund.status, 200, JSON.stringify(refund.body));
        const { sid } = await approvedPayment(h, h, SUB_CID, 0);
        const waiting = await h.ready({ partner_order_id: 'order-9' });
        const orderBefore = (await h.call('order', { cid: CID, tid })).body;
        const sidBefore = (await h.call('manage/subscription/status', { cid: SUB_CID, sid })).body;
        const waitingBefore = (await h.call('order', { cid: CID, tid: waiting.tid })).body;
        await h.close();

        h2 = await startHarness({ state: location });
        assert.deepEqual((await h2.call('order', { cid: CID, tid })).body, orderBefore);
        assert.deepEqual((await h2.call('manage/subscription/status', { cid: SUB_CID, sid })).body, sidBefore);
        assert.deepEqual((await h2.call('order', { cid: CID, tid: waiting.tid })).body, waitingBefore);

        const more = await h2.call('cancel', { cid: CID, tid, cancel_amount: 1500, cancel_tax_free_amount: 0 });
        assert.equal(more.status, 200, JSON.stringify(more.body));
        assert.equal((more.body.canceled_amount as { total: number }).total, 2500);
        const charge = await h2.call('subscription', {
          cid: SUB_CID,
          sid,
          partner_order_id: 'order-2',
          partner_user_id: 'user-1',
          quantity: 1,
          total_amount: 9900,
          tax_free_amount: 0,
        });
        assert.equal(charge.status, 200, JSON.stringify(charge.body));
        // the waiting tid's customer can still finish in the wallet pages
        const back = await h2.authenticate(waiting.tid);
        assert.match(back, /pg_token=/);
      } finally {
        await h.close().catch(() => undefined);
        await h2?.close();
      }
    });

    it('two servers on one state (as two processes): readied on one, approved on the other; concurrent cancels, charges and approves all count once', async () => {
      const location = freshLocation(kind);
      const a = await startHarness({ state: location });
      const b = await startHarness({ state: location });
      try {
        const { tid } = await approvedPayment(a, b, CID, 5000);
        assert.equal((await a.call('order', { cid: CID, tid })).body.status, 'SUCCESS_PAYMENT');

        const cancels = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? a : b).call('cancel', { cid: CID, tid, cancel_amount: 100, cancel_tax_free_amount: 0, payload: `r${i}` }),
          ),
        );
        for (const c of cancels) assert.equal(c.status, 200, JSON.stringify(c.body));
        assert.deepEqual(
          cancels.map((c) => (c.body.canceled_amount as { total: number }).total).sort((x, y) => x - y),
          [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
          'every cancel saw the ones before it',
        );
        const order = (await b.call('order', { cid: CID, tid })).body;
        assert.equal(order.status, 'PART_CANCEL_PAYMENT');
        assert.equal((order.canceled_amount as { total: number }).total, 1000);
        assert.equal((order.payment_action_details as unknown[]).length, 11);

        const { sid } = await approvedPayment(b, a, SUB_CID, 0);
        const charges = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? a : b).call('subscription', {
              cid: SUB_CID,
              sid,
              partner_order_id: `charge-${i}`,
              partner_user_id: 'user-1',
              quantity: 1,
              total_amount: 1000,
              tax_free_amount: 0,
            }),
          ),
        );
        for (const c of charges) assert.equal(c.status, 200, JSON.stringify(c.body));
        const chargeTids = charges.map((c) => String(c.body.tid));
        assert.equal(new Set(chargeTids).size, 6);
        for (const [i, charged] of chargeTids.entries()) {
          const o = (await (i % 2 ? b : a).call('order', { cid: SUB_CID, tid: charged })).body;
          assert.equal(o.status, 'SUCCESS_PAYMENT');
        }

        const { tid: twice } = await a.ready();
        const token = pgTokenOf(await b.authenticate(twice));
        const approveBody = { cid: CID, tid: twice, partner_order_id: 'order-1', partner_user_id: 'user-1', pg_token: token };
        const approves = await Promise.all([a.call('approve', approveBody), b.call('approve', approveBody)]);
        assert.deepEqual(approves.map((r) => r.status).sort(), [200, 400], JSON.stringify(approves.map((r) => r.body)));
        assert.equal(approves.find((r) => r.status === 400)!.body.error_code, -702, 'the second approve finds it approved');
        const approvedOnce = (await a.call('order', { cid: CID, tid: twice })).body;
        assert.equal((approvedOnce.payment_action_details as unknown[]).length, 1);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
