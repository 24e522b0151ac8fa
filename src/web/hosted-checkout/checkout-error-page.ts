/**
 * The hosted checkout's answer to a link it cannot honour (bad signature, missing or bad parameter,
 * unknown merchant, a payment id already used for another payment): a page a customer understands,
 * with the reason in small print for the merchant's developer, and a 4xx status. The calling API
 * decides the status and the words; nothing is stored for such a request.
 */
import { escapeHtml, page } from '../page-layout.js';
import { CHECKOUT_STYLE } from './checkout-style.js';
import { CHECKOUT_HTML_HEADERS, webLink } from './method-choice-page.js';

export interface CheckoutProblem {
  /** 4xx for a link that cannot be served; 500 only for walletgate's own failure (logged by the caller). */
  status: 400 | 403 | 404 | 409 | 410 | 422 | 500;
  /** The heading; default "This payment link is not valid". */
  title?: string;
  /** For the customer: what happened and what to do. Default: ask the shop for a new link. */
  message?: string;
  /** For the merchant's developer: the exact reason (which parameter, what was wrong). */
  detail?: string | null;
  backUrl?: string | null;
}

export interface CheckoutAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The error page and its status, ready to send. */
export function checkoutErrorPage(p: CheckoutProblem): CheckoutAnswer {
  const title = p.title ?? 'This payment link is not valid';
  const back = webLink(p.backUrl);
  const message = p.message ?? 'Nothing has been charged. Please go back to the shop and start the payment again.';
  const body = `<div class="card narrow checkout">
<div class="icon" aria-hidden="true">!</div><h1 id="problem-title">${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${p.detail ? `<p class="problem"><span class="sr-only">Technical detail: </span>${escapeHtml(p.detail)}</p>` : ''}
${back ? `<a class="back" href="${escapeHtml(back)}">Back to the shop</a>` : ''}</div>`;
  return { status: p.status, headers: CHECKOUT_HTML_HEADERS, body: page(title, body, { style: CHECKOUT_STYLE }) };
}
