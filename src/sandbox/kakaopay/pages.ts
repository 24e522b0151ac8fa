/**
 * The customer's pages of the emulated wallet. Every form posts to `{prefix}/pg/{tid}/…` and
 * carries a `data-intent` attribute (pay, cancel, decline, abandon, verify, agree) so the sandbox
 * customer driver can find the button a person would press.
 */
import { KAKAOPAY_MAGIC } from './magic.js';
import { esc, layout, won } from './page-layout.js';
import type { SandboxPayment } from './model.js';

function merchantOf(p: SandboxPayment): string {
  try {
    return new URL(p.approvalUrl).host;
  } catch {
    return 'merchant';
  }
}

function kstClock(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(11, 16);
}

function steps(p: SandboxPayment, current: 1 | 2 | 3): string {
  const total = p.subscription ? 3 : 2;
  const bars = Array.from({ length: total }, (_, i) => `<span class="${i < current ? 'on' : ''}"></span>`).join('');
  return `<div class="steps" aria-label="step ${current} of ${total}">${bars}</div>`;
}

function summary(p: SandboxPayment): string {
  const amount = p.amount.total === 0 ? 'Registration only (₩0)' : won(p.amount.total);
  return `<div class="merchant">${esc(merchantOf(p))}</div>
<div class="item">${esc(p.itemName)}</div>
<div class="amount">${esc(amount)}</div>`;
}

function cancelForm(base: string, p: SandboxPayment, label = 'Cancel'): string {
  return `<form method="post" action="${base}/pg/${p.tid}/cancel" data-intent="cancel"><button class="btn btn-ghost" type="submit">${label}</button></form>`;
}

export function desktopPage(p: SandboxPayment, base: string, qrSvg: string): string {
  const body = `<div class="pc">
<div class="qr">${qrSvg}<p>Scan with your phone camera<br>to pay with KakaoPay</p></div>
<div>
${summary(p)}
<div class="sub">${p.subscription ? 'Auto-debit registration' : 'One-time payment'} · expires ${kstClock(p.expiresAt)} KST</div>
<div class="card">
<div class="row"><span>Order</span><span>${esc(p.partnerOrderId)}</span></div>
<div class="row"><span>Quantity</span><span>${p.quantity}</span></div>
<div class="row"><span>Total</span><span>${won(p.amount.total)}</span></div>
</div>
<div class="actions">
<a class="btn btn-primary" href="${base}/pg/${p.tid}/mInfo" data-intent="continue">Continue on this device</a>
${cancelForm(base, p, 'Cancel payment')}
</div>
</div>
</div>`;
  return layout({ title: 'Pay with KakaoPay', body, wide: true });
}

export function confirmPage(p: SandboxPayment, base: string): string {
  const methods =
    p.allowedMethod === null
      ? `<div class="methods">
<label class="method"><input type="radio" name="method" value="MONEY" checked><span>KakaoPay Money<small>Balance ${won(1_250_000)}</small></span></label>
<label class="method"><input type="radio" name="method" value="CARD"><span>KakaoBank check card<small>5361 81** **** 1234</small></span></label>
</div>`
      : `<input type="hidden" name="method" value="${p.allowedMethod}">
<div class="card"><div class="row"><span>Pay with</span><span>${p.allowedMethod === 'CARD' ? 'KakaoBank check card' : 'KakaoPay Money'}</span></div></div>`;
  const body = `${steps(p, 1)}
${summary(p)}
<div class="sub">${p.subscription ? 'Auto-debit registration with KakaoPay' : 'Pay with KakaoPay'}</div>
<form method="post" action="${base}/pg/${p.tid}/confirm" data-intent="pay" style="margin-top:22px">
${methods}
<div class="actions"><button class="btn btn-primary" type="submit">${p.amount.total === 0 ? 'Continue' : `Pay ${won(p.amount.total)}`}</button></div>
</form>
<div class="actions" style="margin-top:10px">${cancelForm(base, p)}</div>
<div class="spacer"></div>
<div class="tools"><p>Sandbox tools</p>
<form method="post" action="${base}/pg/${p.tid}/decline" data-intent="decline"><button type="submit">Simulate decline</button></form>
<form method="post" action="${base}/pg/${p.tid}/abandon" data-intent="abandon"><button type="submit">Simulate timeout</button></form>
</div>`;
  return layout({ title: 'Confirm payment', body });
}

export function codePage(p: SandboxPayment, base: string, error: string | null): string {
  const body = `${steps(p, 2)}
<h1>Enter the verification code</h1>
<p class="lead">We sent a 6-digit code by SMS to 010-****-5678.</p>
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
<form method="post" action="${base}/pg/${p.tid}/code" data-intent="verify">
<input class="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" placeholder="••••••" aria-label="6-digit code" autofocus>
<p class="hint">Sandbox: any 6 digits work.</p>
<div class="actions"><button class="btn btn-primary" type="submit">Confirm</button></div>
</form>
<div class="actions" style="margin-top:10px">${cancelForm(base, p)}</div>
<div class="spacer"></div>
<div class="card"><div class="row"><span>${esc(p.itemName)}</span><span>${won(p.amount.total)}</span></div></div>`;
  return layout({ title: 'Verify', body });
}

export function agreementPage(p: SandboxPayment, base: string): string {
  const body = `${steps(p, 3)}
<h1>Auto-debit agreement</h1>
<p class="lead">${esc(merchantOf(p))} will charge your KakaoPay ${p.methodType === 'CARD' ? 'card' : 'Money'} automatically until you cancel.</p>
<form method="post" action="${base}/pg/${p.tid}/agreement" data-intent="agree">
<div class="card">
<label class="check"><input type="checkbox" name="agree" value="yes" required> I agree to all of the following</label>
<ul class="terms">
<li>✓ Regular payment service terms (required)</li>
<li>✓ Provision of personal information to ${esc(merchantOf(p))} (required)</li>
<li>✓ ${esc(p.itemName)}: ${p.amount.total === 0 ? 'no charge today' : `${won(p.amount.total)} today`}</li>
</ul>
</div>
<div class="actions"><button class="btn btn-primary" type="submit">Agree and register</button></div>
</form>
<div class="actions" style="margin-top:10px">${cancelForm(base, p)}</div>`;
  return layout({ title: 'Auto-debit agreement', body });
}

export interface StateView {
  tone: 'ok' | 'warn' | 'bad';
  title: string;
  message: string;
  /** the way back to the shop (data-intent="return"), for a customer whose return was interrupted */
  link?: { href: string; label: string };
}

export function statePage(v: StateView): string {
  const icon = v.tone === 'ok' ? '✓' : v.tone === 'warn' ? '<span class="clock" aria-hidden="true"></span>' : '!';
  const body = `<div class="state ${v.tone}"><div class="icon">${icon}</div><h1>${esc(v.title)}</h1><p class="lead">${esc(v.message)}</p>
${v.link ? `<a class="btn btn-dark" href="${esc(v.link.href)}" data-intent="return">${esc(v.link.label)}</a>` : ''}</div>`;
  return layout({ title: v.title, body });
}

export function indexPage(base: string, apiBase: string): string {
  const rows = Object.entries(KAKAOPAY_MAGIC)
    .map(([name, m]) => `<tr><td><code>${esc(m.marker)}</code></td><td><b>${esc(name)}</b><br>${esc(m.effect)}</td></tr>`)
    .join('');
  const body = `<h1>KakaoPay sandbox</h1>
<p class="lead">An emulator of the KakaoPay Online Payment API at <b>${esc(apiBase)}/online/v1/payment/…</b> with the customer's wallet pages under <b>${esc(base)}/pg/{tid}/…</b>.
Use test CIDs and any configured secret key (<code>Authorization: SECRET_KEY …</code>). The verification code is any 6 digits.</p>
<h1 style="font-size:18px;margin-top:10px">Magic values</h1>
<p class="lead">Put a marker anywhere in <code>item_name</code> to force an outcome.</p>
<table class="magic"><tbody>${rows}</tbody></table>`;
  return layout({ title: 'Sandbox', body, wide: true });
}
