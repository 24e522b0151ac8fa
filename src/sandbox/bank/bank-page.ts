/**
 * The sandbox bank's "make a transfer" page: to whom (the collection account), the reference, the
 * amount and currency, the payer's name, and four ways to pay — in full, short, over, late — and,
 * after one, what was sent and what walletgate answered. Inline CSS, no scripts, no assets.
 */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface BankForm {
  /** the payment link the instructions were read from ('' when typed by hand) */
  pay: string;
  iban: string;
  reference: string;
  /** in major units, a dot for decimals: "0.93" */
  amount: string;
  currency: string;
  payer: string;
}

export interface BankOutcome {
  ok: boolean;
  /** one line: what the bank did */
  headline: string;
  /** label → value, shown as a receipt */
  rows: [string, string][];
  /** walletgate's answer, as it came */
  answer: string;
}

const CSS = `
*{box-sizing:border-box;margin:0;padding:0}
body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#eef2f5;color:#1c2730;line-height:1.45}
.top{background:#0b4f6c;color:#fff;padding:14px 22px;display:flex;justify-content:space-between;align-items:center}
.logo{font-weight:800;font-size:19px;letter-spacing:.2px}.logo span{font-weight:400;opacity:.8}
.tag{font-size:11px;font-weight:700;letter-spacing:.08em;background:rgba(255,255,255,.18);border-radius:999px;padding:4px 9px}
main{max-width:560px;margin:0 auto;padding:22px 16px 40px}
h1{font-size:22px;margin-bottom:4px}.muted{color:#5d6b76;font-size:14px}
.panel{background:#fff;border-radius:14px;box-shadow:0 4px 18px rgba(0,0,0,.06);padding:20px;margin-top:16px}
label{display:block;font-size:13px;font-weight:600;color:#42515c;margin:12px 0 4px}
input{width:100%;height:44px;border:1.5px solid #cfd8de;border-radius:10px;padding:0 12px;font-size:16px;font-family:inherit}
input:focus{outline:none;border-color:#0b4f6c}
.pair{display:grid;grid-template-columns:1fr 110px;gap:10px}
.actions{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin-top:18px}
button{height:48px;border:0;border-radius:10px;font-size:15px;font-weight:700;cursor:pointer;font-family:inherit;background:#e3ebf0;color:#0b4f6c}
button.main{grid-column:1/-1;background:#0b4f6c;color:#fff;font-size:17px}
.result{border-left:5px solid #1f8a4c}.result.bad{border-left-color:#c4291c}
.result h2{font-size:17px;margin-bottom:8px}
.row{display:flex;justify-content:space-between;gap:12px;font-size:14px;padding:5px 0;border-top:1px solid #f0f3f5}
.row span:first-child{color:#5d6b76}.row span:last-child{font-weight:600;text-align:right;word-break:break-all}
pre{background:#f5f7f9;border-radius:8px;padding:10px;font-size:12px;overflow-x:auto;margin-top:10px;white-space:pre-wrap;word-break:break-all}
a{color:#0b4f6c}
@media (max-width:420px){.actions{grid-template-columns:1fr}}
`;

function field(name: keyof BankForm, label: string, value: string, extra = ''): string {
  return `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="${esc(value)}" ${extra}>`;
}

export function renderBankPage(form: BankForm, outcome: BankOutcome | null, problem: string | null): string {
  const result = outcome
    ? `<section class="panel result${outcome.ok ? '' : ' bad'}" data-result="${outcome.ok ? 'sent' : 'refused'}"><h2>${esc(outcome.headline)}</h2>
${outcome.rows.map(([k, v]) => `<div class="row"><span>${esc(k)}</span><span>${esc(v)}</span></div>`).join('')}
<p class="muted" style="margin-top:10px">What walletgate answered:</p><pre data-answer>${esc(outcome.answer)}</pre>
${form.pay ? `<p style="margin-top:12px"><a href="${esc(form.pay)}" data-intent="back">Back to the payment page</a></p>` : ''}</section>`
    : '';
  const error = problem ? `<section class="panel result bad" data-result="refused"><h2>${esc(problem)}</h2></section>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sandbox Bank — make a transfer</title><style>${CSS}</style></head><body>
<div class="top"><div class="logo">Sandbox Bank <span>online banking</span></div><div class="tag">SANDBOX</div></div>
<main><h1>Make a transfer</h1><p class="muted">A pretend bank: no real money moves. Paying sends walletgate the collection account's signed credit notice, as a real bank would.</p>
${result}${error}
<form class="panel" method="post" action="bank" data-intent="transfer">
<input type="hidden" name="pay" value="${esc(form.pay)}">
${field('iban', 'To account (IBAN)', form.iban, 'autocomplete="off"')}
${field('reference', 'Reference', form.reference, 'autocomplete="off"')}
<div class="pair"><div>${field('amount', 'Amount', form.amount, 'inputmode="decimal"')}</div><div>${field('currency', 'Currency', form.currency, 'maxlength="3"')}</div></div>
${field('payer', 'Your name', form.payer)}
<div class="actions">
<button class="main" name="how" value="full" data-intent="full">Pay in full</button>
<button name="how" value="short" data-intent="short">Pay short (half)</button>
<button name="how" value="over" data-intent="over">Pay over (+1.00)</button>
<button name="how" value="late" data-intent="late">Pay late (value date in 8 days)</button>
</div></form></main></body></html>`;
}
