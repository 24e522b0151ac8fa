/**
 * The hosted checkout's method choice: who is paid, how much, for what, and one button per method
 * on offer. It names no wallet and no API: the calling API hands in the methods (as
 * methodsForCheckout chose them, each under the API's own name for it), where the form posts to and
 * the fields to post back (its signed request, so the server checks it again). Every method is a
 * submit button of one form: it works with a keyboard and without JavaScript.
 */
import type { MethodFlow, PaymentMethod } from '../../core/methods.js';
import { formatMoney } from '../../core/money.js';
import { escapeHtml, page } from '../page-layout.js';
import { CHECKOUT_STYLE } from './checkout-style.js';

/** One button: `value` is what the form posts in `methodField` (the API's own name for the method). */
export interface CheckoutMethodOption {
  value: string;
  /** The method's name as customers know it. */
  name: string;
  flows: readonly MethodFlow[];
}

export interface MethodChoiceView {
  merchantName: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  description?: string | null;
  /** The merchant's order or payment reference, shown so the customer can match it. */
  reference?: string | null;
  methods: readonly CheckoutMethodOption[];
  form: {
    /** Where the choice is posted (method POST). */
    action: string;
    /** The field that carries the chosen option's `value`. */
    methodField: string;
    /** Posted back as they are, in this order. */
    hidden: readonly (readonly [name: string, value: string])[];
  };
  /** "Back to the shop", when the merchant gave a page for it (an http(s) URL; anything else is left out). */
  backUrl?: string | null;
}

/** A method as the calling API offers it: the core's method under the API's own name for it. */
export function checkoutOption(method: PaymentMethod, value: string): CheckoutMethodOption {
  return { value, name: method.name, flows: method.flows };
}

export const CHECKOUT_HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // the request's signed parameters are in the URL: other sites are not told it
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

const LOCK = `<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 1 1 6 0v3H9z"/></svg>`;

/** A merchant-given link, if it is a web address (never `javascript:` or the like). */
export function webLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function hintFor(o: CheckoutMethodOption): string {
  if (o.flows.includes('qr')) return `Open the ${o.name} app, or scan a QR code`;
  return `Continue in ${o.name}`;
}

function initials(name: string): string {
  const letters = name.match(/\p{Lu}|\p{N}/gu) ?? [];
  return (letters.length > 0 ? letters.slice(0, 2).join('') : name.slice(0, 1).toUpperCase()) || '?';
}

function methodButton(o: CheckoutMethodOption, i: number, field: string): string {
  const hintId = `method-${i}-hint`;
  return `<li><button type="submit" class="method" name="${escapeHtml(field)}" value="${escapeHtml(o.value)}" aria-describedby="${hintId}">
<span class="badge" aria-hidden="true">${escapeHtml(initials(o.name))}</span><span class="text"><span class="name">Pay with ${escapeHtml(o.name)}</span><span class="hint" id="${hintId}" aria-hidden="true">${escapeHtml(hintFor(o))}</span></span><span class="go" aria-hidden="true">›</span></button></li>`;
}

/** The whole page, ready to send with CHECKOUT_HTML_HEADERS. */
export function renderMethodChoice(view: MethodChoiceView): string {
  const amount = formatMoney(view.amount, view.currency);
  const back = webLink(view.backUrl);
  const hidden = view.form.hidden.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const choices =
    view.methods.length > 0
      ? `<ul class="methods">${view.methods.map((o, i) => methodButton(o, i, view.form.methodField)).join('')}</ul>`
      : `<p class="none" role="alert">No payment method can take this payment. Please go back to the shop and choose another way to pay.</p>`;
  const body = `<div class="card narrow checkout">
<div class="summary"><h1 class="merchant">${escapeHtml(view.merchantName)}</h1>
<p class="amount"><span class="sr-only">Amount to pay: </span>${escapeHtml(amount)}</p>
${view.description ? `<p class="muted desc">${escapeHtml(view.description)}</p>` : ''}
${view.reference ? `<dl class="order"><dt>Order</dt><dd>${escapeHtml(view.reference)}</dd></dl>` : ''}</div>
<form method="post" action="${escapeHtml(view.form.action)}">${hidden}
<fieldset><legend>Choose how to pay</legend>${choices}</fieldset></form>
<p class="secure">${LOCK}<span>You confirm the payment in your wallet. This page never sees your card or password.</span></p>
${back ? `<a class="back" href="${escapeHtml(back)}">Back to the shop</a>` : ''}</div>`;
  return page(`Pay ${amount} to ${view.merchantName}`, body, { style: CHECKOUT_STYLE });
}
