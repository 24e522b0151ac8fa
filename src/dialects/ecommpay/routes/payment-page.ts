/**
 * The hosted Payment Page (for https://paymentpage.ecommpay.com): `GET /payment?…` exactly as the
 * `ecommpay` package's `new Payment(project, secret, params, base).getUrl()` builds it. The link's
 * signature is checked with the project's secret key (payment-page-request.ts); a link that cannot
 * be served gets the hosted checkout's error page (4xx) and nothing is stored. A good link shows the
 * hosted checkout's method choice (src/web/hosted-checkout/), whose form posts the signed parameters
 * back (`POST /payment`), so they are checked again; `force_payment_method` skips the choice. The
 * chosen method makes the payment through the core, with the same extras as a Gate sale (so the
 * callbacks and the customer's return are Gate's), and the customer goes on to walletgate's
 * landing page (303): a QR code on a desktop, the wallet on a phone, then the merchant's
 * success or fail URL. `payment_id` is unique per project: the same link opened again leads to the
 * payment it made; another request under a used payment_id is refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { isCoreError, type CoreError } from '../../../core/errors.js';
import type { Merchant, Payment } from '../../../core/model.js';
import { authenticateBySignature } from '../../../core/merchants/authenticate.js';
import { createPayment } from '../../../core/payments/create-payment.js';
import { findPaymentByUniqueReference } from '../../../core/payments/find-payments.js';
import type { Reader } from '../../../core/reader.js';
import type { FrameworkAnswer } from '../../dialect.js';
import { checkoutErrorPage, type CheckoutProblem } from '../../../web/hosted-checkout/checkout-error-page.js';
import { CHECKOUT_HTML_HEADERS, checkoutOption, renderMethodChoice } from '../../../web/hosted-checkout/method-choice-page.js';
import { methodsForCheckout } from '../../../web/hosted-checkout/methods-for-checkout.js';
import { EcpError } from '../errors.js';
import { extrasOf, toExtras, uniquePaymentKey } from '../extras.js';
import { newRequestId } from '../ids.js';
import { ECOMMPAY_METHODS, methodByPageName, methodOfCore, type EcommpayMethod } from '../methods.js';
import {
  linkSignatureMatches,
  PageRefusal,
  readPaymentPageRequest,
  readSignedLink,
  type PaymentPageRequest,
  type SignedLink,
} from '../payment-page-request.js';
import { depsOf } from '../../../core/request-context.js';

/** The form field that carries the customer's choice (not one of the merchant's signed parameters). */
export const CHOICE_FIELD = 'walletgate_method';
/** As much as a link can carry: Node takes 16 KB of request line and headers. */
const FORM_LIMIT = 16 * 1024;

const send = (reply: FastifyReply, problem: CheckoutProblem) => {
  const a = checkoutErrorPage(problem);
  return reply.code(a.status).headers(a.headers).send(a.body);
};

/** A form body as the browser posts it: field → value, or every value of a field given more than once. */
function formFields(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** The project the link names, if its signature is that project's. */
async function verify(deps: CoreDeps, link: SignedLink): Promise<Merchant> {
  const keyId = String(link.projectId);
  const found = await authenticateBySignature(
    deps.store,
    deps.masterKey,
    'ecommpay',
    keyId,
    (secret) => linkSignatureMatches(link, secret),
    deps.clock(),
  );
  if (found) return found.merchant;
  const known = await authenticateBySignature(deps.store, deps.masterKey, 'ecommpay', keyId, () => true, deps.clock());
  throw new PageRefusal(
    known
      ? { status: 403, detail: 'The signature does not match the link’s parameters and the project’s secret key.' }
      : { status: 404, detail: `There is no project ${link.projectId}.` },
  );
}

/** The methods ecommpay names that the core can carry for this payment, in the core's order. */
function offered(deps: CoreDeps, r: PaymentPageRequest) {
  const allowed = ECOMMPAY_METHODS.filter((m) => !m.currencies || m.currencies.includes(r.currency)).map((m) => m.core);
  return methodsForCheckout(deps.connectors, { currency: r.currency, amount: r.amount, include: allowed }).flatMap((m) => {
    const named = methodOfCore(m.code);
    return named ? [{ method: m, named }] : [];
  });
}

/** The same request again (the link opened twice, the choice posted twice): what the payment was made from. */
function sameRequest(p: Payment, r: PaymentPageRequest): boolean {
  const x = extrasOf(p);
  return x.via === 'payment_page' && p.amount === r.amount && p.currency === r.currency && x.customerId === r.customerId;
}

function coreProblem(e: CoreError): CheckoutProblem {
  const status = e.code === 'duplicate_reference' ? 409 : 400;
  return { status, title: 'This payment cannot be made', detail: e.message };
}

/**
 * The page's answer to a link refused before any route runs (a URL that cannot be decoded, one
 * carrying %00): the error page, not Gate's JSON. Undefined for any other URL.
 */
export function paymentPageFrameworkError(url: string, message: string): FrameworkAnswer | undefined {
  if (!/^\/ecommpay\/payment(?:[?#]|$)/.test(url)) return undefined;
  const a = checkoutErrorPage({ status: 400, detail: `The link cannot be read: ${message}.` });
  return { status: a.status, body: a.body, headers: { ...a.headers } };
}

export function registerPaymentPageRoutes(app: FastifyInstance, base: CoreDeps): void {
  const reader = (m: Merchant): Reader => ({ merchantId: m.id, dialect: 'ecommpay' });

  const toLanding = (reply: FastifyReply, p: Payment) =>
    reply.code(303).header('cache-control', 'no-store').redirect(base.links.landing(p.customerToken));

  /** The payment this link already made, if any: reused when it is the same request, refused otherwise. */
  async function earlier(merchant: Merchant, r: PaymentPageRequest): Promise<Payment | undefined> {
    const p = await findPaymentByUniqueReference(base, reader(merchant), uniquePaymentKey(r.projectId, r.paymentId));
    if (p === undefined || sameRequest(p, r)) return p;
    throw new PageRefusal({
      status: 409,
      title: 'This payment link was already used',
      message: 'Nothing more has been charged. Please go back to the shop and start the payment again.',
      detail: `payment_id ${r.paymentId} is already used by another payment of project ${r.projectId}.`,
    });
  }

  async function pay(
    deps: CoreDeps,
    merchant: Merchant,
    r: PaymentPageRequest,
    method: EcommpayMethod,
    customerIp: string,
  ): Promise<Payment> {
    try {
      return await createPayment(deps, {
        merchantId: merchant.id,
        dialect: 'ecommpay',
        reference: r.paymentId,
        uniqueReference: uniquePaymentKey(r.projectId, r.paymentId),
        method: method.core,
        amount: r.amount,
        currency: r.currency,
        description: r.description,
        customer: { merchantCustomerId: r.customerId, ...r.customer },
        returnUrl: r.successUrl ?? null,
        extras: toExtras({
          projectId: r.projectId,
          paymentId: r.paymentId,
          customerId: r.customerId,
          customerIp,
          returnUrls: { ...(r.successUrl ? { success: r.successUrl } : {}), ...(r.failUrl ? { decline: r.failUrl } : {}) },
          ...(r.language ? { language: r.language } : {}),
          requestId: newRequestId(),
          via: 'payment_page',
        }),
      });
    } catch (e) {
      // the same link chosen twice at once: the other request made the payment
      if (isCoreError(e) && e.code === 'duplicate_reference') {
        const made = await earlier(merchant, r);
        if (made) return made;
      }
      throw e;
    }
  }

  async function serve(req: FastifyRequest, reply: FastifyReply, source: unknown, choice: boolean) {
    const deps = depsOf(base, req);
    try {
      const link = readSignedLink(source, [CHOICE_FIELD]);
      const merchant = await verify(deps, link);
      const r = readPaymentPageRequest(link, deps.clock());
      const made = await earlier(merchant, r);
      if (made) return toLanding(reply, made);
      const methods = offered(deps, r);
      if (r.forced) return toLanding(reply, await pay(deps, merchant, r, r.forced, req.ip));
      if (choice) {
        const picked = (source as Record<string, unknown>)[CHOICE_FIELD];
        const named = typeof picked === 'string' ? methodByPageName(picked) : undefined;
        if (!named || !methods.some((m) => m.named === named))
          throw new PageRefusal({
            status: 400,
            title: 'Choose a payment method',
            detail: 'The form did not name a method this page offers.',
          });
        return toLanding(reply, await pay(deps, merchant, r, named, req.ip));
      }
      if (methods.length === 0)
        throw new PageRefusal({
          status: 422,
          title: 'No payment method can take this payment',
          detail: `No method on offer takes ${r.amount} ${r.currency}.`,
          backUrl: r.failUrl ?? null,
        });
      const html = renderMethodChoice({
        merchantName: merchant.name,
        amount: r.amount,
        currency: r.currency,
        description: r.description,
        reference: r.paymentId,
        methods: methods.map(({ method, named }) => checkoutOption(method, named.page)),
        form: { action: 'payment', methodField: CHOICE_FIELD, hidden: [...link.params, ['signature', link.signature]] },
        backUrl: r.failUrl ?? null,
      });
      return reply.code(200).headers(CHECKOUT_HTML_HEADERS).send(html);
    } catch (e) {
      if (e instanceof PageRefusal) return send(reply, e.problem);
      if (isCoreError(e) && e.status < 500) return send(reply, coreProblem(e));
      throw e;
    }
  }

  // Its own context: the form parser and the HTML error pages apply to the page only, not to Gate.
  void app.register(async (page) => {
    page.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) =>
      done(null, formFields(String(body))),
    );
    page.setErrorHandler(async (err: Error & { statusCode?: number }, req, reply) => {
      // a body the API's own JSON parser refused (EcpError), or one Fastify could not read
      const status = err instanceof EcpError ? err.status : (err.statusCode ?? 500);
      if (status >= 400 && status < 500) return send(reply, { status: 400, detail: `The request could not be read: ${err.message}` });
      req.log.error({ err }, 'payment page failed');
      return send(reply, {
        status: 500,
        title: 'Something went wrong',
        message: 'Nothing has been charged. Please try again in a moment.',
      });
    });
    // no HEAD: a forced link makes the payment when opened, and a HEAD is nobody opening it
    page.get('/payment', { exposeHeadRoute: false }, async (req, reply) => serve(req, reply, req.query, false));
    page.post('/payment', async (req, reply) => serve(req, reply, req.body, true));
  });
}
