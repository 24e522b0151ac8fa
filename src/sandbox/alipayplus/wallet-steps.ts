/**
 * The steps of a wallet's pages, kept stateless: each step's form posts the values of the steps
 * before it as hidden fields with its own, and `advance` checks them all again and says which step
 * comes next (or the same one with an error message, or that the customer is done). Rendering of a
 * step: the fields with the wallet's test data as placeholders, Cancel, and on the first step of a
 * payment the sandbox buttons. Every form carries `data-intent` for the sandbox customer driver:
 * next, verify (an SMS code), pay, agree, cancel, decline, abandon.
 */
import { bilingual, esc, qrPattern, walletLayout } from './wallet-layout.js';
import type { DigitsField, WalletSpec, WalletStep } from './wallet-specs.js';

export type Flow = 'pay' | 'authorize';

export type StepOutcome =
  { done: true; values: Record<string, string> } | { done: false; index: number; error: string | null; values: Record<string, string> };

function article(n: number): string {
  return n === 8 || n === 11 || n === 18 ? 'an' : 'a';
}

export function fieldError(f: DigitsField): string {
  if (f.name === 'phone') return `Enter ${article(f.digits)} ${f.digits}-digit phone number`;
  if (f.name === 'code') return `Enter the ${f.digits}-digit ${f.noun}`;
  return `Enter your ${f.digits}-digit ${f.noun}`;
}

export const TERMS_ERROR = 'Tick the box to accept the terms and conditions and the auto-debit agreement';

/** What a step's form posted, checked from the first step to the one posted. */
export function advance(steps: readonly WalletStep[], body: URLSearchParams): StepOutcome {
  const posted = Number(body.get('step'));
  if (!Number.isInteger(posted) || posted < 0 || posted >= steps.length) return { done: false, index: 0, error: null, values: {} };
  const values: Record<string, string> = {};
  for (let i = 0; i <= posted; i++) {
    const s = steps[i]!;
    for (const f of s.fields) {
      const v = (body.get(f.name) ?? '').replace(f.name === 'phone' ? /[\s-]/g : /\s/g, '');
      if (!new RegExp(`^[0-9]{${f.digits}}$`).test(v)) return { done: false, index: i, error: fieldError(f), values };
      values[f.name] = v;
    }
    if (s.kind === 'agreement') {
      if ((body.get('terms') ?? '') === '') return { done: false, index: i, error: TERMS_ERROR, values };
      values.terms = 'accepted';
    }
  }
  return posted === steps.length - 1 ? { done: true, values } : { done: false, index: posted + 1, error: null, values };
}

export interface StepView {
  spec: WalletSpec;
  flow: Flow;
  /** where every form of the page posts: `{base}/wallet/{id}` or `{base}/authorize/{id}` */
  at: string;
  index: number;
  error: string | null;
  values: Record<string, string>;
  merchant: string;
  /** the payment's description and amount; null for an authorization */
  order: { item: string; amount: string } | null;
}

function masked(phone: string | undefined): string {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-3)}` : '';
}

function intentOf(v: StepView, s: WalletStep, last: boolean): string {
  if (s.kind === 'agreement') return 'agree';
  if (last || s.kind === 'review') return v.flow === 'pay' ? 'pay' : 'agree';
  return s.fields.some((f) => f.name === 'code') ? 'verify' : 'next';
}

function buttonLabel(v: StepView, s: WalletStep, last: boolean): string {
  const l = v.spec.local;
  if (s.kind === 'agreement') return bilingual(v.spec, 'Agree and confirm', l?.agree);
  if (last || s.kind === 'review') {
    if (v.flow === 'authorize') return bilingual(v.spec, 'Confirm', l?.agree);
    return bilingual(v.spec, v.order ? `Pay ${v.order.amount}` : 'Pay', l?.pay);
  }
  return bilingual(v.spec, 'Next', l?.next);
}

function localLabel(spec: WalletSpec, f: DigitsField): string | undefined {
  return spec.local?.[f.name === 'code' ? 'code' : f.name === 'phone' ? 'phone' : 'pin'];
}

function fieldHtml(v: StepView, f: DigitsField, first: boolean): string {
  const id = `f-${f.name}`;
  const type = f.secret ? 'password' : f.name === 'phone' ? 'tel' : 'text';
  const auto = f.name === 'phone' ? 'tel-national' : f.name === 'code' ? 'one-time-code' : 'off';
  const max = f.name === 'phone' ? f.digits + 4 : f.digits;
  return `<label class="field" for="${id}">${bilingual(v.spec, f.label, localLabel(v.spec, f))}</label>
<input class="digits" id="${id}" name="${f.name}" type="${type}" inputmode="numeric" autocomplete="${auto}" maxlength="${max}" placeholder="${esc(f.example)}" aria-label="${esc(f.label)}"${first ? ' autofocus' : ''}>
<p class="hint">Sandbox test data: any ${f.digits} digits, e.g. <b>${esc(f.example)}</b></p>`;
}

function reviewCard(v: StepView): string {
  const rows = [
    ['Merchant', v.merchant],
    ...(v.order
      ? [
          ['Order', v.order.item],
          ['Amount', v.order.amount],
        ]
      : [['Type', 'Auto-debit (no charge now)']]),
    ...(v.values.phone ? [['Account', masked(v.values.phone)]] : []),
    ['Pay with', `${v.spec.name} balance`],
  ];
  return `<div class="card">${rows.map(([k, val]) => `<div class="row"><span>${esc(k!)}</span><span>${esc(val!)}</span></div>`).join('')}</div>`;
}

function agreementCard(v: StepView): string {
  return `<div class="card"><ul class="terms">
<li>${esc(v.merchant)} may charge your ${esc(v.spec.name)} account without asking each time.</li>
<li>You can unbind the merchant at any time in the ${esc(v.spec.name)} app.</li>
<li>${esc(v.spec.name)} Terms and Conditions and the auto-debit user agreement.</li>
</ul>
<label class="check"><input type="checkbox" name="terms" value="accepted" required> I agree to the ${esc(v.spec.name)} Terms and Conditions and the auto-debit agreement</label></div>`;
}

function hidden(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, val]) => `<input type="hidden" name="${esc(k)}" value="${esc(val)}">`)
    .join('');
}

function summary(v: StepView): string {
  if (!v.order)
    return `<div class="summary"><div class="merchant">${esc(v.merchant)}</div><div class="item">Auto-debit authorization</div></div>`;
  return `<div class="summary"><div class="merchant">${esc(v.merchant)}</div><div class="item">${esc(v.order.item)}</div><div class="amount">${esc(v.order.amount)}</div></div>`;
}

export function stepPage(v: StepView): string {
  const steps = v.flow === 'pay' ? v.spec.pay : v.spec.authorize;
  const s = steps[v.index]!;
  const last = v.index === steps.length - 1;
  const bars = steps.map((_, i) => `<span class="${i <= v.index ? 'on' : ''}"></span>`).join('');
  const qr =
    v.spec.qr && v.index === 0
      ? `<div class="qr">${qrPattern(v.at)}<p>Scan with the ${esc(v.spec.name)} app to continue there.<br>Sandbox: the code is a picture; log in below.</p></div><p class="or">or log in</p>`
      : '';
  const body = `<div class="steps" aria-label="step ${v.index + 1} of ${steps.length}">${bars}</div>
${summary(v)}
<h1>${esc(s.title)}</h1>
<p class="lead">${esc(s.lead)}</p>
${v.error ? `<div class="error" role="alert">${esc(v.error)}</div>` : ''}
${qr}
<form method="post" action="${esc(v.at)}" data-intent="${intentOf(v, s, last)}">
<input type="hidden" name="step" value="${v.index}">${hidden(v.values)}
${s.fields.map((f, i) => fieldHtml(v, f, i === 0)).join('\n')}
${s.kind === 'review' ? reviewCard(v) : ''}${s.kind === 'agreement' ? agreementCard(v) : ''}
<div class="actions"><button class="btn btn-primary" type="submit">${buttonLabel(v, s, last)}</button></div>
</form>
<form method="post" action="${esc(v.at)}/cancel" data-intent="cancel" class="actions" style="margin-top:10px"><button class="btn btn-ghost" type="submit">${bilingual(v.spec, 'Cancel', v.spec.local?.cancel)}</button></form>
<div class="spacer"></div>
${
  v.flow === 'pay' && v.index === 0
    ? `<div class="tools"><p>Sandbox tools</p>
<form method="post" action="${esc(v.at)}/decline" data-intent="decline"><button type="submit">Simulate decline</button></form>
<form method="post" action="${esc(v.at)}/abandon" data-intent="abandon"><button type="submit">Simulate timeout</button></form></div>`
    : ''
}`;
  return walletLayout(v.spec, s.title, body);
}

export interface StateView {
  tone: 'ok' | 'warn' | 'bad';
  title: string;
  message: string;
  amount?: string;
  /** the way back to the merchant (data-intent="return") */
  back?: string;
}

export function statePage(spec: WalletSpec, v: StateView): string {
  const icon = v.tone === 'ok' ? '✓' : v.tone === 'warn' ? '…' : '!';
  const body = `<div class="state ${v.tone}"><div class="icon" aria-hidden="true">${icon}</div><h1>${esc(v.title)}</h1>
${v.amount ? `<p class="amount">${esc(v.amount)}</p>` : ''}<p class="lead">${esc(v.message)}</p>
${v.back ? `<a class="btn btn-primary" href="${esc(v.back)}" data-intent="return">Back to the merchant</a>` : ''}</div>`;
  return walletLayout(spec, v.title, body);
}
