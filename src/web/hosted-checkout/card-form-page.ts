/**
 * The hosted checkout's card form: who is paid, how much, for what, and the card's number, expiry,
 * security code and holder's name, with the server's message under each field it refused. The
 * number and the CVC are never written into the page (a re-rendered form asks for them again); the
 * expiry and the name are kept. A small inline script only groups the digits as the customer types.
 */
import { formatMoney } from '../../core/money.js';
import { escapeHtml, page } from '../page-layout.js';
import { CHECKOUT_STYLE } from './checkout-style.js';
import { webLink } from './method-choice-page.js';
import { CARD_FIELDS, type CardField, type CardFieldErrors, type KeptCardValues } from './card-entry-fields.js';

export interface CardFormView {
  merchantName: string;
  /** The method's name as customers know it ("Credit Card"). */
  methodName: string;
  amount: number;
  currency: string;
  description?: string | null;
  reference?: string | null;
  /** Where the form posts. */
  action: string;
  errors?: CardFieldErrors;
  kept?: KeptCardValues;
  /** Giving up: back to the shop. */
  backUrl?: string | null;
}

interface FieldSpec {
  field: CardField;
  label: string;
  autocomplete: string;
  inputmode: 'numeric' | 'text';
  placeholder: string;
  maxlength: number;
  /** shown again after a refusal (never the number or the CVC) */
  keep: boolean;
}

const SPECS: Readonly<Record<CardField, FieldSpec>> = {
  number: {
    field: 'number',
    label: 'Card number',
    autocomplete: 'cc-number',
    inputmode: 'numeric',
    placeholder: '1234 1234 1234 1234',
    maxlength: 23,
    keep: false,
  },
  expiry: {
    field: 'expiry',
    label: 'Expiry date (MM/YY)',
    autocomplete: 'cc-exp',
    inputmode: 'numeric',
    placeholder: 'MM/YY',
    maxlength: 7,
    keep: true,
  },
  cvc: {
    field: 'cvc',
    label: 'Security code (CVC)',
    autocomplete: 'cc-csc',
    inputmode: 'numeric',
    placeholder: '123',
    maxlength: 4,
    keep: false,
  },
  name: {
    field: 'name',
    label: 'Name on card',
    autocomplete: 'cc-name',
    inputmode: 'text',
    placeholder: 'As printed on the card',
    maxlength: 100,
    keep: true,
  },
};

function input(spec: FieldSpec, view: CardFormView): string {
  const name = CARD_FIELDS[spec.field];
  const error = view.errors?.[spec.field];
  const kept = spec.keep && view.kept ? (spec.field === 'expiry' ? view.kept.expiry : view.kept.name) : '';
  const errorId = `${name}-error`;
  return `<div class="field${error ? ' invalid' : ''}"><label for="${name}">${spec.label}</label>
<input id="${name}" name="${name}" type="text" autocomplete="${spec.autocomplete}" inputmode="${spec.inputmode}" placeholder="${escapeHtml(spec.placeholder)}" maxlength="${spec.maxlength}" spellcheck="false" autocapitalize="${spec.field === 'name' ? 'words' : 'off'}" required value="${escapeHtml(kept)}"${error ? ` aria-invalid="true" aria-describedby="${errorId}"` : ''}>
${error ? `<p class="error" id="${errorId}">${escapeHtml(error)}</p>` : ''}</div>`;
}

const GROUP_DIGITS = `(function(){var n=document.getElementById('${CARD_FIELDS.number}'),e=document.getElementById('${CARD_FIELDS.expiry}');
if(n)n.addEventListener('input',function(){var d=n.value.replace(/\\D/g,'').slice(0,19);var a=/^3[47]/.test(d);n.value=a?d.replace(/^(\\d{0,4})(\\d{0,6})(\\d{0,5}).*/,function(m,x,y,z){return[x,y,z].filter(Boolean).join(' ')}):d.replace(/(\\d{4})(?=\\d)/g,'$1 ')});
if(e)e.addEventListener('input',function(ev){if(ev.inputType&&ev.inputType.indexOf('delete')===0)return;var d=e.value.replace(/\\D/g,'').slice(0,4);e.value=d.length>2?d.slice(0,2)+'/'+d.slice(2):d.length===2?d+'/':d})})();`;

const LOCK = `<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 1 1 6 0v3H9z"/></svg>`;

export function renderCardForm(view: CardFormView): string {
  const amount = formatMoney(view.amount, view.currency);
  const back = webLink(view.backUrl);
  const count = Object.keys(view.errors ?? {}).length;
  const alert =
    count > 0
      ? `<p class="none" role="alert">Please correct ${count === 1 ? 'the field marked below' : `the ${count} fields marked below`}.</p>`
      : '';
  const body = `<div class="card narrow checkout">
<div class="summary"><h1 class="merchant">${escapeHtml(view.merchantName)}</h1>
<p class="amount"><span class="sr-only">Amount to pay: </span>${escapeHtml(amount)}</p>
${view.description ? `<p class="muted desc">${escapeHtml(view.description)}</p>` : ''}
${view.reference ? `<dl class="order"><dt>Order</dt><dd>${escapeHtml(view.reference)}</dd></dl>` : ''}</div>
<form method="post" action="${escapeHtml(view.action)}" data-intent="card" novalidate autocomplete="on">
<fieldset><legend>Pay by card <span class="brands" aria-label="Visa, Mastercard, American Express"><span>VISA</span><span>Mastercard</span><span>AMEX</span></span></legend>${alert}
${input(SPECS.number, view)}
<div class="pair">${input(SPECS.expiry, view)}${input(SPECS.cvc, view)}</div>
${input(SPECS.name, view)}</fieldset>
<button type="submit" class="btn primary pay">Pay ${escapeHtml(amount)}</button></form>
<p class="secure">${LOCK}<span>Your card details go to the card processor once, for this payment only. ${escapeHtml(view.merchantName)} never sees your card number or security code, and walletgate keeps only the card's brand, last four digits and expiry.</span></p>
${back ? `<a class="back" href="${escapeHtml(back)}" data-intent="cancel">Cancel and go back to the shop</a>` : ''}</div>`;
  return page(`Pay ${amount} to ${view.merchantName} · ${view.methodName}`, body, {
    style: CHECKOUT_STYLE + CARD_STYLE,
    refreshScript: GROUP_DIGITS,
  });
}

const CARD_STYLE = `
.checkout legend{display:flex;justify-content:space-between;align-items:center;width:100%;gap:8px;flex-wrap:wrap}
.checkout .brands{display:flex;gap:6px}.checkout .brands span{font-size:11px;font-weight:700;letter-spacing:.4px;padding:3px 7px;border:1px solid var(--line);border-radius:6px;color:var(--muted)}
.checkout .field{margin:0 0 14px}.checkout .field label{display:block;font-size:14px;font-weight:600;margin:0 0 6px}
.checkout .field input{display:block;width:100%;min-height:48px;padding:12px 14px;border:1px solid #c9cfd9;border-radius:10px;font:inherit;font-size:17px;color:var(--ink);background:#fff;font-variant-numeric:tabular-nums}
.checkout .field input:focus{outline:3px solid rgba(31,94,255,.25);border-color:var(--accent)}
.checkout .field.invalid input{border-color:var(--bad);background:#fffafa}
.checkout .field .error{color:var(--bad);font-size:14px;margin:6px 0 0}
.checkout .pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.checkout .none{margin:0 0 14px}
.checkout .btn.pay{margin-top:6px}.checkout .btn.pay:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
@media (max-width:380px){.checkout .pair{grid-template-columns:1fr}}
`;
