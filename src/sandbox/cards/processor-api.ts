/**
 * The card processor sandbox's HTTP API, as another company would publish it (docs/sandbox.md,
 * "Card processor"). Every call is a JSON POST with `Authorization: Bearer <api key>`:
 *
 * - `POST /v1/payments`: authorise and capture a card payment for the merchant's `order_id`;
 *   201 with the payment, 402 with the payment and the decline, 409 when the order is already paid.
 * - `POST /v1/payments/lookup`: a payment by its `id` or by the merchant's `order_id`.
 * - `POST /v1/refunds`: a full or partial refund of a captured payment (`payment_id` or `order_id`).
 *
 * Errors are `{"error": {"type", "code", "message"}}`. No card number or CVC is kept (card-records.ts).
 */
import { createHash } from 'node:crypto';
import { randomHex } from '../random-hex.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CardDb, CardPayment } from './card-records.js';
import { insertPayment, paymentById, paymentByOrder, updatePayment } from './card-records.js';
import { MAGIC_CARDS, brandOf, cvcLength, passesLuhn } from './test-cards.js';

export interface ProcessorContext {
  db: CardDb;
  now: () => Date;
  /** How long a slow test card's answers take. */
  slowMs: number;
}

/**
 * The answer for a payment paid with a test card whose answers are lost (a 500 after the work is
 * done) or slow (the answer after ctx.slowMs); else `answer` as it is.
 */
async function answerFor(ctx: ProcessorContext, p: CardPayment, reply: FastifyReply, status: number, body: object) {
  if (p.answers === 'lost')
    return processorError(
      reply,
      500,
      'api_error',
      'processing_error',
      'The processor failed while answering; the call may have gone through.',
    );
  if (p.answers === 'slow') await new Promise((r) => setTimeout(r, ctx.slowMs));
  return reply.code(status).send(body);
}

type ErrorType = 'invalid_request_error' | 'card_error' | 'api_error' | 'authentication_error';

export function processorError(reply: FastifyReply, status: number, type: ErrorType, code: string, message: string, extra: object = {}) {
  return reply.code(status).send({ error: { type, code, message }, ...extra });
}

const newId = (prefix: string) => `${prefix}_${randomHex(12)}`;

/** The payment as the API shows it: never more of the card than brand, last four and expiry. */
export function paymentView(p: CardPayment): object {
  const refunded = p.refunds.reduce((s, r) => s + r.amount, 0);
  return {
    id: p.id,
    order_id: p.orderId,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    refunded_amount: refunded,
    card: { brand: p.card.brand, last4: p.card.last4, exp_month: p.card.expMonth, exp_year: p.card.expYear },
    decline_code: p.declineCode,
    decline_message: p.declineMessage,
    refunds: p.refunds.map((r) => ({
      id: r.id,
      amount: r.amount,
      reference: r.reference,
      created_at: new Date(r.createdAt).toISOString(),
    })),
    created_at: new Date(p.createdAt).toISOString(),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** The request's fields, or the invalid_request error naming the one at fault. */
function readPaymentBody(
  body: unknown,
): { orderId: string; amount: number; currency: string; description: string | null; card: CardInput } | string {
  if (!isObject(body)) return 'The body must be a JSON object.';
  const { order_id, amount, currency, description, card } = body;
  if (typeof order_id !== 'string' || order_id === '' || order_id.length > 64) return 'order_id must be a string of 1 to 64 characters.';
  if (!isAmount(amount)) return 'amount must be a positive integer in minor units.';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'currency must be an ISO 4217 code such as EUR.';
  if (description !== undefined && description !== null && typeof description !== 'string') return 'description must be a string.';
  if (!isObject(card)) return 'card must be an object {number, exp_month, exp_year, cvc}.';
  const { number, exp_month, exp_year, cvc } = card;
  if (typeof number !== 'string' || !/^\d{12,19}$/.test(number)) return 'card.number must be 12 to 19 digits.';
  if (typeof exp_month !== 'number' || !Number.isInteger(exp_month) || exp_month < 1 || exp_month > 12)
    return 'card.exp_month must be 1 to 12.';
  if (typeof exp_year !== 'number' || !Number.isInteger(exp_year) || exp_year < 2000 || exp_year > 2099)
    return 'card.exp_year must be a four-digit year.';
  if (typeof cvc !== 'string' || !/^\d{3,4}$/.test(cvc)) return 'card.cvc must be 3 or 4 digits.';
  return {
    orderId: order_id,
    amount,
    currency,
    description: typeof description === 'string' ? description : null,
    card: { number, expMonth: exp_month, expYear: exp_year, cvc },
  };
}

/** POST /v1/payments */
export function createPaymentHandler(ctx: ProcessorContext) {
  return async (body: unknown, reply: FastifyReply) => {
    const input = readPaymentBody(body);
    if (typeof input === 'string') return processorError(reply, 400, 'invalid_request_error', 'parameter_invalid', input);
    const { card } = input;
    if (!passesLuhn(card.number))
      return processorError(reply, 400, 'card_error', 'invalid_number', 'The card number is not a valid card number.');
    const brand = brandOf(card.number);
    if (!brand)
      return processorError(
        reply,
        400,
        'card_error',
        'unsupported_brand',
        'Only Visa, Mastercard and American Express cards are accepted.',
      );
    if (card.cvc.length !== cvcLength(brand))
      return processorError(reply, 400, 'card_error', 'invalid_cvc', `A ${brand} card's security code has ${cvcLength(brand)} digits.`);
    const now = ctx.now();
    const expired = card.expYear < now.getUTCFullYear() || (card.expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1);
    const magic = MAGIC_CARDS[card.number];
    const decline = expired
      ? { code: 'expired_card', message: 'The card has expired.' }
      : magic?.kind === 'declined'
        ? { code: magic.code, message: magic.message }
        : null;
    const payment: CardPayment = {
      id: newId('pay'),
      orderId: input.orderId,
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      status: decline ? 'declined' : 'captured',
      declineCode: decline?.code ?? null,
      declineMessage: decline?.message ?? null,
      card: {
        brand,
        last4: card.number.slice(-4),
        expMonth: card.expMonth,
        expYear: card.expYear,
        fingerprint: createHash('sha256').update(card.number).digest('hex'),
      },
      refunds: [],
      answers: magic?.kind === 'lost' || magic?.kind === 'slow' ? magic.kind : null,
      createdAt: now.getTime(),
    };
    const paid = await ctx.db.transaction(async (tx) => {
      const before = await paymentByOrder(ctx.db, tx, input.orderId);
      if (before && before.status !== 'declined') return before;
      await insertPayment(ctx.db, tx, payment);
      return null;
    });
    if (paid)
      return processorError(
        reply,
        409,
        'invalid_request_error',
        'order_already_paid',
        `Order ${input.orderId} is already paid (${paid.id}).`,
        {
          payment: paymentView(paid),
        },
      );
    if (decline) return processorError(reply, 402, 'card_error', decline.code, decline.message, { payment: paymentView(payment) });
    return answerFor(ctx, payment, reply, 201, { payment: paymentView(payment) });
  };
}

/** POST /v1/payments/lookup */
export function lookupHandler(ctx: ProcessorContext) {
  return async (body: unknown, reply: FastifyReply) => {
    const id = isObject(body) && typeof body.id === 'string' ? body.id : null;
    const orderId = isObject(body) && typeof body.order_id === 'string' ? body.order_id : null;
    if (id === null && orderId === null)
      return processorError(reply, 400, 'invalid_request_error', 'parameter_missing', 'Name the payment by id or by order_id.');
    const found = await ctx.db.transaction((tx) => (id !== null ? paymentById(ctx.db, tx, id) : paymentByOrder(ctx.db, tx, orderId!)));
    if (!found) return processorError(reply, 404, 'invalid_request_error', 'not_found', `No payment ${id ?? `for order ${orderId}`}.`);
    return reply.code(200).send({ payment: paymentView(found) });
  };
}

/** POST /v1/refunds */
export function refundHandler(ctx: ProcessorContext) {
  return async (body: unknown, reply: FastifyReply) => {
    if (!isObject(body)) return processorError(reply, 400, 'invalid_request_error', 'parameter_invalid', 'The body must be a JSON object.');
    const { payment_id, order_id, amount, reference } = body;
    if (typeof payment_id !== 'string' && typeof order_id !== 'string')
      return processorError(reply, 400, 'invalid_request_error', 'parameter_missing', 'Name the payment by payment_id or by order_id.');
    if (!isAmount(amount))
      return processorError(reply, 400, 'invalid_request_error', 'parameter_invalid', 'amount must be a positive integer in minor units.');
    if (reference !== undefined && reference !== null && typeof reference !== 'string')
      return processorError(reply, 400, 'invalid_request_error', 'parameter_invalid', 'reference must be a string.');
    const outcome = await ctx.db.transaction(async (tx) => {
      const p =
        typeof payment_id === 'string' ? await paymentById(ctx.db, tx, payment_id) : await paymentByOrder(ctx.db, tx, order_id as string);
      if (!p) return { error: [404, 'not_found', 'No such payment.'] as const };
      if (p.status === 'declined') return { error: [409, 'payment_not_captured', 'A declined payment cannot be refunded.'] as const };
      const already = typeof reference === 'string' ? p.refunds.find((r) => r.reference === reference) : undefined;
      if (already) return { payment: p, refund: already };
      const left = p.amount - p.refunds.reduce((s, r) => s + r.amount, 0);
      if (amount > left) return { error: [400, 'amount_too_large', `At most ${left} can still be refunded.`] as const };
      const refund = {
        id: newId('re'),
        amount,
        reference: typeof reference === 'string' ? reference : null,
        createdAt: ctx.now().getTime(),
      };
      const next: CardPayment = { ...p, refunds: [...p.refunds, refund], status: amount === left ? 'refunded' : 'partially_refunded' };
      await updatePayment(ctx.db, tx, next);
      return { payment: next, refund };
    });
    if (outcome.error) {
      const [status, code, message] = outcome.error;
      return processorError(reply, status, 'invalid_request_error', code, message);
    }
    const r = outcome.refund;
    return answerFor(ctx, outcome.payment, reply, 201, {
      refund: { id: r.id, amount: r.amount, reference: r.reference, created_at: new Date(r.createdAt).toISOString() },
      payment: paymentView(outcome.payment),
    });
  };
}

export function registerProcessorRoutes(app: FastifyInstance, ctx: ProcessorContext): void {
  app.post('/v1/payments', (req, reply) => createPaymentHandler(ctx)(req.body, reply));
  app.post('/v1/payments/lookup', (req, reply) => lookupHandler(ctx)(req.body, reply));
  app.post('/v1/refunds', (req, reply) => refundHandler(ctx)(req.body, reply));
}
