/**
 * The hosted checkout of a card payment (a `card_entry` method, ADR 0018): /pay/{token} shows the
 * card form while the payment waits for the card; POST /pay/{token}/card reads and checks the form
 * (card-entry-fields.ts) and, when it is complete, hands the card to the core's payByCard, then
 * shows the outcome as the wallets' return pages do. A refused form is shown again, 422, with the
 * messages and without the number or the CVC.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { isCoreError } from '../../core/errors.js';
import type { Payment } from '../../core/model.js';
import { declaredMethod } from '../../core/method-capabilities.js';
import { awaitsCard, payByCard } from '../../core/payments/pay-by-card.js';
import type { CustomerRecord } from '../../core/payments/complete-customer-return.js';
import { checkoutErrorPage } from './checkout-error-page.js';
import { registerFormPost } from './form-post.js';
import { CHECKOUT_HTML_HEADERS } from './method-choice-page.js';
import { renderCardForm } from './card-form-page.js';
import { readCardEntry, type CardFieldErrors, type KeptCardValues } from './card-entry-fields.js';
import { depsOf } from '../../core/request-context.js';

/** Four short fields. */
const FORM_LIMIT = 4 * 1024;

/** The card form of a payment awaiting its card, with a refused entry's messages when there are some. */
export async function showCardForm(
  deps: CoreDeps,
  reply: FastifyReply,
  p: Payment,
  refused?: { errors: CardFieldErrors; kept: KeptCardValues },
): Promise<FastifyReply> {
  const merchant = await deps.store.merchants.get(p.merchantId);
  const html = renderCardForm({
    merchantName: merchant?.name ?? 'walletgate',
    methodName: declaredMethod(deps.connectors, p.connector, p.method)?.name ?? 'Card',
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    reference: p.reference,
    action: `${deps.links.landing(p.customerToken)}/card`,
    ...(refused ? { errors: refused.errors, kept: refused.kept } : {}),
    backUrl: deps.links.walletReturn(p.customerToken, 'cancel'),
  });
  return reply
    .code(refused ? 422 : 200)
    .headers(CHECKOUT_HTML_HEADERS)
    .send(html);
}

/** POST /pay/{token}/card, in the customer pages' context; `showOutcome` is their result page. */
export function registerCardFormRoute(
  app: FastifyInstance,
  base: CoreDeps,
  showOutcome: (reply: FastifyReply, rec: CustomerRecord) => unknown,
): void {
  registerFormPost(app, 'card', FORM_LIMIT, async (req, reply) => {
    const deps = depsOf(base, req);
    const payment = await deps.store.payments.getByCustomerToken(req.params.token);
    if (!payment) {
      const a = checkoutErrorPage({ status: 404 });
      return reply.code(a.status).headers(a.headers).send(a.body);
    }
    // paid, failed or in progress already (a second submit): its outcome, never a second charge
    if (!awaitsCard(deps, payment)) return showOutcome(reply, { kind: 'payment', payment });
    const entry = readCardEntry(req.body ?? {}, deps.clock());
    if (!entry.ok) return showCardForm(deps, reply, payment, entry);
    try {
      return await showOutcome(reply, { kind: 'payment', payment: await payByCard(deps, req.params.token, entry.card) });
    } catch (e) {
      if (!isCoreError(e) || e.status >= 500) throw e;
      const a = checkoutErrorPage({
        status: e.code === 'not_found' ? 404 : 409,
        title: 'This payment cannot be made',
        detail: e.message,
      });
      return reply.code(a.status).headers(a.headers).send(a.body);
    }
  });
}
