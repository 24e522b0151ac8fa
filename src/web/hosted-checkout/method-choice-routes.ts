/**
 * The hosted checkout of a payment made without its method (ADR 0016): /pay/{token} shows the
 * methods on offer (core/payments/choose-method.ts) as the hosted checkout's method choice, and its
 * form posts the choice to /pay/{token}/method. The chosen method opens its checkout at the wallet
 * and the customer goes on to the landing page (303): a QR code on a desktop, the wallet on a phone.
 * Any API may make such payments; the page names none, and its options are the core's method codes.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { isCoreError } from '../../core/errors.js';
import type { Payment } from '../../core/model.js';
import { chooseMethod, methodsToChoose } from '../../core/payments/choose-method.js';
import { checkoutErrorPage, type CheckoutProblem } from './checkout-error-page.js';
import { registerFormPost } from './form-post.js';
import { CHECKOUT_HTML_HEADERS, checkoutOption, renderMethodChoice } from './method-choice-page.js';
import { depsOf } from '../../core/request-context.js';

/** The form field that carries the chosen method's code. */
export const METHOD_FIELD = 'method';
/** A choice is one short field. */
const FORM_LIMIT = 4 * 1024;

const send = (reply: FastifyReply, problem: CheckoutProblem) => {
  const a = checkoutErrorPage(problem);
  return reply.code(a.status).headers(a.headers).send(a.body);
};

/** The method choice of a payment awaiting one. */
export async function showMethodChoice(deps: CoreDeps, reply: FastifyReply, p: Payment): Promise<FastifyReply> {
  const merchant = await deps.store.merchants.get(p.merchantId);
  const html = renderMethodChoice({
    merchantName: merchant?.name ?? 'walletgate',
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    reference: p.reference,
    methods: methodsToChoose(deps, p).map((m) => checkoutOption(m, m.code)),
    form: { action: `${p.customerToken}/method`, methodField: METHOD_FIELD, hidden: [] },
    // going back is giving up: the payment is cancelled and the merchant's return URL says so
    backUrl: deps.links.walletReturn(p.customerToken, 'cancel'),
  });
  return reply.code(200).headers(CHECKOUT_HTML_HEADERS).send(html);
}

/** POST /pay/{token}/method, in the customer pages' context. */
export function registerMethodChoiceRoute(app: FastifyInstance, base: CoreDeps): void {
  registerFormPost(app, 'method', FORM_LIMIT, async (req, reply) => {
    const deps = depsOf(base, req);
    const code = req.body?.[METHOD_FIELD];
    if (typeof code !== 'string' || code === '')
      return send(reply, { status: 400, title: 'Choose a payment method', detail: 'The form did not name a method.' });
    try {
      const p = await chooseMethod(deps, req.params.token, code);
      return reply.code(303).header('cache-control', 'no-store').redirect(deps.links.landing(p.customerToken));
    } catch (e) {
      if (!isCoreError(e) || e.status >= 500) throw e;
      if (e.code === 'not_found') return send(reply, { status: 404, detail: e.message });
      return send(reply, {
        status: e.code === 'payment_state_conflict' ? 410 : 400,
        title: 'This payment cannot be made',
        detail: e.message,
      });
    }
  });
}
