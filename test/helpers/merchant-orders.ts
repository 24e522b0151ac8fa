/**
 * A merchant's orders as the crash and several-process tests place them through the public APIs
 * (GlobalPay, and Checkout.com with idempotency keys), with every answer kept, or the lack of one:
 * the ledger the invariants are checked against (money-invariants.ts).
 *
 * `placeOrder` runs an order straight through: create the payment, the customer pays in the sandbox
 * wallet (or cancels), then the refunds, one after another; it stops at the first unanswered
 * request, as a merchant whose gateway died would. `resumeOrder` is what a careful merchant does
 * afterwards: it retries an unanswered create with the same MerchantTransactionID or
 * Cko-Idempotency-Key (while Checkout.com says the first is still in progress, again a moment
 * later, until it gets the first request's outcome), looks the payment up when GlobalPay says the
 * reference is taken, lets the customer come
 * back, and sends each refund not yet answered (a GlobalPay refund is looked up first: refund
 * references need not be unique there, so a blind retry would refund twice).
 */
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { parseId } from '../../src/dialects/checkoutcom/ids.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../../src/dialects/globalpay/demo.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpOnce, type HttpOutcome, type Json } from './http-once.js';

export type Api = 'globalpay' | 'checkoutcom';

export interface PlannedRefund {
  ref: string;
  amount: number;
  /** Cko-Idempotency-Key (Checkout.com) */
  key: string | null;
  answers: HttpOutcome[];
  /** the refund's core id, once an answer (or a lookup) named it */
  refundId: number | null;
}

export interface Order {
  api: Api;
  /** MerchantTransactionID (GlobalPay) or reference (Checkout.com); unique per order */
  ref: string;
  amount: number;
  /** Cko-Idempotency-Key of the create (Checkout.com) */
  key: string | null;
  /** what the customer does in the wallet */
  customer: 'approve' | 'cancel';
  refunds: PlannedRefund[];
  creates: HttpOutcome[];
  approvals: HttpOutcome[];
  /** the payment's core id and the customer's link, once known */
  paymentId: number | null;
  link: string | null;
  /** the Checkout.com id (pay_…) */
  ckoId: string | null;
}

export function newOrder(o: Pick<Order, 'api' | 'ref' | 'amount' | 'customer'> & { refunds: number[] }): Order {
  const cko = o.api === 'checkoutcom';
  return {
    ...o,
    key: cko ? `${o.ref}-create` : null,
    refunds: o.refunds.map((amount, i) => ({
      ref: `${o.ref}-r${i + 1}`,
      amount,
      key: cko ? `${o.ref}-r${i + 1}` : null,
      answers: [],
      refundId: null,
    })),
    creates: [],
    approvals: [],
    paymentId: null,
    link: null,
    ckoId: null,
  };
}

const GP_AUTH = 'Basic ' + Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64');
const CKO_AUTH = `Bearer ${DEMO_CHECKOUTCOM.secretKey}`;

function call(base: string, api: Api, method: string, path: string, body?: unknown, key?: string | null): Promise<HttpOutcome> {
  const headers: Record<string, string> = { authorization: api === 'globalpay' ? GP_AUTH : CKO_AUTH };
  if (key) headers['cko-idempotency-key'] = key;
  return httpOnce(`${base}/${api}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
}

const ok = (a: HttpOutcome): a is Extract<HttpOutcome, { answered: true }> => a.answered && a.status >= 200 && a.status < 300;

function createBody(o: Order, shop: string): unknown {
  if (o.api === 'globalpay') {
    return {
      Payment: {
        MerchantTransactionID: o.ref,
        Amount: o.amount,
        Currency: 'KRW',
        MethodID: 1135,
        ReturnURL: `${shop}/return`,
        Description: o.ref,
      },
    };
  }
  return {
    amount: o.amount,
    currency: 'KRW',
    source: { type: 'kakaopay' },
    reference: o.ref,
    success_url: `${shop}/success`,
    failure_url: `${shop}/failure`,
    customer: { email: `${o.ref}@shop.example` },
    processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
  };
}

/** Takes the payment's id and link from a create answer or a lookup. */
function learnPayment(o: Order, json: Json): void {
  if (o.api === 'globalpay') {
    const p = json?.Payment ?? json;
    if (typeof p?.ID === 'number') o.paymentId = p.ID;
    if (typeof p?.RedirectURL === 'string') o.link = p.RedirectURL;
    return;
  }
  if (typeof json?.id === 'string') {
    o.ckoId = json.id;
    o.paymentId = parseId('payment', json.id) ?? null;
  }
  const href = json?._links?.redirect?.href;
  if (typeof href === 'string') o.link = href;
}

function learnRefund(o: Order, r: PlannedRefund, json: Json): void {
  if (o.api === 'globalpay' && typeof json?.Refund?.ID === 'number') r.refundId = json.Refund.ID;
  if (o.api === 'checkoutcom' && typeof json?.action_id === 'string') r.refundId = parseId('refund', json.action_id) ?? null;
}

export interface OrderHooks {
  /** called just before each request of a phase is sent (a test may schedule a kill) */
  onPhase?: (phase: 'create' | 'approve' | 'refund') => void;
}

/** POST the order's payment (once); its answer joins the ledger. */
export async function requestPayment(base: string, o: Order, shop: string, hooks: OrderHooks = {}): Promise<HttpOutcome> {
  hooks.onPhase?.('create');
  const a = await call(base, o.api, 'POST', o.api === 'globalpay' ? '/v1/payments' : '/payments', createBody(o, shop), o.key);
  o.creates.push(a);
  if (ok(a)) learnPayment(o, a.json);
  return a;
}

/** The customer opens the order's link and does what the order says (POST /sandbox/customer). */
export async function customerActs(base: string, o: Order, hooks: OrderHooks = {}): Promise<HttpOutcome> {
  hooks.onPhase?.('approve');
  const a = await httpOnce(`${base}/sandbox/customer`, { body: { url: o.link, action: o.customer } });
  o.approvals.push(a);
  return a;
}

/** POST one of the order's refunds (once). */
export async function requestRefund(base: string, o: Order, r: PlannedRefund, hooks: OrderHooks = {}): Promise<HttpOutcome> {
  hooks.onPhase?.('refund');
  const a =
    o.api === 'globalpay'
      ? await call(base, o.api, 'POST', `/v1/payments/${o.paymentId}/refunds`, {
          Refund: { MerchantTransactionID: r.ref, Amount: r.amount },
        })
      : await call(base, o.api, 'POST', `/payments/${o.ckoId}/refunds`, { amount: r.amount, reference: r.ref }, r.key);
  r.answers.push(a);
  if (ok(a)) learnRefund(o, r, a.json);
  return a;
}

/**
 * Runs the order from the start through `base` (a process, or the balancer). `shop` is the
 * merchant's site (its return pages; never fetched by the sandbox customer).
 */
export async function placeOrder(base: string, o: Order, shop: string, hooks: OrderHooks = {}): Promise<void> {
  const created = await requestPayment(base, o, shop, hooks);
  if (!ok(created) || !o.link) return;
  const paid = await customerActs(base, o, hooks);
  if (!paid.answered || o.customer !== 'approve') return;
  for (const r of o.refunds) {
    if (!(await requestRefund(base, o, r, hooks)).answered) return;
  }
}

/** The GlobalPay payment an earlier, unanswered create made: looked up by its MerchantTransactionID. */
async function lookUpPayment(base: string, o: Order): Promise<void> {
  const a = await call(base, o.api, 'GET', `/v1/payments?merchantTransactionID=${encodeURIComponent(o.ref)}`);
  if (!ok(a)) throw new Error(`looking up ${o.ref} failed: ${JSON.stringify(a)}`);
  const found = a.json.Payments;
  if (found.length > 1) throw new Error(`${found.length} payments with reference ${o.ref}: ${a.text}`);
  if (found.length === 1) learnPayment(o, found[0]);
}

/**
 * Checkout.com answers 409 idempotency_key_request_in_progress while the first request with the key
 * counts as running: for an unanswered one, until its claim is older than the in-flight grace.
 * The merchant retries a moment later, as the docs say, until it gets the first request's outcome.
 */
async function whileInProgress(send: () => Promise<HttpOutcome>, deadlineMs = 30_000): Promise<HttpOutcome> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const a = await send();
    const inProgress = a.answered && a.status === 409 && a.json?.error_codes?.includes('idempotency_key_request_in_progress');
    if (!inProgress || Date.now() > until) return a;
    await sleep(250);
  }
}

/** What a careful merchant (and its customer) does once the gateway answers again. */
export async function resumeOrder(base: string, o: Order, shop: string): Promise<void> {
  if (o.paymentId === null && o.creates.length > 0) {
    const again = await whileInProgress(() => requestPayment(base, o, shop));
    // GlobalPay: 400 code 20, the reference is taken by the payment the unanswered request made
    if (o.api === 'globalpay' && !ok(again)) await lookUpPayment(base, o);
  }
  if (o.paymentId === null || !o.link) return;
  // the customer comes back to the link unless done (a payment already settled just shows walletgate's page)
  if (!o.approvals.some((a) => a.answered && a.status === 200)) await customerActs(base, o);
  if (o.customer !== 'approve') return;
  for (const r of o.refunds) {
    if (r.answers.some((a) => a.answered)) continue;
    if (r.answers.length > 0 && o.api === 'globalpay') {
      const listed = await call(base, o.api, 'GET', `/v1/payments/${o.paymentId}/refunds`);
      const mine = ok(listed) ? (listed.json.Refunds as Json[]).filter((x) => x.MerchantTransactionID === r.ref) : [];
      if (mine.length > 0) {
        r.refundId = mine[0].ID;
        continue;
      }
    }
    await whileInProgress(() => requestRefund(base, o, r));
  }
}

const shortly = (a: HttpOutcome) => (a.answered ? String(a.status) : `no answer (${a.error})`);

/** One line per order: what was asked, what came back; for failure messages. */
export function describeOrders(orders: Order[]): string {
  return orders
    .map((o) =>
      [
        `${o.ref} ${o.api} ${o.amount} payment ${o.paymentId ?? '?'}: create ${o.creates.map(shortly).join(', ')}`,
        `${o.customer} ${o.approvals.map(shortly).join(', ') || 'not reached'}`,
        ...o.refunds.map((r) => `refund ${r.amount} → ${r.refundId ?? '?'}: ${r.answers.map(shortly).join(', ') || 'not sent'}`),
      ].join('; '),
    )
    .join('\n');
}
