/**
 * The hosted checkout's currency step (ADR 0021): who is paid and how much, then the currencies the
 * customer may see the price in, each with the price in it; the payment's own currency first and
 * chosen, marked as the one charged. One form of radio buttons and a Continue button: it works with
 * a keyboard and without JavaScript. It names no wallet and no API.
 */
import { formatMoney } from '../../core/money.js';
import { escapeHtml, page } from '../page-layout.js';
import { CHECKOUT_STYLE } from './checkout-style.js';
import { webLink } from './method-choice-page.js';

export interface CurrencyOption {
  currency: string;
  /** The price in this currency, minor units. */
  amount: number;
}

export interface CurrencyChoiceView {
  merchantName: string;
  /** The payment's amount (minor units of `currency`): what is charged. */
  amount: number;
  currency: string;
  /** Paid with this method (its name as customers know it). */
  methodName: string;
  description?: string | null;
  reference?: string | null;
  /** The other currencies, in the order to show them. */
  others: readonly CurrencyOption[];
  /** The table the other prices come from. */
  rates: { date: string; source: string } | null;
  form: { action: string; field: string };
  backUrl?: string | null;
}

const STYLE = `
.currencies{list-style:none;margin:0 0 18px;padding:0;display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
.currencies li:first-child{grid-column:1/-1}
.currency{display:flex;align-items:center;gap:10px;padding:10px 12px;border:1px solid #c9cfd9;border-radius:10px;background:#fff;cursor:pointer;min-height:48px}
.currency:hover{border-color:#8b95a7}
.currency:has(input:checked){border-color:var(--accent);box-shadow:0 0 0 1px var(--accent);background:#f6f8ff}
.currency input{accent-color:var(--accent);width:18px;height:18px;flex:none;margin:0}
.currency input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.currency .code{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.currency .in{margin-left:auto;color:var(--muted);font-size:14px;text-align:right;overflow-wrap:anywhere}
.currency .charged{display:block;font-size:12px;color:var(--ok,#0a7a3d);font-weight:600}
.checkout .rates{font-size:13px;color:var(--muted);margin:0 0 16px}
@media (max-width:420px){.currencies{grid-template-columns:1fr}}
`;

function option(view: CurrencyChoiceView, o: CurrencyOption, i: number, charged: boolean): string {
  const id = `currency-${i}`;
  const price = charged ? formatMoney(o.amount, o.currency) : `≈ ${formatMoney(o.amount, o.currency)}`;
  return `<li><label class="currency" for="${id}"><input type="radio" id="${id}" name="${escapeHtml(view.form.field)}" value="${escapeHtml(o.currency)}"${charged ? ' checked' : ''}>
<span class="code">${escapeHtml(o.currency)}</span><span class="in">${escapeHtml(price)}${charged ? `<span class="charged">charged by ${escapeHtml(view.methodName)}</span>` : ''}</span></label></li>`;
}

/** The whole page, ready to send with CHECKOUT_HTML_HEADERS. */
export function renderCurrencyChoice(view: CurrencyChoiceView): string {
  const amount = formatMoney(view.amount, view.currency);
  const back = webLink(view.backUrl);
  const options = [
    option(view, { currency: view.currency, amount: view.amount }, 0, true),
    ...view.others.map((o, i) => option(view, o, i + 1, false)),
  ];
  const body = `<div class="card narrow checkout">
<div class="summary"><h1 class="merchant">${escapeHtml(view.merchantName)}</h1>
<p class="amount"><span class="sr-only">Amount to pay: </span>${escapeHtml(amount)}</p>
${view.description ? `<p class="muted desc">${escapeHtml(view.description)}</p>` : ''}
${view.reference ? `<dl class="order"><dt>Order</dt><dd>${escapeHtml(view.reference)}</dd></dl>` : ''}</div>
<form method="post" action="${escapeHtml(view.form.action)}">
<fieldset><legend>Select your preferred currency</legend><ul class="currencies">${options.join('')}</ul></fieldset>
${
  view.rates && view.others.length > 0
    ? `<p class="rates">${escapeHtml(view.methodName)} charges ${escapeHtml(amount)}. Other currencies are shown for your information, at the rates of ${escapeHtml(view.rates.date)} (${escapeHtml(view.rates.source)}); your bank or wallet may convert at its own rate.</p>`
    : ''
}
<button type="submit" class="btn primary">Continue</button></form>
${back ? `<a class="back" href="${escapeHtml(back)}">Back to the shop</a>` : ''}</div>`;
  return page(`Pay ${amount} to ${view.merchantName}`, body, { style: CHECKOUT_STYLE + STYLE });
}
