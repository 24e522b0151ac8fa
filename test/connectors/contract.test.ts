/**
 * The connector contract, on the level of the core: one table of scenarios, each run against the
 * KakaoPay connector over the KakaoPay sandbox and against the Alipay+ connector over the Alipay+
 * sandbox (AlipayHK), through one walletgate (real HTTP, GlobalPay API, the customer API, the
 * sweeper, the wallet's own notifications). Each scenario asserts the payment's final core status,
 * its money fields and what the merchant was notified of. A scenario that cannot apply to a wallet
 * says why in the table and asserts that reason, rather than being skipped.
 * Support: contract-support.ts (the walletgate, the wallets, the notification stand-in) and
 * contract-context.ts (a scenario's moves). On SQLite and on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '../../src/core/ports/connector.js';
import { storeKinds } from '../helpers/stores.js';
import { scenarioContext, type Ctx } from './contract-context.js';
import { deliver, money, startContractWorld, WALLETS, type ContractWorld, type WalletProfile } from './contract-support.js';

interface Scenario {
  name: string;
  /** true, or why the scenario cannot apply to the wallet (the table says so; notApplicable asserts it) */
  applies(w: WalletProfile): true | string;
  run(c: Ctx): Promise<void>;
  notApplicable?(c: Ctx): Promise<void>;
}

const notifying = (w: WalletProfile): true | string =>
  w.notifies ? true : `not applicable: ${w.name} sends no notifications (walletgate learns only from the return and its lookup)`;

/** For a wallet without notifications: it has no notify address at walletgate. */
async function hasNoNotifications(c: Ctx): Promise<void> {
  assert.equal(c.gw.services.deps.connectors[c.w.connector]!.parseNotification, undefined);
  const res = await fetch(`${c.gw.base}/connectors/${c.w.connector}/notify`, { method: 'POST', body: '{}' });
  assert.equal(res.status, 404);
}

/** Approved, a payment's money: everything captured, nothing refunded. */
async function approvedPayment(c: Ctx, description = 'Coffee beans'): Promise<number> {
  const p = await c.pay(description);
  assert.match(await c.walk(p.url, 'approve'), /data=2/);
  assert.deepEqual(money(await c.payment(p.id)), {
    status: 'succeeded',
    amount: c.w.amount,
    captured: c.w.amount,
    refunded: 0,
    reserved: 0,
  });
  return p.id;
}

/**
 * The customer approves while the return holds the wallet's answer; `meanwhile` runs with the
 * wallet's notification kept in hand; then the return finishes. Returns the payment id.
 */
async function approveWithReturnHeld(c: Ctx, meanwhile: (id: number) => Promise<void>): Promise<number> {
  const p = await c.pay('Milk tea');
  const hold = c.world.holdReturn(c.w.connector);
  const walking = c.walk(p.url, 'approve');
  await hold.reached.opened;
  assert.equal((await c.payment(p.id)).status, 'processing', 'the return is under way');
  await meanwhile(p.id);
  hold.release.open();
  assert.match(await walking, /data=2/, 'the customer is sent back as paid');
  return p.id;
}

/** One unknown outcome after another ([slow] or [lost]): each is settled from the wallet's own record. */
async function unknownOutcomes(c: Ctx, marker: string): Promise<void> {
  const p = await c.pay(`Coffee beans ${marker}`);
  await c.walk(p.url, 'approve');
  // KakaoPay's approve is slow/lost: the payment waits (processing, needs sync); Alipay+'s return is not affected
  await c.sweepUntil(async () => (await c.payment(p.id)).status === 'succeeded');
  assert.deepEqual(money(await c.payment(p.id)), {
    status: 'succeeded',
    amount: c.w.amount,
    captured: c.w.amount,
    refunded: 0,
    reserved: 0,
  });
  const part = c.w.amount / 10;
  const r = await c.refund(p.id, part);
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const refundId = r.json.Refund.ID as number;
  assert.equal(r.json.Refund.Status.ID, 1, 'the wallet did not answer: the refund is pending');
  assert.deepEqual(money(await c.payment(p.id)), {
    status: 'succeeded',
    amount: c.w.amount,
    captured: c.w.amount,
    refunded: 0,
    reserved: part,
  });
  await c.sweepUntil(async () => (await c.gw.services.store.refunds.getById(refundId))?.status === 'succeeded');
  assert.deepEqual(money(await c.payment(p.id)), {
    status: 'partially_refunded',
    amount: c.w.amount,
    captured: c.w.amount,
    refunded: part,
    reserved: 0,
  });
  assert.equal((await c.settlements(p.id)).length, 1, 'one settlement');
  await c.heard([
    ['Payment', p.id, 2],
    ['Payment', p.id, 21],
    ['Refund', refundId, 2],
  ]);
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'approve: paid in full, the merchant hears Success once',
    applies: () => true,
    async run(c) {
      const id = await approvedPayment(c);
      await c.walletNotifiesTooLate(id);
      assert.equal((await c.settlements(id)).length, 1);
      await c.heard([['Payment', id, 2]]);
    },
  },
  {
    name: "decline: the wallet refuses at the customer's last step ([decline]); nothing captured",
    applies: () => true,
    async run(c) {
      const p = await c.pay('Coffee beans [decline]');
      assert.match(await c.walk(p.url, 'approve'), /data=4/);
      const failed = await c.payment(p.id);
      assert.deepEqual(money(failed), { status: 'failed', amount: c.w.amount, captured: 0, refunded: 0, reserved: 0 });
      assert.ok(failed.failureCode, 'the wallet code is kept');
      await c.walletNotifiesTooLate(p.id);
      await c.heard([['Payment', p.id, 4]]);
    },
  },
  {
    name: "fail: the customer fails the wallet's check (customer action 'fail')",
    applies: () => true,
    async run(c) {
      const p = await c.pay('Coffee beans');
      assert.match(await c.walk(p.url, 'fail'), /data=4/);
      assert.deepEqual(money(await c.payment(p.id)), { status: 'failed', amount: c.w.amount, captured: 0, refunded: 0, reserved: 0 });
      await c.walletNotifiesTooLate(p.id);
      await c.heard([['Payment', p.id, 4]]);
    },
  },
  {
    name: 'customer cancel: cancelled, nothing captured',
    applies: () => true,
    async run(c) {
      const p = await c.pay('Coffee beans');
      assert.match(await c.walk(p.url, 'cancel'), /data=3/);
      assert.deepEqual(money(await c.payment(p.id)), { status: 'cancelled', amount: c.w.amount, captured: 0, refunded: 0, reserved: 0 });
      await c.heard([['Payment', p.id, 3]]);
    },
  },
  {
    name: 'abandon: the customer walks away, the wallet times the payment out, the sweeper expires it',
    applies: (w) =>
      w.timesOut || `not applicable: ${w.name} holds no customer session to time out; the payment waits until its own lifetime ends`,
    async notApplicable(c) {
      const p = await c.pay('Coffee beans');
      await c.walk(p.url, 'abandon');
      for (let i = 0; i < 3; i++) await c.gw.services.sweepNow();
      const waiting = await c.payment(p.id);
      assert.equal(waiting.status, 'pending_customer', 'the sweeper leaves it waiting');
      const atWallet = await c.gw.services.deps.connectors[c.w.connector]!.lookupPayment(
        waiting.connectorState.ref!,
        waiting.connectorState.wallet ?? {},
      );
      assert.equal(atWallet.state, 'pending');
    },
    async run(c) {
      const p = await c.pay('Coffee beans');
      await c.walk(p.url, 'abandon');
      assert.equal((await c.payment(p.id)).status, 'pending_customer');
      // the first pass notes the abandonment, a later one (abandon grace 0 here) expires it
      for (let i = 0; i < 3 && (await c.payment(p.id)).status === 'pending_customer'; i++) await c.gw.services.sweepNow();
      assert.deepEqual(money(await c.payment(p.id)), { status: 'expired', amount: c.w.amount, captured: 0, refunded: 0, reserved: 0 });
      await c.heard([['Payment', p.id, 5]]);
    },
  },
  {
    name: 'timeout, outcome unknown ([slow]): the connector gives up, the sweeper settles from the wallet (KakaoPay: approve and refund; Alipay+: refund; cards: the card payment and the refund)',
    applies: () => true,
    run: (c) => unknownOutcomes(c, '[slow]'),
  },
  {
    name: 'lost answer ([lost]): the wallet did the work, the answer never came; the sweeper settles from the wallet (KakaoPay: approve and refund; Alipay+: refund; cards: the card payment and the refund)',
    applies: () => true,
    run: (c) => unknownOutcomes(c, '[lost]'),
  },
  {
    name: 'duplicate notification: the wallet sends it twice before the return finishes; one state change, one merchant notification',
    applies: notifying,
    notApplicable: hasNoNotifications,
    async run(c) {
      const id = await approveWithReturnHeld(c, async (pid) => {
        const n = await c.world.relay.waitFor(pid);
        for (const time of ['first', 'again']) assert.equal((await deliver(c.gw, n)).status, 200, time);
        assert.equal((await c.payment(pid)).status, 'succeeded', 'the notification settled it');
      });
      assert.deepEqual(await c.settlements(id), ['notification']);
      await c.heard([['Payment', id, 2]]);
    },
  },
  {
    name: "notification before the customer's return: the notification settles, the return is a no-op",
    applies: notifying,
    notApplicable: hasNoNotifications,
    async run(c) {
      const id = await approveWithReturnHeld(c, async (pid) => {
        assert.equal((await deliver(c.gw, await c.world.relay.waitFor(pid))).status, 200);
      });
      assert.deepEqual(money(await c.payment(id)), {
        status: 'succeeded',
        amount: c.w.amount,
        captured: c.w.amount,
        refunded: 0,
        reserved: 0,
      });
      assert.deepEqual(await c.settlements(id), ['notification']);
      await c.heard([['Payment', id, 2]]);
    },
  },
  {
    name: "notification after the customer's return: the return settles, the notification is a no-op",
    applies: notifying,
    notApplicable: hasNoNotifications,
    async run(c) {
      const id = await approvedPayment(c);
      await c.walletNotifiesTooLate(id);
      assert.deepEqual(await c.settlements(id), ['approve']);
      await c.heard([['Payment', id, 2]]);
    },
  },
  {
    name: 'refunds: partial, too much (refused, nothing moves), the rest (refunded)',
    applies: () => true,
    async run(c) {
      const id = await approvedPayment(c);
      const first = c.w.amount * 0.3;
      const r1 = await c.refund(id, first);
      assert.equal(r1.status, 201, JSON.stringify(r1.json));
      assert.equal(r1.json.Refund.Status.ID, 2);
      const before = await c.payment(id);
      assert.deepEqual(money(before), {
        status: 'partially_refunded',
        amount: c.w.amount,
        captured: c.w.amount,
        refunded: first,
        reserved: 0,
      });
      const tooMuch = await c.refund(id, c.w.amount - first + 10);
      assert.equal(tooMuch.status, 400, JSON.stringify(tooMuch.json));
      assert.deepEqual(money(await c.payment(id)), money(before), 'nothing moved at walletgate');
      assert.equal((await c.gw.services.store.refunds.listByPayment('demo', id)).length, 1);
      const atWallet = await c.gw.services.deps.connectors[c.w.connector]!.lookupPayment(
        before.connectorState.ref!,
        before.connectorState.wallet ?? {},
      );
      assert.equal(atWallet.refundedAmount, first, 'nothing moved at the wallet');
      const r2 = await c.refund(id, c.w.amount - first);
      assert.equal(r2.status, 201, JSON.stringify(r2.json));
      assert.deepEqual(money(await c.payment(id)), {
        status: 'refunded',
        amount: c.w.amount,
        captured: c.w.amount,
        refunded: c.w.amount,
        reserved: 0,
      });
      await c.heard([
        ['Payment', id, 2],
        ['Payment', id, 21],
        ['Payment', id, 22],
        ['Refund', r1.json.Refund.ID as number, 2],
        ['Refund', r2.json.Refund.ID as number, 2],
      ]);
    },
  },
  {
    name: 'agreement revoked at the wallet: the charge is refused (agreement gone) and the preapproval closes (closed by the customer); nothing is left for the merchant to close',
    applies: (w) => w.recurring || `not applicable: ${w.name} holds no agreements`,
    async notApplicable(c) {
      const created = await c.gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: c.unique('pre'),
          Currency: c.w.currency,
          Description: 'Monthly tea',
          ReturnURL: 'http://shop.example/r',
          MethodID: c.w.methodId,
          BillingAddress: { Country: c.w.country },
        },
      });
      assert.equal(created.status, 400, JSON.stringify(created.json));
      const connector = c.gw.services.deps.connectors[c.w.connector]!;
      await assert.rejects(connector.agreementStatus('any'), (e: unknown) => e instanceof ConnectorError && e.kind === 'invalid');
    },
    async run(c) {
      const created = await c.gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: c.unique('pre'),
          Currency: c.w.currency,
          Description: 'Monthly tea',
          ReturnURL: 'http://shop.example/r',
          MethodID: c.w.methodId,
          Customer: { FirstName: 'Min', LastName: 'Kim', Email: 'min@example.com' },
          BillingAddress: { Country: c.w.country },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const preId = created.json.Preapproval.ID as number;
      await c.walk(created.json.Preapproval.RedirectURL as string, 'approve');
      const pre = (await c.gw.services.store.preapprovals.getById(preId))!;
      assert.equal(pre.status, 'active');
      // the customer ends it in the wallet: walletgate is not told
      await c.gw.services.deps.connectors[c.w.connector]!.revokeAgreement(pre.agreementToken!);
      const charge = await c.gw.gp('POST', '/v1/payments/recurrent', {
        Payment: {
          PreapprovalID: preId,
          MerchantTransactionID: c.unique('charge'),
          Amount: c.w.amount,
          Currency: c.w.currency,
          MethodID: c.w.methodId,
          Description: 'Monthly tea',
          BillingAddress: { Country: c.w.country },
        },
      });
      const payId = charge.json.Payment?.ID as number;
      assert.ok(payId, JSON.stringify(charge.json));
      assert.deepEqual(money(await c.payment(payId)), { status: 'failed', amount: c.w.amount, captured: 0, refunded: 0, reserved: 0 });
      assert.equal(
        (await c.gw.services.store.preapprovals.getById(preId))!.status,
        'closed_by_customer',
        'a charge refused because the agreement is gone closes the preapproval',
      );
      // what the connector tells the core, in no wallet's words (Alipay+ has no agreementStatus call to ask instead)
      const connector = c.gw.services.deps.connectors[c.w.connector]!;
      await assert.rejects(
        connector.chargeAgreement({
          method: pre.method,
          agreementToken: pre.agreementToken!,
          agreementWallet: pre.connectorState.wallet ?? {},
          orderId: `${payId}-again`,
          customerRef: 'min@example.com',
          itemName: 'Monthly tea',
          amount: c.w.amount,
          currency: c.w.currency,
        }),
        (e: unknown) => e instanceof ConnectorError && e.kind === 'declined' && e.outcome === 'agreement_gone',
      );
      const closed = await c.gw.gp('DELETE', `/v1/preapprovals/${preId}`);
      assert.equal(closed.status, 400, JSON.stringify(closed.json));
      assert.match(JSON.stringify(closed.json), /already closed by customer/);
      assert.equal((await c.gw.services.store.preapprovals.getById(preId))!.status, 'closed_by_customer');
      await c.heard([
        ['Preapproval', preId, 2],
        ['Preapproval', preId, 4],
        ['Payment', payId, 4],
      ]);
    },
  },
];

for (const kind of storeKinds) {
  describe(`connector contract on ${kind}`, () => {
    let world: ContractWorld;
    before(async () => {
      world = await startContractWorld(kind);
    });
    after(() => world.close());

    let n = 0;
    for (const w of WALLETS) {
      const ctx = (): Ctx => scenarioContext(kind, world, w, () => ++n);
      describe(w.name, () => {
        for (const s of SCENARIOS) {
          const applies = s.applies(w);
          if (applies === true) it(s.name, () => s.run(ctx()));
          else it(`${s.name} — ${applies}`, () => s.notApplicable!(ctx()));
        }
      });
    }
  });
}
