/**
 * What must hold once gateway processes have been killed, restarted and left to finish: checked on
 * walletgate's tables, on the KakaoPay sandbox's own view of each payment (its order API), on the
 * merchant's ledger of answers (merchant-orders.ts) and on what the merchant's notification
 * endpoint received.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PAYMENT_EVENTS, REFUND_EVENTS } from '../../src/dialects/checkoutcom/statuses.js';
import { SANDBOX_SECRET_KEY, type GatewayData } from './gateway-process.js';
import { httpOnce, type HttpOutcome, type Json } from './http-once.js';
import type { Order } from './merchant-orders.js';

interface PaymentRow {
  id: number;
  dialect: string;
  reference: string;
  status: string;
  amount: number;
  captured_amount: number;
  refunded_amount: number;
  refund_reserved_amount: number;
  connector_ref: string | null;
  needs_sync: number;
}
interface RefundRow {
  id: number;
  payment_id: number;
  reference: string | null;
  amount: number;
  status: string;
  needs_sync: number;
}
interface OutboxRow {
  id: number;
  dialect: string;
  event: string;
  resource_type: string;
  resource_id: number;
  body: string;
  status: string;
}

const WAITING = ['created', 'pending_customer', 'processing'];
const PAID = ['succeeded', 'partially_refunded', 'refunded'];

async function inFlight(data: GatewayData): Promise<string[]> {
  const payments = await data.rows<PaymentRow>(
    `select * from payments where status in ('created', 'pending_customer', 'processing') or needs_sync = 1`,
  );
  const refunds = await data.rows<RefundRow>(`select * from refunds where status = 'pending'`);
  const outbox = await data.rows<OutboxRow>(`select id, event, status from outbox where status <> 'delivered'`);
  return [
    ...payments.map((p) => `payment ${p.id} ${p.status}${p.needs_sync ? ' (needs sync)' : ''}`),
    ...refunds.map((r) => `refund ${r.id} pending`),
    ...outbox.map((n) => `notification ${n.id} ${n.event} ${n.status}`),
  ];
}

/**
 * Waits (polling, up to `deadlineMs`) until no payment or refund is waiting and every notification
 * is delivered: the sweeper and the dispatcher have finished. Fails naming what is stuck.
 */
export async function untilSettled(data: GatewayData, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const left = await inFlight(data);
    if (left.length === 0) return;
    if (Date.now() > until) assert.fail(`still not final after ${deadlineMs} ms: ${left.join('; ')}`);
    await sleep(100);
  }
}

/** KakaoPay's own view of a payment: the sandbox's order API, as the connector calls it. */
async function walletOrder(data: GatewayData, tid: string): Promise<Json> {
  const a = await httpOnce(`${data.publicUrl}/sandbox/kakaopay/online/v1/payment/order`, {
    headers: { authorization: `SECRET_KEY ${SANDBOX_SECRET_KEY}` },
    body: { cid: 'TC0ONETIME', tid },
  });
  assert.ok(a.answered && a.status === 200, `sandbox order ${tid}: ${JSON.stringify(a)}`);
  return a.json;
}

const answers = (o: Order): HttpOutcome[] => [...o.creates, ...o.approvals, ...o.refunds.flatMap((r) => r.answers)];

/** The merchant's ledger against the tables: every answered request is there once, no retry made a second one. */
function checkLedger(orders: Order[], payments: PaymentRow[], refunds: RefundRow[]): void {
  for (const o of orders) {
    for (const a of answers(o))
      assert.ok(!a.answered || a.status < 500, `${o.ref}: a ${a.answered && a.status} answer: ${a.answered && a.text}`);
    // the customer's pages too: every page the sandbox customer was shown on the way
    for (const a of o.approvals) {
      const steps: { url: string; status: number }[] = a.answered ? (a.json?.steps ?? []) : [];
      for (const step of steps) assert.ok(step.status < 500, `${o.ref}: the customer was shown a ${step.status} at ${step.url}`);
    }
    // a keyed retry gets the first request's outcome once its claim is past the in-flight grace, not "in progress" for ever
    for (const tried of [o.creates, ...o.refunds.map((r) => r.answers)]) {
      const last = tried.at(-1);
      assert.ok(!(last?.answered && last.status === 409), `${o.ref}: the last retry was still told: ${last?.answered && last.text}`);
    }
    const mine = payments.filter((p) => p.reference === o.ref && p.dialect === o.api);
    assert.ok(mine.length <= 1, `${o.ref}: ${mine.length} payments for one order (retried ${o.creates.length - 1} times)`);
    const made = o.creates.filter((a) => a.answered && a.status >= 200 && a.status < 300);
    if (made.length > 0) {
      assert.equal(mine.length, 1, `${o.ref}: answered ${made.length} time(s) with a payment, but the tables hold ${mine.length}`);
      assert.equal(mine[0]!.id, o.paymentId, `${o.ref}: every answer names the payment that exists`);
    }
    if (o.paymentId !== null) assert.equal(mine[0]?.id, o.paymentId, `${o.ref}: the payment the merchant learned of exists`);
    for (const r of o.refunds) {
      const rows = refunds.filter((x) => x.reference === r.ref && x.payment_id === mine[0]?.id);
      assert.ok(rows.length <= 1, `${r.ref}: ${rows.length} refunds for one refund request (sent ${r.answers.length} times)`);
      if (r.refundId !== null) assert.equal(rows[0]?.id, r.refundId, `${r.ref}: the refund the merchant was told of exists once`);
    }
  }
}

/** Each payment against its refunds and against the wallet's own record. */
async function checkPayments(data: GatewayData, payments: PaymentRow[], refunds: RefundRow[]): Promise<void> {
  for (const p of payments) {
    const name = `payment ${p.id} (${p.reference}, ${p.status})`;
    assert.ok(!WAITING.includes(p.status) && !p.needs_sync, `${name} is not final`);
    const own = refunds.filter((r) => r.payment_id === p.id);
    assert.ok(
      own.every((r) => r.status !== 'pending'),
      `${name} has a pending refund`,
    );
    const succeeded = own.filter((r) => r.status === 'succeeded');
    const refunded = succeeded.reduce((sum, r) => sum + r.amount, 0);
    assert.equal(p.refunded_amount, refunded, `${name}: refunded amount is the sum of its succeeded refunds`);
    assert.equal(p.refund_reserved_amount, 0, `${name}: nothing left reserved`);
    assert.ok(
      p.refunded_amount <= p.captured_amount,
      `${name}: never more refunded (${p.refunded_amount}) than paid (${p.captured_amount})`,
    );
    const paid = PAID.includes(p.status);
    assert.equal(p.captured_amount, paid ? p.amount : 0, `${name}: captured amount`);
    if (p.status === 'succeeded') assert.equal(refunded, 0, name);
    if (p.status === 'partially_refunded') assert.ok(refunded > 0 && refunded < p.captured_amount, name);
    if (p.status === 'refunded') assert.equal(refunded, p.captured_amount, name);
    if (!p.connector_ref) {
      assert.ok(!paid, `${name} is paid but the wallet never gave it a tid`);
      continue;
    }
    const w = await walletOrder(data, p.connector_ref);
    const actions = (w.payment_action_details ?? []) as { payment_action_type: string; payload: string | null; amount: number }[];
    const charged = actions.filter((a) => a.payment_action_type === 'PAYMENT');
    assert.equal(charged.length, paid ? 1 : 0, `${name}: the wallet charged ${charged.length} time(s) (wallet status ${w.status})`);
    if (!paid) continue;
    assert.equal(charged[0]!.amount, p.captured_amount, `${name}: the wallet charged what walletgate captured`);
    assert.equal(
      w.canceled_amount.total,
      p.refunded_amount,
      `${name}: the wallet refunded what walletgate says (wallet status ${w.status})`,
    );
    const cancels = actions
      .filter((a) => a.payment_action_type === 'CANCEL')
      .map((a) => Number(a.payload))
      .sort((a, b) => a - b);
    assert.deepEqual(
      cancels,
      succeeded.map((r) => r.id).sort((a, b) => a - b),
      `${name}: each succeeded refund reached the wallet exactly once, and no other did`,
    );
  }
}

const GP_PAID_ORDER = ['succeeded', 'partially_refunded', 'refunded'];

/** Could this notification be about what became of the resource? (It was written in the same transaction as a change.) */
function happened(n: OutboxRow, final: string): boolean {
  if (n.dialect === 'globalpay') {
    const [, status] = n.event.split('.');
    if (n.resource_type === 'refund' || status === final) return status === final;
    return GP_PAID_ORDER.includes(status!) && GP_PAID_ORDER.indexOf(status!) <= GP_PAID_ORDER.indexOf(final);
  }
  if (n.resource_type === 'refund') return n.event === REFUND_EVENTS.pending || n.event === REFUND_EVENTS[final as 'succeeded'];
  if (n.event === 'payment_pending') return true;
  const status = PAID.includes(final) ? 'succeeded' : final;
  return (PAYMENT_EVENTS[status as 'succeeded'] ?? []).includes(n.event);
}

/** The notification that says how the resource ended, if its dialect sends one. */
function finalEvents(dialect: string, type: 'payment' | 'refund', final: string): string[] {
  if (dialect === 'globalpay') return [`${type}.${final}`];
  if (type === 'refund') return [REFUND_EVENTS[final as 'succeeded']];
  return [...(PAYMENT_EVENTS[(PAID.includes(final) ? 'succeeded' : final) as 'succeeded'] ?? [])].slice(-1);
}

/**
 * Every notification written is delivered (at least once; exactly once when nothing was killed),
 * nothing else is, and each says something that happened; every final payment and refund is told.
 */
async function checkNotifications(data: GatewayData, payments: PaymentRow[], refunds: RefundRow[], exactlyOnce: boolean): Promise<void> {
  const outbox = await data.rows<OutboxRow>(`select id, dialect, event, resource_type, resource_id, body, status from outbox`);
  const byId = new Map(outbox.map((n) => [n.id, n]));
  const seen = new Map<number, number>();
  for (const r of data.receiver.received) {
    const id = Number(r.headers['x-walletgate-notification-id']);
    const row = byId.get(id);
    assert.ok(row, `the merchant received notification ${id}, which walletgate never wrote: ${r.body}`);
    assert.equal(r.body, row.body, `notification ${id} arrived as written`);
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const finals = new Map<string, string>([
    ...payments.map((p): [string, string] => [`payment ${p.id}`, p.status]),
    ...refunds.map((r): [string, string] => [`refund ${r.id}`, r.status]),
  ]);
  for (const n of outbox) {
    assert.equal(n.status, 'delivered', `notification ${n.id} (${n.event}) is ${n.status}`);
    const times = seen.get(n.id) ?? 0;
    if (exactlyOnce) assert.equal(times, 1, `notification ${n.id} (${n.event}) was received ${times} times`);
    else assert.ok(times >= 1, `notification ${n.id} (${n.event}) was never received`);
    const final = finals.get(`${n.resource_type} ${n.resource_id}`);
    assert.ok(
      final && happened(n, final),
      `notification ${n.id} says ${n.event} about ${n.resource_type} ${n.resource_id}, which ended ${final}`,
    );
  }
  const told = (dialect: string, type: 'payment' | 'refund', id: number, final: string) => {
    const wanted = finalEvents(dialect, type, final);
    assert.ok(
      outbox.some((n) => n.resource_type === type && n.resource_id === id && wanted.includes(n.event)),
      `${type} ${id} ended ${final}, but no ${wanted.join(' / ')} notification was written`,
    );
  };
  for (const p of payments) told(p.dialect, 'payment', p.id, p.status);
  for (const r of refunds) told(payments.find((p) => p.id === r.payment_id)!.dialect, 'refund', r.id, r.status);
}

export async function checkMoneyInvariants(data: GatewayData, orders: Order[], opts: { exactlyOnce?: boolean } = {}): Promise<void> {
  const payments = await data.rows<PaymentRow>(`select * from payments order by id`);
  const refunds = await data.rows<RefundRow>(`select * from refunds order by id`);
  checkLedger(orders, payments, refunds);
  await checkPayments(data, payments, refunds);
  await checkNotifications(data, payments, refunds, opts.exactlyOnce ?? false);
}
