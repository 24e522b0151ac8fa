/**
 * The hosted checkout's currency step (ADR 0021, core/payments/choose-shown-currency.ts):
 * /pay/{token} shows it while the payment waits for the customer's choice; the form posts to
 * /pay/{token}/currency and the customer goes on to the landing page (303), which then shows the
 * QR code or opens the wallet, the price in the chosen currency beside the amount charged.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { isCoreError } from '../../core/errors.js';
import { declaredMethod } from '../../core/method-capabilities.js';
import type { Payment } from '../../core/model.js';
import { chooseShownCurrency, pricesInOtherCurrencies } from '../../core/payments/choose-shown-currency.js';
import { checkoutErrorPage } from './checkout-error-page.js';
import { registerFormPost } from './form-post.js';
import { CHECKOUT_HTML_HEADERS } from './method-choice-page.js';
import { renderCurrencyChoice } from './currency-choice-page.js';
import { depsOf } from '../../core/request-context.js';

/** The form field that carries the chosen currency. */
export const CURRENCY_FIELD = 'currency';
/** One short field. */
const FORM_LIMIT = 1024;

/** The currency step of a payment awaiting it. */
export async function showCurrencyChoice(deps: CoreDeps, reply: FastifyReply, p: Payment): Promise<FastifyReply> {
  const merchant = await deps.store.merchants.get(p.merchantId);
  const { rates } = deps;
  const html = renderCurrencyChoice({
    merchantName: merchant?.name ?? 'walletgate',
    amount: p.amount,
    currency: p.currency,
    methodName: declaredMethod(deps.connectors, p.connector, p.method)?.name ?? p.method,
    description: p.description,
    reference: p.reference,
    others: pricesInOtherCurrencies(deps, p),
    rates: rates && { date: rates.date, source: rates.source },
    form: { action: `${deps.links.landing(p.customerToken)}/currency`, field: CURRENCY_FIELD },
    backUrl: deps.links.walletReturn(p.customerToken, 'cancel'),
  });
  return reply.code(200).headers(CHECKOUT_HTML_HEADERS).send(html);
}

/** POST /pay/{token}/currency, in the customer pages' context. */
export function registerCurrencyChoiceRoute(app: FastifyInstance, base: CoreDeps): void {
  registerFormPost(app, 'currency', FORM_LIMIT, async (req, reply) => {
    const deps = depsOf(base, req);
    const currency = req.body?.[CURRENCY_FIELD];
    const problem = (status: 400 | 404, detail: string) => {
      const a = checkoutErrorPage({ status, title: 'Select your preferred currency', detail });
      return reply.code(a.status).headers(a.headers).send(a.body);
    };
    if (typeof currency !== 'string' || currency === '') return problem(400, 'The form did not name a currency.');
    try {
      const p = await chooseShownCurrency(deps, req.params.token, currency);
      return reply.code(303).header('cache-control', 'no-store').redirect(deps.links.landing(p.customerToken));
    } catch (e) {
      if (!isCoreError(e) || e.status >= 500) throw e;
      return problem(e.code === 'not_found' ? 404 : 400, e.message);
    }
  });
}
